using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Account;

/// <summary>My account: roles and jurisdiction, password, second factor and recovery codes, sign-out.</summary>
public sealed class IndexModel(TiaoduDb db, CurrentUser current, SecurityPolicy policy, Core.Notifications.ManageNoticeSettings notices) : PageModel
{
    public Core.Accounts.Account Me { get; private set; } = null!;

    public string? Region { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public bool SecondFactorRequired { get; private set; }

    public DateTime? PasswordExpires { get; private set; }

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>A calendar subscription link just made, shown once (only its hash is kept).</summary>
    public string? NewCalendarLink { get; private set; }

    /// <summary>Gives the account a new calendar subscription link (the previous one stops working) and shows it once.</summary>
    public async Task<IActionResult> OnPostCalendarLinkAsync([FromServices] Core.Accountability.CalendarSubscription subscriptions, CancellationToken ct)
    {
        var secret = await subscriptions.RenewAsync(current.AccountId!.Value, ct);
        NewCalendarLink = Api.AccountabilityApi.SubscriptionUrl(Request, secret);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveCalendarLinkAsync([FromServices] Core.Accountability.CalendarSubscription subscriptions, CancellationToken ct)
    {
        await subscriptions.RemoveAsync(current.AccountId!.Value, ct);
        Flash = "日历订阅链接已停用";
        return RedirectToPage(null, null, "calendar");
    }

    /// <summary>Replaces the recovery codes (the old ones stop working) and shows the new ones once.</summary>
    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken ct)
    {
        var account = await db.Accounts.FirstAsync(a => a.Id == current.AccountId, ct);
        if (!account.TwoFactorEnabled)
        {
            return RedirectToPage();
        }

        var codes = Core.Security.RecoveryCodes.Generate();
        account.RecoveryCodes = string.Join(';', codes.Select(Core.Security.RecoveryCodes.Hash));
        await db.SaveChangesAsync(ct);
        NewCodes = codes;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Turns the second factor off — only where policy does not require it.</summary>
    public async Task<IActionResult> OnPostDisableTwoFactorAsync(CancellationToken ct)
    {
        var account = await db.Accounts.Include(a => a.Roles).FirstAsync(a => a.Id == current.AccountId, ct);
        var settings = await policy.CurrentAsync(db, ct);
        if (account.IsAdministrator || settings.TwoFactorForAll)
        {
            Flash = "按安全策略，您的账号必须使用双因素认证";
            return RedirectToPage();
        }

        account.TwoFactorEnabled = false;
        account.AuthenticatorKey = null;
        account.RecoveryCodes = null;
        await db.SaveChangesAsync(ct);
        Flash = "已关闭双因素认证";
        return RedirectToPage();
    }

    public IReadOnlyList<string> NewCodes { get; private set; } = [];

    public Core.Notifications.MyNoticeSettings Notices { get; private set; } = null!;

    public string? NoticeError { get; private set; }

    /// <summary>How a topic reaches the account: "Role" follows the roles' default; otherwise InApp, Email, Both or None.</summary>
    public static string ModeOf(Core.Notifications.Delivery? d) => d switch
    {
        null => "Role",
        { InApp: true, Email: true } => "Both",
        { InApp: true } => "InApp",
        { Email: true } => "Email",
        _ => "None",
    };

    /// <summary>Saves the e-mail address (blank keeps it, "clear" removes it) and the choice per topic.</summary>
    public async Task<IActionResult> OnPostNoticesAsync(string? email, bool clearEmail, Dictionary<string, string>? mode, CancellationToken ct)
    {
        var topics = new List<Core.Notifications.TopicInput>();
        foreach (var topic in Core.Notifications.NoticeTopics.All)
        {
            var m = mode?.GetValueOrDefault(topic.ToString()) ?? "Role";
            topics.Add(new Core.Notifications.TopicInput(topic, m == "Role", m is "InApp" or "Both", m is "Email" or "Both"));
        }

        try
        {
            await notices.SaveMineAsync(clearEmail ? "" : string.IsNullOrWhiteSpace(email) ? null : email, topics, ct);
            Flash = "提醒方式已保存";
            return RedirectToPage(null, null, null, "notices");
        }
        catch (Core.ValidationFailedException e)
        {
            NoticeError = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = await db.Accounts.AsNoTracking().Include(a => a.Roles).FirstAsync(a => a.Id == current.AccountId, ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        Region = Me.RegionId is { } r ? names.Region(r) : null;
        RecoveryCodesLeft = Me.RecoveryCodes?.Split(';', StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
        var settings = await policy.CurrentAsync(db, ct);
        SecondFactorRequired = Me.IsAdministrator || settings.TwoFactorForAll;
        Notices = await notices.MineAsync(ct);
        PasswordExpires = settings.PasswordMaxAgeDays is { } days && Me.PasswordChangedAt is { } changed ? changed.AddDays(days) : null;
    }
}
