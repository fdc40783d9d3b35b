using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Accounts;

/// <summary>An account's permissions and jurisdiction, as loaded for one request.</summary>
public sealed record AccountAccess(Account Account, IReadOnlySet<Permission> Permissions, AccessScope Scope)
{
    /// <summary>
    /// Region roles see their region's subtree (narrowed to the account's sector when it has one); service
    /// officers and enterprise reporters see only their own projects; everyone sees the projects they are
    /// named on (as the linked 包保领导 or 服务秘书) or assigned to. Administrators see no project.
    /// </summary>
    public static async Task<AccountAccess> LoadAsync(TiaoduDb db, Account account, CancellationToken ct)
    {
        var roles = account.RoleSet.ToHashSet();
        var permissions = Roles.PermissionsOf(roles);
        if (account.CanRevealPersonalData)
        {
            permissions.Add(Permission.RevealPersonalData);
        }

        if (!permissions.Contains(Permission.ViewLedger))
        {
            return new AccountAccess(account, permissions, AccessScope.Nothing);
        }

        HashSet<int>? regionIds = null;
        var regionRole = roles.Any(r => !Roles.OwnProjectsOnly.Contains(r) && !Roles.Administrators.Contains(r));
        if (regionRole && account.RegionId is { } regionId)
        {
            var path = await db.Regions.AsNoTracking().Where(r => r.Id == regionId).Select(r => r.Path).FirstOrDefaultAsync(ct);
            regionIds = path is null ? [] : [.. await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(path)).Select(r => r.Id).ToListAsync(ct)];
        }

        var projects = await db.AccountProjects.AsNoTracking().Where(p => p.AccountId == account.Id).Select(p => p.ProjectId).ToListAsync(ct);
        var scope = new AccessScope
        {
            RegionIds = regionIds,
            SectorId = regionIds is null ? null : account.SectorId,
            PersonId = account.PersonId,
            ProjectIds = projects.ToHashSet(),
        };
        return new AccountAccess(account, permissions, scope);
    }
}

/// <summary>An account acting outside a request (a background import it started): its own permissions and jurisdiction.</summary>
public sealed class AccountUser(AccountAccess access) : ICurrentUser
{
    public int? AccountId => access.Account.Id;

    public string Name => access.Account.UserName;

    public bool Has(Permission permission) => access.Permissions.Contains(permission);

    public Task<AccessScope> ScopeAsync(CancellationToken ct) => Task.FromResult(access.Scope);
}
