using Microsoft.AspNetCore.Mvc;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core.Data;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Web.Pages;

/// <summary>A group of figures on the dashboard, in the order offices read them.</summary>
public sealed record FigureSection(string TitleKey, IReadOnlyList<string> Keys);

/// <summary>The indicator dashboard: one filter, every figure of DOMAIN §4 linked to its projects, and the YTD trend.</summary>
public sealed class IndexModel(ComputeIndicators indicators, TiaoduDb db, TimeProvider clock, IStringLocalizer<SharedResource> l, Accounts.CurrentUser me) : PageModel
{
    /// <summary>The province: the dashboard's default scope.</summary>
    public const string DefaultRegion = "220000";

    public static readonly IReadOnlyList<FigureSection> Sections =
    [
        new("Dashboard.Section.Scale",
        [
            K.Projects, K.ProjectsNew, K.ProjectsContinuing, K.NewShare,
            .. Enum.GetValues<SizeBand>().SelectMany(b => new[] { K.BandCount(b), K.BandInvestment(b) }),
        ]),
        new("Dashboard.Section.Start",
        [
            K.Planned, K.PlannedNew, K.PlannedContinuing, K.StartedNew, K.ResumedContinuing, K.StartedInPlan,
            K.StartRate, K.NewStartRate, K.ResumeRate, K.StartedOffPlan, K.StartedTotal, K.StartedVsPlan,
        ]),
        new("Dashboard.Section.Investment",
        [
            // The completion card is two cards wide; in fifth place it fills a row at 2, 3 and 4 cards per row.
            K.TotalInvestment, K.AnnualPlan, K.SinceStart, K.Ytd, K.CompletionRate, K.ProjectCompletionRate,
            K.YtdLastYear, K.YearOnYear, K.IndustrialYtd, K.IndustrialShare,
        ]),
        new("Dashboard.Section.Land",
        [
            K.LandArea, K.LandInvestment, K.IntensityYuanPerM2, K.IntensityWanPerMu, K.ExpectedOutput, K.ExpectedTax,
        ]),
        new("Dashboard.Section.Stats", [K.StartedInStats, K.InStatsRate]),
    ];

    /// <summary>Figures that get a one-line formula under the value (resource Dashboard.Formula.&lt;key&gt;).</summary>
    public static readonly IReadOnlySet<string> Explained = new HashSet<string>(StringComparer.Ordinal)
    {
        K.NewShare, K.StartRate, K.NewStartRate, K.ResumeRate, K.StartedVsPlan, K.CompletionRate, K.TimeProgress,
        K.CompletionVsTime, K.ProjectCompletionRate, K.YearOnYear, K.IndustrialShare, K.IntensityYuanPerM2,
        K.IntensityWanPerMu, K.InStatsRate,
    };

    public ProjectFilter Filter { get; private set; } = new();
    public IndicatorSet Set { get; private set; } = null!;
    public ReferenceNames Names { get; private set; } = null!;
    public Region Region { get; private set; } = null!;
    public bool UnknownRegion { get; private set; }
    public string TrendJson { get; private set; } = "{}";
    public YtdTrend Trend { get; private set; } = null!;

    /// <summary>True when a condition inside the collapsible panel is set, so the panel starts open.</summary>
    public bool MoreConditions => Filter.Tag is not null || Filter.Category is not null || Filter.Industry is not null
        || Filter.Sector is not null || Filter.Leader is not null || Filter.Band is not null;

    /// <summary>The month's lights in the region (the as-of month, or December of a past year).</summary>
    public Core.Lights.LightList? Lights { get; private set; }

