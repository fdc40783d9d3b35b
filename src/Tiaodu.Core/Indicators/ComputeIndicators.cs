using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Indicators;

/// <summary>
/// The one indicator service: every page, export, API call and CLI verb asks it, and every figure carries
/// the filter that lists its projects. Facts come from the in-memory ledger snapshot; a text search, which
/// the snapshot does not index, is answered by the same aggregate in SQL. Both read from <see cref="ReadDb"/>
/// (a read replica when one is configured).
/// </summary>
public sealed class ComputeIndicators(ReadDb read, LedgerSnapshotCache cache, PlanBaselineCache baselines)
{
    private readonly TiaoduDb db = read.Db;
    private readonly LedgerQueryBuilder ledger = read.Ledger;

    public async Task<IndicatorSet> HandleAsync(ProjectFilter filter, CancellationToken ct)
    {
        var (year, asOf, month) = ledger.Period(filter);
        var baseline = filter.Baseline ? await baselines.ForYearAsync(db, year, ct) : null;
        var (groups, lastYear) = baseline is not null ? await BaselineFactsAsync(filter, baseline, ct)
            : string.IsNullOrWhiteSpace(filter.Q) ? await SnapshotFactsAsync(filter, ct)
            : await SqlFactsAsync(filter, ct);
        var baseFilter = filter with { Year = year, AsOf = asOf, Page = 1, Sort = null, Desc = false, Baseline = baseline is not null };
        return new IndicatorSet(year, asOf, month, new FigureBuilder(baseFilter, groups, lastYear, month).Build()) { OnBaseline = baseline is not null };
    }

    /// <summary>The snapshot's facts with the plan figures of the approved baseline; a text search narrows the projects in SQL first.</summary>
    private async Task<(List<FactGroup> Groups, decimal LastYear)> BaselineFactsAsync(ProjectFilter filter, IReadOnlyDictionary<int, (bool InPlan, long Plan)> baseline, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(filter.Q))
        {
            var answer = await AnswerAsync(filter, baseline, ct);
            return (answer.Groups(), answer.LastYearAtMonth);
        }

        var (year, asOf, month) = ledger.Period(filter);
        var snapshot = await cache.CurrentAsync(db, [year, year - 1], ct);
        var resolved = Resolve(snapshot, filter, asOf, await ledger.ViewScopeAsync(ct));
        var query = await ledger.BuildAsync(filter with { InPlan = null, Started = null, Tag = null, YearNature = null }, ct);
        HashSet<int> only = [.. await query.ProjectsIgnoringYear.Select(p => p.Id).ToListAsync(ct)];
        var lastYear = await SqlFacts.YtdLastYearAsync(db, await ledger.BuildAsync(filter, ct), filter, ct);
        return (IndicatorAnswer.Scan(snapshot, resolved, year, month, baseline, only).Groups(), lastYear);
    }

    /// <summary>Year-to-date investment at each month end of the filter's year and of the year before.</summary>
    public async Task<YtdTrend> TrendAsync(ProjectFilter filter, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var query = await ledger.BuildAsync(filter, ct);
            return new YtdTrend(query.Year, query.Month, await SqlFacts.SeriesAsync(query.Years, query.ProjectsIgnoringYear, ct),
                await SqlFacts.SeriesAsync(db.ProjectYears.AsNoTracking().Where(y => y.Year == query.Year - 1), SqlFacts.LastYearProjects(query, filter), ct));
        }

        var answer = await AnswerAsync(filter, null, ct);
        return new YtdTrend(answer.Year, answer.Month, answer.ThisYear(), answer.LastYear());
    }

    /// <summary>The SQL answer for the same filter, kept so tests can prove the snapshot gives identical facts.</summary>
    internal async Task<(List<FactGroup> Groups, decimal LastYear)> SqlFactsAsync(ProjectFilter filter, CancellationToken ct)
    {
        var query = await ledger.BuildAsync(filter, ct);
        return (await SqlFacts.GroupsAsync(query, ledger, ct), await SqlFacts.YtdLastYearAsync(db, query, filter, ct));
    }

    internal async Task<(List<FactGroup> Groups, decimal LastYear)> SnapshotFactsAsync(ProjectFilter filter, CancellationToken ct)
    {
        var answer = await AnswerAsync(filter, null, ct);
        return (answer.Groups(), answer.LastYearAtMonth);
    }

    /// <summary>The same facts from one fresh pass over the snapshot, bypassing kept answers (tests compare the two).</summary>
    internal async Task<IndicatorAnswer> ScannedFactsAsync(ProjectFilter filter, CancellationToken ct, int? split = null)
    {
        var (year, asOf, month) = ledger.Period(filter);
        var snapshot = await cache.CurrentAsync(db, [year, year - 1], ct);
        return IndicatorAnswer.Scan(snapshot, Resolve(snapshot, filter, asOf, await ledger.ViewScopeAsync(ct)), year, month, null, split: split);
    }

    /// <summary>The kept (incrementally maintained) answer to this question for the asking user.</summary>
    private async Task<IndicatorAnswer> AnswerAsync(ProjectFilter filter, IReadOnlyDictionary<int, (bool InPlan, long Plan)>? baseline, CancellationToken ct)
    {
        var (year, asOf, month) = ledger.Period(filter);
        var scope = await ledger.ViewScopeAsync(ct);
        var question = filter with { Year = year, AsOf = asOf };
        return await cache.AnswerAsync(db, question, scope, year, month, baseline, snapshot => Resolve(snapshot, question, asOf, scope), ct);
    }

    private static ResolvedFilter Resolve(LedgerSnapshot snapshot, ProjectFilter f, DateOnly asOf, AccessScope scope)
    {
        var reference = snapshot.Reference;
        HashSet<int>? regionIds = null;
        if (!string.IsNullOrWhiteSpace(f.Region))
        {
            var root = reference.Regions.FirstOrDefault(r => r.Key == f.Region || r.Code == f.Region);
            regionIds = root.Path is null ? [] : [.. reference.Regions.Where(r => r.Path.StartsWith(root.Path, StringComparison.Ordinal)).Select(r => r.Id)];
        }

        HashSet<int>? industryIds = f.Industry is { } industry
            ? [.. reference.Lookups.Where(l => l.Id == industry || l.ParentId == industry).Select(l => l.Id)]
            : null;
        return new ResolvedFilter(f, asOf, scope, regionIds, industryIds,
            reference.MeaningIds(LookupKind.Nature, LookupMeaning.New),
            reference.MeaningIds(LookupKind.Nature, LookupMeaning.Continuing),
            reference.MeaningIds(LookupKind.Category, LookupMeaning.Industrial),
            string.IsNullOrWhiteSpace(f.YearNature) ? null : reference.MeaningIds(LookupKind.Nature, f.YearNature));
    }
}
