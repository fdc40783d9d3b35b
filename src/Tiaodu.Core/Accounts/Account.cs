using System.Text.Json.Serialization;

namespace Tiaodu.Core.Accounts;

/// <summary>
/// A person who signs in. Secrets (password hash, authenticator key, recovery-code hashes) never leave this
/// class through the audit trail; phone and ID numbers are stored encrypted (see PersonalData).
/// </summary>
public sealed class Account
{
    public const int UserNameLength = 50;
    public const int DisplayNameLength = 50;

    public int Id { get; private set; }

    /// <summary>Sign-in name: letters, digits, '.', '_' and '-'.</summary>
    public string UserName { get; private set; } = "";

    /// <summary>Upper-cased <see cref="UserName"/>, unique.</summary>
    public string NormalizedUserName { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    /// <summary>Unit or post, e.g. 朝阳区发改局.</summary>
    public string? Organization { get; private set; }

    /// <summary>Encrypted phone number (sm4gcm:/aesgcm:); shown masked.</summary>
    [JsonIgnore]
    public string? Phone { get; private set; }

    /// <summary>Encrypted e-mail address for notices the account chose to receive by e-mail; shown masked.</summary>
    [JsonIgnore]
    public string? Email { get; private set; }

    /// <summary>Encrypted 身份证号; shown masked.</summary>
    [JsonIgnore]
    public string? IdNumber { get; private set; }

    /// <summary>Jurisdiction: the region whose subtree the account sees (for region roles).</summary>
    public int? RegionId { get; private set; }

    /// <summary>A task force's sector: narrows the region to projects of this 专班 sector.</summary>
    public int? SectorId { get; private set; }

    /// <summary>The 包保领导 or 服务秘书 this account is: their projects are the account's own.</summary>
    public int? PersonId { get; private set; }

    /// <summary>The department the account works for (责任部门, a <c>Department</c> reference entry): its problem inbox.</summary>
    public int? DepartmentId { get; private set; }

    public bool IsActive { get; private set; } = true;

    /// <summary>May see full phone and ID numbers; granted by the security administrator.</summary>
    public bool CanRevealPersonalData { get; private set; }

    [JsonIgnore]
    public string? PasswordHash { get; set; }

    public DateTime? PasswordChangedAt { get; set; }

    /// <summary>Set when an administrator issues a temporary password: the next sign-in must change it.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Changes whenever credentials or roles change: ends every session signed in before.</summary>
    [JsonIgnore]
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public int AccessFailedCount { get; set; }

    public DateTime? LockoutEnd { get; set; }

    public bool TwoFactorEnabled { get; set; }

    /// <summary>The TOTP key, encrypted like personal data.</summary>
    [JsonIgnore]
    public string? AuthenticatorKey { get; set; }

    /// <summary>The last TOTP time step accepted: a code is good once (no replay).</summary>
    public long? LastTotpStep { get; set; }

    /// <summary>SHA-256 hashes of the unused recovery codes, separated by ';'.</summary>
    [JsonIgnore]
    public string? RecoveryCodes { get; set; }

    /// <summary>SHA-256 of the secret in the account's calendar subscription link; null when it has none (<see cref="Accountability.CalendarSubscription"/>).</summary>
    [JsonIgnore]
    public string? CalendarTokenHash { get; set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? LastSignInAt { get; set; }

    public int Version { get; private set; }

    public List<AccountRole> Roles { get; private set; } = [];

    public List<AccountProject> Projects { get; private set; } = [];

    private Account()
    {
    }

    public Account(string userName, string displayName, DateTime now)
    {
        UserName = userName.Trim();
        NormalizedUserName = Normalize(UserName);
        DisplayName = displayName.Trim();
        CreatedAt = now;
    }

    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    public IEnumerable<Role> RoleSet => Roles.Select(r => r.Role);

    public void SetProfile(string displayName, string? organization, int? regionId, int? sectorId, int? personId)
    {
        DisplayName = displayName.Trim();
        Organization = string.IsNullOrWhiteSpace(organization) ? null : organization.Trim();
        RegionId = regionId;
        SectorId = sectorId;
        PersonId = personId;
        Version++;
    }

    public void SetDepartment(int? departmentId)
    {
        if (DepartmentId != departmentId)
        {
            DepartmentId = departmentId;
            Version++;
        }
    }

    public void SetPersonalData(string? phoneCipher, string? idNumberCipher)
    {
        Phone = phoneCipher;
        IdNumber = idNumberCipher;
    }

    public void SetEmail(string? emailCipher)
    {
        Email = emailCipher;
        Version++;
    }

    public void SetActive(bool active)
    {
        IsActive = active;
        SecurityStamp = Guid.NewGuid().ToString("N");
        Version++;
    }

    public void SetRoles(IEnumerable<Role> roles, bool canReveal)
    {
        var wanted = roles.Distinct().ToHashSet();
        Roles.RemoveAll(r => !wanted.Contains(r.Role));
        foreach (var role in wanted.Where(w => Roles.All(r => r.Role != w)))
        {
            Roles.Add(new AccountRole(Id, role));
        }

        CanRevealPersonalData = canReveal;
        SecurityStamp = Guid.NewGuid().ToString("N");
        Version++;
    }

    public void SetProjects(IEnumerable<int> projectIds)
    {
        var wanted = projectIds.Distinct().ToHashSet();
        Projects.RemoveAll(p => !wanted.Contains(p.ProjectId));
        foreach (var id in wanted.Where(w => Projects.All(p => p.ProjectId != w)))
        {
            Projects.Add(new AccountProject(Id, id));
        }

        Version++;
    }

    public bool IsAdministrator => Roles.Any(r => Accounts.Roles.Administrators.Contains(r.Role));
}

/// <summary>A role held by an account.</summary>
public sealed class AccountRole
{
    public int AccountId { get; private set; }

    public Role Role { get; private set; }

    private AccountRole()
    {
    }

    public AccountRole(int accountId, Role role)
    {
        AccountId = accountId;
        Role = role;
    }
}

/// <summary>A project an enterprise reporter (or anyone) is assigned to: part of the account's own projects.</summary>
public sealed class AccountProject
{
    public int AccountId { get; private set; }

    public int ProjectId { get; private set; }

    private AccountProject()
    {
    }

    public AccountProject(int accountId, int projectId)
    {
        AccountId = accountId;
        ProjectId = projectId;
    }
}

/// <summary>A password an account used before (its hash): 等保 forbids reusing the last five.</summary>
public sealed class PasswordHistoryEntry
{
    public long Id { get; private set; }

    public int AccountId { get; private set; }

    public string Hash { get; private set; } = "";

    public DateTime ChangedAt { get; private set; }

    private PasswordHistoryEntry()
    {
    }

    public PasswordHistoryEntry(int accountId, string hash, DateTime changedAt)
    {
        AccountId = accountId;
        Hash = hash;
        ChangedAt = changedAt;
    }
}

/// <summary>
/// A signed-in session, kept on the server so every instance enforces the idle and absolute limits and
/// signing out ends it everywhere; the cookie only carries its id.
/// </summary>
public sealed class UserSession
{
    public string Id { get; private set; } = "";

    public int AccountId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime LastSeenAt { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>signout, idle, expired, revoked.</summary>
    public string? EndReason { get; set; }

    public string? RemoteAddress { get; private set; }

    private UserSession()
    {
    }

    public UserSession(string id, int accountId, DateTime now, string? remoteAddress)
    {
        Id = id;
        AccountId = accountId;
        CreatedAt = now;
        LastSeenAt = now;
        RemoteAddress = remoteAddress;
    }
}
