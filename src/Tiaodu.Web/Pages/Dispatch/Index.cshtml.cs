using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Dispatch;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Dispatch;

/// <summary>The half-monthly rounds: published ones for everyone in scope, drafts and taking a new round for the dispatch office.</summary>
public sealed class IndexModel(DispatchQueries queries, TiaoduDb db, ICurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public int TakeYear { get; set; }

    [BindProperty]
    public int TakeMonth { get; set; }

    [BindProperty]
    public int TakeHalf { get; set; }

    [BindProperty]
    public string? TakeRegion { get; set; }

    public RoundList Rounds { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public string? Error { get; private set; }

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = Today;
        (TakeYear, TakeMonth, TakeHalf) = (today.Year, today.Month, today.Day <= 15 ? 1 : 2);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostTakeAsync([FromServices] RunDispatchRound run, CancellationToken ct)
    {
        if (!user.Has(Permission.ReviewReports))
        {
            return Forbid();
        }

        try
        {
            var round = await run.TakeAsync(TakeYear, TakeMonth, TakeHalf, TakeRegion, ct);
            Flash.Success(TempData, l["Dispatch.Flash.Taken", round.Title]);
            return Redirect("/dispatch/" + round.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException or ForbiddenException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rounds = await queries.ListAsync(Year, PageNumber, 30, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    public string PageUrl(int page) =>
        "/dispatch?page=" + page.ToString(CultureInfo.InvariantCulture) + (Year is { } y ? "&year=" + y.ToString(CultureInfo.InvariantCulture) : "");
}
