using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Meetings;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Meetings;

/// <summary>议定事项跟踪: the meetings' decisions, overdue first; the owner department (or 调度中心) reports one done.</summary>
public sealed class DecisionsModel(MeetingQueries queries, ManageMeetings manage, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public DecisionFilter Filter { get; set; } = DecisionFilter.Open;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public DecisionList View { get; private set; } = null!;

    public bool CanCarryOut => user.Has(Permission.EditLedger) || user.Has(Permission.AnswerProblems);

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => View = await queries.DecisionsAsync(Filter, PageNumber, PageSize, ct);

    public async Task<IActionResult> OnPostDoneAsync(int decisionId, string? note, int version, CancellationToken ct)
    {
        if (!CanCarryOut)
        {
            return Forbid();
        }

        try
        {
            await manage.CompleteAsync(decisionId, note, version, ct);
            Flash.Success(TempData, l["Decisions.Flash.Done"]);
            return Redirect(ListUrl(Filter));
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException or NotFoundException)
        {
            Error = e.Message;
        }

        View = await queries.DecisionsAsync(Filter, PageNumber, PageSize, ct);
        return Page();
    }

    public string ListUrl(DecisionFilter filter, int page = 1) =>
        "/meetings/decisions?filter=" + filter + (page > 1 ? "&page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
}
