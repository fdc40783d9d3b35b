using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Ledger;

public sealed record PageOf<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record ProjectListItem(
    int Id,
    string? Code,
    string Name,
    string Region,
    string? Category,
    string? Nature,
    string? Stage,
    decimal TotalInvestment,
    string? Leader,
    bool? InPlan,
    decimal? AnnualPlan,
    decimal? Ytd,
    DateOnly? StartedOn,
    int Version);

/// <summary>One page of the ledger for a filter, with the year's plan and year-to-date figures.</summary>
public sealed class ListProjects(TiaoduDb db, LedgerQueryBuilder ledger)
{
    public const int MaxPageSize = 200;

    public static readonly IReadOnlyList<string> SortKeys = ["name", "code", "region", "investment", "updated"];

    public async Task<PageOf<ProjectListItem>> HandleAsync(ProjectFilter filter, CancellationToken ct)
    {
        var query = await ledger.BuildAsync(filter, ct);
        var pageSize = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var total = await query.Counted.CountAsync(ct);
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        var page = Math.Clamp(filter.Page, 1, pages);

        var rows = await Sort(query.Projects, filter.Sort, filter.Desc)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = rows.Select(p => p.Id).ToList();
        var years = await db.ProjectYears.AsNoTracking()
            .Where(y => y.Year == query.Year && ids.Contains(y.ProjectId))
            .ToDictionaryAsync(y => y.ProjectId, ct);
        var names = await ReferenceNames.LoadAsync(db, ct);

        var items = rows.Select(p =>
        {
            var y = years.GetValueOrDefault(p.Id);
            return new ProjectListItem(p.Id, p.Code, p.Name, names.Region(p.RegionId), names.Lookup(p.CategoryId),
                names.Lookup(y?.NatureId ?? p.NatureId), names.Lookup(p.StageId), p.TotalInvestment, names.Person(p.LeaderId),
                y?.InPlan, y?.AnnualPlan, y is null || query.Month == 0 ? null : y.Ytd[query.Month], y?.StartedOn, p.Version);
        }).ToList();
        return new PageOf<ProjectListItem>(items, total, page, pageSize);
    }

    private static IQueryable<Project> Sort(IQueryable<Project> q, string? sort, bool desc) => (sort, desc) switch
    {
        ("code", false) => q.OrderBy(p => p.Code).ThenBy(p => p.Id),
        ("code", true) => q.OrderByDescending(p => p.Code).ThenBy(p => p.Id),
        ("region", false) => q.OrderBy(p => p.RegionId).ThenBy(p => p.Id),
        ("region", true) => q.OrderByDescending(p => p.RegionId).ThenBy(p => p.Id),
        ("investment", false) => q.OrderBy(p => p.TotalInvestment).ThenBy(p => p.Id),
        ("investment", true) => q.OrderByDescending(p => p.TotalInvestment).ThenBy(p => p.Id),
        ("updated", false) => q.OrderBy(p => p.UpdatedAt).ThenBy(p => p.Id),
        ("updated", true) => q.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id),
        ("name", true) => q.OrderByDescending(p => p.Name).ThenBy(p => p.Id),
        _ => q.OrderBy(p => p.Name).ThenBy(p => p.Id),
    };
}
