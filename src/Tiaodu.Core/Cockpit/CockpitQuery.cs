using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Core.Cockpit;

/// <summary>
/// One slice of a structure chart (an industry, a category, a size band) and the projects behind it; a size
/// band's name is its <see cref="SizeBand"/> member, which the page translates.
/// </summary>
public sealed record StructureSlice(string Name, int Projects, decimal Investment, decimal Ytd, ProjectFilter Drill);

/// <summary>A project on the map, coloured by its counted light of the month (null = no light).</summary>
public sealed record MapPoint(int Id, string Name, double Longitude, double Latitude, decimal TotalInvestment, LightColor? Light);

/// <summary>Everything the cockpit, the big screen and the cockpit API draw, for one filter and as-of date.</summary>
public sealed record CockpitView(
    Region Region,
    IndicatorSet Set,
    YtdTrend Trend,
    RegionRankingResult Ranking,
    IReadOnlyList<StructureSlice> Industries,
    IReadOnlyList<StructureSlice> Categories,
    IReadOnlyList<StructureSlice> Bands,
    LightList Lights,
    int OverdueProblems,
    IReadOnlyList<ProblemRow> Overdue,
    IReadOnlyList<MapPoint> Points)
{
    /// <summary>The month whose lights are shown: the as-of month, or December of a past year.</summary>
    public int LightMonth => Lights.Month;
}

/// <summary>
/// Gathers the cockpit from the services that own each figure — indicators, ranking, lights, problems — so the
/// cockpit never counts differently from the dashboard, the lists or the bulletin. Every slice carries the filter
/// of its projects; everything is cut by the viewer's jurisdiction and taken as of the filter's date.
/// </summary>
public sealed class CockpitQuery(TiaoduDb db, ComputeIndicators indicators, RegionRanking ranking, LightQueries lights, ProblemQueries problems, LedgerQueryBuilder ledger)
{
    /// <summary>Points beyond this are left off the map (the largest projects are kept); the lists behind it stay complete.</summary>
    public const int MaxMapPoints = 5000;

    public const int ListLength = 10;

    public async Task<CockpitView> HandleAsync(ProjectFilter filter, CancellationToken ct)
    {
        var names = await ReferenceNames.LoadAsync(db, ct);
        var region = names.Regions.ByKey(filter.Region) ?? throw new NotFoundException("地区不存在");
        var (year, asOf, _) = ledger.Period(filter);
        filter = filter with { Region = region.Key, Year = year, AsOf = asOf, Page = 1, Sort = null, Desc = false };

        var set = await indicators.HandleAsync(filter, ct);
        var trend = await indicators.TrendAsync(filter, ct);
        var ranked = await ranking.HandleAsync(filter, ct);
        var industries = await SlicesAsync(names.List(LookupKind.Industry).Where(l => l.ParentId is null), id => filter with { Industry = id }, ct);
        var categories = await SlicesAsync(names.List(LookupKind.Category), id => filter with { Category = id }, ct);
        var bands = Enum.GetValues<SizeBand>().Select(b => new StructureSlice(b.ToString(),
            (int)(set.Value(K.BandCount(b)) ?? 0m), set.Value(K.BandInvestment(b)) ?? 0m, 0m, set[K.BandCount(b)].Drill!)).ToList();

        var lightMonth = asOf.Year == year ? Math.Max(asOf.Month, 1) : 12;
        var lit = await lights.ListAsync(year, lightMonth, region.Key, null, LightFilter.Lit, null, 1, ListLength, ct);
        var (overdueCount, overdue) = await problems.OverdueAsync(new ProblemCriteria(region.Key), asOf, ListLength, ct);
        return new CockpitView(region, set, trend, ranked, industries, categories, bands, lit, overdueCount, overdue,
            await PointsAsync(filter, year, lightMonth, ct));
    }

    private async Task<List<StructureSlice>> SlicesAsync(IEnumerable<Lookup> entries, Func<int, ProjectFilter> narrow, CancellationToken ct)
    {
        var slices = new List<StructureSlice>();
        foreach (var entry in entries)
        {
            var set = await indicators.HandleAsync(narrow(entry.Id), ct);
            var count = (int)(set.Value(K.Projects) ?? 0m);
            if (count > 0)
            {
                slices.Add(new StructureSlice(entry.Name, count, set.Value(K.TotalInvestment) ?? 0m, set.Value(K.Ytd) ?? 0m, set[K.Projects].Drill!));
            }
        }

        return [.. slices.OrderByDescending(s => s.Investment).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    private async Task<List<MapPoint>> PointsAsync(ProjectFilter filter, int year, int month, CancellationToken ct)
    {
        var projects = (await ledger.BuildAsync(filter, ct)).Projects.Where(p => p.Longitude != null && p.Latitude != null);
        var located = await projects
            .OrderByDescending(p => p.TotalInvestment).ThenBy(p => p.Id).Take(MaxMapPoints)
            .Select(p => new { p.Id, p.Name, p.Longitude, p.Latitude, p.TotalInvestment })
            .ToListAsync(ct);
        var colours = await db.ProjectLights.AsNoTracking()
            .Where(l => l.Year == year && l.Month == month && l.ExemptionId == null && l.Color != LightColor.None && projects.Select(p => p.Id).Contains(l.ProjectId))
            .GroupBy(l => l.ProjectId).Select(g => new { ProjectId = g.Key, Red = g.Max(l => l.Color == LightColor.Red ? 2 : 1) })
            .ToDictionaryAsync(x => x.ProjectId, x => x.Red == 2 ? LightColor.Red : LightColor.Yellow, ct);
        return [.. located.Select(p => new MapPoint(p.Id, p.Name, p.Longitude!.Value, p.Latitude!.Value, p.TotalInvestment,
            colours.TryGetValue(p.Id, out var c) ? c : null))];
    }
}
