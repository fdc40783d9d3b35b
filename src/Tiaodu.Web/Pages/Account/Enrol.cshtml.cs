using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Security;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Account;

/// <summary>
/// Binding an authenticator app (TOTP, RFC 6238): a QR code and the key as text, confirmation with a first
/// code, then ten recovery codes shown once. Reached during sign-in when a second factor is required but not
/// yet set up, or from "my account".
/// </summary>
public sealed class EnrolModel(SignInService signIn, SecurityPolicy policy, TiaoduDb db, PersonalData personalData, TimeProvider clock, CurrentUser current) : PageModel
{
    public const string Issuer = "Tiaodu调度";

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string QrSvg { get; private set; } = "";

    public string KeyText { get; private set; } = "";

    public bool Failed { get; private set; }

    public bool AlreadyEnabled { get; private set; }

    /// <summary>Shown once, right after a successful confirmation.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public bool Pending { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var account = await AccountAsync(ct);
        if (account is null)
        {
            return LocalRedirect("/account/login");
        }

        AlreadyEnabled = account.TwoFactorEnabled;
        if (!AlreadyEnabled)
        {
            await ShowKeyAsync(account, ct);
        }

        return Page();
    }

    /// <summary>Starts over with a new key (a lost or replaced phone); the old one stops working once the new one is confirmed.</summary>
    public async Task<IActionResult> OnPostRestartAsync(CancellationToken ct)
    {
        var account = await AccountAsync(ct);
        if (account is null)
        {
            return LocalRedirect("/account/login");
        }

        account.TwoFactorEnabled = false;
        account.AuthenticatorKey = null;
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var account = await AccountAsync(ct);
        if (account is null)
        {
            return LocalRedirect("/account/login");
        }

        if (account.TwoFactorEnabled || account.AuthenticatorKey is null)
        {
            return RedirectToPage();
        }

        var key = Base32.Decode(personalData.Reveal(account.AuthenticatorKey)!);
        if (Totp.Verify(key, Code, clock.GetUtcNow(), account.LastTotpStep) is not { } step)
        {
            Failed = true;
            await ShowKeyAsync(account, ct);
            return Page();
        }

        var codes = Core.Security.RecoveryCodes.Generate();
        account.TwoFactorEnabled = true;
        account.LastTotpStep = step;
        account.RecoveryCodes = string.Join(';', codes.Select(Core.Security.RecoveryCodes.Hash));
        await db.SaveChangesAsync(ct);
        RecoveryCodes = codes;
        return Page();
    }

    /// <summary>After the recovery codes were noted: on with the sign-in, or back to my account.</summary>
    public async Task<IActionResult> OnPostContinueAsync(CancellationToken ct)
    {
        // Only the enrolment step goes on from here, and only once the new authenticator was confirmed
        // with a valid code: every other pending step must pass its own page.
        if (await signIn.PendingAsync(ct) is { Stage: SignInStage.Enrol } pending)
        {
            if (!pending.Account.TwoFactorEnabled)
            {
                return RedirectToPage();
            }

            var stage = await signIn.NextAsync(pending.Account, await policy.CurrentAsync(db, ct), secondFactorDone: true, ct);
            return SignInFlow.Next(stage, ReturnUrl, LocalRedirect);
        }

        return LocalRedirect(User.Identity?.IsAuthenticated == true ? "/account" : "/account/login");
    }

    /// <summary>The signed-in account, or the one half-way through signing in at the enrolment step.</summary>
    private async Task<Core.Accounts.Account?> AccountAsync(CancellationToken ct)
    {
        if (current.AccountId is { } id)
        {
            return await db.Accounts.Include(a => a.Roles).FirstOrDefaultAsync(a => a.Id == id, ct);
        }

        if (await signIn.PendingAsync(ct) is { Stage: SignInStage.Enrol } pending)
        {
            Pending = true;
            return pending.Account;
        }

        return null;
    }

    private async Task ShowKeyAsync(Core.Accounts.Account account, CancellationToken ct)
    {
        if (account.AuthenticatorKey is null)
        {
            var profile = (await policy.CurrentAsync(db, ct)).CryptoProfile;
            account.AuthenticatorKey = personalData.Protect(Base32.Encode(Totp.NewKey()), profile);
            await db.SaveChangesAsync(ct);
        }

        var key = Base32.Decode(personalData.Reveal(account.AuthenticatorKey)!);
        var uri = Totp.OtpAuthUri(Issuer, account.UserName, key);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrSvg = new SvgQRCode(data).GetGraphic(5);
        var text = Base32.Encode(key);
        KeyText = string.Join(' ', Enumerable.Range(0, (text.Length + 3) / 4).Select(i => text.Substring(i * 4, Math.Min(4, text.Length - (i * 4)))));
    }
}
