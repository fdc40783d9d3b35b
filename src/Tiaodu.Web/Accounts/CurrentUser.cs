using System.Security.Claims;
using Tiaodu.Core.Accounts;

namespace Tiaodu.Web.Accounts;

/// <summary>
/// The signed-in account of this request, as <see cref="SessionValidation"/> loaded it (fresh from the
/// database on every request, so a revoked role stops working at once). Without a request — verbs,
/// seeding — it is the system itself.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public const string AccessKey = "Tiaodu.AccountAccess";

    private AccountAccess? Access =>
        accessor.HttpContext?.Items.TryGetValue(AccessKey, out var value) == true ? value as AccountAccess : null;

    private bool IsSystem => accessor.HttpContext is null;

    public int? AccountId => Access?.Account.Id;

    public string Name => IsSystem ? SystemUser.Instance.Name : Access?.Account.UserName ?? "anonymous";

    public Account? Account => Access?.Account;

    public bool Has(Permission permission) => IsSystem || (Access?.Permissions.Contains(permission) ?? false);

    public Task<AccessScope> ScopeAsync(CancellationToken ct) =>
        Task.FromResult(IsSystem ? AccessScope.Everything : Access?.Scope ?? AccessScope.Nothing);

    public static int? IdOf(ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
