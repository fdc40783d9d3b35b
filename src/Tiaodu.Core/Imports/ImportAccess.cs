using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Tiaodu.Core.Imports;

/// <summary>
/// Who may see and act on an import: anyone who may edit the ledger, for the batches they uploaded or
/// that colleagues of their region (or a region under it) uploaded. The rows themselves are checked
/// against the jurisdiction again when previewed, applied and rolled back.
/// </summary>
internal static class ImportAccess
{
    public static async Task<ImportBatch> LoadAsync(TiaoduDb db, int id, ICurrentUser user, bool track, CancellationToken ct)
    {
        Require(user);
        var q = track ? db.ImportBatches : db.ImportBatches.AsNoTracking();
        var batch = await q.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null || !Sees(batch, user, await user.ScopeAsync(ct)))
        {
            throw new NotFoundException("导入记录不存在");
        }

        return batch;
    }

    public static void Require(ICurrentUser user)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您的角色不能导入项目台账");
        }
    }

    public static bool Sees(ImportBatch batch, ICurrentUser user, AccessScope scope) =>
        scope.All
        || (batch.AccountId is not null && batch.AccountId == user.AccountId)
        || (batch.RegionId is { } region && scope.RegionIds?.Contains(region) == true);

    public static IQueryable<ImportBatch> Visible(IQueryable<ImportBatch> batches, ICurrentUser user, AccessScope scope)
    {
        if (scope.All)
        {
            return batches;
        }

        var me = user.AccountId ?? -1;
        var regions = scope.RegionIds?.ToList() ?? [];
        return batches.Where(b => b.AccountId == me || (b.RegionId != null && regions.Contains(b.RegionId.Value)));
    }
}
