using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Data;
using Tiaodu.Core.Notifications;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Admin;

/// <summary>Group robots the dispatch office sends summaries to, and what was sent to them lately.</summary>
public sealed class ChannelsModel(ManageChannels manage, TiaoduDb db, IStringLocalizer<SharedResource> l) : PageModel
{
    public List<NotificationChannel> Channels { get; private set; } = [];

    public List<OutboxMessage> Recent { get; private set; } = [];

    public ProjectChoices Choices { get; private set; } = null!;

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostSaveAsync(int? id, string? name, ChannelKind kind, string? webhookUrl, string? secret, string? regionKey, bool enabled, int version, CancellationToken ct)
    {
        try
        {
            await manage.SaveAsync(id, new ManageChannels.ChannelInput(name, kind, webhookUrl, secret, regionKey, enabled, version), ct);
            Flash.Success(TempData, l["Channels.Flash.Saved"]);
            return Redirect("/admin/channels");
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException or NotFoundException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostTestAsync(int id, CancellationToken ct)
    {
        try
        {
            await manage.TestAsync(id, ct);
            Flash.Success(TempData, l["Channels.Flash.Test"]);
        }
        catch (NotFoundException e)
        {
            Flash.Warning(TempData, e.Message);
        }

        return Redirect("/admin/channels");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Channels = await manage.ListAsync(ct);
        Recent = await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.Id).Take(20).ToListAsync(ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }
}
