using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;

namespace Tiaodu.Web.Accounts;

/// <summary>
/// Checks the main cookie against its server-side session on every request: the session must be open, used
/// within the idle limit (30 min) and younger than the absolute limit (8 h); the account active and its
/// security stamp unchanged (a password, role or status change ends older sessions). The account's
/// permissions and jurisdiction are loaded fresh for the request.
/// </summary>
internal static class SessionValidation
{
    /// <summary>Last-seen times are written at most this often, not on every request.</summary>
    private static readonly TimeSpan Touch = TimeSpan.FromMinutes(1);

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var db = services.GetRequiredService<TiaoduDb>();
        var clock = services.GetRequiredService<TimeProvider>();
        var settings = await services.GetRequiredService<SecurityPolicy>().CurrentAsync(db, http.RequestAborted);
        var principal = context.Principal!;
        var sid = principal.FindFirstValue(SignInService.SessionClaim);
        var id = CurrentUser.IdOf(principal);
        var now = clock.GetUtcNow().UtcDateTime;

        var session = sid is null ? null : await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sid, http.RequestAborted);
        string? end = session is null || session.EndedAt is not null || session.AccountId != id ? "" // already over
            : now - session.LastSeenAt > TimeSpan.FromMinutes(settings.IdleMinutes) ? "idle"
            : now - session.CreatedAt > TimeSpan.FromHours(settings.AbsoluteHours) ? "expired"
            : null;

        Account? account = null;
        if (end is null)
        {
            account = await db.Accounts.AsNoTracking().Include(a => a.Roles).FirstOrDefaultAsync(a => a.Id == id, http.RequestAborted);
            if (account is null || !account.IsActive || account.SecurityStamp != principal.FindFirstValue(SignInService.StampClaim))
            {
                end = "revoked";
            }
        }

        if (end is not null)
        {
            if (end.Length > 0)
            {
                await db.Sessions.Where(s => s.Id == sid && s.EndedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndReason, end), http.RequestAborted);
                var why = end switch { "idle" => $"空闲超过{settings.IdleMinutes}分钟", "expired" => $"登录超过{settings.AbsoluteHours}小时", _ => "账号状态或权限已变更" };
                await db.RecordAuditAsync(AuditAction.Logout, nameof(Account), id?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{principal.Identity?.Name} 会话结束：{why}", AuditResult.Success, principal.Identity?.Name, http.RequestAborted);
            }

            context.RejectPrincipal();
            await http.SignOutAsync(SignInService.Scheme);
            return;
        }

        if (now - session!.LastSeenAt > Touch)
        {
            await db.Sessions.Where(s => s.Id == sid).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), http.RequestAborted);
        }

        http.Items[CurrentUser.AccessKey] = await AccountAccess.LoadAsync(db, account!, http.RequestAborted);
        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var role in account!.RoleSet)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role.ToString()));
        }
    }
}
