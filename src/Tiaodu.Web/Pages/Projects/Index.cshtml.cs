using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>The ledger: every condition of <see cref="ProjectFilter"/> in the URL, so a dashboard figure can link here.</summary>
public sealed class IndexModel(TiaoduDb db, IStringLocalizer<SharedResource> l) : PageModel
{
    public static readonly int[] PageSizes = [20, 50, 100];

    public ProjectFilter Filter { get; private set; } = new();

    public PageOf<ProjectListItem> Result { get; private set; } = new([], 0, 1, 20);

    public ProjectChoices Choices { get; private set; } = null!;

    /// <summary>The ledger year the year columns and year conditions refer to.</summary>
    public int Year { get; private set; }

    /// <summary>The date the figures are taken at.</summary>
    public DateOnly AsOf { get; private set; }

    /// <summary>Chips for the active conditions, each with the list URL without it.</summary>
    public IReadOnlyList<FilterChip> Chips { get; private set; } = [];

    /// <summary>Query keys whose values could not be read and were ignored.</summary>
    public IReadOnlyList<string> Ignored { get; private set; } = [];

    private static readonly string[] PeriodKeys = ["year", "asOf"];

    public bool ShowYear => Filter.HasYearConditions;

    public bool MoreOpen =>
        Filter.Industry is not null || Filter.Category is not null || Filter.Nature is not null || Filter.Stage is not null
        || Filter.Sector is not null || Filter.Leader is not null || Filter.Officer is not null || Filter.Band is not null
        || Filter.Tag is not null || Filter.YearNature is not null || Filter.InStats is not null || Filter.Industrial is not null
        || Filter.HasLand is not null || Filter.AsOf is not null;

    /// <summary>Red and yellow lights of the listed projects in the list's month (the as-of month, or December of a past year).</summary>
    public Dictionary<int, Core.Lights.LightColor> Lights { get; private set; } = [];

    public async Task OnGetAsync([FromServices] ListProjects list, [FromServices] LedgerQueryBuilder ledger, [FromServices] Core.Lights.LightQueries lights, CancellationToken ct)
    {
        await BindFilterAsync();
        Filter = Filter.WithinRange(out var outOfRange);
        if (outOfRange.Count > 0)
        {
            Ignored = [.. Ignored, .. PeriodKeys.Where(k => Request.Query.ContainsKey(k) && !Ignored.Contains(k))];
        }

        Choices = await ProjectChoices.LoadAsync(db, ct);
        AsOf = Filter.AsOf ?? ledger.Today;
        Year = Filter.Year ?? AsOf.Year;
        Result = await list.HandleAsync(Filter, ct);
        Lights = await lights.ColorsAsync([.. Result.Items.Select(p => p.Id)], Year, AsOf.Year == Year ? AsOf.Month : 12, ct);
        Chips = FilterChips.For(Filter, Choices, l);
    }

    /// <summary>Takes a project out of the recycle bin; returns to <paramref name="returnTo"/> (a project page) or the list.</summary>
    public async Task<IActionResult> OnPostRestoreAsync(int id, int version, string? returnTo, [FromServices] DeleteProject delete, CancellationToken ct)
    {
        await BindFilterAsync();
        try
        {
            var project = await delete.RestoreAsync(id, version, ct);
            Flash.Success(TempData, l["Projects.Flash.Restored", project.Name]);
        }
        catch (Exception e) when (e is ConflictException or NotFoundException)
        {
            Flash.Warning(TempData, e.Message);
        }

        return returnTo is not null && returnTo.StartsWith("/projects/", StringComparison.Ordinal) && Url.IsLocalUrl(returnTo)
            ? LocalRedirect(returnTo)
            : Redirect(ListUrl(Filter));
    }

    /// <summary>The list URL for a filter, with paging and sorting.</summary>
    public static string ListUrl(ProjectFilter filter)
    {
        var query = filter.ToQueryString(withPaging: true);
        return query.Length == 0 ? "/projects" : "/projects?" + query;
    }

    public string SortUrl(string key)
    {
        var current = Filter.Sort ?? "name";
        return ListUrl(Filter with { Sort = key, Desc = current == key && !Filter.Desc, Page = 1 });
    }

    /// <summary>"▲" or "▼" on the column the list is sorted by.</summary>
    public string SortMark(string key) => (Filter.Sort ?? "name") != key ? "" : Filter.Desc ? "▼" : "▲";

    public string DetailsUrl(int id) =>
        "/projects/" + id.ToString(CultureInfo.InvariantCulture) + "?back=" + Uri.EscapeDataString(Filter.ToQueryString(withPaging: true));

    /// <summary>
    /// Reads the filter from the query string only: Razor Pages keeps its own route value named "page",
    /// which would otherwise shadow the page number.
    /// </summary>
    private async Task BindFilterAsync()
    {
        var filter = new ProjectFilter();
        var query = new QueryStringValueProvider(BindingSource.Query, Request.Query, CultureInfo.InvariantCulture);
        await TryUpdateModelAsync(filter, "", query);
        Ignored = ModelState.Where(e => e.Value is { Errors.Count: > 0 })
            .Select(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..] + "=" + e.Value!.AttemptedValue).ToList();
        ModelState.Clear();
        filter.PageSize = Math.Clamp(filter.PageSize, 1, ListProjects.MaxPageSize);
        Filter = filter;
    }
}
