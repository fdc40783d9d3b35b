using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Core.Indicators;

/// <summary>One region's line in a ranking: the indicator set of its subtree under the same filter.</summary>
public sealed record RegionStanding(Region Region, int Rank, IndicatorSet Set)
{
    public decimal? CompletionRate => Set.Value(K.CompletionRate);

    /// <summary>Percentage points ahead of (positive) or behind 序时进度.</summary>
    public decimal? PointsVsTime => Set.Value(K.CompletionVsTime);

    public decimal Ytd => Set.Value(K.Ytd) ?? 0m;

    public decimal AnnualPlan => Set.Value(K.AnnualPlan) ?? 0m;

    public int Projects => (int)(Set.Value(K.Projects) ?? 0m);

    public decimal? StartRate => Set.Value(K.StartRate);

    /// <summary>The list of the region's projects behind its figures.</summary>
    public ProjectFilter Drill => Set[K.Projects].Drill!;
}

/// <summary>The regions one level below a region, each with its indicators, ranked.</summary>
public sealed record RegionRankingResult(Region? Parent, int Year, DateOnly AsOf, int MonthsElapsed, decimal TimeProgress, IReadOnlyList<RegionStanding> Rows);

/// <summary>
/// Ranks the regions directly below the filter's region (districts of a city, cities of a province) by
/// 投资完成率 against 序时进度, then by year-to-date investment. Every figure is the indicator service's own
/// answer for that region's subtree under the same filter, so a ranking line and the dashboard of that
/// region agree. Regions the viewer's jurisdiction does not reach are left out rather than shown as zero.
/// </summary>
public sealed class RegionRanking(TiaoduDb db, ComputeIndicators indicators, LedgerQueryBuilder ledger)
{
    public async Task<RegionRankingResult> HandleAsync(ProjectFilter filter, CancellationToken ct)
    {
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var scope = await ledger.ViewScopeAsync(ct);
        var (year, asOf, month) = ledger.Period(filter);
        var (parent, children) = regions.Breakdown(filter.Region);
        var visible = children.Where(child => scope.All
            || (scope.RegionIds is { } ids && regions.Subtree(child).Any(r => ids.Contains(r.Id)))).ToList();

        var standings = new List<(Region Region, IndicatorSet Set)>(visible.Count);
        foreach (var child in visible)
        {
            standings.Add((child, await indicators.HandleAsync(filter with { Region = child.Key, Page = 1 }, ct)));
        }

        var ranked = standings
            .OrderByDescending(s => s.Set.Value(K.CompletionRate).HasValue)
            .ThenByDescending(s => s.Set.Value(K.CompletionRate) ?? 0m)
            .ThenByDescending(s => s.Set.Value(K.Ytd) ?? 0m)
            .ThenBy(s => s.Region.Code, StringComparer.Ordinal)
            .ToList();
        var rows = new List<RegionStanding>(ranked.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            // Equal rates share a rank (1, 2, 2, 4); a region without an annual plan has no rate and no rank order among peers.
            var rate = ranked[i].Set.Value(K.CompletionRate);
            var rank = i > 0 && rate == ranked[i - 1].Set.Value(K.CompletionRate) ? rows[i - 1].Rank : i + 1;
            rows.Add(new RegionStanding(ranked[i].Region, rank, ranked[i].Set));
        }

        return new RegionRankingResult(parent, year, asOf, month, IndicatorFormulas.TimeProgress(month), rows);
    }
}
