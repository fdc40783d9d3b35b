using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Files;

namespace Tiaodu.Core.Attraction;

/// <summary>
/// The documents kept with a lead — letters of intent, framework agreements, contracts, company profiles — in the
/// file store: added and removed by whoever may edit the lead, read by whoever sees it, every download audited.
/// Outside the jurisdiction a document does not exist.
/// </summary>
public sealed class LeadDocuments(TiaoduDb db, FileStore files, ICurrentUser user)
{
    public const int MaxDocuments = 30;

    public async Task<IReadOnlyList<StoredFile>> ListAsync(int leadId, CancellationToken ct)
    {
        await LeadAsync(leadId, edit: false, ct);
        return await db.StoredFiles.AsNoTracking().Where(f => f.OwnerType == StoredFile.LeadDocumentOwner && f.OwnerId == leadId).OrderBy(f => f.Id).ToListAsync(ct);
    }

    public async Task<StoredFile> AddAsync(int leadId, string fileName, byte[] content, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        // The lead is held until its document is saved, so rolling back the import that created it cannot delete it
        // in between (SQLite: the write transaction does the same).
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Leads\" WHERE \"Id\" = {leadId} FOR SHARE", ct);
        }

        await LeadAsync(leadId, edit: true, ct);
        if (await db.StoredFiles.CountAsync(f => f.OwnerType == StoredFile.LeadDocumentOwner && f.OwnerId == leadId, ct) >= MaxDocuments)
        {
            throw ValidationFailedException.For("file", $"每个招商项目最多保存{MaxDocuments}份材料，请先删除不再需要的");
        }

        var saved = await files.SaveAsync(StoredFile.LeadDocumentOwner, leadId, fileName, content, ct);
        await tx.CommitAsync(ct);
        return saved;
    }

    /// <summary>A document to download; the download is audited.</summary>
    public async Task<StoredFile> FindAsync(int fileId, CancellationToken ct)
    {
        var file = await db.StoredFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.OwnerType == StoredFile.LeadDocumentOwner, ct)
            ?? throw new NotFoundException("材料不存在");
        try
        {
            await LeadAsync(file.OwnerId, edit: false, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException("材料不存在");
        }

        await db.RecordAuditAsync(AuditAction.Export, nameof(StoredFile), file.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"下载招商项目材料「{file.FileName}」", AuditResult.Success, ct);
        return file;
    }

    /// <summary>Removes a document from the lead (the record goes, the bytes stay in the store for the audit trail).</summary>
    public async Task<int> DeleteAsync(int fileId, CancellationToken ct)
    {
        var file = await db.StoredFiles.FirstOrDefaultAsync(f => f.Id == fileId && f.OwnerType == StoredFile.LeadDocumentOwner, ct)
            ?? throw new NotFoundException("材料不存在");
        await LeadAsync(file.OwnerId, edit: true, ct);
        db.StoredFiles.Remove(file);
        await db.SaveChangesAsync(ct);
        return file.OwnerId;
    }

    private async Task LeadAsync(int leadId, bool edit, CancellationToken ct)
    {
        var scope = await LeadAccess.ScopeAsync(user, ct);
        var region = await db.Leads.AsNoTracking().Where(l => l.Id == leadId).Select(l => (int?)l.RegionId).FirstOrDefaultAsync(ct);
        if (region is not { } r || !LeadAccess.Sees(scope, r))
        {
            throw new NotFoundException("招商项目不存在");
        }

        if (edit && (!user.Has(Permission.EditLedger) || !scope.AllowsPlace(r, null)))
        {
            throw new ForbiddenException("您不能修改该招商项目的材料");
        }
    }
}
