using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Problems;

public sealed record TimelineEntry(ProblemActionKind Kind, DateTime At, string By, string? Department, string? Text, DateOnly? DueBefore, DateOnly? DueAfter, ProblemLevel? Level);

/// <summary>
/// One problem as its page shows it: the project, the departments, the deadline, the 督办单 and the timeline,
/// and what the viewer may do with it.
/// </summary>
public sealed record ProblemDetail(Problem Problem, string ProjectName, string Region, string? Category, string? Lead, IReadOnlyList<string> Assisting,
    IReadOnlyList<SupervisionNotice> Notices, IReadOnlyList<TimelineEntry> Timeline, DateOnly Today, bool CanManage, bool CanReply, bool IsLead, bool SeesProject)
{
    public int DaysLate => Problem.DaysLate(Today);
}

/// <summary>Reads one problem for whoever may see it: the project is in the jurisdiction, or the viewer's department is on it.</summary>
public sealed class ReadProblem(TiaoduDb db, ProblemAccess access, TimeProvider clock, ICurrentUser user)
{
    public async Task<ProblemDetail> GetAsync(int problemId, CancellationToken ct)
    {
        var problem = await db.Problems.AsNoTracking().Include(p => p.Assisting).FirstOrDefaultAsync(p => p.Id == problemId, ct)
            ?? throw new NotFoundException("问题不存在");
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == problem.ProjectId, ct);
        var department = user.Has(Permission.AnswerProblems) ? await access.DepartmentAsync(ct) : null;
        var involved = department is { } d && problem.Involves(d);
        var listed = await access.ListedDepartmentAsync(ct);
        var seesProject = user.Has(Permission.ViewLedger) && (await user.ScopeAsync(ct)).Allows(project);
        if (project.IsDeleted || !(involved || (seesProject && listed is null)))
        {
            throw new NotFoundException("问题不存在");
        }

        var names = await ReferenceNames.LoadAsync(db, ct);
        var actions = await db.ProblemActions.AsNoTracking().Where(a => a.ProblemId == problemId).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);
        var notices = await db.SupervisionNotices.AsNoTracking().Where(n => n.ProblemId == problemId).OrderByDescending(n => n.Id).ToListAsync(ct);
        return new ProblemDetail(problem, project.Name, names.Region(project.RegionId), names.Lookup(problem.CategoryId), names.Lookup(problem.LeadDepartmentId),
            [.. problem.Assisting.Select(a => names.Lookup(a.DepartmentId) ?? "#" + a.DepartmentId)],
            notices,
            [.. actions.Select(a => new TimelineEntry(a.Kind, a.At, a.By, names.Lookup(a.DepartmentId), a.Text, a.DueBefore, a.DueAfter, a.Level))],
            DateOnly.FromDateTime(clock.GetLocalNow().DateTime),
            CanManage: user.Has(Permission.EditLedger) && seesProject,
            CanReply: involved,
            IsLead: involved && problem.LeadDepartmentId == department,
            SeesProject: seesProject);
    }

    /// <summary>The active departments, for choosing a lead and assisting ones.</summary>
    public Task<List<Lookup>> DepartmentsAsync(CancellationToken ct) =>
        db.Lookups.AsNoTracking().Where(l => l.Kind == LookupKind.Department && l.IsActive).OrderBy(l => l.SortOrder).ThenBy(l => l.Id).ToListAsync(ct);
}
