using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Notifications;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Admin;

/// <summary>The system administrator's side of notices: the outgoing mail server (with a test), each role's default per topic, recent e-mails.</summary>
public sealed class NoticesModel(ManageNoticeSettings manage, TiaoduDb db, IStringLocalizer<SharedResource> l) : PageModel
{
    public MailSettingsView Mail { get; private set; } = null!;

    public IReadOnlyList<RoleTopicInput> Defaults { get; private set; } = [];

    public List<MailMessage> Recent { get; private set; } = [];

    public string? Error { get; private set; }

    public string? TestResult { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostMailAsync(bool enabled, string? host, string? port, MailSecurity security, string? userName, string? password, bool clearPassword,
        string? fromAddress, string? fromName, string? siteUrl, int version, CancellationToken ct)
    {
        try
        {
            var number = int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0;
            await manage.SaveMailAsync(new MailSettingsInput(enabled, host, number, security, userName, clearPassword ? "" : string.IsNullOrEmpty(password) ? null : password,
                fromAddress, fromName, siteUrl, version), ct);
            Flash.Success(TempData, l["Notices.Admin.Flash.Mail"]);
            return Redirect("/admin/notices");
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostTestAsync(string? to, CancellationToken ct)
    {
        try
        {
            TestResult = await manage.TestMailAsync(to, ct);
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The grid posts "inapp:Role:Topic" and "email:Role:Topic" checkboxes.</summary>
    public async Task<IActionResult> OnPostRolesAsync(List<string>? on, CancellationToken ct)
    {
        var set = (on ?? []).ToHashSet(StringComparer.Ordinal);
        var inputs = (from r in ManageNoticeSettings.RolesWithNotices
                      from t in NoticeTopics.All
                      select new RoleTopicInput(r, t, set.Contains($"inapp:{r}:{t}"), set.Contains($"email:{r}:{t}"))).ToList();
        await manage.SaveRoleDefaultsAsync(inputs, ct);
        Flash.Success(TempData, l["Notices.Admin.Flash.Roles"]);
        return Redirect("/admin/notices#roles");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Mail = await manage.MailAsync(ct);
        Defaults = await manage.RoleDefaultsAsync(ct);
        Recent = await db.MailMessages.AsNoTracking().OrderByDescending(m => m.Id).Take(20).ToListAsync(ct);
    }
}
