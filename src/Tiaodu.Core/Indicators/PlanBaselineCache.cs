using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Indicators;

/// <summary>
/// The approved baseline of each year as the indicators read it (project → in plan, annual plan, scaled).
/// A baseline never changes once approved, so each year is loaded once per instance; a year without an
/// approved plan is asked again next time.
/// </summary>
public sealed class PlanBaselineCache
{
    private readonly ConcurrentDictionary<int, IReadOnlyDictionary<int, (bool InPlan, long Plan)>> _years = new();

    public async Task<IReadOnlyDictionary<int, (bool InPlan, long Plan)>?> ForYearAsync(TiaoduDb db, int year, CancellationToken ct)
    {
        if (_years.TryGetValue(year, out var known))
        {
            return known;
        }

        if (!await db.YearPlans.AsNoTracking().AnyAsync(p => p.Year == year, ct))
        {
            return null;
        }

        var lines = await db.PlanBaselineLines.AsNoTracking().Where(b => b.Year == year)
            .Select(b => new { b.ProjectId, b.InPlan, b.AnnualPlan }).ToListAsync(ct);
        var map = lines.ToDictionary(b => b.ProjectId, b => (b.InPlan, LedgerSnapshot.Scale(b.AnnualPlan ?? 0m)));
        return _years.GetOrAdd(year, map);
    }
}
