using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Accountability;

/// <summary>服务秘书履职: for a month, each officer and project with the half months without a site visit and the weeks without contact, worst first.</summary>
public sealed class ComplianceModel(ServiceCompliance compliance, TiaoduDb db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Month { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public ComplianceList View { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        View = await compliance.ListAsync(Year ?? today.Year, Month ?? today.Month, Region, Q, !All, PageNumber, PageSize, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    public string ListUrl(int? year = null, int? month = null, int? page = null, bool? all = null)
    {
        var parts = new List<string>
        {
            "year=" + (year ?? View.Year).ToString(CultureInfo.InvariantCulture),
            "month=" + (month ?? View.Month).ToString(CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(Region))
        {
            parts.Add("region=" + Uri.EscapeDataString(Region));
        }

        if (!string.IsNullOrEmpty(Q))
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        if (all ?? All)
        {
            parts.Add("all=true");
        }

        if (page is > 1)
        {
            parts.Add("page=" + page.Value.ToString(CultureInfo.InvariantCulture));
        }

        return "/accountability/compliance?" + string.Join("&", parts);
    }

    public static string Periods(IEnumerable<DutyPeriod> periods) =>
        string.Join("、", periods.Select(p => p.From.ToString("M.d", CultureInfo.InvariantCulture) + "–" + p.To.ToString("M.d", CultureInfo.InvariantCulture)));
}
