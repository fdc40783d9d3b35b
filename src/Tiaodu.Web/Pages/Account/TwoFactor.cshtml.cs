using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Account;

/// <summary>The second sign-in step: a code from the authenticator app, or a recovery code.</summary>
public sealed class TwoFactorModel(SignInService signIn, SecurityPolicy policy, TiaoduDb db) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await signIn.PendingAsync(ct) is { Stage: SignInStage.TwoFactor } ? Page() : LocalRedirect("/account/login");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await signIn.PendingAsync(ct) is not { Stage: SignInStage.TwoFactor } pending)
        {
            return LocalRedirect("/account/login");
        }

        if (!await signIn.SecondFactorAsync(pending.Account, Code, ct))
        {
            Failed = true;
            Code = null;
            return Page();
        }

        var stage = await signIn.NextAsync(pending.Account, await policy.CurrentAsync(db, ct), secondFactorDone: true, ct);
        return SignInFlow.Next(stage, ReturnUrl, LocalRedirect);
    }
}
