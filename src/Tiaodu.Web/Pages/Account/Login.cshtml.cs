using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Account;

/// <summary>Sign-in with user name and password; the same message whatever went wrong.</summary>
public sealed class LoginModel(SignInService signIn, TiaoduDb db) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await db.Accounts.AnyAsync(ct))
        {
            return LocalRedirect("/setup");
        }

        return User.Identity?.IsAuthenticated == true ? LocalRedirect(SignInFlow.SafeReturn(ReturnUrl)) : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var stage = await signIn.PasswordAsync(UserName, Password, ct);
        if (stage == SignInStage.Failed)
        {
            Failed = true;
            Password = null;
            return Page();
        }

        return SignInFlow.Next(stage, ReturnUrl, LocalRedirect);
    }
}
