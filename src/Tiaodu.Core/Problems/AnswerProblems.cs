using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Problems;

/// <summary>One line of a department's inbox.</summary>
public sealed record InboxRow(int Id, int ProjectId, string ProjectName, string Description, string? Category, ProblemStatus Status, ProblemLevel Level,
    bool Leads, DateOnly RaisedOn, DateOnly? DueOn, int DaysLate, int Version, string? LastReply, SupervisionNoticeRow? OpenNotice);

public sealed record SupervisionNoticeRow(int Id, string Number, DateOnly IssuedOn, DateOnly DueOn, bool Overdue, int Version);

/// <summary>A department's inbox; <see cref="Notices"/> counts the problems it leads on with a 督办单 to answer.</summary>
public sealed record Inbox(string Department, DateOnly Today, int Overdue, int DueSoon, int Open, int Notices, IReadOnlyList<InboxRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// A responsible department's side of problem coordination: its inbox (problems it leads on or assists with,
/// overdue and due soon first), replies on the timeline, reporting a problem solved for the dispatch office
/// to close out (申请销号), and answering a 督办单 — all of it only on the department's own problems.
/// </summary>
public sealed class AnswerProblems(TiaoduDb db, ProblemAccess access, EvaluateLights lights, TimeProvider clock, ICurrentUser user)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Inbox> InboxAsync(bool done, int page, int pageSize, CancellationToken ct)
    {
        var department = await DepartmentAsync(ct);
        var today = Today;
        var soon = today.AddDays(ProblemQueries.SoonDays);
        var mine = ProblemAccess.Involving(db.Problems.AsNoTracking(), department).Where(p => db.Projects.Any(x => x.Id == p.ProjectId && !x.IsDeleted));
        var open = mine.Where(p => p.Status == ProblemStatus.Open);
        var overdue = await open.CountAsync(p => p.DueOn != null && p.DueOn < today, ct);
        var dueSoon = await open.CountAsync(p => p.DueOn != null && p.DueOn >= today && p.DueOn <= soon, ct);
        var openCount = await open.CountAsync(ct);
        var notices = await open.CountAsync(p => p.LeadDepartmentId == department && db.SupervisionNotices.Any(n => n.ProblemId == p.Id && n.AnsweredOn == null), ct);
        var rows = done ? mine.Where(p => p.Status != ProblemStatus.Open) : open;
        pageSize = Math.Clamp(pageSize, 1, ProblemQueries.MaxPageSize);
        var total = await rows.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var list = await (from p in rows
                          join x in db.Projects.AsNoTracking() on p.ProjectId equals x.Id
                          orderby (p.DueOn ?? DateOnly.MaxValue), p.Id
                          select new { P = p, x.Name })
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = list.Select(a => a.P.Id).ToList();
        var replies = (await db.ProblemActions.AsNoTracking().Where(a => ids.Contains(a.ProblemId) && a.Kind == ProblemActionKind.Replied)
                .Select(a => new { a.ProblemId, a.Id, a.Text }).ToListAsync(ct))
            .GroupBy(a => a.ProblemId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Id)!.Text);
        var openNotices = (await db.SupervisionNotices.AsNoTracking().Where(n => ids.Contains(n.ProblemId) && n.AnsweredOn == null).ToListAsync(ct))
            .GroupBy(n => n.ProblemId).ToDictionary(g => g.Key, g => g.MaxBy(n => n.Id)!);
        var names = await ReferenceNames.LoadAsync(db, ct);
        return new Inbox(names.Lookup(department) ?? "", today, overdue, dueSoon, openCount, notices,
            [.. list.Select(a => new InboxRow(a.P.Id, a.P.ProjectId, a.Name, a.P.Description, names.Lookup(a.P.CategoryId), a.P.Status, a.P.Level,
                a.P.LeadDepartmentId == department, a.P.RaisedOn, a.P.DueOn, a.P.DaysLate(today), a.P.Version, replies.GetValueOrDefault(a.P.Id),
                openNotices.TryGetValue(a.P.Id, out var n) ? new SupervisionNoticeRow(n.Id, n.Number, n.IssuedOn, n.DueOn, n.IsOverdue(today), n.Version) : null))],
            total, page, pageSize);
    }

    /// <summary>A progress reply (办理情况) from the lead or an assisting department; goes on the timeline.</summary>
    public async Task<ProblemAction> ReplyAsync(int problemId, string? text, CancellationToken ct)
    {
        var (problem, department) = await LoadAsync(problemId, lead: false, ct);
        var reply = Check(text, "reply", "请填写办理情况");
        if (problem.Status == ProblemStatus.Closed)
        {
            throw new ConflictException("问题已销号");
        }

        var action = problem.Log(ProblemActionKind.Replied, clock.GetUtcNow().UtcDateTime, user.Name, reply).ForDepartment(department);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return action;
    }

    /// <summary>The lead department reports the problem solved (办结) and asks the dispatch office to close it out.</summary>
    public async Task<Problem> ProposeCloseAsync(int problemId, string? resolution, int expectedVersion, CancellationToken ct)
    {
        var (problem, department) = await LoadAsync(problemId, lead: true, ct);
        var text = ManageProblems.CheckResolution(resolution);
        if (problem.Status != ProblemStatus.Open)
        {
            throw new ConflictException("问题不在办理中");
        }

        ConcurrencyGuard.Expect(db, problem, problem.Version, expectedVersion);
        problem.Resolve(text, user.Name, Today);
        problem.Log(ProblemActionKind.Resolved, clock.GetUtcNow().UtcDateTime, user.Name, text).ForDepartment(department);
        await lights.SaveAndRefreshAsync(problem.ProjectId, ct);
        return problem;
    }

    /// <summary>The lead department answers a 督办单 (办理情况反馈).</summary>
    public async Task<SupervisionNotice> AnswerNoticeAsync(int noticeId, string? answer, int expectedVersion, CancellationToken ct)
    {
        var notice = await db.SupervisionNotices.FirstOrDefaultAsync(n => n.Id == noticeId, ct) ?? throw new NotFoundException("督办单不存在");
        var (problem, department) = await LoadAsync(notice.ProblemId, lead: true, ct);
        var text = Check(answer, "answer", "请填写督办反馈");
        if (notice.AnsweredOn is not null)
        {
            throw new ConflictException("督办单已经反馈");
        }

        ConcurrencyGuard.Expect(db, notice, notice.Version, expectedVersion);
        notice.Record(text, user.Name, Today);

        // Earlier notices on the same problem still unanswered are answered by this answer too.
        foreach (var earlier in await db.SupervisionNotices.Where(n => n.ProblemId == notice.ProblemId && n.Id < notice.Id && n.AnsweredOn == null).ToListAsync(ct))
        {
            earlier.Record(text, user.Name, Today);
        }
        problem.Log(ProblemActionKind.SupervisionAnswered, clock.GetUtcNow().UtcDateTime, user.Name, $"{notice.Number}：{text}").ForDepartment(department);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return notice;
    }

    private static string Check(string? text, string field, string message)
    {
        var value = text?.Trim() ?? "";
        return value.Length == 0 || value.Length > SupervisionNotice.TextLength
            ? throw ValidationFailedException.For(field, $"{message}（不超过{SupervisionNotice.TextLength}个字）")
            : value;
    }

    private async Task<int> DepartmentAsync(CancellationToken ct)
    {
        if (!user.Has(Permission.AnswerProblems))
        {
            throw new ForbiddenException("只有责任部门可以办理问题");
        }

        return await access.DepartmentAsync(ct) ?? throw new ForbiddenException("您的账号未关联责任部门，请联系系统管理员");
    }

    private async Task<(Problem Problem, int Department)> LoadAsync(int problemId, bool lead, CancellationToken ct)
    {
        var department = await DepartmentAsync(ct);
        var problem = await db.Problems.Include(p => p.Assisting).FirstOrDefaultAsync(p => p.Id == problemId, ct);
        if (problem is null || !problem.Involves(department) || await db.Projects.AnyAsync(p => p.Id == problem.ProjectId && p.IsDeleted, ct))
        {
            throw new NotFoundException("问题不存在");
        }

        return lead && problem.LeadDepartmentId != department ? throw new ForbiddenException("只有牵头单位可以申请销号和反馈督办") : (problem, department);
    }
}
