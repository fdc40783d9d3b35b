using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Reports;

/// <summary>A project's reporting year as the workflow needs it: the project, its line, the year's reports and last year's closing figure.</summary>
internal sealed record ReportYear(Project Project, ProjectYear Line, List<MonthlyReport> Reports, decimal Opening)
{
    public IEnumerable<MonthlyReport> Approved => Reports.Where(r => r.Status == ReportStatus.Approved);

    public MonthlyReport? Month(int month) => Reports.FirstOrDefault(r => r.Month == month);
}

internal static class ReportAccess
{
    /// <summary>Loads (tracked) a project's year for the workflow, if the project is in the user's jurisdiction and on that year's ledger.</summary>
    public static async Task<ReportYear> LoadAsync(TiaoduDb db, ICurrentUser user, int projectId, int year, CancellationToken ct)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        if (project is null || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        var line = await db.ProjectYears.Include(y => y.Tags).FirstOrDefaultAsync(y => y.ProjectId == projectId && y.Year == year, ct)
            ?? throw new ConflictException($"该项目还没有列入{year}年台账：请先由调度中心添加{year}年度计划（计划内或计划外），再填报月报");
        var reports = await db.MonthlyReports.Where(r => r.ProjectId == projectId && r.Year == year).ToListAsync(ct);
        var opening = await OpeningAsync(db, projectId, year, ct);
        return new ReportYear(project, line, reports, opening);
    }

    public static async Task<decimal> OpeningAsync(TiaoduDb db, int projectId, int year, CancellationToken ct) =>
        await db.ProjectYears.Where(y => y.ProjectId == projectId && y.Year == year - 1).Select(y => (decimal?)y.SinceStart.M12).FirstOrDefaultAsync(ct) ?? 0m;

    public static async Task<(MonthlyReport Report, ReportYear Year)> LoadReportAsync(TiaoduDb db, ICurrentUser user, int reportId, CancellationToken ct)
    {
        var found = await db.MonthlyReports.AsNoTracking().Where(r => r.Id == reportId).Select(r => new { r.ProjectId, r.Year }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("月报不存在");
        var y = await LoadAsync(db, user, found.ProjectId, found.Year, ct);
        return (y.Reports.First(r => r.Id == reportId), y);
    }

    public static void RequireReporter(ICurrentUser user)
    {
        if (!user.Has(Permission.ReportProgress) && !user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您的角色不能填报月报");
        }
    }

    public static void RequireReviewer(ICurrentUser user)
    {
        if (!user.Has(Permission.ReviewReports))
        {
            throw new ForbiddenException("只有调度中心可以审核月报");
        }
    }

    /// <summary>
    /// Re-chains the year's approved reports from the first one on: YTD(m) = YTD(m−1) + month(m), since-start
    /// likewise from the first approved month's own figure. A report whose totals move keeps its old ones as
    /// a revision. Then rebuilds the line's month-end series.
    /// </summary>
    public static void Rechain(TiaoduDb db, ReportYear y, string reason, string actor, DateTime now)
    {
        decimal ytd = 0;
        decimal? since = null;
        foreach (var r in y.Approved.OrderBy(r => r.Month).ToList())
        {
            var newYtd = ytd + r.InvestmentMonth;
            var newSince = since is { } s ? s + r.InvestmentMonth : r.InvestmentSinceStart;
            if (newYtd != r.InvestmentYtd || newSince != r.InvestmentSinceStart)
            {
                db.Add(new ReportRevision(r.Id, (r.InvestmentMonth, r.InvestmentYtd, r.InvestmentSinceStart), (r.InvestmentMonth, newYtd, newSince), reason, actor, now));
                r.Rechain(newYtd, newSince);
            }

            (ytd, since) = (newYtd, newSince);
        }

        y.Line.RebuildFigures(y.Approved, y.Opening);
        y.Project.Touch(now);
    }
}
