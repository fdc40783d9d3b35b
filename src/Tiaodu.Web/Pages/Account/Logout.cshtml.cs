using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Account;

/// <summary>Signing out ends the session on the server; only a POST (with its anti-forgery token) does it.</summary>
public sealed class LogoutModel(SignInService signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect(User.Identity?.IsAuthenticated == true ? "/account" : "/account/login");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await signIn.SignOutAsync(ct);
        return LocalRedirect("/account/login");
    }
}
