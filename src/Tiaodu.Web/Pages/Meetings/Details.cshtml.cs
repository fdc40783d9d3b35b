using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Meetings;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Meetings;

/// <summary>One meeting: its agenda with the decisions on each topic; 调度中心 assembles the agenda, adds topics, records decisions and marks it held.</summary>
public sealed class DetailsModel(MeetingQueries queries, ManageMeetings manage, ReadProblem problems, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel
{
    public MeetingDetail View { get; private set; } = null!;

    public IReadOnlyList<Lookup> Departments { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostAssembleAsync(int id, CancellationToken ct) =>
        ActAsync(id, async () => l["Meetings.Flash.Assembled", await manage.AssembleAgendaAsync(id, ct)].Value, ct);

    public Task<IActionResult> OnPostTopicAsync(int id, string? topic, CancellationToken ct) =>
        ActAsync(id, async () => { await manage.AddItemAsync(id, topic, ct); return l["Meetings.Flash.Topic"].Value; }, ct);

    public Task<IActionResult> OnPostRemoveAsync(int id, int itemId, CancellationToken ct) =>
        ActAsync(id, async () => { await manage.RemoveItemAsync(id, itemId, ct); return l["Meetings.Flash.Removed"].Value; }, ct);

    public Task<IActionResult> OnPostDecideAsync(int id, int? itemId, string? text, int? owner, DateOnly? due, CancellationToken ct) =>
        ActAsync(id, async () => { await manage.DecideAsync(id, itemId, text, owner, due, ct); return l["Meetings.Flash.Decided"].Value; }, ct);

    public Task<IActionResult> OnPostHoldAsync(int id, string? summary, int version, CancellationToken ct) =>
        ActAsync(id, async () => { await manage.HoldAsync(id, summary, version, ct); return l["Meetings.Flash.Held"].Value; }, ct);

    private async Task<IActionResult> ActAsync(int id, Func<Task<string>> act, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            return Forbid();
        }

        try
        {
            Flash.Success(TempData, await act());
            return Redirect($"/meetings/{id}");
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException or ForbiddenException)
        {
            Error = e.Message;
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        View = await queries.GetAsync(id, ct);
        if (View.CanManage)
        {
            Departments = await problems.DepartmentsAsync(ct);
        }
    }
}
