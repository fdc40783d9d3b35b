using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Problems;

/// <summary>
/// One problem: its departments, level, deadline, 督办单 and timeline. 调度中心 assigns, extends, escalates,
/// supervises, closes out and reopens here; the lead and assisting departments reply, report it solved and
/// answer 督办单 (the page works on a phone).
/// </summary>
public sealed class DetailsModel(ReadProblem details, ManageProblems manage, AnswerProblems answer, SuperviseProblems supervise, ICurrentUser user,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public ProblemDetail View { get; private set; } = null!;

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

    public Task<IActionResult> OnPostAssignAsync(int id, int? lead, int[]? assisting, int version, CancellationToken ct) =>
        ActAsync(id, Permission.EditLedger, () => manage.AssignAsync(id, lead, assisting ?? [], version, ct), l["Problems.Flash.Assigned"], ct);

    public Task<IActionResult> OnPostDeadlineAsync(int id, DateOnly? due, string? reason, int version, CancellationToken ct) =>
        ActAsync(id, Permission.EditLedger, () => manage.SetDeadlineAsync(id, due, version, ct, reason), l["Problems.Flash.Due"], ct);

    public Task<IActionResult> OnPostEscalateAsync(int id, ProblemLevel level, string? reason, int version, CancellationToken ct) =>
        ActAsync(id, Permission.EditLedger, () => manage.EscalateAsync(id, level, reason, version, ct), l["Problems.Flash.Escalated"], ct);

    public Task<IActionResult> OnPostSuperviseAsync(int id, DateOnly? due, string? reason, CancellationToken ct) =>
        ActAsync(id, Permission.EditLedger, () => supervise.IssueAsync(id, due, reason, ct), l["Problems.Flash.Supervised"], ct);

    public Task<IActionResult> OnPostCloseOutAsync(int id, string? resolution, int version, CancellationToken ct) =>
        ActAsync(id, Permission.EditLedger, () => manage.CloseOutAsync(id, resolution, version, ct), l["Problems.Flash.ClosedOut"], ct);

    public Task<IActionResult> OnPostReopenAsync(int id, string? reason, int version, CancellationToken ct) =>
        ActAsync(id, Permission.EditLedger, () => manage.ReopenAsync(id, version, ct, reason), l["Problems.Flash.Reopened"], ct);

    public Task<IActionResult> OnPostReplyAsync(int id, string? text, CancellationToken ct) =>
        ActAsync(id, Permission.AnswerProblems, () => answer.ReplyAsync(id, text, ct), l["Problems.Flash.Replied"], ct);

    public Task<IActionResult> OnPostProposeCloseAsync(int id, string? resolution, int version, CancellationToken ct) =>
        ActAsync(id, Permission.AnswerProblems, () => answer.ProposeCloseAsync(id, resolution, version, ct), l["Problems.Flash.Proposed"], ct);

    public Task<IActionResult> OnPostAnswerAsync(int id, int noticeId, string? answerText, int version, CancellationToken ct) =>
        ActAsync(id, Permission.AnswerProblems, () => answer.AnswerNoticeAsync(noticeId, answerText, version, ct), l["Problems.Flash.Answered"], ct);

    private async Task<IActionResult> ActAsync(int id, Permission needed, Func<Task> act, string done, CancellationToken ct)
    {
        if (!user.Has(needed))
        {
            return Forbid();
        }

        try
        {
            await act();
            Flash.Success(TempData, done);
            return Redirect($"/problems/{id}");
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
        View = await details.GetAsync(id, ct);
        if (View.CanManage)
        {
            Departments = await details.DepartmentsAsync(ct);
        }
    }
}
