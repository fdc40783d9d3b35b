using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Problems;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Problems;

/// <summary>One table of problem rates (by region, category, department or level); <see cref="Link"/> makes the first column a link.</summary>
public sealed record RateTable(string Id, string FirstColumn, IReadOnlyList<ProblemRates> Rows, ProblemRates? Total, Func<ProblemRates, string?>? Link);

/// <summary>
/// Problems across the jurisdiction, overdue first, with 办结率 and 按期办结率 by region, category, lead department
/// and level; 调度中心 keeps the supervision settings here.
/// </summary>
public sealed class IndexModel(ProblemQueries queries, ReadProblem details, SuperviseProblems supervise, ICurrentUser user, TiaoduDb db,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public ProblemFilter Filter { get; set; } = ProblemFilter.Overdue;

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public ProblemLevel? Level { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public ProblemList Result { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public IReadOnlyList<Lookup> Departments { get; private set; } = [];

    /// <summary>The supervision settings, for 调度中心 only.</summary>
    public SupervisionSettings? Settings { get; private set; }

    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostSettingsAsync(bool autoSupervise, int noticeDays, int escalateAfter, int version, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            return Forbid();
        }

        try
        {
            await supervise.SaveSettingsAsync(autoSupervise, noticeDays, escalateAfter, version, ct);
            Flash.Success(TempData, l["Supervision.Saved"]);
            return Redirect(ListUrl());
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Result = await queries.ListAsync(Filter, new ProblemCriteria(Region, Q, Department, Level), PageNumber, PageSize, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
        Departments = await details.DepartmentsAsync(ct);
        Settings = user.Has(Permission.EditLedger) ? await supervise.SettingsAsync(ct) : null;
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

        if (Department is { } department)
        {
            parts.Add("department=" + department.ToString(CultureInfo.InvariantCulture));
        }

        if (Level is { } level)
        {
            parts.Add("level=" + level);
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
