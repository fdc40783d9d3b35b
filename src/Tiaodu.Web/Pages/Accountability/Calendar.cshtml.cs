using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Accountability;

/// <summary>企业服务日 of a month with the leaders' visits planned; 调度中心 plans and cancels visits, reporters record them as done.</summary>
public sealed class CalendarModel(ServiceCalendar calendar, LeaderVisits visits, TiaoduDb db, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Month { get; set; }

    public ServiceMonth View { get; private set; } = null!;

    public IReadOnlyList<(int Id, string Name)> Leaders { get; private set; } = [];

    public IReadOnlyList<(int Id, string Name)> Categories { get; private set; } = [];

    public string? Error { get; private set; }

    public bool CanPlan => user.Has(Permission.EditLedger);

    public bool CanRecord => user.Has(Permission.EditLedger) || user.Has(Permission.ReportProgress);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostPlanAsync(string? project, int? leaderId, DateOnly? on, string? purpose, CancellationToken ct) =>
        ActAsync(Permission.EditLedger, null, async () =>
        {
            var id = await ProjectLookup.FindAsync(db, user, project, ct);
            await visits.PlanAsync(id, leaderId, on, purpose, ct);
        }, l["Calendar.Flash.Planned"], ct);

    public Task<IActionResult> OnPostDoneAsync(int visitId, string? note, int? categoryId, string? problem, int version, CancellationToken ct) =>
        ActAsync(Permission.EditLedger, Permission.ReportProgress,
            () => visits.CompleteAsync(visitId, note, [new RaisedProblem(categoryId, problem)], version, ct), l["Calendar.Flash.Done"], ct);

    public Task<IActionResult> OnPostCancelAsync(int visitId, string? reason, int version, CancellationToken ct) =>
        ActAsync(Permission.EditLedger, null, () => visits.CancelAsync(visitId, reason, version, ct), l["Calendar.Flash.Cancelled"], ct);

    private async Task<IActionResult> ActAsync(Permission needed, Permission? orElse, Func<Task> act, string done, CancellationToken ct)
    {
        if (!user.Has(needed) && !(orElse is { } other && user.Has(other)))
        {
            return Forbid();
        }

        try
        {
            await act();
            Flash.Success(TempData, done);
            return Redirect(MonthUrl(Year, Month));
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException or NotFoundException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        View = await calendar.MonthAsync(Year ?? visits.Today.Year, Month ?? visits.Today.Month, ct);
        if (CanPlan)
        {
            Leaders = [.. (await db.People.AsNoTracking().Where(p => p.Role == Core.Reference.PersonRole.Leader && p.IsActive)
                .OrderBy(p => p.RegionId).ThenBy(p => p.Name).Select(p => new { p.Id, p.Name, p.Title }).ToListAsync(ct)).Select(p => (p.Id, p.Name + "（" + p.Title + "）"))];
        }

        if (CanRecord)
        {
            Categories = [.. (await db.Lookups.AsNoTracking().Where(x => x.Kind == Core.Reference.LookupKind.ProblemCategory && x.IsActive)
                .OrderBy(x => x.SortOrder).Select(x => new { x.Id, x.Name }).ToListAsync(ct)).Select(x => (x.Id, x.Name))];
        }
    }

    public static string MonthUrl(int? year, int? month) =>
        year is { } y && month is { } m ? $"/accountability/calendar?year={y.ToString(CultureInfo.InvariantCulture)}&month={m.ToString(CultureInfo.InvariantCulture)}" : "/accountability/calendar";

    /// <summary>The next service day from today on: the default date when planning a visit.</summary>
    public DateOnly NextServiceDay()
    {
        var t = View.Today;
        return ServiceDays.InMonth(t.Year, t.Month).Concat(ServiceDays.InMonth(t.AddMonths(1).Year, t.AddMonths(1).Month)).First(d => d >= t);
    }
}
