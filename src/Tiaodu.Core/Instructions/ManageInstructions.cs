using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Notifications;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Instructions;

public sealed record InstructionView(int Id, int ProjectId, string ProjectName, int? ProblemId, string? Problem, string Text, string By, DateTime At,
    IReadOnlyList<ReplyView> Replies, bool CanReply);

public sealed record ReplyView(string Text, string By, string? Department, DateTime At);

/// <summary>
/// Leaders' instructions (领导批示): a city or district leader writes one on a project in the jurisdiction, or
/// on one of its problems; it is pushed to the people responsible — the dispatch office of the project's
/// region and above, the project's service officer and assigned reporters, and for a problem its lead and
/// assisting departments — who answer it; the answer is pushed back to the leader.
/// </summary>
public sealed class ManageInstructions(TiaoduDb db, ProblemAccess access, Notifier notifier, TimeProvider clock, ICurrentUser user)
{
    public async Task<Instruction> GiveAsync(int projectId, int? problemId, string? text, CancellationToken ct)
    {
        if (!user.Has(Permission.GiveInstructions))
        {
            throw new ForbiddenException("只有领导可以批示");
        }

        var project = await ProjectAsync(projectId, ct);
        var what = text?.Trim() ?? "";
        if (what.Length == 0 || what.Length > Instruction.TextLength)
        {
            throw ValidationFailedException.For("text", $"请填写批示内容（不超过{Instruction.TextLength}个字）");
        }

        Problem? problem = null;
        if (problemId is { } pid && (problem = await db.Problems.Include(p => p.Assisting).FirstOrDefaultAsync(p => p.Id == pid && p.ProjectId == projectId, ct)) is null)
        {
            throw ValidationFailedException.For("problem", "该项目没有这个问题");
        }

        var instruction = new Instruction(projectId, problemId, what, user.Name, user.AccountId, clock.GetUtcNow().UtcDateTime);
        db.Instructions.Add(instruction);
        var recipients = await ResponsibleAsync(project, problem, ct);
        await notifier.NotifyAsync(NoticeTopic.Instruction, recipients.Where(a => a != user.AccountId), $"领导批示：{project.Name}",
            $"{user.Name}批示：{what}", $"/projects/{projectId}/instructions", ct);

        // The instruction and its notices are saved together.
        await ConcurrencyGuard.SaveAsync(db, ct);
        return instruction;
    }

    public async Task<InstructionReply> ReplyAsync(int instructionId, string? text, CancellationToken ct)
    {
        var instruction = await db.Instructions.FirstOrDefaultAsync(i => i.Id == instructionId, ct) ?? throw new NotFoundException("批示不存在");
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == instruction.ProjectId, ct);
        var (canReply, department) = await CanReplyAsync(project, instruction.ProblemId, ct);
        if (!canReply)
        {
            throw new NotFoundException("批示不存在");
        }

        var what = text?.Trim() ?? "";
        if (what.Length == 0 || what.Length > Instruction.TextLength)
        {
            throw ValidationFailedException.For("text", $"请填写落实情况（不超过{Instruction.TextLength}个字）");
        }

        var reply = instruction.Reply(what, user.Name, department, clock.GetUtcNow().UtcDateTime);
        if (instruction.ByAccountId is { } leader)
        {
            await notifier.NotifyAsync(NoticeTopic.Instruction, [leader], $"批示已回复：{project.Name}", $"{user.Name}：{what}", $"/projects/{project.Id}/instructions", ct);
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
        return reply;
    }

    /// <summary>
    /// A project's instructions, newest first, each with its replies and whether the reader may answer it; a
    /// department outside the project's jurisdiction reads those on the problems it leads on or assists with.
    /// </summary>
    public async Task<List<InstructionView>> ForProjectAsync(int projectId, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct) ?? throw new NotFoundException("项目不存在");
        var query = db.Instructions.AsNoTracking().Include(i => i.Replies).Where(i => i.ProjectId == projectId);
        if (!(await user.ScopeAsync(ct)).Allows(project))
        {
            if (!user.Has(Permission.AnswerProblems) || await access.DepartmentAsync(ct) is not { } department
                || !await ProblemAccess.Involving(db.Problems, department).AnyAsync(p => p.ProjectId == projectId, ct))
            {
                throw new NotFoundException("项目不存在");
            }

            var own = ProblemAccess.Involving(db.Problems, department).Select(p => p.Id);
            query = query.Where(i => i.ProblemId != null && own.Contains(i.ProblemId.Value));
        }

