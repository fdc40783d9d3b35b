using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reports;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Reports;

/// <summary>
/// A month's reports across the jurisdiction: who has reported, who has not (未填报, drafts, returned), what
/// waits for review; counts per state, region and name filters, paging, export; the deadline for reviewers.
/// </summary>
public sealed class IndexModel(ReportQueries queries, TiaoduDb db, ICurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
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
    public ReportListFilter Filter { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public ReportList Result { get; private set; } = null!;

    public ReportSettings Settings { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public bool CanReview => user.Has(Permission.ReviewReports);

    public string? SettingsError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Sets the deadline day and the reminder lead (dispatch office).</summary>
    public async Task<IActionResult> OnPostSettingsAsync(int deadlineDay, int reminderDays, int version, [FromServices] ChangeReportSettings change, CancellationToken ct)
    {
        if (!CanReview)
        {
            return Forbid();
        }

        try
        {
            await change.HandleAsync(deadlineDay, reminderDays, version, ct);
            Flash.Success(TempData, l["Reports.Flash.Settings"]);
            return Redirect(ListUrl());
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException)
        {
            SettingsError = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var today = Today;
        (Year, Month) = Infrastructure.ReportingMonth.Choose(Year, Month, today);
        Result = await queries.ListAsync(Year.Value, Month.Value, Region, Q, Filter, PageNumber, PageSize, ct);
        Settings = await queries.SettingsAsync(ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    /// <summary>This list's address with some of its conditions changed.</summary>
    public string ListUrl(ReportListFilter? filter = null, int? page = null, bool export = false, string? format = null)
    {
        var query = new List<string>
        {
            "year=" + Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), "month=" + Month?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(Region))
        {
            query.Add("region=" + Uri.EscapeDataString(Region));
        }

        if (!string.IsNullOrEmpty(Q))
        {
            query.Add("q=" + Uri.EscapeDataString(Q));
        }

        if (export)
        {
            query.Add("format=" + format);
            return "/api/reports/export?" + string.Join('&', query);
        }

        var f = filter ?? Filter;
        if (f != ReportListFilter.All)
        {
            query.Add("filter=" + f);
        }

        if ((page ?? 1) > 1)
        {
            query.Add("page=" + page!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return "/reports?" + string.Join('&', query);
    }

    public int Count(ReportListFilter f) => f switch
    {
        ReportListFilter.NotReported => Result.NotReported,
        ReportListFilter.Submitted => Result.Counts[ReportState.Submitted],
        ReportListFilter.Returned => Result.Counts[ReportState.Returned],
        ReportListFilter.Approved => Result.Counts[ReportState.Approved],
        _ => Result.Projects,
    };
}
