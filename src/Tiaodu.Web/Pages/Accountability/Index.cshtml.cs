using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Accountability;

/// <summary>包保责任: ≥10亿 projects without an active 包保领导 and ≥5000万 projects without an active 服务秘书, each list paged on its own.</summary>
public sealed class IndexModel(AccountabilityGaps gaps, TiaoduDb db) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "lpage")]
    public int LeaderPage { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "opage")]
    public int OfficerPage { get; set; } = 1;

    public GapList Leaders { get; private set; } = null!;

    public GapList Officers { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Leaders = await gaps.ListAsync(GapKind.Leader, Region, Q, LeaderPage, PageSize, ct);
        Officers = await gaps.ListAsync(GapKind.Officer, Region, Q, OfficerPage, PageSize, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    private string Filters()
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(Region))
        {
            parts.Add("region=" + Uri.EscapeDataString(Region));
        }

        if (!string.IsNullOrEmpty(Q))
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        return string.Join("&", parts);
    }

    public string PageUrl(GapKind kind, int page)
    {
        var lp = kind == GapKind.Leader ? page : Leaders.Page;
        var op = kind == GapKind.Officer ? page : Officers.Page;
        var parts = new List<string> { Filters(), "lpage=" + lp.ToString(CultureInfo.InvariantCulture), "opage=" + op.ToString(CultureInfo.InvariantCulture) };
        return "/accountability?" + string.Join("&", parts.Where(p => p.Length > 0)) + (kind == GapKind.Leader ? "#leaders" : "#officers");
    }

    public string ExportUrl(string format) => "/api/accountability/gaps/export?" + (Filters() is { Length: > 0 } f ? f + "&" : "") + "format=" + format;

    public static string Money(decimal wan) => (wan / 10_000m).ToString("0.##", CultureInfo.InvariantCulture) + "亿";
}
