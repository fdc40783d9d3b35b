using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using static Tiaodu.Core.Indicators.MonthColumnBinder;

namespace Tiaodu.Core.Indicators;

/// <summary>The indicator facts as one grouped SQL aggregate over the filtered year lines and their projects.</summary>
internal static class SqlFacts
{
    public static async Task<List<FactGroup>> GroupsAsync(LedgerQuery query, LedgerQueryBuilder ledger, CancellationToken ct)
    {
        var newIds = await ledger.MeaningIdsAsync(LookupKind.Nature, LookupMeaning.New, ct);
        var continuingIds = await ledger.MeaningIdsAsync(LookupKind.Nature, LookupMeaning.Continuing, ct);
        var industrialIds = await ledger.MeaningIdsAsync(LookupKind.Category, LookupMeaning.Industrial, ct);
        var asOf = query.AsOf;

        var pairs = query.Years.Join(query.ProjectsIgnoringYear, y => y.ProjectId, p => p.Id, (y, p) => new YearProject { Y = y, P = p });
        var rows = pairs.Select(Bind<YearProject, FactRow>(x => new FactRow
        {
            NatureGroup = x.Y.NatureId != null && newIds.Contains(x.Y.NatureId.Value) ? 1
                : x.Y.NatureId != null && continuingIds.Contains(x.Y.NatureId.Value) ? 2 : 0,
            Band = x.P.TotalInvestment >= 100_000m ? 3 : x.P.TotalInvestment >= 10_000m ? 2 : x.P.TotalInvestment >= 5_000m ? 1 : 0,
            InPlan = x.Y.InPlan,
            Started = x.Y.StartedOn != null && x.Y.StartedOn <= asOf,
            Industrial = x.P.CategoryId != null && industrialIds.Contains(x.P.CategoryId.Value),
            InStats = x.P.InStatsOn != null && x.P.InStatsOn <= asOf,
            HasLand = x.P.LandArea > 0,
            TotalInvestment = x.P.TotalInvestment,
            AnnualPlan = x.Y.AnnualPlan ?? 0m,
            Ytd = AtMonth(x.Y.Ytd),
            SinceStart = AtMonth(x.Y.SinceStart),
            LandArea = x.P.LandArea ?? 0m,
            ExpectedOutput = x.P.ExpectedOutput ?? 0m,
            ExpectedTax = x.P.ExpectedTax ?? 0m,
        }, query.Month));

        return await rows
            .GroupBy(r => new { r.NatureGroup, r.Band, r.InPlan, r.Started, r.Industrial, r.InStats, r.HasLand })
            .Select(g => new FactGroup(g.Key.NatureGroup, g.Key.Band, g.Key.InPlan, g.Key.Started, g.Key.Industrial, g.Key.InStats, g.Key.HasLand,
                g.Count(), g.Sum(r => r.TotalInvestment), g.Sum(r => r.AnnualPlan), g.Sum(r => r.Ytd), g.Sum(r => r.SinceStart),
                g.Sum(r => r.LandArea), g.Sum(r => r.ExpectedOutput), g.Sum(r => r.ExpectedTax)))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Last year's year-to-date figure for the same months: the ledger under the same project conditions or,
    /// when this year's set is narrowed by a tag, plan or start condition, last year's lines of those projects.
    /// </summary>
    public static async Task<decimal> YtdLastYearAsync(TiaoduDb db, LedgerQuery query, ProjectFilter filter, CancellationToken ct)
    {
        var previous = query.Year - 1;
        var pairs = db.ProjectYears.AsNoTracking().Where(y => y.Year == previous)
            .Join(LastYearProjects(query, filter), y => y.ProjectId, p => p.Id, (y, p) => new YearProject { Y = y, P = p });
        return await pairs.Select(Bind<YearProject, decimal>(x => AtMonth(x.Y.Ytd), query.Month)).SumAsync(ct);
    }

    public static IQueryable<Project> LastYearProjects(LedgerQuery query, ProjectFilter filter) =>
        filter.HasYearLevelConditions ? query.Projects : query.ProjectsIgnoringYear;

    public static async Task<decimal[]> SeriesAsync(IQueryable<ProjectYear> years, IQueryable<Project> projects, CancellationToken ct)
    {
        var lines = years.Where(y => projects.Any(p => p.Id == y.ProjectId));
        var sums = await lines.GroupBy(_ => 1).Select(g => new[]
        {
            g.Sum(y => y.Ytd.M01), g.Sum(y => y.Ytd.M02), g.Sum(y => y.Ytd.M03), g.Sum(y => y.Ytd.M04),
            g.Sum(y => y.Ytd.M05), g.Sum(y => y.Ytd.M06), g.Sum(y => y.Ytd.M07), g.Sum(y => y.Ytd.M08),
            g.Sum(y => y.Ytd.M09), g.Sum(y => y.Ytd.M10), g.Sum(y => y.Ytd.M11), g.Sum(y => y.Ytd.M12),
        }).FirstOrDefaultAsync(ct);
        return sums ?? new decimal[12];
    }
}
