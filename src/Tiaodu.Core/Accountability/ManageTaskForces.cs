using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Accountability;

public sealed record TaskForceInput(string? Name, int? RegionId, int? LeaderId, string? Duty, bool IsActive = true);

public sealed record TaskForceRow(int Id, string Name, string Region, string? Leader, bool IsActive, int Members, int Projects);

public sealed record TaskForceList(IReadOnlyList<TaskForceRow> Rows, int Total, int Page, int PageSize, bool CanEdit)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record TaskForceMemberView(int Id, string Name, string Kind, string Duty);

public sealed record TaskForceProjectView(int ProjectId, string Name, string Region, decimal TotalInvestment, LightColor? Light);

public sealed record TaskForceView(int Id, string Name, int RegionId, string Region, int? LeaderId, string? Leader, string? Duty, bool IsActive, int Version,
    IReadOnlyList<TaskForceMemberView> Members, IReadOnlyList<TaskForceProjectView> Projects, int HiddenProjects, bool CanEdit);

/// <summary>
/// 专班: 调度中心 keeps task forces of the regions its jurisdiction covers — leader, members with their duties,
/// the projects followed. A reader sees the task forces of its regions and those following a project it sees;
/// inside one it sees only the projects of its own jurisdiction, with this month's light.
/// </summary>
public sealed class ManageTaskForces(TiaoduDb db, TimeProvider clock, ICurrentUser user)
{
    public const int MaxPageSize = 200;

    public async Task<TaskForceList> ListAsync(string? region, string? q, bool includeRetired, int page, int pageSize, CancellationToken ct)
    {
        var scope = await ReaderScopeAsync(ct);
        var query = Visible(scope);
        if (!string.IsNullOrWhiteSpace(region))
        {
            var path = await db.Regions.AsNoTracking().Where(r => r.Key == region || r.Code == region).Select(r => r.Path).FirstOrDefaultAsync(ct);
            var subtree = db.Regions.Where(r => path != null && r.Path.StartsWith(path)).Select(r => r.Id);
            query = query.Where(t => subtree.Contains(t.RegionId));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(t => t.Name.Contains(text));
        }

        if (!includeRetired)
        {
            query = query.Where(t => t.IsActive);
        }

        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var rows = await query.OrderByDescending(t => t.IsActive).ThenBy(t => t.RegionId).ThenBy(t => t.Name).ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(t => new
            {
                T = t,
                Members = db.TaskForceMembers.Count(m => m.TaskForceId == t.Id),
                Projects = db.TaskForceProjects.Count(p => p.TaskForceId == t.Id),
            }).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        return new TaskForceList([.. rows.Select(x => new TaskForceRow(x.T.Id, x.T.Name, names.Region(x.T.RegionId), names.Person(x.T.LeaderId), x.T.IsActive, x.Members, x.Projects))],
            total, page, pageSize, user.Has(Permission.EditLedger));
    }

