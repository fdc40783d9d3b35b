using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Accounts;

/// <summary>
/// Shows a full phone or ID number to a user holding the personal-data permission. Every reveal, and every
/// refused attempt, is written to the audit trail.
/// </summary>
public sealed class RevealPersonalData(TiaoduDb db, ICurrentUser user, PersonalData personalData)
{
    public async Task<string?> ProjectPhoneAsync(int projectId, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || !user.Has(Permission.ViewLedger) || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        await CheckAsync(nameof(Project), projectId, ct);
        await db.RecordAuditAsync(AuditAction.Reveal, nameof(Project), projectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"查看项目「{project.Name}」联系电话完整号码", AuditResult.Success, ct);
        return personalData.Reveal(project.ContactPhone);
    }

    public async Task<string?> AccountFieldAsync(int accountId, string field, CancellationToken ct)
    {
        if (!user.Has(Permission.ManageAccounts))
        {
            throw new ForbiddenException("您的角色不能查看账号信息");
        }

        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw new NotFoundException("账号不存在");
        var (stored, label) = field switch
        {
            "phone" => (account.Phone, "手机号码"),
            "idNumber" => (account.IdNumber, "身份证号"),
            _ => throw ValidationFailedException.For("field", "只能查看手机号码或身份证号"),
        };
        await CheckAsync(nameof(Account), accountId, ct);
        await db.RecordAuditAsync(AuditAction.Reveal, nameof(Account), accountId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"查看账号「{account.UserName}」{label}完整号码", AuditResult.Success, ct);
        return personalData.Reveal(stored);
    }

    private async Task CheckAsync(string type, int id, CancellationToken ct)
    {
        if (!user.Has(Permission.RevealPersonalData))
        {
            await db.RecordAuditAsync(AuditAction.Reveal, type, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "查看完整个人信息被拒绝：无此权限", AuditResult.Failure, ct);
            throw new ForbiddenException("您没有查看完整个人信息的权限");
        }
    }
}
