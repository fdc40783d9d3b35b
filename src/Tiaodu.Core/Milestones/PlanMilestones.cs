using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Lights;

namespace Tiaodu.Core.Milestones;

/// <summary>What a project's milestone plan is computed from.</summary>
public sealed record MilestonePlanInput
{
    public int TemplateId { get; init; }

    /// <summary>The node the target date belongs to (e.g. 投产).</summary>
    public string TargetNode { get; init; } = "";

    public DateOnly TargetOn { get; init; }
    public bool StartOnLand { get; init; }
    public DateOnly? LandOn { get; init; }

    /// <summary>The plan's version when the form was opened (0 for a project without a plan).</summary>
    public int Version { get; init; }
}

/// <summary>
/// 倒排工期: from a target date for one node, every node's deadline is computed backwards (and forwards after it)
/// from the template's typical durations. Re-planning keeps what was done and moves only deadlines. With
/// 拿地即开工 the procedures are due by land day, so they run in parallel before the land contract.
/// </summary>
public sealed class PlanMilestones(TiaoduDb db, TimeProvider clock, ICurrentUser user, EvaluateLights lights)
{
    public const int OwnerLength = 50;
    public const int DocumentLength = 100;
    public const int OwedLength = 500;

    /// <summary>Deadlines for nodes in order, <paramref name="target"/> falling on <paramref name="targetOn"/>.</summary>
    public static IReadOnlyList<DateOnly> Schedule(IReadOnlyList<int> days, int target, DateOnly targetOn)
    {
        var dates = new DateOnly[days.Count];
        dates[target] = targetOn;
        for (var i = target - 1; i >= 0; i--)
        {
            dates[i] = dates[i + 1].AddDays(-days[i + 1]);
        }

        for (var i = target + 1; i < days.Count; i++)
        {
            dates[i] = dates[i - 1].AddDays(days[i]);
        }

        return dates;
    }

    public async Task<IReadOnlyList<Milestone>> PlanAsync(int projectId, MilestonePlanInput input, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以制定倒排工期计划");
        }

        await ProjectAsync(projectId, ct);
        var template = await db.MilestoneTemplates.Include(t => t.Nodes).FirstOrDefaultAsync(t => t.Id == input.TemplateId && t.IsActive, ct)
            ?? throw ValidationFailedException.For(nameof(input.TemplateId), "节点模板不存在");
        var nodes = template.Nodes.OrderBy(n => n.SortOrder).ToList();
        var errors = new ValidationErrors();
        var target = nodes.FindIndex(n => n.Name == input.TargetNode);
        if (target < 0)
        {
            errors.Add(nameof(input.TargetNode), $"模板「{template.Name}」中没有节点「{input.TargetNode}」");
        }

        if (input.TargetOn.Year is < 2000 or > 2100)
        {
            errors.Add(nameof(input.TargetOn), "目标日期应在2000年至2100年之间");
        }

        if (input.StartOnLand && input.LandOn is null)
        {
            errors.Add(nameof(input.LandOn), "拿地即开工的项目请填写拿地日期");
        }

        errors.ThrowIfAny();
        var plan = await db.MilestonePlans.FirstOrDefaultAsync(p => p.ProjectId == projectId, ct);
        if (plan is null)
        {
            if (input.Version != 0)
            {
                throw new ConflictException(ConcurrencyGuard.StaleMessage);
            }

            plan = new MilestonePlan(projectId);
            db.MilestonePlans.Add(plan);
        }
        else
        {
            ConcurrencyGuard.Expect(db, plan, plan.Version, input.Version);
        }

        plan.Set(template.Id, input.TargetNode, input.TargetOn, input.StartOnLand, input.LandOn);
        var dates = Schedule([.. nodes.Select(n => n.Days)], target, input.TargetOn);
        var existing = await db.Milestones.Where(m => m.ProjectId == projectId).ToListAsync(ct);
        for (var i = 0; i < nodes.Count; i++)
        {
            var due = nodes[i].IsApproval && input.StartOnLand && input.LandOn is { } land && land < dates[i] ? land : dates[i];
            if (existing.Find(m => m.Name == nodes[i].Name) is { } kept)
            {
                kept.Reschedule(due);
            }
            else
            {
                db.Milestones.Add(new Milestone(projectId, nodes[i].SortOrder, nodes[i].Name, nodes[i].Days, nodes[i].IsApproval, due));
            }
        }

        await lights.SaveAndRefreshAsync(projectId, ct);
        return await db.Milestones.AsNoTracking().Where(m => m.ProjectId == projectId).OrderBy(m => m.SortOrder).ToListAsync(ct);
    }

    /// <summary>Records a node: done date, owner, approval number, 容缺后补; only the dispatch office moves a deadline.</summary>
    public async Task<Milestone> SaveAsync(int milestoneId, MilestoneInput input, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger) && !user.Has(Permission.ReportProgress))
        {
            throw new ForbiddenException("您的角色不能填报节点进度");
        }

        var m = await db.Milestones.FirstOrDefaultAsync(x => x.Id == milestoneId, ct) ?? throw new NotFoundException("节点不存在");
        await ProjectAsync(m.ProjectId, ct);
        ConcurrencyGuard.Expect(db, m, m.Version, input.Version);
        if (input.PlannedOn != m.PlannedOn && !user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您只能填报节点完成情况，不能修改计划完成日期");
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var errors = new ValidationErrors();
        if (input.DoneOn > today)
        {
            errors.Add(nameof(input.DoneOn), "完成日期不能晚于今天");
        }

        if (input.PlannedOn.Year is < 2000 or > 2100)
        {
            errors.Add(nameof(input.PlannedOn), "计划完成日期应在2000年至2100年之间");
        }

        if (input.Owner?.Trim().Length > OwnerLength)
        {
            errors.Add(nameof(input.Owner), $"责任人不能超过{OwnerLength}个字");
        }

        if (input.DocumentNumber?.Trim().Length > DocumentLength)
        {
            errors.Add(nameof(input.DocumentNumber), $"批复文号不能超过{DocumentLength}个字");
        }

        if (input.Deferred)
        {
            if (input.DoneOn is null)
            {
                errors.Add(nameof(input.DoneOn), "容缺受理的节点请填写受理（完成）日期");
            }

            if (string.IsNullOrWhiteSpace(input.OwedItems))
            {
                errors.Add(nameof(input.OwedItems), "请写明容缺后补的材料");
            }
            else if (input.OwedItems.Trim().Length > OwedLength)
            {
                errors.Add(nameof(input.OwedItems), $"后补材料不能超过{OwedLength}个字");
            }

            if (input.OwedBy is null)
            {
                errors.Add(nameof(input.OwedBy), "请填写后补材料的期限");
            }
            else if (input.DoneOn is { } done && input.OwedBy < done)
            {
                errors.Add(nameof(input.OwedBy), "后补期限不能早于受理日期");
            }
        }

        errors.ThrowIfAny();
        m.Record(input);
        await lights.SaveAndRefreshAsync(m.ProjectId, ct);
        return m;
    }

    private async Task ProjectAsync(int projectId, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        if (project is null || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }
    }
}