    public async Task<TaskForceView> GetAsync(int id, CancellationToken ct)
    {
        var scope = await ReaderScopeAsync(ct);
        var force = await Visible(scope).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("专班不存在");
        var names = await ReferenceNames.LoadAsync(db, ct);
        var members = await (from m in db.TaskForceMembers.AsNoTracking()
                             where m.TaskForceId == id
                             orderby m.Id
                             select new
                             {
                                 m.Id, m.Duty, m.PersonId,
                                 Account = db.Accounts.Where(a => a.Id == m.AccountId).Select(a => a.DisplayName + "（" + (a.Organization ?? a.UserName) + "）").FirstOrDefault(),
                             }).ToListAsync(ct);
        var followed = db.TaskForceProjects.Where(p => p.TaskForceId == id).Select(p => p.ProjectId);
        var all = await db.Projects.AsNoTracking().CountAsync(p => followed.Contains(p.Id) && !p.IsDeleted, ct);
        var projects = await scope.Apply(db.Projects.AsNoTracking().Where(p => followed.Contains(p.Id) && !p.IsDeleted))
            .OrderBy(p => p.RegionId).ThenBy(p => p.Name).Select(p => new { p.Id, p.Name, p.RegionId, p.TotalInvestment }).ToListAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var ids = projects.Select(p => p.Id).ToList();
        var lights = await db.ProjectLights.AsNoTracking()
            .Where(l => ids.Contains(l.ProjectId) && l.Year == today.Year && l.Month == today.Month && l.ExemptionId == null && l.Color != LightColor.None)
            .Select(l => new { l.ProjectId, l.Color }).ToListAsync(ct);
        return new TaskForceView(force.Id, force.Name, force.RegionId, names.Region(force.RegionId), force.LeaderId, names.Person(force.LeaderId), force.Duty, force.IsActive, force.Version,
            [.. members.Select(m => m.PersonId is { } pid
                ? new TaskForceMemberView(m.Id, names.Person(pid) ?? "", "Person", m.Duty)
                : new TaskForceMemberView(m.Id, m.Account ?? "", "Account", m.Duty))],
            [.. projects.Select(p => new TaskForceProjectView(p.Id, p.Name, names.Region(p.RegionId), p.TotalInvestment,
                lights.Where(l => l.ProjectId == p.Id).Select(l => (LightColor?)l.Color).Max()))],
            all - projects.Count, user.Has(Permission.EditLedger) && scope.Covers([force.RegionId]));
    }

    public async Task<TaskForce> CreateAsync(TaskForceInput input, CancellationToken ct)
    {
        var scope = await EditorScopeAsync(ct);
        var (name, duty) = await ValidateAsync(input, scope, ct);
        if (await db.TaskForces.AnyAsync(t => t.Name == name && t.RegionId == input.RegionId, ct))
        {
            throw new ConflictException("该区域已有同名专班");
        }

        var force = new TaskForce(name, input.RegionId!.Value, input.LeaderId, duty, user.Name, clock.GetUtcNow().UtcDateTime);
        db.TaskForces.Add(force);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return force;
    }

    public async Task<TaskForce> UpdateAsync(int id, TaskForceInput input, int expectedVersion, CancellationToken ct)
    {
        var (force, scope) = await EditableAsync(id, ct);
        var (name, duty) = await ValidateAsync(input, scope, ct);
        if (await db.TaskForces.AnyAsync(t => t.Id != id && t.Name == name && t.RegionId == input.RegionId, ct))
        {
            throw new ConflictException("该区域已有同名专班");
        }

        ConcurrencyGuard.Expect(db, force, force.Version, expectedVersion);
        force.Update(name, input.RegionId!.Value, input.LeaderId, duty, input.IsActive);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return force;
    }

    /// <summary>Adds a member: a person of the reference list or an account (exactly one of them), with a duty.</summary>
    public async Task<TaskForceMember> AddMemberAsync(int id, int? personId, int? accountId, string? duty, CancellationToken ct)
    {
        var (force, _) = await EditableAsync(id, ct);
        var errors = new ValidationErrors();
        if ((personId is null) == (accountId is null))
        {
            errors.Add("member", "请选择一名人员或一个账号");
        }
        else if (personId is { } p && !await db.People.AnyAsync(x => x.Id == p && x.IsActive, ct))
        {
            errors.Add("member", "人员不存在或已停用");
        }
        else if (accountId is { } a && !await db.Accounts.AnyAsync(x => x.Id == a && x.IsActive, ct))
        {
            errors.Add("member", "账号不存在或已停用");
        }

        var text = duty?.Trim() ?? "";
        if (text.Length == 0 || text.Length > TaskForce.DutyLength)
        {
            errors.Add("duty", $"请填写职责分工（不超过{TaskForce.DutyLength}个字）");
        }

        errors.ThrowIfAny();
        if (await db.TaskForceMembers.AnyAsync(m => m.TaskForceId == id && ((personId != null && m.PersonId == personId) || (accountId != null && m.AccountId == accountId)), ct))
        {
            throw new ConflictException("已是该专班成员");
        }

        var member = new TaskForceMember(id, personId, accountId, text);
        db.TaskForceMembers.Add(member);
        force.Touch();
        await ConcurrencyGuard.SaveAsync(db, ct);
        return member;
    }