        var list = await query.OrderByDescending(i => i.At).ThenByDescending(i => i.Id).ToListAsync(ct);
        return await ViewsAsync(list, [project], ct);
    }

    /// <summary>Instructions not answered yet that the reader is responsible for, oldest first, for the "my work" page.</summary>
    public async Task<List<InstructionView>> AwaitingAsync(int take, CancellationToken ct)
    {
        var responsible = user.Has(Permission.EditLedger) || user.Has(Permission.ReportProgress);
        var visible = (await user.ScopeAsync(ct)).Apply(db.Projects.Where(p => !p.IsDeleted));
        var department = user.Has(Permission.AnswerProblems) ? await access.DepartmentAsync(ct) ?? -1 : -1;
        var involved = ProblemAccess.Involving(db.Problems, department).Select(p => p.Id);
        var live = db.Projects.Where(p => !p.IsDeleted).Select(p => p.Id);
        var candidates = await db.Instructions.AsNoTracking().Include(i => i.Replies)
            .Where(i => !i.Replies.Any())
            .Where(i => (responsible && visible.Any(p => p.Id == i.ProjectId))
                || (i.ProblemId != null && involved.Contains(i.ProblemId.Value) && live.Contains(i.ProjectId)))
            .OrderBy(i => i.At).ThenBy(i => i.Id).Take(take).ToListAsync(ct);
        var ids = candidates.Select(i => i.ProjectId).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        return await ViewsAsync(candidates, projects, ct);
    }

    private async Task<List<InstructionView>> ViewsAsync(List<Instruction> list, List<Project> projects, CancellationToken ct)
    {
        var names = await ReferenceNames.LoadAsync(db, ct);
        var problemIds = list.Where(i => i.ProblemId != null).Select(i => i.ProblemId!.Value).ToList();
        var problems = await db.Problems.AsNoTracking().Where(p => problemIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Description, ct);
        var byId = projects.ToDictionary(p => p.Id);
        var views = new List<InstructionView>();
        foreach (var i in list.Where(i => byId.ContainsKey(i.ProjectId)))
        {
            var (canReply, _) = await CanReplyAsync(byId[i.ProjectId], i.ProblemId, ct);
            views.Add(new InstructionView(i.Id, i.ProjectId, byId[i.ProjectId].Name, i.ProblemId, i.ProblemId is { } p ? problems.GetValueOrDefault(p) : null, i.Text, i.By, i.At,
                [.. i.Replies.OrderBy(r => r.At).Select(r => new ReplyView(r.Text, r.By, names.Lookup(r.DepartmentId), r.At))], canReply));
        }

        return views;
    }

    /// <summary>Who answers: those who run or report on the project inside the jurisdiction, and the departments on the problem.</summary>
    private async Task<(bool CanReply, int? Department)> CanReplyAsync(Project project, int? problemId, CancellationToken ct)
    {
        if (project.IsDeleted)
        {
            return (false, null);
        }

        if (user.Has(Permission.AnswerProblems) && problemId is { } pid && await access.DepartmentAsync(ct) is { } department
            && await db.Problems.AnyAsync(p => p.Id == pid && (p.LeadDepartmentId == department || p.Assisting.Any(a => a.DepartmentId == department)), ct))
        {
            return (true, department);
        }

        var responsible = user.Has(Permission.EditLedger) || user.Has(Permission.ReportProgress);
        return (responsible && (await user.ScopeAsync(ct)).Allows(project), null);
    }

    private async Task<List<int>> ResponsibleAsync(Project project, Problem? problem, CancellationToken ct)
    {
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var region = regions.ById(project.RegionId);
        var above = region is null ? [] : regions.Ancestors(region).Prepend(region).Select(r => (int?)r.Id).ToList();
        var departments = problem is null ? [] : problem.Assisting.Select(a => (int?)a.DepartmentId).Append(problem.LeadDepartmentId).Where(d => d != null).ToList();
        return await db.Accounts.AsNoTracking().Where(a => a.IsActive && (
                (a.Roles.Any(r => r.Role == Role.DispatchOffice) && above.Contains(a.RegionId))
                || db.AccountProjects.Any(x => x.AccountId == a.Id && x.ProjectId == project.Id)
                || (project.ServiceOfficerId != null && a.PersonId == project.ServiceOfficerId)
                || (a.Roles.Any(r => r.Role == Role.Department) && departments.Contains(a.DepartmentId))))
            .Select(a => a.Id).ToListAsync(ct);
    }

    private async Task<Project> ProjectAsync(int projectId, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        return project is null || !(await user.ScopeAsync(ct)).Allows(project) ? throw new NotFoundException("项目不存在") : project;
    }
}
