using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Lights;

/// <summary>Which lights a list shows.</summary>
public enum LightFilter
{
    /// <summary>Every lit light, explained ones included.</summary>
    Lit,
    Red,
    Yellow,

    /// <summary>Lit, but covered by a recorded valid reason.</summary>
    Explained,

    /// <summary>The condition holds, not yet for enough months in a row.</summary>
    Watch,
}

public sealed record LightRow(long Id, int ProjectId, string Name, string Region, LightKind Kind, LightColor Color, int Streak, string Explanation, string? ExemptionReason);

public sealed record LightList(int Year, int Month, DateTime? EvaluatedAt, int RedProjects, int YellowProjects, int ExplainedProjects, int Total, int Page, int PageSize, IReadOnlyList<LightRow> Rows)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record ProjectLights(IReadOnlyList<ProjectLight> Lights, IReadOnlyList<LightExemption> Exemptions, IReadOnlySet<int> EvaluatedMonths)
{
    /// <summary>Whether the month was evaluated for this project (a whole-ledger evaluation, or lights of its own).</summary>
    public bool Evaluated(int month) => EvaluatedMonths.Contains(month) || Lights.Any(l => l.Month == month);

    /// <summary>The colour of a month: the worst light that counts, or null (green) when none.</summary>
    public LightColor? ColorOf(int year, int month) =>
        Lights.Where(l => l.Year == year && l.Month == month && l.Counts).Select(l => (LightColor?)l.Color).Max();
}

/// <summary>Reads stored lights inside the user's jurisdiction.</summary>
public sealed class LightQueries(TiaoduDb db, LedgerQueryBuilder ledger)
{
    public const int MaxPageSize = 200;

    public async Task<LightList> ListAsync(int year, int month, string? region, string? q, LightFilter filter, LightKind? kind, int page, int pageSize, CancellationToken ct)
    {
        if (month is < 1 or > 12)
        {
            throw ValidationFailedException.For("month", "月份应在1至12之间");
        }

        var projects = (await ledger.BuildAsync(new ProjectFilter { Year = year, Region = region, Q = q }, ct)).Projects;
        var all = db.ProjectLights.AsNoTracking().Where(l => l.Year == year && l.Month == month && projects.Select(p => p.Id).Contains(l.ProjectId));
        var counted = await all.Where(l => l.ExemptionId == null && l.Color != LightColor.None)
            .GroupBy(l => l.ProjectId).Select(g => g.Max(l => l.Color == LightColor.Red ? 2 : 1)).ToListAsync(ct);
        var explained = await all.Where(l => l.ExemptionId != null && l.Color != LightColor.None).Select(l => l.ProjectId).Distinct().CountAsync(ct);
        var rows = filter switch
        {
            LightFilter.Red => all.Where(l => l.Color == LightColor.Red && l.ExemptionId == null),
            LightFilter.Yellow => all.Where(l => l.Color == LightColor.Yellow && l.ExemptionId == null),
            LightFilter.Explained => all.Where(l => l.Color != LightColor.None && l.ExemptionId != null),
            LightFilter.Watch => all.Where(l => l.Color == LightColor.None),
            _ => all.Where(l => l.Color != LightColor.None),
        };
        if (kind is { } k)
        {
            rows = rows.Where(l => l.Kind == k);
        }

        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await rows.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var list = await (from l in rows
                          join p in db.Projects on l.ProjectId equals p.Id
                          orderby (l.Color == LightColor.Red ? 0 : l.Color == LightColor.Yellow ? 1 : 2), p.RegionId, p.Name, l.Id
                          select new { l.Id, l.ProjectId, p.Name, p.RegionId, l.Kind, l.Color, l.Streak, l.Explanation, l.ExemptionId })
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var exemptionIds = list.Where(x => x.ExemptionId is not null).Select(x => x.ExemptionId!.Value).Distinct().ToList();
        var reasons = await db.LightExemptions.AsNoTracking().Where(e => exemptionIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Reason, ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var evaluated = await db.LightMonths.Where(m => m.Year == year && m.Month == month).Select(m => (DateTime?)m.EvaluatedAt).FirstOrDefaultAsync(ct);
        return new LightList(year, month, evaluated, counted.Count(c => c == 2), counted.Count(c => c == 1), explained, total, page, pageSize,
            [.. list.Select(x => new LightRow(x.Id, x.ProjectId, x.Name, names.Region(x.RegionId), x.Kind, x.Color, x.Streak, x.Explanation,
                x.ExemptionId is { } e && reasons.TryGetValue(e, out var r) ? r : null))]);
    }

    /// <summary>A project's lights through a year and its valid reasons; nothing for a project outside the jurisdiction.</summary>
    public async Task<ProjectLights> ForProjectAsync(int projectId, int year, CancellationToken ct)
    {
        var scope = await ledger.ViewScopeAsync(ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || !scope.Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        var lights = await db.ProjectLights.AsNoTracking().Where(l => l.ProjectId == projectId && l.Year == year).OrderBy(l => l.Month).ThenBy(l => l.Kind).ToListAsync(ct);
        var exemptions = await db.LightExemptions.AsNoTracking().Where(e => e.ProjectId == projectId).OrderByDescending(e => e.Id).ToListAsync(ct);
        var months = await db.LightMonths.AsNoTracking().Where(m => m.Year == year).Select(m => m.Month).ToListAsync(ct);
        return new ProjectLights(lights, exemptions, months.ToHashSet());
    }

    /// <summary>The counted colour of each of some projects in a month (missing = green), for the dots on lists.</summary>
    public async Task<Dictionary<int, LightColor>> ColorsAsync(IReadOnlyCollection<int> projectIds, int year, int month, CancellationToken ct)
    {
        var ids = projectIds.ToList();
        var rows = await db.ProjectLights.AsNoTracking()
            .Where(l => l.Year == year && l.Month == month && ids.Contains(l.ProjectId) && l.ExemptionId == null && l.Color != LightColor.None)
            .Select(l => new { l.ProjectId, l.Color }).ToListAsync(ct);
        return rows.GroupBy(r => r.ProjectId).ToDictionary(g => g.Key, g => g.Max(r => r.Color));
    }
}