    public async Task RemoveMemberAsync(int id, int memberId, CancellationToken ct)
    {
        var (force, _) = await EditableAsync(id, ct);
        var member = await db.TaskForceMembers.FirstOrDefaultAsync(m => m.Id == memberId && m.TaskForceId == id, ct) ?? throw new NotFoundException("成员不存在");
        db.TaskForceMembers.Remove(member);
        force.Touch();
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    public async Task AddProjectAsync(int id, int projectId, CancellationToken ct)
    {
        var (force, scope) = await EditableAsync(id, ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        if (project is null || !scope.Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        if (await db.TaskForceProjects.AnyAsync(p => p.TaskForceId == id && p.ProjectId == projectId, ct))
        {
            throw new ConflictException("该专班已在跟踪这个项目");
        }

        db.TaskForceProjects.Add(new TaskForceProject(id, projectId));
        force.Touch();
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    public async Task RemoveProjectAsync(int id, int projectId, CancellationToken ct)
    {
        var (force, _) = await EditableAsync(id, ct);
        var link = await db.TaskForceProjects.FirstOrDefaultAsync(p => p.TaskForceId == id && p.ProjectId == projectId, ct) ?? throw new NotFoundException("该专班没有跟踪这个项目");
        db.TaskForceProjects.Remove(link);
        force.Touch();
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    /// <summary>Task forces of the reader's regions, and those following a project the reader sees.</summary>
    private IQueryable<TaskForce> Visible(AccessScope scope)
    {
        var forces = db.TaskForces.AsNoTracking();
        if (scope.All)
        {
            return forces;
        }

        var regions = scope.RegionIds?.ToList() ?? [];
        var seen = scope.Apply(db.Projects.Where(p => !p.IsDeleted)).Select(p => p.Id);
        return forces.Where(t => regions.Contains(t.RegionId) || db.TaskForceProjects.Any(p => p.TaskForceId == t.Id && seen.Contains(p.ProjectId)));
    }

    private async Task<AccessScope> ReaderScopeAsync(CancellationToken ct) =>
        user.Has(Permission.ViewLedger) ? await user.ScopeAsync(ct) : throw new ForbiddenException("您的角色不能查看项目台账");

    private async Task<AccessScope> EditorScopeAsync(CancellationToken ct) =>
        user.Has(Permission.EditLedger) ? await user.ScopeAsync(ct) : throw new ForbiddenException("只有调度中心可以维护专班");

    private async Task<(TaskForce Force, AccessScope Scope)> EditableAsync(int id, CancellationToken ct)
    {
        var scope = await EditorScopeAsync(ct);
        var force = await db.TaskForces.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (force is null || !await Visible(scope).AnyAsync(t => t.Id == id, ct))
        {
            throw new NotFoundException("专班不存在");
        }

        return scope.Covers([force.RegionId]) ? (force, scope) : throw new ForbiddenException("专班所属区域不在您的管辖范围内，不能修改");
    }

    private async Task<(string Name, string? Duty)> ValidateAsync(TaskForceInput input, AccessScope scope, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > TaskForce.NameLength)
        {
            errors.Add("name", $"请填写专班名称（不超过{TaskForce.NameLength}个字）");
        }

        if (input.RegionId is not { } region || !await db.Regions.AnyAsync(r => r.Id == region, ct))
        {
            errors.Add("region", "请选择专班所属区域");
        }
        else if (!scope.Covers([region]))
        {
            errors.Add("region", "专班所属区域须在您的管辖范围内");
        }

        if (input.LeaderId is { } leader && !await db.People.AnyAsync(p => p.Id == leader && p.Role == PersonRole.Leader && p.IsActive, ct))
        {
            errors.Add("leader", "牵头领导不存在或已停用");
        }

        var duty = string.IsNullOrWhiteSpace(input.Duty) ? null : input.Duty.Trim();
        if (duty?.Length > TaskForce.DutyLength)
        {
            errors.Add("duty", $"专班职责不能超过{TaskForce.DutyLength}个字");
        }

        errors.ThrowIfAny();
        return (name, duty);
    }
}
