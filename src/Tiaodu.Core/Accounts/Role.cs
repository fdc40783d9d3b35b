namespace Tiaodu.Core.Accounts;

/// <summary>
/// The roles of DOMAIN §1. Stored by name: add new ones, never rename. The last three are the separated
/// administrators (三权分立); no account may hold two of them.
/// </summary>
public enum Role
{
    CityLeader,
    DistrictLeader,
    DispatchOffice,
    TaskForce,
    ServiceOfficer,
    Department,
    EnterpriseReporter,
    Supervision,
    SystemAdmin,
    SecurityAdmin,
    AuditAdmin,
}

/// <summary>What an account may do; roles grant permissions, pages and endpoints ask for permissions.</summary>
public enum Permission
{
    /// <summary>Read the ledger, indicators and charts inside the account's jurisdiction.</summary>
    ViewLedger,

    /// <summary>Create, edit, delete and restore projects and their plan lines (every field).</summary>
    EditLedger,

    /// <summary>Report progress on projects in jurisdiction: stage, actual dates, started/resumed dates — no plan figures.</summary>
    ReportProgress,

    /// <summary>Approve, return and correct monthly reports; set the reporting deadline.</summary>
    ReviewReports,

    /// <summary>Regions, reference lists and people.</summary>
    ManageReference,

    /// <summary>Tags on plan lines (春季开复工项目, 百大项目 …).</summary>
    ManageTags,

    /// <summary>Create, edit, disable and unlock accounts and set their jurisdiction — not their roles.</summary>
    ManageAccounts,

    /// <summary>Grant and revoke roles and the personal-data permission.</summary>
    GrantRoles,

    /// <summary>Security settings: password profile, crypto profile, second factor, session limits.</summary>
    ManagePolicy,

    /// <summary>Search, verify and export the audit trail.</summary>
    ReadAudit,

    /// <summary>Answer for the problems assigned to the account's department: reply, report solved, answer 督办单.</summary>
    AnswerProblems,

    /// <summary>Give instructions (批示) on projects and problems in the jurisdiction.</summary>
    GiveInstructions,

    /// <summary>Compose and publish the monthly bulletin (通报) of a region the jurisdiction covers.</summary>
    PublishBulletins,

    /// <summary>Set the year's scoring scheme and publish district assessments (督导考评).</summary>
    AssessDistricts,

    /// <summary>See full phone and ID numbers (each reveal is audited); granted per account, not by role.</summary>
    RevealPersonalData,
}

public static class Roles
{
    /// <summary>The three administrators of 三权分立.</summary>
    public static readonly IReadOnlySet<Role> Administrators = new HashSet<Role> { Role.SystemAdmin, Role.SecurityAdmin, Role.AuditAdmin };

    /// <summary>Roles that see only the projects they are named on or assigned to, whatever their region.</summary>
    public static readonly IReadOnlySet<Role> OwnProjectsOnly = new HashSet<Role> { Role.ServiceOfficer, Role.EnterpriseReporter };

    public static readonly IReadOnlyList<Role> All = Enum.GetValues<Role>();

    private static readonly Dictionary<Role, Permission[]> Grants = new()
    {
        [Role.CityLeader] = [Permission.ViewLedger, Permission.GiveInstructions],
        [Role.DistrictLeader] = [Permission.ViewLedger, Permission.GiveInstructions],
        [Role.DispatchOffice] = [Permission.ViewLedger, Permission.EditLedger, Permission.ReportProgress, Permission.ReviewReports, Permission.ManageTags, Permission.PublishBulletins, Permission.AssessDistricts],
        [Role.TaskForce] = [Permission.ViewLedger, Permission.ReportProgress],
        [Role.ServiceOfficer] = [Permission.ViewLedger, Permission.ReportProgress],
        [Role.Department] = [Permission.ViewLedger, Permission.AnswerProblems],
        [Role.EnterpriseReporter] = [Permission.ViewLedger, Permission.ReportProgress],
        [Role.Supervision] = [Permission.ViewLedger, Permission.AssessDistricts],
        [Role.SystemAdmin] = [Permission.ManageAccounts, Permission.ManageReference, Permission.ManageTags],
        [Role.SecurityAdmin] = [Permission.GrantRoles, Permission.ManagePolicy],
        [Role.AuditAdmin] = [Permission.ReadAudit],
    };

    public static IReadOnlyList<Permission> PermissionsOf(Role role) => Grants[role];

    public static HashSet<Permission> PermissionsOf(IEnumerable<Role> roles) => [.. roles.SelectMany(r => Grants[r])];

    public static string ChineseName(Role role) => role switch
    {
        Role.CityLeader => "市领导",
        Role.DistrictLeader => "区县领导",
        Role.DispatchOffice => "调度中心",
        Role.TaskForce => "专班",
        Role.ServiceOfficer => "服务秘书",
        Role.Department => "责任部门",
        Role.EnterpriseReporter => "企业填报员",
        Role.Supervision => "督查考核办",
        Role.SystemAdmin => "系统管理员",
        Role.SecurityAdmin => "安全管理员",
        Role.AuditAdmin => "审计管理员",
        _ => role.ToString(),
    };

    /// <summary>Why a set of roles cannot be held together, in Chinese; null when it can.</summary>
    public static string? Conflict(IEnumerable<Role> roles)
    {
        var list = roles.Distinct().ToList();
        var admins = list.Where(Administrators.Contains).ToList();
        if (admins.Count > 1)
        {
            return "系统管理员、安全管理员、审计管理员须由不同账号担任（三权分立），不能兼任："
                + string.Join("、", admins.Select(ChineseName));
        }

        if (admins.Count == 1 && list.Count > 1)
        {
            return ChineseName(admins[0]) + "不能同时担任业务角色";
        }

        return null;
    }
}
