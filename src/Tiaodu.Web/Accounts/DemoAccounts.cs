using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Security;

namespace Tiaodu.Web.Accounts;

/// <summary>
/// One account per role for the demo, with the password and (for the administrators) the authenticator key
/// documented in the README. Only ever created in demo mode, on an installation without accounts.
/// </summary>
public sealed class DemoAccounts(TiaoduDb db, PasswordService passwords, PersonalData personalData, SecurityPolicy policy, TimeProvider clock)
{
    public const string Password = "Tiaodu@2026";

    /// <summary>Base32 TOTP key of the three demo administrators (add it to any authenticator app, or `oathtool --totp -b`).</summary>
    public const string AdminTotpKey = "TIAODUDEMOADMINKEYTOTP2345672345";

    public static readonly IReadOnlyList<(string UserName, string DisplayName, Role Role)> All =
    [
        ("dispatch", "调度中心演示账号", Role.DispatchOffice),
        ("city.leader", "市领导演示账号", Role.CityLeader),
        ("district.leader", "朝阳区领导演示账号", Role.DistrictLeader),
        ("taskforce", "专班演示账号", Role.TaskForce),
        ("officer", "服务秘书演示账号", Role.ServiceOfficer),
        ("department", "责任部门演示账号", Role.Department),
        ("enterprise", "企业填报员演示账号", Role.EnterpriseReporter),
        ("supervision", "督查考核办演示账号", Role.Supervision),
        ("sysadmin", "系统管理员演示账号", Role.SystemAdmin),
        ("secadmin", "安全管理员演示账号", Role.SecurityAdmin),
        ("auditadmin", "审计管理员演示账号", Role.AuditAdmin),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Accounts.AnyAsync(ct))
        {
            return;
        }

        var region = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Key, r => r.Id, ct);
        int? Region(string key) => region.TryGetValue(key, out var id) ? id : null;
        var changchun = Region("220100");
        var chaoyang = Region("220104");

        // The people and sector with the most projects, so each demo view has something to show.
        var leader = await db.Projects.Where(p => p.LeaderId != null && p.RegionId == chaoyang).GroupBy(p => p.LeaderId)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefaultAsync(ct);
        var officer = await db.Projects.Where(p => p.ServiceOfficerId != null && p.RegionId == chaoyang).GroupBy(p => p.ServiceOfficerId)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefaultAsync(ct);
        var sector = await db.Projects.Where(p => p.SectorId != null).GroupBy(p => p.SectorId)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefaultAsync(ct);
        // The enterprise reporter's projects are on this year's ledger with this month still to report.
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var enterpriseProjects = await db.Projects.Where(p => p.RegionId == chaoyang && !p.IsDeleted
                && db.ProjectYears.Any(y => y.ProjectId == p.Id && y.Year == today.Year)
                && !db.MonthlyReports.Any(r => r.ProjectId == p.Id && r.Year == today.Year && r.Month == today.Month))
            .OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync(ct);

        var profile = (await policy.CurrentAsync(db, ct)).CryptoProfile;
        var now = clock.GetUtcNow().UtcDateTime;
        var number = 0;
        foreach (var (userName, displayName, role) in All)
        {
            var account = new Account(userName, displayName, now);
            var (regionId, sectorId, personId) = role switch
            {
                Role.DispatchOffice or Role.Supervision => (Region("220000"), null, null),
                Role.CityLeader => (changchun, null, leader),
                Role.DistrictLeader => (chaoyang, null, null),
                Role.TaskForce => (changchun, sector, null),
                Role.Department => (changchun, (int?)null, (int?)null),
                Role.ServiceOfficer => (null, null, officer),
                _ => ((int?)null, (int?)null, (int?)null),
            };
            account.SetProfile(displayName, "演示单位", regionId, sectorId, personId);
            number++;
            account.SetPersonalData(personalData.Protect($"1380431{number:0000}", profile), null);
            await passwords.SetAsync(account, Password, temporary: false, ct);
            account.SetRoles([role], canReveal: role is Role.DispatchOffice or Role.SystemAdmin);
            if (role == Role.EnterpriseReporter)
            {
                account.SetProjects(enterpriseProjects);
            }

            if (role == Role.Department)
            {
                // The power company's desk: the demo problems about electricity are led by it.
                account.SetDepartment(await db.Lookups.Where(l => l.Kind == Core.Reference.LookupKind.Department && l.Code == "GDGS").Select(l => (int?)l.Id).FirstOrDefaultAsync(ct));
            }

            if (Roles.Administrators.Contains(role))
            {
                account.AuthenticatorKey = personalData.Protect(AdminTotpKey, profile);
                account.TwoFactorEnabled = true;
            }

            db.Accounts.Add(account);
        }

        await db.SaveChangesAsync(ct);
    }
}
