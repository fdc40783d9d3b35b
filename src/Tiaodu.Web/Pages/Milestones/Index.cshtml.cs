using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Data;
using Tiaodu.Core.Milestones;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Milestones;

/// <summary>挂图作战 for a region: every project with a milestone plan on one time axis, most overdue first.</summary>
public sealed class IndexModel(MilestoneQueries queries, TiaoduDb db, TimeProvider clock, Core.Accounts.ICurrentUser user) : PageModel
{
    public bool CanEditTemplates => user.Has(Core.Accounts.Permission.EditLedger);

    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Late { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public WallChart Wall { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Wall = await queries.WallAsync(Region, Q, Late, PageNumber, PageSize, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    public string PageUrl(int page) =>
        "/milestones?page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (string.IsNullOrEmpty(Region) ? "" : "&region=" + Uri.EscapeDataString(Region))
        + (string.IsNullOrEmpty(Q) ? "" : "&q=" + Uri.EscapeDataString(Q))
        + (Late ? "&late=true" : "");
}
