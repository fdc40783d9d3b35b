using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Data;
using Tiaodu.Core.Problems;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Problems;

/// <summary>Problems across the jurisdiction, overdue first, with 办结率 and 按期办结率 by region.</summary>
public sealed class IndexModel(ProblemQueries queries, TiaoduDb db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public ProblemFilter Filter { get; set; } = ProblemFilter.Overdue;

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public ProblemList Result { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await queries.ListAsync(Filter, Region, Q, PageNumber, PageSize, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    public string ListUrl(ProblemFilter? filter = null, int? page = null, string? region = null)
    {
        var parts = new List<string> { "filter=" + (filter ?? Filter) };
        var r = region ?? Region;
        if (!string.IsNullOrEmpty(r))
        {
            parts.Add("region=" + Uri.EscapeDataString(r));
        }

        if (!string.IsNullOrEmpty(Q))
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        if (page is > 1)
        {
            parts.Add("page=" + page.Value.ToString(CultureInfo.InvariantCulture));
        }

        return "/problems?" + string.Join("&", parts);
    }

    public string ExportUrl(string format) => "/api/problems/export?" + ListUrl()["/problems?".Length..] + "&format=" + format;

    public static string Days(decimal? days) => days is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    public static string Percent(decimal? rate) => rate is { } r ? (r * 100m).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}
