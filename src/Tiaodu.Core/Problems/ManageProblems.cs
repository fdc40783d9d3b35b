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
