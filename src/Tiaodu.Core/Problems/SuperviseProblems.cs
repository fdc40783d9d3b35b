using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Problems;

/// <summary>What one daily supervision check did.</summary>
public sealed record SupervisionRun(int Issued, int Escalated);

/// <summary>
/// 督办: a problem past its deadline gets a supervision notice (督办单) with a new date to answer by. The dispatch
/// office issues one by hand, or the daily check issues it when the setting allows: once when the problem's
/// deadline passes, and again each time a notice's own date passes with the problem still open. Each missed
/// date counts; from the configured count on, every further notice also moves the problem one level up the
/// ladder (专班 → 联席会议 → 专题会议 → 常务会议).
/// </summary>
public sealed class SuperviseProblems(TiaoduDb db, TimeProvider clock, ICurrentUser user)
{
    public const int MaxNoticeDays = 90;

    /// <summary>Who the timeline names for the daily check's own notices and escalations.</summary>
    public const string AutomaticActor = "每日督办（系统）";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<SupervisionSettings> SettingsAsync(CancellationToken ct) =>
        await db.SupervisionSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new SupervisionSettings();

    public async Task<SupervisionSettings> SaveSettingsAsync(bool autoSupervise, int noticeDays, int escalateAfter, int expectedVersion, CancellationToken ct)
    {
        Require();
        var errors = new ValidationErrors();
        if (noticeDays is < 1 or > MaxNoticeDays)
        {
            errors.Add("noticeDays", $"督办时限应为1至{MaxNoticeDays}天");
        }

        if (escalateAfter is < 0 or > 10)
        {
            errors.Add("escalateAfter", "自动提级次数应为0至10（0为不自动提级）");
        }

        errors.ThrowIfAny();
        var settings = await db.SupervisionSettings.FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new SupervisionSettings();
            db.SupervisionSettings.Add(settings);
        }
        else
        {
            ConcurrencyGuard.Expect(db, settings, settings.Version, expectedVersion);
        }

        settings.Update(autoSupervise, noticeDays, escalateAfter);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return settings;
    }

    /// <summary>The notices of one problem, newest first.</summary>
    public Task<List<SupervisionNotice>> NoticesAsync(int problemId, CancellationToken ct) =>
        db.SupervisionNotices.AsNoTracking().Where(n => n.ProblemId == problemId).OrderByDescending(n => n.Id).ToListAsync(ct);

    /// <summary>Issues a 督办单 by hand on an open problem past its deadline.</summary>
    public async Task<SupervisionNotice> IssueAsync(int problemId, DateOnly? due, string? reason, CancellationToken ct)
    {
        Require();
        var problem = await db.Problems.FirstOrDefaultAsync(p => p.Id == problemId, ct) ?? throw new NotFoundException("问题不存在");
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == problem.ProjectId, ct);
        if (project.IsDeleted || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("问题不存在");
        }

        var today = Today;
        if (problem.Status != ProblemStatus.Open || problem.DueOn is not { } late || late >= today)
        {
            throw new ConflictException("只有逾期未解决的问题可以督办");
        }

        var errors = new ValidationErrors();
        if (due is not { } d || d <= today || d > today.AddDays(MaxNoticeDays))
        {
            errors.Add("due", $"请填写督办时限（今天之后，{MaxNoticeDays}天以内）");
        }

        var why = reason?.Trim();
        if (why is { Length: > SupervisionNotice.TextLength })
        {
            errors.Add("reason", $"督办事由不能超过{SupervisionNotice.TextLength}个字");
        }

        errors.ThrowIfAny();
        var notice = await IssueAsync(problem, due!.Value, string.IsNullOrEmpty(why) ? null : why, automatic: false, ct);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return notice;
    }

    /// <summary>The daily check: issues the notices due and escalates problems that missed enough dates.</summary>
    public async Task<SupervisionRun> RunAsync(CancellationToken ct)
    {
        var settings = await SettingsAsync(ct);
        if (!settings.AutoSupervise)
        {
            return new SupervisionRun(0, 0);
        }

        var today = Today;
        var late = await db.Problems
            .Where(p => p.Status == ProblemStatus.Open && p.DueOn != null && p.DueOn < today)
            .Where(p => !db.Projects.Any(x => x.Id == p.ProjectId && x.IsDeleted))
            .OrderBy(p => p.Id).ToListAsync(ct);
        var ids = late.Select(p => p.Id).ToList();
        var notices = (await db.SupervisionNotices.AsNoTracking().Where(n => ids.Contains(n.ProblemId)).Select(n => new { n.ProblemId, n.DueOn, n.IssuedOn }).ToListAsync(ct))
            .ToLookup(n => n.ProblemId);
        int issued = 0, escalated = 0;
        foreach (var problem in late)
        {
            var own = notices[problem.Id].ToList();

            // Notices issued before the current deadline was set belong to an earlier deadline the dispatch office has since moved.
            var current = own.Where(n => n.IssuedOn > problem.DueOn).ToList();
            if (current.Count > 0 && current.Max(n => n.DueOn) >= today)
            {
                continue;
            }

            await IssueAsync(problem, today.AddDays(settings.NoticeDays), null, automatic: true, ct);
            issued++;
            var missed = current.Count + 1;
            if (settings.EscalateAfter > 0 && missed >= settings.EscalateAfter && problem.Level < ProblemLevel.Executive)
            {
                var level = problem.Level + 1;
                problem.Escalate(level);
                problem.Log(ProblemActionKind.Escalated, clock.GetUtcNow().UtcDateTime, AutomaticActor, $"逾期{missed}次未解决，自动提级").WithLevel(level);
                escalated++;
            }

            await ConcurrencyGuard.SaveAsync(db, ct);
        }

        return new SupervisionRun(issued, escalated);
    }

    private async Task<SupervisionNotice> IssueAsync(Problem problem, DateOnly due, string? reason, bool automatic, CancellationToken ct)
    {
        var today = Today;
        var sequence = (await db.SupervisionNotices.Where(n => n.Year == today.Year).MaxAsync(n => (int?)n.Sequence, ct) ?? 0) + 1;
        var text = reason ?? $"该问题明确的解决时限为{problem.DueOn:yyyy年M月d日}，已逾期{problem.DaysLate(today)}天未解决。";
        var by = automatic ? AutomaticActor : user.Name;
        var notice = new SupervisionNotice(problem.Id, today.Year, sequence, today, due, problem.DueOn, text, by, automatic);
        db.SupervisionNotices.Add(notice);
        problem.Log(ProblemActionKind.Supervised, clock.GetUtcNow().UtcDateTime, by, $"{notice.Number}：{text}").WithDue(problem.DueOn, due);
        return notice;
    }

    private void Require()
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以督办");
        }
    }
}