    public async Task<IActionResult> OnGetAsync(ProjectFilter filter, [FromServices] Core.Lights.LightQueries lights, CancellationToken ct)
    {
        // Administrators hold no business data: each goes to the page of their duty.
        if (!me.Has(Permission.ViewLedger))
        {
            return LocalRedirect(me.Has(Permission.ReadAudit) ? "/audit"
                : me.Has(Permission.ManageAccounts) || me.Has(Permission.GrantRoles) ? "/admin/accounts"
                : "/account");
        }

        filter = filter.WithinRange(out _);
        Names = await ReferenceNames.LoadAsync(db, ct);
        if (string.IsNullOrWhiteSpace(filter.Region) && me.Account?.RegionId is { } home && Names.Regions.ById(home) is { } homeRegion)
        {
            filter = filter with { Region = homeRegion.Key };
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var region = FindRegion(filter.Region);
        UnknownRegion = region is null && !string.IsNullOrWhiteSpace(filter.Region);
        Region = region ?? Names.Regions.ByKey(DefaultRegion) ?? Names.Regions.All[0];
        var year = filter.Year is >= 2000 and <= 2100 ? filter.Year.Value : filter.AsOf?.Year ?? today.Year;
        Filter = filter with { Region = Region.Key, Year = year, AsOf = filter.AsOf ?? today, Page = 1, Sort = null, Desc = false };

        Set = await indicators.HandleAsync(Filter, ct);
        Trend = await indicators.TrendAsync(Filter, ct);
        TrendJson = JsonSerializer.Serialize(TrendModel());
        var asOf = Filter.AsOf!.Value;
        Lights = await lights.ListAsync(year, asOf.Year == year ? asOf.Month : 12, Region.Key, null, Core.Lights.LightFilter.Lit, null, 1, 1, ct);
        return Page();
    }

    public Figure Fig(string key) => Set[key];

    public static string ProjectsLink(ProjectFilter drill) => "/projects?" + drill.ToQueryString();

    /// <summary>The raw value for tests and scripts, independent of the display culture.</summary>
    public static string RawValue(Figure f) => f.Value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Regions in tree order with their depth below the root, for the indented select.</summary>
    public IEnumerable<(Region Region, int Depth)> RegionTree() => Names.Regions.Tree();

    public IEnumerable<(Lookup Entry, int Depth)> Industries()
    {
        var all = Names.List(LookupKind.Industry).ToList();
        foreach (var section in all.Where(l => l.ParentId is null))
        {
            yield return (section, 0);
            foreach (var division in all.Where(l => l.ParentId == section.Id))
            {
                yield return (division, 1);
            }
        }
    }

    public IEnumerable<Person> Leaders() =>
        Names.People.Values.Where(p => p.Role == PersonRole.Leader && p.IsActive).OrderBy(p => p.Name, StringComparer.Ordinal);

    public static string Indent(int depth) => new('\u3000', depth);

    private Region? FindRegion(string? keyOrCode) =>
        string.IsNullOrWhiteSpace(keyOrCode) ? null
            : Names.Regions.ByKey(keyOrCode) ?? Names.Regions.All.FirstOrDefault(r => r.Code == keyOrCode.Trim());

    private object TrendModel()
    {
        var thisYear = Trend.ThisYear.Take(Math.Clamp(Trend.MonthsElapsed, 0, 12)).ToList();
        var inYi = Trend.ThisYear.Concat(Trend.LastYear).Any(v => Math.Abs(v) >= 10_000m);
        double Scale(decimal wan) => (double)Math.Round(inYi ? wan / 10_000m : wan, 2);
        var asOf = Filter.AsOf!.Value;
        var links = Enumerable.Range(1, thisYear.Count).Select(m =>
        {
            var monthEnd = new DateOnly(Trend.Year, m, DateTime.DaysInMonth(Trend.Year, m));
            return ProjectsLink(Filter with { AsOf = monthEnd < asOf ? monthEnd : asOf });
        }).ToList();
        return new
        {
            months = Enumerable.Range(1, 12).Select(m => Text("Dashboard.Chart.MonthLabel", m)).ToList(),
            thisYearName = Text("Dashboard.Chart.YearName", Trend.Year),
            lastYearName = Text("Dashboard.Chart.YearName", Trend.Year - 1),
            unit = Text(inYi ? "Unit.Yi" : "Unit.Wan"),
            thisYear = thisYear.Select(Scale).ToList(),
            lastYear = Trend.LastYear.Select(Scale).ToList(),
            links,
        };
    }

    private string Text(string key, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, l[key], args);
}
