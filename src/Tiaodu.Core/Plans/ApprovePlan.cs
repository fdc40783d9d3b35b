using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Plans;

public sealed record PlanTotals(int Projects, decimal AnnualPlan);

public sealed record PlanRegionRow(string Region, string Key, PlanTotals? Baseline, PlanTotals Current);

public sealed record PlanChangeRow(long Id, int ProjectId, string ProjectName, int Version, string Summary, string Reason, string Actor, DateTime At);

public sealed record PlanApproval(DateTime ApprovedAt, string ApprovedBy, int Projects, decimal AnnualPlan);

public sealed record PlanView(int Year, PlanApproval? Approved, PlanTotals? Baseline, PlanTotals Current, IReadOnlyList<PlanRegionRow> Regions,
    IReadOnlyList<PlanChangeRow> Changes, int ChangeTotal, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (ChangeTotal + PageSize - 1) / PageSize);
}

/// <summary>
/// Approving a year's plan freezes every project's line of that year as the baseline; afterwards plan changes
/// need a reason (<see cref="SaveProjectYear"/>). The plan view compares baseline and current version by region.
/// </summary>
public sealed class ApprovePlan(TiaoduDb db, TimeProvider clock, ICurrentUser user, LedgerQueryBuilder ledger)
{
    public async Task<PlanApproval> HandleAsync(int year, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以批准年度计划");
        }

        // One plan for the installation: approving it needs a jurisdiction over all of it.
        var scope = await user.ScopeAsync(ct);
        var root = await db.Regions.AsNoTracking().Where(r => r.ParentId == null).Select(r => r.Id).ToListAsync(ct);
        if (!scope.Covers(root))
        {
            throw new ForbiddenException("年度计划由全域调度中心批准：您的管辖范围不是全部区域");
        }

        if (year < SaveProjectYear.MinYear || year > clock.GetLocalNow().Year + 1)
        {
            throw ValidationFailedException.For("year", "年度超出范围");
        }

        if (await db.YearPlans.AnyAsync(p => p.Year == year, ct))
        {
            throw new ConflictException($"{year}年度计划已于此前批准并冻结，调整计划请在各项目年度计划中填写原因");
        }

        var lines = await (from y in db.ProjectYears.AsNoTracking()
                           join p in db.Projects.AsNoTracking() on y.ProjectId equals p.Id
                           where y.Year == year && !p.IsDeleted
                           select new { y.ProjectId, y.InPlan, y.AnnualPlan, y.PlannedStartMonth, y.PlanCurve }).ToListAsync(ct);
        if (!lines.Exists(l => l.InPlan))
        {
            throw new ConflictException($"{year}年度还没有列入计划的项目，不能批准");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var plan = new YearPlan(year, clock.GetUtcNow().UtcDateTime, user.Name, lines.Count(l => l.InPlan), lines.Where(l => l.InPlan).Sum(l => l.AnnualPlan ?? 0m));
        db.YearPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        db.PlanBaselineLines.AddRange(lines.Select(l => new PlanBaselineLine(year, l.ProjectId, l.InPlan, l.AnnualPlan, l.PlannedStartMonth, l.PlanCurve)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new PlanApproval(plan.ApprovedAt, plan.ApprovedBy, plan.Projects, plan.AnnualPlan);
    }

    /// <summary>Baseline against current by region (children of <paramref name="region"/>), and the changes since, inside the jurisdiction.</summary>
    public async Task<PlanView> ViewAsync(int year, string? region, int page, int pageSize, CancellationToken ct)
    {
        var projects = (await ledger.BuildAsync(new ProjectFilter { Region = region }, ct)).ProjectsIgnoringYear;
        var current = await (from y in db.ProjectYears.AsNoTracking()
                             join p in projects on y.ProjectId equals p.Id
                             where y.Year == year && y.InPlan
                             select new { p.RegionId, Plan = y.AnnualPlan ?? 0m }).ToListAsync(ct);
        var approved = await db.YearPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Year == year, ct);
        var baseline = approved is null ? [] : await (from b in db.PlanBaselineLines.AsNoTracking()
                                                      join p in projects on b.ProjectId equals p.Id
                                                      where b.Year == year && b.InPlan
                                                      select new { p.RegionId, Plan = b.AnnualPlan ?? 0m }).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var (_, children) = names.Regions.Breakdown(region);
        var baselineUnder = baseline.ToLookup(b => names.Regions.Under(children, b.RegionId));
        var currentUnder = current.ToLookup(x => names.Regions.Under(children, x.RegionId));
        PlanTotals Totals<T>(IEnumerable<T> rows, Func<T, decimal> plan) => new(rows.Count(), rows.Sum(plan));
        var rows = children.Select(c => new PlanRegionRow(c.Name, c.Key,
                approved is null ? null : Totals(baselineUnder[c.Id], b => b.Plan),
                Totals(currentUnder[c.Id], x => x.Plan)))
            .Where(r => r.Current.Projects > 0 || r.Baseline?.Projects > 0).ToList();

        var changes = db.PlanChanges.AsNoTracking().Where(c => c.Year == year && projects.Select(p => p.Id).Contains(c.ProjectId));
        pageSize = Math.Clamp(pageSize, 1, 200);
        var total = await changes.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var list = await (from c in changes
                          join p in db.Projects on c.ProjectId equals p.Id
                          orderby c.Id descending
                          select new PlanChangeRow(c.Id, c.ProjectId, p.Name, c.Version, c.Summary, c.Reason, c.Actor, c.At))
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var approval = approved is null ? null : new PlanApproval(approved.ApprovedAt, approved.ApprovedBy, approved.Projects, approved.AnnualPlan);
        return new PlanView(year, approval, approved is null ? null : Totals(baseline, b => b.Plan), Totals(current, x => x.Plan), rows, list, total, page, pageSize);
    }
}
