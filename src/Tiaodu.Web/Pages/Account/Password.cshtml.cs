using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Account;

/// <summary>
/// Changing one's password: when an administrator issued a temporary one, when the 等保 profile's 90 days
/// are up (both during sign-in), or by choice from "my account". The new password ends every other session.
/// </summary>
public sealed class PasswordModel(SignInService signIn, PasswordService passwords, SecurityPolicy policy, TiaoduDb db, CurrentUser current) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Pending { get; private set; }

    public Dictionary<string, string[]> Errors { get; } = [];

    public Core.Security.PasswordProfile Profile { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Profile = (await policy.CurrentAsync(db, ct)).PasswordProfile;
        return await AccountAsync(ct) is null ? LocalRedirect("/account/login") : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var settings = await policy.CurrentAsync(db, ct);
        Profile = settings.PasswordProfile;
        var account = await AccountAsync(ct);
        if (account is null)
        {
            return LocalRedirect("/account/login");
        }

        if (passwords.Verify(account, account.PasswordHash, CurrentPassword ?? "", settings.CryptoProfile) == PasswordVerificationResult.Failed)
        {
            // A wrong current password counts towards the lockout like a failed sign-in.
            await signIn.CountFailureAsync(account, settings, ct);
            Errors["CurrentPassword"] = ["当前密码不正确"];
        }
        else if (NewPassword != ConfirmPassword)
        {
            Errors["ConfirmPassword"] = ["两次输入的新密码不一致"];
        }
        else
        {
            try
            {
                await passwords.SetAsync(account, NewPassword, temporary: false, ct);
                await db.SaveChangesAsync(ct);
            }
            catch (ValidationFailedException e)
            {
                foreach (var (k, v) in e.Errors)
                {
                    Errors[k] = v;
                }
            }
        }

        if (Errors.Count > 0)
        {
            CurrentPassword = NewPassword = ConfirmPassword = null;
            return Page();
        }

        // The new security stamp ended every session, this one included: start a fresh one.
        if (!Pending)
        {
            await signIn.SignOutAsync(ct);
        }

        await signIn.CompleteAsync(account, ct);
        TempData["Flash"] = "密码已修改";
        return LocalRedirect(Pending ? SignInFlow.SafeReturn(ReturnUrl) : "/account");
    }

    private async Task<Core.Accounts.Account?> AccountAsync(CancellationToken ct)
    {
        if (current.AccountId is { } id)
        {
            return await db.Accounts.Include(a => a.Roles).FirstOrDefaultAsync(a => a.Id == id, ct);
        }

        if (await signIn.PendingAsync(ct) is { Stage: SignInStage.ChangePassword } pending)
        {
            Pending = true;
            return pending.Account;
        }

        return null;
    }
}
