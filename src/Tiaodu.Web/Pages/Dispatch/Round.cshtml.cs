using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Dispatch;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Dispatch;

/// <summary>One round: its figures, the projects with what moved since the previous round, comments, publish, export.</summary>
public sealed class RoundModel(DispatchQueries queries, RunDispatchRound run, TiaoduDb db, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public RoundFilter Filter { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? Summary { get; set; }

    [BindProperty]
    public Dictionary<long, string?> Comments { get; set; } = [];

    public RoundView View { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostCommentAsync(CancellationToken ct) =>
        ActAsync(() => run.CommentAsync(Id, Version, Summary, Comments, ct), l["Dispatch.Flash.Saved"], ListUrl(Filter, PageNumber), ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        ActAsync(() => run.PublishAsync(Id, Version, ct), l["Dispatch.Flash.Published"], ListUrl(), ct);

    public Task<IActionResult> OnPostRetakeAsync(CancellationToken ct) =>
        ActAsync(async () =>
        {
            var round = await db.DispatchRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, ct) ?? throw new NotFoundException("调度不存在");
            if (round.Version != Version)
            {
                throw new ConflictException(ConcurrencyGuard.StaleMessage);
            }

            var key = await db.Regions.AsNoTracking().Where(r => r.Id == round.RegionId).Select(r => r.Key).FirstAsync(ct);
            await run.TakeAsync(round.Year, round.Month, round.Half, key, ct);
        }, l["Dispatch.Flash.Retaken"], ListUrl(), ct);

    public Task<IActionResult> OnPostDiscardAsync(CancellationToken ct) =>
        ActAsync(() => run.DiscardAsync(Id, Version, ct), l["Dispatch.Flash.Discarded"], "/dispatch", ct);

    private async Task<IActionResult> ActAsync(Func<Task> act, string done, string next, CancellationToken ct)
    {
        if (!user.Has(Permission.ReviewReports))
        {
            return Forbid();
        }

        try
        {
            await act();
            Flash.Success(TempData, done);
            return Redirect(next);
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException or ForbiddenException or NotFoundException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        View = await queries.GetAsync(Id, Region, Q, Filter, PageNumber, PageSize, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    public string ListUrl(RoundFilter? filter = null, int? page = null) => Query("/dispatch/" + Id.ToString(CultureInfo.InvariantCulture), filter ?? Filter, page ?? 1);

    /// <summary>A handler's address that keeps the list's filter and page ("page" is a reserved route value, so it goes in the query by hand).</summary>
    public string HandlerUrl(string handler, int page) => ListUrl(Filter, page) + "&handler=" + handler;

    public string ExportUrl(string format) =>
        Query("/api/dispatch/rounds/" + Id.ToString(CultureInfo.InvariantCulture) + "/export", Filter, 1) + "&format=" + format;

    private string Query(string path, RoundFilter filter, int page)
    {
        var parts = new List<string> { "filter=" + filter };
        if (!string.IsNullOrEmpty(Region))
        {
            parts.Add("region=" + Uri.EscapeDataString(Region));
        }

        if (!string.IsNullOrEmpty(Q))
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        if (page > 1)
        {
            parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }

        return path + "?" + string.Join("&", parts);
    }
}
