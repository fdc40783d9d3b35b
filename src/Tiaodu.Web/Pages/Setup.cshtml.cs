using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages;

/// <summary>
/// First start outside demo mode: creates the three administrators (system, security, audit — 三权分立) in
/// one go. Open only while no account exists, and only with the one-time setup token the server printed to
/// its log at start.
/// </summary>
public sealed class SetupModel(TiaoduDb db, FirstStart firstStart) : PageModel
{
    public sealed class AdminForm
    {
        public string? UserName { get; set; }
        public string? DisplayName { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty]
    public string? Token { get; set; }

    [BindProperty]
    public AdminForm System { get; set; } = new() { UserName = "sysadmin", DisplayName = "系统管理员" };

    [BindProperty]
    public AdminForm Security { get; set; } = new() { UserName = "secadmin", DisplayName = "安全管理员" };

    [BindProperty]
    public AdminForm Audit { get; set; } = new() { UserName = "auditadmin", DisplayName = "审计管理员" };

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await db.Accounts.AnyAsync(ct) ? LocalRedirect("/account/login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await firstStart.CreateAdministratorsAsync(Token,
                [(Role.SystemAdmin, System.UserName, System.DisplayName, System.Password),
                 (Role.SecurityAdmin, Security.UserName, Security.DisplayName, Security.Password),
                 (Role.AuditAdmin, Audit.UserName, Audit.DisplayName, Audit.Password)], ct);
        }
        catch (ValidationFailedException e)
        {
            Errors = e.Errors;
            System.Password = Security.Password = Audit.Password = null;
            return Page();
        }
        catch (ConflictException)
        {
            return LocalRedirect("/account/login");
        }

        TempData["Flash"] = "管理员已创建，请登录并绑定身份验证器";
        return LocalRedirect("/account/login");
    }
}
