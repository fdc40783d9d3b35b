using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>One project: every field, and per year its plan line and month-end investment figures.</summary>
public sealed class DetailsModel(GetProject get, TimeProvider clock, ICurrentUser user) : PageModel
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

    public bool CanReveal => user.Has(Permission.RevealPersonalData);

    public bool CanEdit => user.Has(Permission.EditLedger);

    public bool CanReport => user.Has(Permission.EditLedger) || user.Has(Permission.ReportProgress);

    /// <summary>The full contact phone, for users holding the personal-data permission; each reveal is audited.</summary>
    public async Task<IActionResult> OnPostRevealPhoneAsync(int id, [FromServices] RevealPersonalData reveal, CancellationToken ct)
    {
        try
        {
            return Content(await reveal.ProjectPhoneAsync(id, ct) ?? "—", "text/plain; charset=utf-8");
        }
        catch (ForbiddenException e)
        {
            return new ContentResult { StatusCode = 403, Content = e.Message, ContentType = "text/plain; charset=utf-8" };
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    /// <summary>The month a year's "report" button opens: this month for the current year, December for past years.</summary>
    public int ReportMonth(int year)
    {
        var today = clock.GetLocalNow();
        return year < today.Year ? 12 : year == today.Year ? today.Month : 0;
    }

    public static bool IsReported(ProjectYearView year, int month) => (year.ReportedMonths & (1 << (month - 1))) != 0;

    public static string Local(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
