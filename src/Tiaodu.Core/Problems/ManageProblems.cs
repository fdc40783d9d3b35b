using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;

namespace Tiaodu.Core.Problems;

/// <summary>
/// A project's problems as the dispatch office handles them for now: a deadline (明确解决时限), resolved with
/// how (办结情况), reopened. The project's lights are re-evaluated with each change, so a problem past its
/// deadline lights at once and a resolved one goes out.
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
    /// sets its deadline at once.
    /// </summary>
    public async Task<Problem> RaiseAsync(int projectId, int? categoryId, string? description, ProblemSource source, DateOnly? raisedOn, DateOnly? due, CancellationToken ct)
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

        if (due is not null && !user.Has(Permission.EditLedger))
        {
            errors.Add("due", "解决时限由调度中心设定");
        }
        else if (due < on)
        {
            errors.Add("due", "解决时限不能早于提出日期");
        }

        errors.ThrowIfAny();
        var problem = new Problem(projectId, text, source, on, clock.GetUtcNow().UtcDateTime);
        problem.Describe(categoryId, user.Name);
        if (due is not null)
        {
            problem.SetDeadline(due);
        }

        db.Problems.Add(problem);
        await lights.SaveAndRefreshAsync(projectId, ct);
        return problem;
    }

    public async Task<Problem> SetDeadlineAsync(int problemId, DateOnly? due, int expectedVersion, CancellationToken ct)
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

        ConcurrencyGuard.Expect(db, problem, problem.Version, expectedVersion);
        problem.SetDeadline(due);
        await lights.SaveAndRefreshAsync(problem.ProjectId, ct);
        return problem;
    }

    public async Task<Problem> ResolveAsync(int problemId, string? resolution, int expectedVersion, CancellationToken ct)
    {
        var problem = await LoadAsync(problemId, ct);
        var text = resolution?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw ValidationFailedException.For("resolution", "请填写办结情况（如何解决的）");
        }

        if (text.Length > Problem.ResolutionLength)
        {
            throw ValidationFailedException.For("resolution", $"办结情况不能超过{Problem.ResolutionLength}个字");
        }

        if (problem.Status != ProblemStatus.Open)
        {
            throw new ConflictException("问题已经解决");
        }

        ConcurrencyGuard.Expect(db, problem, problem.Version, expectedVersion);
        problem.Resolve(text, user.Name, Today);
        await lights.SaveAndRefreshAsync(problem.ProjectId, ct);
        return problem;
    }

    public async Task<Problem> ReopenAsync(int problemId, int expectedVersion, CancellationToken ct)
    {
        var problem = await LoadAsync(problemId, ct);
        if (problem.Status == ProblemStatus.Open)
        {
            throw new ConflictException("问题尚未解决");
        }

        ConcurrencyGuard.Expect(db, problem, problem.Version, expectedVersion);
        problem.Reopen();
        await lights.SaveAndRefreshAsync(problem.ProjectId, ct);
        return problem;
    }

    private async Task<Problem> LoadAsync(int problemId, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以设定问题解决时限和办结");
        }

        var problem = await db.Problems.FirstOrDefaultAsync(p => p.Id == problemId, ct) ?? throw new NotFoundException("问题不存在");
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == problem.ProjectId, ct);
        return project.IsDeleted || !(await user.ScopeAsync(ct)).Allows(project) ? throw new NotFoundException("问题不存在") : problem;
    }
}
