using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Indicators;

/// <summary>A <see cref="ProjectFilter"/> with its reference look-ups done, ready to test facts in memory.</summary>
internal sealed record ResolvedFilter(
    ProjectFilter Filter,
    DateOnly AsOf,
    AccessScope Scope,
    HashSet<int>? RegionIds,
    HashSet<int>? IndustryIds,
    HashSet<int> NewIds,
    HashSet<int> ContinuingIds,
    HashSet<int> IndustrialIds,
    HashSet<int>? YearNatureIds)
{
    /// <summary>The same project-level conditions as <see cref="LedgerQueryBuilder"/> applies in SQL.</summary>
    public bool Matches(ProjectFacts p)
    {
        var f = Filter;
        return p.IsDeleted == f.Deleted
            && Scope.Allows(p.Id, p.RegionId, p.SectorId, p.LeaderId, p.OfficerId)
            && (RegionIds is null || RegionIds.Contains(p.RegionId))
            && (IndustryIds is null || (p.IndustryId is { } i && IndustryIds.Contains(i)))
            && (f.Category is null || p.CategoryId == f.Category)
            && (f.Nature is null || p.NatureId == f.Nature)
            && (f.Stage is null || p.StageId == f.Stage)
            && (f.Sector is null || p.SectorId == f.Sector)
            && (f.Leader is null || p.LeaderId == f.Leader)
            && (f.Officer is null || p.OfficerId == f.Officer)
            && (f.Band is not { } band || p.Total >= LedgerSnapshot.Scale(SizeBands.Threshold(band)))
            && (f.Industrial is not { } industrial || industrial == (p.CategoryId is { } c && IndustrialIds.Contains(c)))
            && (f.InStats is not { } inStats || inStats == IsInStats(p))
            && (f.HasLand is not { } hasLand || hasLand == p.Land > 0);
    }

    /// <summary>The same year-level conditions as <see cref="LedgerQueryBuilder"/> applies in SQL.</summary>
    public bool Matches(LineFacts y) => Matches(y, y.InPlan);

    /// <summary>The year-level conditions with the line's plan membership as the plan basis reads it.</summary>
    public bool Matches(LineFacts y, bool inPlan)
    {
        var f = Filter;
        return (f.InPlan is null || inPlan == f.InPlan)
            && (f.Started is not { } started || started == IsStarted(y))
            && (f.Tag is not { } tag || y.TagIds.Contains(tag))
            && (YearNatureIds is null || (y.NatureId is { } n && YearNatureIds.Contains(n)));
    }

    public bool IsStarted(LineFacts y) => y.StartedOn is { } d && d <= AsOf;

    public bool IsInStats(ProjectFacts p) => p.InStatsOn is { } d && d <= AsOf;

    public int NatureGroup(LineFacts y) =>
        y.NatureId is not { } n ? 0 : NewIds.Contains(n) ? 1 : ContinuingIds.Contains(n) ? 2 : 0;
}

/// <summary>The indicator facts computed from the in-memory snapshot; the same groups the SQL path returns.</summary>
internal static class SnapshotFacts
{
    public static List<FactGroup> Groups(LedgerSnapshot s, ResolvedFilter f, int year, int month) => Groups(s, f, year, month, null, null);

    /// <summary>
    /// The groups with the plan figures taken from <paramref name="baseline"/> (project → in plan, annual plan)
    /// when given, and only the projects in <paramref name="only"/> when given (a text search answered in SQL).
    /// </summary>
    public static List<FactGroup> Groups(LedgerSnapshot s, ResolvedFilter f, int year, int month, IReadOnlyDictionary<int, (bool InPlan, long Plan)>? baseline, IReadOnlySet<int>? only)
    {
        // Seven classifications packed into 9 bits index flat accumulators: no allocation per line.
        const int Keys = 512, Sums = 7;
        var sums = new long[Keys * Sums];
        var counts = new int[Keys];
        foreach (var y in s.Lines(year))
        {
            var (inPlan, plan) = baseline is null ? (y.InPlan, y.AnnualPlan)
                : baseline.TryGetValue(y.ProjectId, out var b) ? b : (false, 0L);
            if ((only is not null && !only.Contains(y.ProjectId)) || !s.Projects.TryGetValue(y.ProjectId, out var p) || !f.Matches(p) || !f.Matches(y, inPlan))
            {
                continue;
            }

            var band = p.Total >= 1_000_000_000L ? 3 : p.Total >= 100_000_000L ? 2 : p.Total >= 50_000_000L ? 1 : 0;
            var key = f.NatureGroup(y) | (band << 2) | Bit(inPlan, 4) | Bit(f.IsStarted(y), 5)
                | Bit(p.CategoryId is { } c && f.IndustrialIds.Contains(c), 6) | Bit(f.IsInStats(p), 7) | Bit(p.Land > 0, 8);
            counts[key]++;
            var a = key * Sums;
            sums[a] += p.Total;
            sums[a + 1] += plan;
            sums[a + 2] += month == 0 ? 0 : y.Ytd[month - 1];
            sums[a + 3] += month == 0 ? 0 : y.SinceStart[month - 1];
            sums[a + 4] += p.Land ?? 0;
            sums[a + 5] += p.Output;
            sums[a + 6] += p.Tax;
        }

        var groups = new List<FactGroup>();
        for (var key = 0; key < Keys; key++)
        {
            if (counts[key] == 0)
            {
                continue;
            }

            var a = key * Sums;
            groups.Add(new FactGroup(key & 3, (key >> 2) & 3, Has(key, 4), Has(key, 5), Has(key, 6), Has(key, 7), Has(key, 8),
                counts[key], U(sums[a]), U(sums[a + 1]), U(sums[a + 2]), U(sums[a + 3]), U(sums[a + 4]), U(sums[a + 5]), U(sums[a + 6])));
        }

        return groups;
    }

    private static int Bit(bool value, int bit) => value ? 1 << bit : 0;

    private static bool Has(int key, int bit) => (key & (1 << bit)) != 0;

    /// <summary>Year-to-date at each month end for the filter's projects in <paramref name="year"/> (project-level conditions only).</summary>
    public static decimal[] YtdByMonth(LedgerSnapshot s, ResolvedFilter f, int year, bool yearConditions)
    {
        var sums = new long[12];
        foreach (var y in s.Lines(year))
        {
            if (s.Projects.TryGetValue(y.ProjectId, out var p) && f.Matches(p) && (!yearConditions || f.Matches(y)))
            {
                for (var m = 0; m < 12; m++)
                {
                    sums[m] += y.Ytd[m];
                }
            }
        }

        return [.. sums.Select(U)];
    }

    /// <summary>Last year's month-end YTD for the same rows <see cref="SqlFacts.YtdLastYearAsync"/> sums.</summary>
    public static decimal[] YtdLastYear(LedgerSnapshot s, ResolvedFilter f, int year)
    {
        if (!f.Filter.HasYearLevelConditions)
        {
            return YtdByMonth(s, f, year - 1, yearConditions: false);
        }

        var thisYear = s.Lines(year).Where(y => f.Matches(y)).Select(y => y.ProjectId).ToHashSet();
        var sums = new long[12];
        foreach (var y in s.Lines(year - 1))
        {
            if (thisYear.Contains(y.ProjectId) && s.Projects.TryGetValue(y.ProjectId, out var p) && f.Matches(p))
            {
                for (var m = 0; m < 12; m++)
                {
                    sums[m] += y.Ytd[m];
                }
            }
        }

        return [.. sums.Select(U)];
    }

    private static decimal U(long v) => LedgerSnapshot.Unscale(v);
}
