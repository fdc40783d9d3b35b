using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Security;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Admin;

/// <summary>
/// The security administrator's policy: password and crypto profiles, second factor for everyone, lockout
/// and session limits. The save is audited by the database context (操作类型“安全设置”) and applied at once
/// on this instance, within <see cref="SecurityPolicy.Lifetime"/> on the others.
/// </summary>
internal sealed class SecurityModel(TiaoduDb db, SecurityPolicy policy, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>What the form posts; all text so that nothing a browser sends fails binding.</summary>
    public sealed class SettingsForm
    {
        public string? PasswordProfile { get; set; }
        public string? CryptoProfile { get; set; }

        /// <summary>A checkbox: "true" when ticked, absent otherwise.</summary>
        public string? TwoFactorForAll { get; set; }
        public string? LockoutThreshold { get; set; }
        public string? LockoutMinutes { get; set; }
        public string? IdleMinutes { get; set; }
        public string? AbsoluteHours { get; set; }
        public string? Version { get; set; }

        public static SettingsForm From(SecuritySettings s) => new()
        {
            PasswordProfile = s.PasswordProfile.ToString(),
            CryptoProfile = s.CryptoProfile.ToString(),
            TwoFactorForAll = s.TwoFactorForAll ? "true" : null,
            LockoutThreshold = Text(s.LockoutThreshold),
            LockoutMinutes = Text(s.LockoutMinutes),
            IdleMinutes = Text(s.IdleMinutes),
            AbsoluteHours = Text(s.AbsoluteHours),
            Version = Text(s.Version),
        };
    }

    [BindProperty]
    public SettingsForm Form { get; set; } = new();

    public FormFeedback Feedback { get; private set; } = FormFeedback.None;

    /// <summary>True after a stale save: the form keeps the input and now carries the newer version.</summary>
    public bool Stale { get; private set; }

    /// <summary>The settings as stored, to compare with after a stale save.</summary>
    public SecuritySettings? Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Saved = await db.SecuritySettings.AsNoTracking().SingleAsync(s => s.Id == SecuritySettings.SingletonId, ct);
        Form = SettingsForm.From(Saved);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var passwordProfile = ParseEnum<PasswordProfile>(Form.PasswordProfile, nameof(SecuritySettings.PasswordProfile), "请选择密码策略", errors);
        var cryptoProfile = ParseEnum<CryptoProfile>(Form.CryptoProfile, nameof(SecuritySettings.CryptoProfile), "请选择密码算法", errors);
        var threshold = ParseInt(Form.LockoutThreshold, nameof(SecuritySettings.LockoutThreshold), errors);
        var lockoutMinutes = ParseInt(Form.LockoutMinutes, nameof(SecuritySettings.LockoutMinutes), errors);
        var idleMinutes = ParseInt(Form.IdleMinutes, nameof(SecuritySettings.IdleMinutes), errors);
        var absoluteHours = ParseInt(Form.AbsoluteHours, nameof(SecuritySettings.AbsoluteHours), errors);
        var version = int.TryParse(Form.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;

        var settings = await db.SecuritySettings.SingleAsync(s => s.Id == SecuritySettings.SingletonId, ct);
        try
        {
            errors.ThrowIfAny();
            ConcurrencyGuard.Expect(db, settings, settings.Version, version);
            settings.PasswordProfile = passwordProfile!.Value;
            settings.CryptoProfile = cryptoProfile!.Value;
            settings.TwoFactorForAll = Form.TwoFactorForAll == "true";
            settings.LockoutThreshold = threshold!.Value;
            settings.LockoutMinutes = lockoutMinutes!.Value;
            settings.IdleMinutes = idleMinutes!.Value;
            settings.AbsoluteHours = absoluteHours!.Value;
            var rules = new ValidationErrors();
            settings.Validate(rules);
            rules.ThrowIfAny();
            settings.Version++;
            await ConcurrencyGuard.SaveAsync(db, ct);
            policy.Invalidate();
            Flash.Success(TempData, l["Security.Saved"]);
            return Redirect("/admin/security");
        }
        catch (ValidationFailedException e)
        {
            Feedback = FormFeedback.From(e);
        }
        catch (ConflictException e)
        {
            Feedback = new FormFeedback { Message = e.Message };
            Stale = true;
        }

        // Nothing was saved: forget the tracked changes and show the stored row next to the input.
        db.ChangeTracker.Clear();
        Saved = await db.SecuritySettings.AsNoTracking().SingleAsync(s => s.Id == SecuritySettings.SingletonId, ct);
        if (Stale)
        {
            Form.Version = Text(Saved.Version);
        }

        return Page();
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static T? ParseEnum<T>(string? value, string field, string message, ValidationErrors errors)
        where T : struct, Enum
    {
        if (!string.IsNullOrWhiteSpace(value) && !value.Trim().All(char.IsAsciiDigit)
            && Enum.TryParse<T>(value.Trim(), ignoreCase: false, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }

        errors.Add(field, message);
        return null;
    }

    private static int? ParseInt(string? value, string field, ValidationErrors errors)
    {
        if (int.TryParse(value?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        errors.Add(field, "请输入整数");
        return null;
    }
}
