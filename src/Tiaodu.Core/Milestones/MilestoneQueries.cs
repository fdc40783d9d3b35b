using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Milestones;

public sealed record ProjectMilestones(int ProjectId, string ProjectName, string Region, MilestonePlan? Plan, IReadOnlyList<Milestone> Nodes, IReadOnlyList<Files.StoredFile> Files);

public sealed record WallRow(int ProjectId, string Name, string Region, IReadOnlyList<Milestone> Nodes);

public sealed record WallChart(IReadOnlyList<WallRow> Rows, int Total, int Page, int PageSize, int Overdue, int DueSoon)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Milestone plans inside the user's jurisdiction: one project's, and a region's wall chart.</summary>
public sealed class MilestoneQueries(TiaoduDb db, LedgerQueryBuilder ledger, TimeProvider clock)
{
    public async Task<IReadOnlyList<MilestoneTemplate>> TemplatesAsync(CancellationToken ct) =>
        await db.MilestoneTemplates.AsNoTracking().Include(t => t.Nodes).Where(t => t.IsActive).OrderBy(t => t.Id).ToListAsync(ct);

    public async Task<ProjectMilestones> ForProjectAsync(int projectId, CancellationToken ct)
    {
        var scope = await ledger.ViewScopeAsync(ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        if (project is null || !scope.Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        var nodes = await db.Milestones.AsNoTracking().Where(m => m.ProjectId == projectId).OrderBy(m => m.SortOrder).ThenBy(m => m.Id).ToListAsync(ct);
        var ids = nodes.Select(n => n.Id).ToList();
        var files = await db.StoredFiles.AsNoTracking().Where(f => f.OwnerType == Files.StoredFile.MilestoneOwner && ids.Contains(f.OwnerId)).OrderBy(f => f.Id).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        return new ProjectMilestones(project.Id, project.Name, names.Region(project.RegionId),
            await db.MilestonePlans.AsNoTracking().FirstOrDefaultAsync(p => p.ProjectId == projectId, ct), nodes, files);
    }

    /// <summary>The projects with a milestone plan in the jurisdiction (and region, name), most overdue first.</summary>
    public async Task<WallChart> WallAsync(string? region, string? q, bool lateOnly, int page, int pageSize, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var projects = (await ledger.BuildAsync(new ProjectFilter { Region = region, Q = q }, ct)).Projects;
        var planned = db.Milestones.AsNoTracking().Where(m => projects.Select(p => p.Id).Contains(m.ProjectId));
        var stats = await planned.GroupBy(m => m.ProjectId).Select(g => new
        {
            ProjectId = g.Key,
            Late = g.Count(m => (m.DoneOn == null && m.PlannedOn < today) || (m.Deferred && m.OwedBy < today)),
            Soon = g.Count(m => m.DoneOn == null && m.PlannedOn >= today && m.PlannedOn <= today.AddDays(Milestone.DueSoonDays)),
        }).ToListAsync(ct);
        var chosen = stats.Where(s => !lateOnly || s.Late > 0).ToList();
        pageSize = Math.Clamp(pageSize, 1, 100);
        page = Math.Clamp(page, 1, Math.Max(1, (chosen.Count + pageSize - 1) / pageSize));
        var names = await db.Projects.AsNoTracking().Where(p => chosen.Select(s => s.ProjectId).Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.RegionId }).ToDictionaryAsync(p => p.Id, ct);
        var pageIds = chosen.OrderByDescending(s => s.Late).ThenByDescending(s => s.Soon).ThenBy(s => names[s.ProjectId].Name, StringComparer.Ordinal)
            .Skip((page - 1) * pageSize).Take(pageSize).Select(s => s.ProjectId).ToList();
        var nodes = (await planned.Where(m => pageIds.Contains(m.ProjectId)).ToListAsync(ct)).ToLookup(m => m.ProjectId);
        var refs = await ReferenceNames.LoadAsync(db, ct);
        return new WallChart([.. pageIds.Select(id => new WallRow(id, names[id].Name, refs.Region(names[id].RegionId), [.. nodes[id].OrderBy(m => m.SortOrder)]))],
            chosen.Count, page, pageSize, chosen.Sum(s => s.Late), chosen.Sum(s => s.Soon));
    }
}
