using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Security;

namespace Tiaodu.Core.Accounts;

/// <summary>
/// Encrypts phone and ID numbers still stored in plain text — rows written before encryption existed, or
/// bulk-loaded data — in one transaction, with one audit record saying how many. Runs at every start and
/// after migrations; does nothing when everything is encrypted already.
/// </summary>
public sealed class ProtectStoredPersonalData(TiaoduDb db, PersonalData personalData, SecurityPolicy policy)
{
    public async Task<int> HandleAsync(CancellationToken ct)
    {
        const string sm4 = PersonalDataCipher.Sm4Prefix, aes = PersonalDataCipher.AesPrefix;
        var projects = await db.Projects.AsNoTracking()
            .Where(p => p.ContactPhone != null && !p.ContactPhone.StartsWith(sm4) && !p.ContactPhone.StartsWith(aes))
            .Select(p => new { p.Id, Value = p.ContactPhone! }).ToListAsync(ct);
        var phones = await db.Accounts.AsNoTracking()
            .Where(a => a.Phone != null && !a.Phone.StartsWith(sm4) && !a.Phone.StartsWith(aes))
            .Select(a => new { a.Id, Value = a.Phone! }).ToListAsync(ct);
        var ids = await db.Accounts.AsNoTracking()
            .Where(a => a.IdNumber != null && !a.IdNumber.StartsWith(sm4) && !a.IdNumber.StartsWith(aes))
            .Select(a => new { a.Id, Value = a.IdNumber! }).ToListAsync(ct);
        var count = projects.Count + phones.Count + ids.Count;
        if (count == 0)
        {
            return 0;
        }

        var profile = (await policy.CurrentAsync(db, ct)).CryptoProfile;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var p in projects)
        {
            var cipher = personalData.Protect(p.Value, profile);
            await db.Projects.Where(x => x.Id == p.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ContactPhone, cipher), ct);
        }

        foreach (var a in phones)
        {
            var cipher = personalData.Protect(a.Value, profile);
            await db.Accounts.Where(x => x.Id == a.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Phone, cipher), ct);
        }

        foreach (var a in ids)
        {
            var cipher = personalData.Protect(a.Value, profile);
            await db.Accounts.Where(x => x.Id == a.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IdNumber, cipher), ct);
        }

        await db.RecordAuditAsync(AuditAction.Update, "PersonalData", null,
            $"加密存量个人信息{count}项（项目联系电话{projects.Count}、账号手机{phones.Count}、身份证号{ids.Count}）", AuditResult.Success, ct);
        await tx.CommitAsync(ct);
        return count;
    }
}
