using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Meetings;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Meetings;

/// <summary>Meetings of the jurisdiction, newest first; 调度中心 calls a new one here.</summary>
public sealed class IndexModel(MeetingQueries queries, ManageMeetings manage, TiaoduDb db, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<MeetingRow> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public ProjectChoices Choices { get; private set; } = null!;

    public bool CanCall => user.Has(Permission.EditLedger);

    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCallAsync(MeetingKind kind, string? region, string? title, DateOnly? heldOn, string? place, string? chair, string? attendees, CancellationToken ct)
    {
        if (!CanCall)
        {
            return Forbid();
        }

        try
        {
            var meeting = await manage.CreateAsync(new MeetingInput(kind, region, title, heldOn, place, chair, attendees), ct);
            Flash.Success(TempData, l["Meetings.Flash.Called"]);
            return Redirect($"/meetings/{meeting.Id}");
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        (Rows, Total) = await queries.ListAsync(PageNumber, PageSize, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }
}
