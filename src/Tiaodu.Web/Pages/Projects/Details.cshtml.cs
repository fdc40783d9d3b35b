using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>One project: every field, and per year its plan line and month-end investment figures.</summary>
public sealed class DetailsModel(GetProject get, TimeProvider clock, ICurrentUser user, Core.Lights.LightQueries lightQueries, Core.Problems.ManageProblems problems, Core.Data.TiaoduDb db) : PageModel
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
        Lights = await lightQueries.ForProjectAsync(id, thisYear, ct);
        Problems = await problems.ForProjectAsync(id, ct);
        Categories = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Lookups.Where(l => l.Kind == Core.Reference.LookupKind.ProblemCategory).OrderBy(l => l.SortOrder).Select(l => new Category(l.Id, l.Name, l.IsActive)), ct);
        return Page();
    }

    public sealed record Category(int Id, string Name, bool IsActive);

    /// <summary>The problem categories (inactive ones only name old problems).</summary>
    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public string? CategoryName(int? id) => Categories.FirstOrDefault(c => c.Id == id)?.Name;

    /// <summary>Records a problem raised by another way than the monthly report.</summary>
    public async Task<IActionResult> OnPostRaiseAsync(int id, int? categoryId, string? description, Core.Problems.ProblemSource source, DateOnly? raisedOn, DateOnly? due,
        [FromServices] Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (!CanReport)
        {
            return Forbid();
        }

        return await ProblemActionAsync(id, () => problems.RaiseAsync(id, categoryId, description, source, raisedOn, due, ct), l["Problems.Flash.Raised"], forReporters: true);
    }

    /// <summary>The project's problems, open first.</summary>
    public IReadOnlyList<Core.Problems.Problem> Problems { get; private set; } = [];

    public Task<IActionResult> OnPostDeadlineAsync(int id, int problemId, DateOnly? due, int version, string? reason,
        [FromServices] Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        ProblemActionAsync(id, () => problems.SetDeadlineAsync(problemId, due, version, ct, reason), l["Problems.Flash.Due"]);

    public Task<IActionResult> OnPostResolveAsync(int id, int problemId, string? resolution, int version,
        [FromServices] Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        ProblemActionAsync(id, () => problems.ResolveAsync(problemId, resolution, version, ct), l["Problems.Flash.Resolved"]);

    public Task<IActionResult> OnPostReopenAsync(int id, int problemId, int version,
        [FromServices] Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        ProblemActionAsync(id, () => problems.ReopenAsync(problemId, version, ct), l["Problems.Flash.Reopened"]);

    private async Task<IActionResult> ProblemActionAsync(int id, Func<Task> act, string done, bool forReporters = false)
    {
        if (!(forReporters ? CanReport : CanEdit))
        {
            return Forbid();
        }

        try
        {
            await act();
            Flash.Success(TempData, done);
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException)
        {
            Flash.Warning(TempData, e.Message);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Redirect("/projects/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "#problems");
    }

    /// <summary>This year's lights and every valid reason recorded for the project.</summary>
    public Core.Lights.ProjectLights Lights { get; private set; } = new([], [], new HashSet<int>());

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>Records a valid reason (正当理由) for one kind of light (dispatch office).</summary>
    public async Task<IActionResult> OnPostExemptAsync(int id, Core.Lights.LightKind kind, string? reason, string? from, string? to,
        [FromServices] Core.Lights.ManageLights manage, [FromServices] Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        try
        {
            var (fy, fm) = YearMonth(from) ?? (Today.Year, Today.Month);
            var until = YearMonth(to);
            await manage.ExemptAsync(id, kind, reason, fy, fm, until?.Year, until?.Month, ct);
            Flash.Success(TempData, l["Lights.Flash.Exempted"]);
        }
        catch (ValidationFailedException e)
        {
            Flash.Warning(TempData, e.Message);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Redirect("/projects/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "#lights");
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, int exemptionId, int version,
        [FromServices] Core.Lights.ManageLights manage, [FromServices] Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        try
        {
            await manage.RevokeAsync(exemptionId, version, ct);
            Flash.Success(TempData, l["Lights.Flash.Revoked"]);
        }
        catch (ConflictException e)
        {
            Flash.Warning(TempData, e.Message);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Redirect("/projects/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "#lights");
    }

    /// <summary>"2026-11" from a month input; null when empty or unreadable.</summary>
    private static (int Year, int Month)? YearMonth(string? text) =>
        DateOnly.TryParseExact((text ?? "") + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
            ? (d.Year, d.Month) : null;

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
