using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;

namespace Tiaodu.Core.Problems;

/// <summary>
/// A project's problems as the dispatch office (调度中心) coordinates them: raised, assigned to a lead and
/// assisting departments, given a deadline (明确解决时限) and extended with a reason, escalated up the ladder,
/// resolved (办结), closed out (销号) and reopened — each step on the problem's timeline. The project's lights
/// are re-evaluated with each change of deadline or status, so a problem past its deadline lights at once and
/// a resolved one goes out.
/// </summary>
public sealed class ManageProblems(TiaoduDb db, LedgerQueryBuilder ledger, EvaluateLights lights, TimeProvider clock, ICurrentUser user)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>A project's problems, open first (the most urgent deadline first), inside the jurisdiction.</summary>
    public async Task<List<Problem>> ForProjectAsync(int projectId, CancellationToken ct)
    {
        var scope = await ledger.ViewScopeAsync(ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || !scope.Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        var all = await db.Problems.AsNoTracking().Where(p => p.ProjectId == projectId).ToListAsync(ct);
        return [.. all.OrderBy(p => p.Status == ProblemStatus.Open ? 0 : 1).ThenBy(p => p.DueOn ?? DateOnly.MaxValue).ThenBy(p => p.RaisedOn).ThenBy(p => p.Id)];
    }

    /// <summary>Sources a problem raised by hand can come from (reports and imports record their own).</summary>
    public static readonly IReadOnlyList<ProblemSource> HandSources = [ProblemSource.SiteVisit, ProblemSource.ServiceDay, ProblemSource.Meeting, ProblemSource.Hotline, ProblemSource.Leader];

    /// <summary>
    /// Records a problem a project raised by another way than its monthly report (a site visit, a service day,
    /// a meeting, the 12345 hotline, a leader): anyone who reports progress on the project; only 调度中心 also
    /// sets its deadline and its departments at once.
    /// </summary>
    public async Task<Problem> RaiseAsync(int projectId, int? categoryId, string? description, ProblemSource source, DateOnly? raisedOn, DateOnly? due, CancellationToken ct,
        int? leadDepartmentId = null, IReadOnlyCollection<int>? assisting = null)
    {
        if (!user.Has(Permission.EditLedger) && !user.Has(Permission.ReportProgress))
        {
            throw new ForbiddenException("您的角色不能提出问题");
        }

        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        if (project is null || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        var errors = new ValidationErrors();
        var text = description?.Trim() ?? "";
        if (text.Length == 0 || text.Length > Problem.DescriptionLength)
        {
            errors.Add("description", $"请填写问题描述（不超过{Problem.DescriptionLength}个字）");
        }

        if (categoryId is null || !await db.Lookups.AnyAsync(l => l.Id == categoryId && l.Kind == Reference.LookupKind.ProblemCategory && l.IsActive, ct))
        {
            errors.Add("category", "请选择问题类别");
        }

        if (!HandSources.Contains(source))
        {
            errors.Add("source", "请选择问题来源");
        }

        var on = raisedOn ?? Today;
        if (on > Today || on.Year < SaveProjectYear.MinYear)
        {
            errors.Add("raisedOn", "提出日期不能晚于今天");
        }

        var assigns = leadDepartmentId is not null || assisting is { Count: > 0 };
        if ((due is not null || assigns) && !user.Has(Permission.EditLedger))
        {
            errors.Add(due is not null ? "due" : "lead", "解决时限和责任单位由调度中心设定");
        }
        else if (due < on)
        {
            errors.Add("due", "解决时限不能早于提出日期");
        }

        if (assigns)
        {
            await CheckDepartmentsAsync(errors, leadDepartmentId, assisting ?? [], ct);
        }

        errors.ThrowIfAny();
        var now = clock.GetUtcNow().UtcDateTime;
        var problem = new Problem(projectId, text, source, on, now);
        problem.Describe(categoryId, user.Name);
        problem.Log(ProblemActionKind.Raised, now, user.Name, text);
        if (assigns)
        {
            problem.Assign(leadDepartmentId, assisting ?? []);
            problem.Log(ProblemActionKind.Assigned, now, user.Name, await DepartmentNamesAsync(problem, ct));
        }

        if (due is not null)
        {
            problem.SetDeadline(due);
            problem.Log(ProblemActionKind.DeadlineSet, now, user.Name).WithDue(null, due);
        }

        db.Problems.Add(problem);
        await lights.SaveAndRefreshAsync(projectId, ct);
        return problem;
    }

    /// <summary>
    /// Sets the deadline (明确解决时限). Setting the first one needs no reason; moving one already set is an
    /// extension (延期) and needs the reason, which goes on the timeline.
    /// </summary>
    public async Task<Problem> SetDeadlineAsync(int problemId, DateOnly? due, int expectedVersion, CancellationToken ct, string? reason = null)
    {
        var problem = await LoadAsync(problemId, ct);
        if (problem.Status != ProblemStatus.Open)
        {
            throw new ConflictException("问题已解决，不能再设解决时限");
        }

        if (due is { } d && d < problem.RaisedOn)
        {
            throw ValidationFailedException.For("due", $"解决时限不能早于问题提出日期（{problem.RaisedOn:yyyy年M月d日}）");
        }

        var why = reason?.Trim() ?? "";
        var extends = problem.DueOn is not null && problem.DueOn != due;
        if (extends && why.Length == 0)
        {
            throw ValidationFailedException.For("reason", "调整已设定的解决时限须说明理由");
        }

        if (why.Length > ProblemAction.TextLength)
        {
            throw ValidationFailedException.For("reason", $"理由不能超过{ProblemAction.TextLength}个字");
        }

        ConcurrencyGuard.Expect(db, problem, problem.Version, expectedVersion);
        var before = problem.DueOn;
        problem.SetDeadline(due);
        problem.Log(extends ? ProblemActionKind.DeadlineExtended : ProblemActionKind.DeadlineSet, Now, user.Name, why.Length == 0 ? null : why).WithDue(before, due);
        if (extends)
        {
            // A new deadline ends the chase of the old one: its open 督办单 are closed with the reason.
            foreach (var notice in await db.SupervisionNotices.Where(n => n.ProblemId == problemId && n.AnsweredOn == null).ToListAsync(ct))
            {
                notice.Record($"解决时限调整为{due:yyyy年M月d日}（{why}），本督办单不再跟踪", user.Name, Today);
            }
        }

        await lights.SaveAndRefreshAsync(problem.ProjectId, ct);
        return problem;
    }

    /// <summary>Names the lead department (牵头单位) and the assisting ones (配合单位).</summary>
    public async Task<Problem> AssignAsync(int problemId, int? leadDepartmentId, IReadOnlyCollection<int> assisting, int expectedVersion, CancellationToken ct)
    {
        var problem = await LoadAsync(problemId, ct, withAssisting: true);
        if (problem.Status == ProblemStatus.Closed)
        {
            throw new ConflictException("问题已销号，不能再交办");
        }

        var errors = new ValidationErrors();
        if (leadDepartmentId is null)
        {
            errors.Add("lead", "请选择牵头单位");
        }

        await CheckDepartmentsAsync(errors, leadDepartmentId, assisting, ct);
        errors.ThrowIfAny();
        ConcurrencyGuard.Expect(db, problem, problem.Version, expectedVersion);
        problem.Assign(leadDepartmentId, assisting);
        problem.Log(ProblemActionKind.Assigned, Now, user.Name, await DepartmentNamesAsync(problem, ct));
        await ConcurrencyGuard.SaveAsync(db, ct);
        return problem;
    }

    /// <summary>Moves a problem up the ladder (or back down, with a reason): 专班 → 联席会议 → 专题会议 → 常务会议.</summary>
    public async Task<Problem> EscalateAsync(int problemId, ProblemLevel level, string? reason, int expectedVersion, CancellationToken ct)
    {
        var problem = await LoadAsync(problemId, ct);
        if (problem.Status != ProblemStatus.Open)
        {
            throw new ConflictException("只有办理中的问题可以提级");
        }

        if (!Enum.IsDefined(level) || level == problem.Level)
        {
            throw ValidationFailedException.For("level", "请选择与当前不同的协调层级");
        }

        var why = reason?.Trim() ?? "";
        if (why.Length == 0 || why.Length > ProblemAction.TextLength)
        {
            throw ValidationFailedException.For("reason", $"请填写提级理由（不超过{ProblemAction.TextLength}个字）");
        }

        ConcurrencyGuard.Expect(db, problem, problem.Version, expectedVersion);
        problem.Escalate(level);
        problem.Log(ProblemActionKind.Escalated, Now, user.Name, why).WithLevel(level);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return problem;
    }

    public async Task<Problem> ResolveAsync(int problemId, string? resolution, int expectedVersion, CancellationToken ct)
    {
        var problem = await LoadAsync(problemId, ct);
        var text = CheckResolution(resolution);
        if (problem.Status != ProblemStatus.Open)
        {
            throw new ConflictException("问题已经解决");
        }

        ConcurrencyGuard.Expect(db, problem, problem.Version, expectedVersion);
        problem.Resolve(text, user.Name, Today);
        problem.Log(ProblemActionKind.Resolved, Now, user.Name, text);
        await lights.SaveAndRefreshAsync(problem.ProjectId, ct);
        return problem;
    }

    /// <summary>Closes out (销号) a problem the department reported solved — or one 调度中心 finds solved itself, with how.</summary>
    public async Task<Problem> CloseOutAsync(int problemId, string? resolution, int expectedVersion, CancellationToken ct)
    {
        var problem = await LoadAsync(problemId, ct);
        if (problem.Status == ProblemStatus.Closed)
        {
            throw new ConflictException("问题已经销号");
        }

        ConcurrencyGuard.Expect(db, problem, problem.Version, expectedVersion);
        if (problem.Status == ProblemStatus.Open)
        {
            var text = CheckResolution(resolution);
            problem.Resolve(text, user.Name, Today);
            problem.Log(ProblemActionKind.Resolved, Now, user.Name, text);
        }

        problem.CloseOut(user.Name, Today);
        problem.Log(ProblemActionKind.ClosedOut, Now, user.Name, string.IsNullOrWhiteSpace(resolution) ? null : resolution.Trim());

        // The meetings' decisions on this problem are carried out with it.
        foreach (var decision in await db.MeetingDecisions.Where(d => d.ProblemId == problemId && d.Status == Meetings.DecisionStatus.Open).ToListAsync(ct))
        {
            decision.Complete("问题已销号", user.Name, Today);
        }
        await lights.SaveAndRefreshAsync(problem.ProjectId, ct);
        return problem;
    }

    public async Task<Problem> ReopenAsync(int problemId, int expectedVersion, CancellationToken ct, string? reason = null)
    {
        var problem = await LoadAsync(problemId, ct);
        if (problem.Status == ProblemStatus.Open)
        {
            throw new ConflictException("问题尚未解决");
        }

        ConcurrencyGuard.Expect(db, problem, problem.Version, expectedVersion);
        if (problem.Status == ProblemStatus.Closed)
        {
            foreach (var decision in await db.MeetingDecisions.Where(d => d.ProblemId == problemId && d.Status == Meetings.DecisionStatus.Done).ToListAsync(ct))
            {
                decision.Reopen();
            }
        }

        problem.Reopen();
        problem.Log(ProblemActionKind.Reopened, Now, user.Name, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        await lights.SaveAndRefreshAsync(problem.ProjectId, ct);
        return problem;
    }

    internal static string CheckResolution(string? resolution)
    {
        var text = resolution?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw ValidationFailedException.For("resolution", "请填写办结情况（如何解决的）");
        }

        return text.Length > Problem.ResolutionLength
            ? throw ValidationFailedException.For("resolution", $"办结情况不能超过{Problem.ResolutionLength}个字")
            : text;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task CheckDepartmentsAsync(ValidationErrors errors, int? lead, IReadOnlyCollection<int> assisting, CancellationToken ct)
    {
        var wanted = assisting.Append(lead ?? 0).Where(d => d > 0).Distinct().ToList();
        var found = await db.Lookups.CountAsync(l => wanted.Contains(l.Id) && l.Kind == Reference.LookupKind.Department && l.IsActive, ct);
        if (found != wanted.Count)
        {
            errors.Add("lead", "请选择有效的责任单位");
        }

        if (assisting.Count > 20)
        {
            errors.Add("assisting", "配合单位不能超过20个");
        }
    }

    private async Task<string> DepartmentNamesAsync(Problem problem, CancellationToken ct)
    {
        var ids = problem.Assisting.Select(a => a.DepartmentId).Append(problem.LeadDepartmentId ?? 0).ToList();
        var names = await db.Lookups.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var lead = problem.LeadDepartmentId is { } id && names.TryGetValue(id, out var n) ? n : "—";
        var help = problem.Assisting.Select(a => names.GetValueOrDefault(a.DepartmentId, "#" + a.DepartmentId)).ToList();
        return help.Count == 0 ? $"牵头：{lead}" : $"牵头：{lead}；配合：{string.Join("、", help)}";
    }

    private async Task<Problem> LoadAsync(int problemId, CancellationToken ct, bool withAssisting = false)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以交办、提级、设定解决时限和销号");
        }

        IQueryable<Problem> query = withAssisting ? db.Problems.Include(p => p.Assisting) : db.Problems;
        var problem = await query.FirstOrDefaultAsync(p => p.Id == problemId, ct) ?? throw new NotFoundException("问题不存在");
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == problem.ProjectId, ct);
        return project.IsDeleted || !(await user.ScopeAsync(ct)).Allows(project) ? throw new NotFoundException("问题不存在") : problem;
    }
}
