using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Problems;

/// <summary>Which problems a list shows.</summary>
public enum ProblemFilter
{
    /// <summary>Open and past the deadline.</summary>
    Overdue,

    /// <summary>Open, due within the next seven days.</summary>
    DueSoon,

    Open,
    Resolved,
    All,
}

public sealed record ProblemRow(int Id, int ProjectId, string ProjectName, string Region, string Description, ProblemSource Source, ProblemStatus Status,
    DateOnly RaisedOn, DateOnly? DueOn, int DaysLate, DateOnly? ResolvedOn, string? Resolution, string? Category = null);

/// <summary>
/// Problems closed against problems due, for one region: <see cref="Due"/> are problems whose deadline has come,
/// <see cref="Closed"/> those of them resolved, <see cref="OnTime"/> resolved by their deadline (DOMAIN §4).
/// </summary>
public sealed record ProblemRates(string Region, string? Key, int Open, int Overdue, int Due, int Closed, int OnTime, decimal? AverageDaysToClose = null)
{
    public decimal? ClosedRate => Due == 0 ? null : decimal.Round((decimal)Closed / Due, 4);

    public decimal? OnTimeRate => Due == 0 ? null : decimal.Round((decimal)OnTime / Due, 4);
}

public sealed record ProblemList(DateOnly Today, int Overdue, int DueSoon, int Open, IReadOnlyList<ProblemRow> Rows, int Total, int Page, int PageSize,
    IReadOnlyList<ProblemRates> Regions, ProblemRates Overall, IReadOnlyList<ProblemRates>? Categories = null)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Problems across the jurisdiction: overdue first, then the nearest deadlines; 办结率 and 按期办结率 by region.</summary>
public sealed class ProblemQueries(TiaoduDb db, LedgerQueryBuilder ledger, TimeProvider clock)
{
    public const int MaxPageSize = 200;
    public const int SoonDays = 7;

    public async Task<ProblemList> ListAsync(ProblemFilter filter, string? region, string? q, int page, int pageSize, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var soon = today.AddDays(SoonDays);
        var projects = (await ledger.BuildAsync(new ProjectFilter { Region = region, Q = q }, ct)).ProjectsIgnoringYear;
        var all = from p in db.Problems.AsNoTracking()
                  join x in projects on p.ProjectId equals x.Id
                  select new { P = p, x.Name, x.RegionId };
        var open = all.Where(a => a.P.Status == ProblemStatus.Open);
        var overdue = await open.CountAsync(a => a.P.DueOn != null && a.P.DueOn < today, ct);
        var dueSoon = await open.CountAsync(a => a.P.DueOn != null && a.P.DueOn >= today && a.P.DueOn <= soon, ct);
        var openCount = await open.CountAsync(ct);
        var rows = filter switch
        {
            ProblemFilter.Overdue => open.Where(a => a.P.DueOn != null && a.P.DueOn < today),
            ProblemFilter.DueSoon => open.Where(a => a.P.DueOn != null && a.P.DueOn >= today && a.P.DueOn <= soon),
            ProblemFilter.Open => open,
            ProblemFilter.Resolved => all.Where(a => a.P.Status != ProblemStatus.Open),
            _ => all,
        };
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await rows.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var list = await rows
            .OrderBy(a => a.P.Status == ProblemStatus.Open ? 0 : 1)
            .ThenBy(a => a.P.Status == ProblemStatus.Open ? (a.P.DueOn ?? DateOnly.MaxValue) : DateOnly.MaxValue)
            .ThenByDescending(a => a.P.ResolvedOn)
            .ThenBy(a => a.P.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);

        // 办结率 by the region's children: problems whose deadline has come, and how many of them were resolved (on time).
        var facts = await all.Select(a => new ProblemFact(a.RegionId, a.P.CategoryId, a.P.Status, a.P.DueOn, a.P.ResolvedOn, a.P.RaisedOn)).ToListAsync(ct);
        var (parent, children) = names.Regions.Breakdown(region);
        var under = facts.ToLookup(f => names.Regions.Under(children, f.RegionId));
        var byRegion = children.Select(c => Count(c.Name, c.Key, under[c.Id], today)).Where(r => r.Open + r.Due > 0).ToList();
        var byCategory = facts.GroupBy(f => f.CategoryId)
            .Select(g => (Order: g.Key is { } c && names.Lookups.TryGetValue(c, out var l) ? l.SortOrder : int.MaxValue,
                Rates: Count(names.Lookup(g.Key) ?? "未分类", null, g, today)))
            .OrderBy(x => x.Order).Select(x => x.Rates).ToList();
        return new ProblemList(today, overdue, dueSoon, openCount,
            [.. list.Select(a => new ProblemRow(a.P.Id, a.P.ProjectId, a.Name, names.Region(a.RegionId), a.P.Description, a.P.Source, a.P.Status, a.P.RaisedOn, a.P.DueOn,
                a.P.DaysLate(today), a.P.ResolvedOn, a.P.Resolution, names.Lookup(a.P.CategoryId)))],
            total, page, pageSize, byRegion, Count(parent?.Name ?? "合计", parent?.Key, facts, today), byCategory);
    }

    private sealed record ProblemFact(int RegionId, int? CategoryId, ProblemStatus Status, DateOnly? Due, DateOnly? Resolved, DateOnly Raised);

    private static ProblemRates Count(string name, string? key, IEnumerable<ProblemFact> set, DateOnly today)
    {
        var list = set.ToList();
        var due = list.Where(f => f.Due is { } d && d <= today).ToList();
        var closed = list.Where(f => f.Status != ProblemStatus.Open && f.Resolved is not null).Select(f => f.Resolved!.Value.DayNumber - f.Raised.DayNumber).ToList();
        return new ProblemRates(name, key,
            list.Count(f => f.Status == ProblemStatus.Open),
            list.Count(f => f.Status == ProblemStatus.Open && f.Due is { } d && d < today),
            due.Count,
            due.Count(f => f.Status != ProblemStatus.Open),
            due.Count(f => f.Status != ProblemStatus.Open && f.Resolved is { } r && r <= f.Due),
            closed.Count == 0 ? null : decimal.Round((decimal)closed.Sum() / closed.Count, 1));
    }
}
