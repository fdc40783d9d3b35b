using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Tiaodu.Core.Cockpit;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Reference;

namespace Tiaodu.Web.Pages.Cockpit;

/// <summary>
/// The cockpit's charts as one JSON object for <c>cockpit.js</c>: every bar, slice, point and area carries the
/// link to the projects behind it, so a click on a chart element opens that list. Money is shown in 亿元 when
/// the figures are large, in 万元 otherwise.
/// </summary>
public static class CockpitCharts
{
    public static string Json(CockpitView view, RegionDirectory regions, IStringLocalizer l)
    {
        var filter = view.Set[FigureKeys.Projects].Drill!;
        var inYi = Math.Abs(view.Set.Value(FigureKeys.TotalInvestment) ?? 0m) >= 10_000m;
        double Money(decimal wan) => (double)Math.Round(inYi ? wan / 10_000m : wan, 2);
        static double? Percent(decimal? ratio) => ratio is null ? null : (double)Math.Round(ratio.Value * 100m, 1);

        var trend = view.Trend;
        var months = Math.Clamp(trend.MonthsElapsed, 0, 12);
        var asOf = view.Set.AsOf;
        var model = new
        {
            unit = l[inYi ? "Unit.Yi" : "Unit.Wan"].Value,
            labels = new
            {
                rate = l["Cockpit.Chart.Rate"].Value,
                time = l["Figure." + FigureKeys.TimeProgress].Value,
                projects = l["Cockpit.Chart.Projects"].Value,
                investment = l["Cockpit.Chart.Investment"].Value,
                red = l["Lights.Color.Red"].Value,
                yellow = l["Lights.Color.Yellow"].Value,
                green = l["Cockpit.Map.NoLight"].Value,
            },
            trend = new
            {
                months = Enumerable.Range(1, 12).Select(m => Text(l, "Dashboard.Chart.MonthLabel", m)).ToList(),
                thisYearName = Text(l, "Dashboard.Chart.YearName", trend.Year),
                lastYearName = Text(l, "Dashboard.Chart.YearName", trend.Year - 1),
                thisYear = trend.ThisYear.Take(months).Select(Money).ToList(),
                lastYear = trend.LastYear.Select(Money).ToList(),
                links = Enumerable.Range(1, months).Select(m =>
                {
                    var monthEnd = new DateOnly(trend.Year, m, DateTime.DaysInMonth(trend.Year, m));
                    return Link(filter with { AsOf = monthEnd < asOf ? monthEnd : asOf });
                }).ToList(),
            },
            ranking = new
            {
                time = Percent(view.Ranking.TimeProgress),
                rows = view.Ranking.Rows.Select(r => new
                {
                    name = r.Region.Name,
                    rank = r.Rank,
                    rate = Percent(r.CompletionRate),
                    ytd = Money(r.Ytd),
                    link = Link(r.Drill),
                }).ToList(),
            },
            industries = Slices(view.Industries, Money, l, false),
            categories = Slices(view.Categories, Money, l, false),
            bands = Slices(view.Bands, Money, l, true),
            map = new
            {
                prefixes = regions.Ancestors(view.Region).Prepend(view.Region).Select(r => CodePrefix(r.Code)).Where(p => p.Length > 0).ToList(),
                areas = regions.Subtree(view.Region).Where(r => !string.IsNullOrEmpty(r.Code))
                    .ToDictionary(r => r.Code!, r => Link(filter with { Region = r.Key })),
                points = view.Points.Select(p => new
                {
                    name = p.Name,
                    value = new[] { p.Longitude, p.Latitude, Money(p.TotalInvestment) },
                    size = Math.Round(6 + (4 * Math.Log10(Math.Max(1.0, (double)p.TotalInvestment / 5_000.0))), 1),
                    light = p.Light switch { LightColor.Red => "red", LightColor.Yellow => "yellow", _ => "none" },
                    link = "/projects/" + p.Id.ToString(CultureInfo.InvariantCulture),
                }).ToList(),
            },
        };
        return JsonSerializer.Serialize(model);
    }

    public static string Link(ProjectFilter drill) => "/projects?" + drill.ToQueryString();

    /// <summary>A GB/T 2260 code without its trailing zero pairs: 220000 → 22, 220100 → 2201, 220104 → 220104.</summary>
    public static string CodePrefix(string? code)
    {
        var c = code?.Trim() ?? "";
        while (c.Length > 2 && c.EndsWith("00", StringComparison.Ordinal))
        {
            c = c[..^2];
        }

        return c;
    }

    private static List<object> Slices(IReadOnlyList<StructureSlice> slices, Func<decimal, double> money, IStringLocalizer l, bool bands) =>
        [.. slices.Select(s => (object)new
        {
            name = bands ? l["Projects.Band." + s.Name].Value : s.Name,
            value = money(s.Investment),
            count = s.Projects,
            link = Link(s.Drill),
        })];

    private static string Text(IStringLocalizer l, string key, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, l[key], args);
}
