using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;

namespace Tiaodu.Core.Reports;

/// <summary>
/// The dispatch office's side: approve a submitted report (its figures then feed the indicators), return it
/// with a reason, or correct an approved one with a reason (the figures it replaces are kept as a revision and
/// later months' running totals follow).
/// </summary>
public sealed class ReviewReport(TiaoduDb db, TimeProvider clock, ICurrentUser user, Lights.EvaluateLights lights, Notifications.Notifier notifier)
{
    public const int ReasonLength = ReportRevision.ReasonLength;

    public async Task<MonthlyReport> ApproveAsync(int reportId, int expectedVersion, CancellationToken ct)
    {
        ReportAccess.RequireReviewer(user);
        var (report, y) = await ReportAccess.LoadReportAsync(db, user, reportId, ct);
        ConcurrencyGuard.Expect(db, report, report.Version, expectedVersion);
        var now = clock.GetUtcNow().UtcDateTime;
        report.Approve(now, user.Name);

        // The approved chain may have moved since the report was drafted: its totals follow the months before it.
        ReportAccess.Rechain(db, y, $"{report.Month}月月报审核通过后顺延累计数", user.Name, now);
        if (report.StartedOn is { } started && y.Line.StartedOn is null)
        {
            var l = y.Line;
            l.SetPlan(l.InPlan, l.NatureId, l.AnnualPlan, l.PlannedStartMonth, started);
        }

        OpenProblems(report, ReportRules.ProblemLines(report.ProblemsText), now);
        await lights.SaveAndRefreshAsync(report.ProjectId, ct);
        return report;
    }

    public async Task<MonthlyReport> ReturnAsync(int reportId, int expectedVersion, string? reason, CancellationToken ct)
    {
        ReportAccess.RequireReviewer(user);
        var why = CheckReason(reason, "退回原因");
        var (report, _) = await ReportAccess.LoadReportAsync(db, user, reportId, ct);
        ConcurrencyGuard.Expect(db, report, report.Version, expectedVersion);
        report.Return(clock.GetUtcNow().UtcDateTime, user.Name, why);

        // The submitter and everyone answering for the project's reports are told why.
        var accounts = await notifier.ReportersOfAsync(report.ProjectId, ct);
        var submitter = report.SubmittedBy is { } by ? Accounts.Account.Normalize(by) : null;
        accounts.AddRange(await db.Accounts.Where(a => a.NormalizedUserName == submitter).Select(a => a.Id).ToListAsync(ct));
        var name = await db.Projects.Where(p => p.Id == report.ProjectId).Select(p => p.Name).FirstAsync(ct);
        await notifier.NotifyAsync(Notifications.NoticeTopic.ReportReturned, accounts, $"{report.Month}月月报被退回", $"「{name}」{report.Month}月月报被调度中心退回：{why}",
            $"/projects/{report.ProjectId}/reports/{report.Year}/{report.Month}", ct);
        await lights.SaveAndRefreshAsync(report.ProjectId, ct);
        return report;
    }

    /// <summary>Changes an approved report's figures; <paramref name="input"/> carries the version the reviewer opened.</summary>
    public async Task<MonthlyReport> CorrectAsync(int reportId, ReportInput input, string? reason, CancellationToken ct)
    {
        ReportAccess.RequireReviewer(user);
        var why = CheckReason(reason, "更正原因");
        var (report, y) = await ReportAccess.LoadReportAsync(db, user, reportId, ct);
        ConcurrencyGuard.Expect(db, report, report.Version, input.Version ?? -1);
        if (report.Status != ReportStatus.Approved)
        {
            throw new ConflictException("只有审核通过的月报需要更正；未通过的月报请退回后由填报人修改");
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var others = y.Approved.Where(r => r.Id != report.Id);
        var figures = ReportRules.Check(input, ReportRules.BaseFor(others, report.Month, y.Opening), report.Year, report.Month, y.Project.TotalInvestment, today);
        var now = clock.GetUtcNow().UtcDateTime;
        var before = (report.InvestmentMonth, report.InvestmentYtd, report.InvestmentSinceStart);
        var oldProblems = ReportRules.ProblemLines(report.ProblemsText);
        report.Fill(figures);
        db.Add(new ReportRevision(report.Id, before, (figures.Month, figures.Ytd, figures.SinceStart), why, user.Name, now));
        ReportAccess.Rechain(db, y, $"{report.Month}月月报更正后顺延累计数：{why}", user.Name, now);
        OpenProblems(report, ReportRules.ProblemLines(report.ProblemsText).Except(oldProblems, StringComparer.Ordinal).ToList(), now);
        await lights.SaveAndRefreshAsync(report.ProjectId, ct);
        return report;
    }

    private void OpenProblems(MonthlyReport report, IReadOnlyList<string> lines, DateTime now)
    {
        var raised = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        foreach (var text in lines)
        {
            db.Problems.Add(new Problem(report.ProjectId, text.Length <= Problem.DescriptionLength ? text : text[..Problem.DescriptionLength], ProblemSource.Report, raised, now));
        }
    }

    private static string CheckReason(string? reason, string label)
    {
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            throw ValidationFailedException.For("reason", $"请填写{label}");
        }

        if (why.Length > ReasonLength)
        {
            throw ValidationFailedException.For("reason", $"{label}不能超过{ReasonLength}个字");
        }

        return why;
    }
}
