using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>One project: every field, and per year its plan line and month-end investment figures.</summary>
public sealed class DetailsModel(GetProject get, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Back { get; set; }

    public ProjectView View { get; private set; } = null!;

    /// <summary>Years a plan line can still be added for, nearest first.</summary>
    public IReadOnlyList<int> AddableYears { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        try
        {
            View = await get.HandleAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        var thisYear = clock.GetLocalNow().Year;
        AddableYears = Enumerable.Range(thisYear - 4, 6).Reverse()
            .Where(y => View.Years.All(line => line.Year != y)).ToList();
        return Page();
    }

    public static bool IsReported(ProjectYearView year, int month) => (year.ReportedMonths & (1 << (month - 1))) != 0;

    public static string Local(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
