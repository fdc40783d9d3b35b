using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Reports;

/// <summary>
/// The reporter's side (企业填报员, 服务秘书, 专班, 调度中心): saves a month's report as a draft or submits it for
/// review. A draft or a returned report can be changed; a submitted one waits for the dispatch office, and an
/// approved one changes only through a correction.
/// </summary>
public sealed class SaveReport(TiaoduDb db, TimeProvider clock, ICurrentUser user, Lights.EvaluateLights lights)
{
    public async Task<MonthlyReport> HandleAsync(int projectId, int year, int month, ReportInput input, bool submit, CancellationToken ct)
    {
        ReportAccess.RequireReporter(user);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        ReportRules.CheckPeriod(year, month, today);
        var y = await ReportAccess.LoadAsync(db, user, projectId, year, ct);
        var report = y.Month(month);
        if (report is null && input.Version is not null)
        {
            throw new ConflictException(ConcurrencyGuard.StaleMessage);
        }

        if (report is not null)
        {
            ConcurrencyGuard.Expect(db, report, report.Version, input.Version ?? -1);
            if (report.Status is ReportStatus.Submitted or ReportStatus.Approved)
            {
                throw new ConflictException(report.Status == ReportStatus.Submitted
                    ? "月报已提交，正在等待调度中心审核，不能修改；如需修改，请联系调度中心退回"
                    : "月报已审核通过，不能修改；如数据有误，请联系调度中心更正");
            }
        }

        var figures = ReportRules.Check(input, ReportRules.BaseFor(y.Approved, month, y.Opening), year, month, y.Project.TotalInvestment, today);
        var now = clock.GetUtcNow().UtcDateTime;
        if (report is null)
        {
            report = new MonthlyReport(projectId, year, month, figures.Month, figures.Ytd, figures.SinceStart, figures.Progress, now);
            db.MonthlyReports.Add(report);
        }

        report.Fill(figures);
        if (submit)
        {
            report.Submit(now, user.Name);
        }

        await lights.SaveAndRefreshAsync(projectId, ct);
        return report;
    }
}
