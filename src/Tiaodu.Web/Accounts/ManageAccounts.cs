using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Security;

namespace Tiaodu.Web.Accounts;

/// <summary>What the system administrator fills in for an account (never its roles).</summary>
public sealed record AccountInput
{
    public string? UserName { get; init; }
    public string? DisplayName { get; init; }
    public string? Organization { get; init; }
    public string? Phone { get; init; }
    public string? IdNumber { get; init; }
    public int? RegionId { get; init; }
    public int? SectorId { get; init; }
    public int? PersonId { get; init; }
    public int? DepartmentId { get; init; }
    public IReadOnlyList<int> ProjectIds { get; init; } = [];
    public int? Version { get; init; }
}

public sealed record AccountListItem(int Id, string UserName, string DisplayName, string? Organization, string? Region,
    IReadOnlyList<Role> Roles, bool IsActive, bool LockedOut, bool TwoFactor, DateTime? LastSignInAt, int Version);

/// <summary>
/// Accounts under 三权分立: the system administrator creates and edits accounts and their jurisdiction; the
/// security administrator grants roles and the personal-data permission; nobody changes their own roles or
/// status. Taking over an account needs both its password and its second factor, so the two are always reset
/// by different administrators: a business account's password by the system administrator and its second
/// factor by the security administrator, an administrator's the other way round. Disabling or unlocking an
/// administrator is the security administrator's. An account never turns from administrator to business
/// role or back.
/// </summary>
public sealed class ManageAccounts(TiaoduDb db, ICurrentUser user, PasswordService passwords, PersonalData personalData, SecurityPolicy policy, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<PageOf<AccountListItem>> ListAsync(string? q, Role? role, bool? active, int page, CancellationToken ct)
    {
        Require(Permission.ManageAccounts, Permission.GrantRoles);
        var query = db.Accounts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var t = q.Trim();
            var upper = t.ToUpperInvariant();
            query = query.Where(a => a.NormalizedUserName.Contains(upper) || a.DisplayName.Contains(t) || (a.Organization != null && a.Organization.Contains(t)));
        }

        if (role is { } r)
        {
            query = query.Where(a => a.Roles.Any(x => x.Role == r));
        }

        if (active is { } act)
        {
            query = query.Where(a => a.IsActive == act);
        }

        const int size = 20;
        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + size - 1) / size));
        var rows = await query.OrderBy(a => a.UserName).Skip((page - 1) * size).Take(size).Include(a => a.Roles).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var now = Now;
        return new PageOf<AccountListItem>([.. rows.Select(a => new AccountListItem(a.Id, a.UserName, a.DisplayName, a.Organization,
            a.RegionId is { } rid ? names.Region(rid) : null, [.. a.RoleSet.Order()], a.IsActive, a.LockoutEnd > now, a.TwoFactorEnabled, a.LastSignInAt, a.Version))],
            total, page, size);
    }

    public async Task<Account> GetAsync(int id, CancellationToken ct)
    {
        Require(Permission.ManageAccounts, Permission.GrantRoles);
        return await db.Accounts.AsNoTracking().Include(a => a.Roles).Include(a => a.Projects).FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("账号不存在");
    }

    public string MaskedPhone(Account a) => a.Phone is null ? "" : personalData.MaskedPhone(a.Phone);

    public string MaskedIdNumber(Account a) => a.IdNumber is null ? "" : personalData.MaskedIdNumber(a.IdNumber);

    /// <summary>Creates an account with a temporary password it must change at first sign-in; roles come from the security administrator.</summary>
    public async Task<Account> CreateAsync(AccountInput input, string? temporaryPassword, CancellationToken ct)
    {
        Require(Permission.ManageAccounts);
        var errors = new ValidationErrors();
        var name = input.UserName?.Trim() ?? "";
        if (name.Length is < 3 or > Account.UserNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            errors.Add(nameof(input.UserName), "用户名应为3至50位字母、数字或 . _ -");
        }
        else if (await db.Accounts.AnyAsync(a => a.NormalizedUserName == Account.Normalize(name), ct))
        {
            errors.Add(nameof(input.UserName), "用户名已被使用");
        }

        await ValidateAsync(input, errors, null, ct);
        errors.ThrowIfAny();
        var account = new Account(name, input.DisplayName!, Now);
        await ApplyAsync(account, input, ct);
        await passwords.SetAsync(account, temporaryPassword, temporary: true, ct);
        db.Accounts.Add(account);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return account;
    }

    public async Task<Account> UpdateAsync(int id, AccountInput input, CancellationToken ct)
    {
        Require(Permission.ManageAccounts);
        var account = await LoadAsync(id, input.Version, ct);
        var errors = new ValidationErrors();
        await ValidateAsync(input, errors, account, ct);
        errors.ThrowIfAny();
        await ApplyAsync(account, input, ct);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return account;
    }

    public async Task SetActiveAsync(int id, bool active, int version, CancellationToken ct)
    {
        var account = await LoadAsync(id, null, ct);
        RequireOver(account, business: Permission.ManageAccounts, administrator: Permission.GrantRoles);
        ConcurrencyGuard.Expect(db, account, account.Version, version);
        if (account.Id == user.AccountId && !active)
        {
            throw new ConflictException("不能停用自己的账号");
        }

        account.SetActive(active);
        if (!active)
        {
            // A disabled account's calendar link ends for good: enabling it again does not bring the link back.
            account.CalendarTokenHash = null;
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    public async Task UnlockAsync(int id, CancellationToken ct)
    {
        var account = await LoadAsync(id, null, ct);
        RequireOver(account, business: Permission.ManageAccounts, administrator: Permission.GrantRoles);
        account.LockoutEnd = null;
        account.AccessFailedCount = 0;
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    /// <summary>Issues a temporary password (must be changed at next sign-in), ends the account's sessions and its calendar link.</summary>
    public async Task ResetPasswordAsync(int id, string? temporaryPassword, CancellationToken ct)
    {
        var account = await LoadAsync(id, null, ct);
        RequireOver(account, business: Permission.ManageAccounts, administrator: Permission.GrantRoles);
        await passwords.SetAsync(account, temporaryPassword, temporary: true, ct);
        account.LockoutEnd = null;
        account.CalendarTokenHash = null;
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    /// <summary>Clears a lost authenticator: the account enrols a new one at next sign-in (required for administrators); its calendar link ends.</summary>
    public async Task ResetTwoFactorAsync(int id, CancellationToken ct)
    {
        var account = await LoadAsync(id, null, ct);
        RequireOver(account, business: Permission.GrantRoles, administrator: Permission.ManageAccounts);
        account.TwoFactorEnabled = false;
        account.AuthenticatorKey = null;
        account.RecoveryCodes = null;
        account.LastTotpStep = null;
        account.CalendarTokenHash = null;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    /// <summary>The security administrator's grant: roles and the personal-data permission (三权分立 enforced).</summary>
    public async Task SetRolesAsync(int id, IReadOnlyCollection<Role> roles, bool canReveal, int version, CancellationToken ct)
    {
        Require(Permission.GrantRoles);
        if (id == user.AccountId)
        {
            throw new ForbiddenException("不能修改自己的角色");
        }

        var account = await LoadAsync(id, version, ct);
        if (Roles.Conflict(roles) is { } conflict)
        {
            throw ValidationFailedException.For("Roles", conflict);
        }

        // The system administrator manages accounts and may need their contacts; the security and audit
        // administrators have no use for personal data.
        if (account.Roles.Count > 0 && account.IsAdministrator != roles.Any(Roles.Administrators.Contains))
        {
            throw ValidationFailedException.For("Roles", "管理员账号与业务账号不能相互转换，请另建账号");
        }

        if (canReveal && roles.Any(r => r is Role.SecurityAdmin or Role.AuditAdmin))
        {
            throw ValidationFailedException.For("CanReveal", "安全管理员和审计管理员不能被授予查看完整个人信息的权限");
        }

        account.SetRoles(roles, canReveal);
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    /// <summary>The permission an action on this account needs, depending on whether it is an administrator; never on oneself.</summary>
    private void RequireOver(Account account, Permission business, Permission administrator)
    {
        Require(account.IsAdministrator ? administrator : business);
        if (account.Id == user.AccountId)
        {
            throw new ForbiddenException("不能对自己的账号执行此操作，请由另一位管理员操作");
        }
    }

    private async Task<Account> LoadAsync(int id, int? version, CancellationToken ct)
    {
        var account = await db.Accounts.Include(a => a.Roles).Include(a => a.Projects).FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("账号不存在");
        if (version is { } v)
        {
            ConcurrencyGuard.Expect(db, account, account.Version, v);
        }

        return account;
    }

    private async Task ValidateAsync(AccountInput input, ValidationErrors errors, Account? existing, CancellationToken ct)
    {
        var display = input.DisplayName?.Trim() ?? "";
        if (display.Length == 0)
        {
            errors.Add(nameof(input.DisplayName), "请填写姓名");
        }
        else if (display.Length > Account.DisplayNameLength)
        {
            errors.Add(nameof(input.DisplayName), "姓名不能超过50个字");
        }

        if (input.Organization?.Trim().Length > 100)
        {
            errors.Add(nameof(input.Organization), "单位不能超过100个字");
        }

        SaveProject.CheckPhone(errors, nameof(input.Phone), "手机号码", input.Phone, existing is null ? null : MaskedPhone(existing));
        var id = input.IdNumber?.Trim();
        if (!string.IsNullOrEmpty(id) && (existing is null || id != MaskedIdNumber(existing)) && !IsIdNumber(id))
        {
            errors.Add(nameof(input.IdNumber), "身份证号应为18位，最后一位可以是X");
        }

        if (input.RegionId is { } region && !await db.Regions.AnyAsync(r => r.Id == region, ct))
        {
            errors.Add(nameof(input.RegionId), "区域不存在");
        }

        if (input.SectorId is { } sector && !await db.Lookups.AnyAsync(l => l.Id == sector && l.Kind == LookupKind.Sector, ct))
        {
            errors.Add(nameof(input.SectorId), "专班不存在");
        }

        if (input.DepartmentId is { } department && !await db.Lookups.AnyAsync(l => l.Id == department && l.Kind == LookupKind.Department, ct))
        {
            errors.Add(nameof(input.DepartmentId), "责任部门不存在");
        }

        if (input.PersonId is { } person && !await db.People.AnyAsync(p => p.Id == person, ct))
        {
            errors.Add(nameof(input.PersonId), "人员不存在");
        }

        var projects = input.ProjectIds.Distinct().ToList();
        if (projects.Count > 0 && await db.Projects.CountAsync(p => projects.Contains(p.Id), ct) != projects.Count)
        {
            errors.Add(nameof(input.ProjectIds), "负责项目不存在");
        }
    }

    private async Task ApplyAsync(Account account, AccountInput input, CancellationToken ct)
    {
        var profile = (await policy.CurrentAsync(db, ct)).CryptoProfile;
        string? Keep(string? typed, string? stored, string masked) =>
            string.IsNullOrWhiteSpace(typed) ? null : stored is not null && typed.Trim() == masked ? stored : personalData.Protect(typed, profile);
        account.SetProfile(input.DisplayName!, input.Organization, input.RegionId, input.SectorId, input.PersonId);
        account.SetDepartment(input.DepartmentId);
        account.SetPersonalData(Keep(input.Phone, account.Phone, MaskedPhone(account)), Keep(input.IdNumber?.ToUpperInvariant(), account.IdNumber, MaskedIdNumber(account)));
        account.SetProjects(input.ProjectIds);
    }

    /// <summary>18 characters, 17 digits and a digit or X, with the GB 11643 check digit.</summary>
    public static bool IsIdNumber(string id)
    {
        if (id.Length != 18 || !id[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(id[17]) || id[17] is 'X' or 'x'))
        {
            return false;
        }

        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (id[i] - '0') * weights[i];
        }

        return "10X98765432"[sum % 11] == char.ToUpperInvariant(id[17]);
    }

    private void Require(params Permission[] anyOf)
    {
        if (!anyOf.Any(user.Has))
        {
            throw new ForbiddenException("您的角色不能管理账号");
        }
    }
}
