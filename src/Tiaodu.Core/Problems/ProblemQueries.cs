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
    DateOnly RaisedOn, DateOnly? DueOn, int DaysLate, DateOnly? ResolvedOn, string? Resolution, string? Category = null,
    ProblemLevel Level = ProblemLevel.TaskForce, string? LeadDepartment = null);

/// <summary>Open problems, of them overdue and due soon.</summary>
public sealed record ProblemCounts(int Overdue, int DueSoon, int Open);

/// <summary>What narrows a problem list besides its tab: region, text, lead or assisting department, level.</summary>
public sealed record ProblemCriteria(string? Region = null, string? Q = null, int? Department = null, ProblemLevel? Level = null);

/// <summary>
/// Problems closed against problems due, for one region: <see cref="Due"/> are problems whose deadline has come,
/// <see cref="Closed"/> those of them resolved, <see cref="OnTime"/> resolved by their deadline (DOMAIN §4).
/// </summary>
public sealed record ProblemRates(string Region, string? Key, int Open, int Overdue, int Due, int Closed, int OnTime, decimal? AverageDaysToClose = null)
{
    /// <summary>Reported solved, awaiting close-out (待销号).</summary>
    public int AwaitingCloseOut { get; init; }

    /// <summary>Closed out (已销号).</summary>
    public int ClosedOut { get; init; }

    public decimal? ClosedRate => Due == 0 ? null : decimal.Round((decimal)Closed / Due, 4);

    public decimal? OnTimeRate => Due == 0 ? null : decimal.Round((decimal)OnTime / Due, 4);
}

public sealed record ProblemList(DateOnly Today, int Overdue, int DueSoon, int Open, IReadOnlyList<ProblemRow> Rows, int Total, int Page, int PageSize,
    IReadOnlyList<ProblemRates> Regions, ProblemRates Overall, IReadOnlyList<ProblemRates>? Categories = null)
{
    public IReadOnlyList<ProblemRates> Departments { get; init; } = [];

    public IReadOnlyList<ProblemRates> Levels { get; init; } = [];

    /// <summary>Set when the list is cut to the viewer's own department.</summary>
    public int? OwnDepartment { get; init; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Problems across the jurisdiction: overdue first, then the nearest deadlines; 办结率 and 按期办结率 by region,
/// category, lead department and level. An account that answers for a department sees only its department's.
/// </summary>
public sealed class ProblemQueries(TiaoduDb db, LedgerQueryBuilder ledger, ProblemAccess access, TimeProvider clock)
{
    public const int MaxPageSize = 200;
    public const int SoonDays = 7;

    public Task<ProblemList> ListAsync(ProblemFilter filter, string? region, string? q, int page, int pageSize, CancellationToken ct) =>
        ListAsync(filter, new ProblemCriteria(region, q), page, pageSize, ct);

    public async Task<ProblemList> ListAsync(ProblemFilter filter, ProblemCriteria criteria, int page, int pageSize, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var soon = today.AddDays(SoonDays);
        var (problems, projects, own) = await SourceAsync(criteria, ct);
        var all = from p in problems
                  join x in projects on p.ProjectId equals x.Id
                  select new { P = p, x.Name, x.RegionId };
        var open = all.Where(a => a.P.Status == ProblemStatus.Open);
        var (overdue, dueSoon, openCount) = await CountAsync(open.Select(a => a.P), today, ct);
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
        var facts = await all.Select(a => new ProblemFact(a.RegionId, a.P.CategoryId, a.P.Status, a.P.DueOn, a.P.ResolvedOn, a.P.RaisedOn, a.P.LeadDepartmentId, a.P.Level)).ToListAsync(ct);
        var (parent, children) = names.Regions.Breakdown(criteria.Region);
        var under = facts.ToLookup(f => names.Regions.Under(children, f.RegionId));
        var byRegion = children.Select(c => Count(c.Name, c.Key, under[c.Id], today)).Where(r => r.Open + r.Due > 0).ToList();
        var byCategory = facts.GroupBy(f => f.CategoryId)
            .Select(g => (Order: g.Key is { } c && names.Lookups.TryGetValue(c, out var l) ? l.SortOrder : int.MaxValue,
                Rates: Count(names.Lookup(g.Key) ?? "未分类", null, g, today)))
            .OrderBy(x => x.Order).Select(x => x.Rates).ToList();
        var byDepartment = facts.GroupBy(f => f.Lead)
            .Select(g => (Order: g.Key is { } d && names.Lookups.TryGetValue(d, out var l) ? l.SortOrder : int.MaxValue,
                Rates: Count(names.Lookup(g.Key) ?? "未交办", g.Key?.ToString(System.Globalization.CultureInfo.InvariantCulture), g, today)))
            .OrderBy(x => x.Order).Select(x => x.Rates).ToList();
        var byLevel = facts.GroupBy(f => f.Level).OrderBy(g => g.Key).Select(g => Count(LevelName(g.Key), g.Key.ToString(), g, today)).ToList();
        return new ProblemList(today, overdue, dueSoon, openCount,
            [.. list.Select(a => new ProblemRow(a.P.Id, a.P.ProjectId, a.Name, names.Region(a.RegionId), a.P.Description, a.P.Source, a.P.Status, a.P.RaisedOn, a.P.DueOn,
                a.P.DaysLate(today), a.P.ResolvedOn, a.P.Resolution, names.Lookup(a.P.CategoryId), a.P.Level, names.Lookup(a.P.LeadDepartmentId)))],
            total, page, pageSize, byRegion, Count(parent?.Name ?? "合计", parent?.Key, facts, today), byCategory)
        {
            Departments = byDepartment,
            Levels = byLevel,
            OwnDepartment = own,
        };
    }

    /// <summary>How many open problems there are, how many of them overdue and due within <see cref="SoonDays"/> days — without the list and its rates.</summary>
    public async Task<ProblemCounts> CountsAsync(ProblemCriteria criteria, CancellationToken ct)
    {
        var (problems, projects, _) = await SourceAsync(criteria, ct);
        var open = from p in problems
                   join x in projects on p.ProjectId equals x.Id
                   where p.Status == ProblemStatus.Open
                   select p;
        return await CountAsync(open, DateOnly.FromDateTime(clock.GetLocalNow().DateTime), ct);
    }

    /// <summary>
    /// The problems that were past their deadline on <paramref name="asOf"/>: raised by then, due before it and not
    /// reported solved by then — most days late first. A deadline extended later is taken
    /// as it stands now (the timeline keeps the earlier one).
    /// </summary>
    public async Task<(int Count, IReadOnlyList<ProblemRow> Rows)> OverdueAsync(ProblemCriteria criteria, DateOnly asOf, int take, CancellationToken ct)
    {
        var (problems, projects, _) = await SourceAsync(criteria, ct);
        var late = from p in problems
                   join x in projects on p.ProjectId equals x.Id
                   where p.RaisedOn <= asOf && p.DueOn != null && p.DueOn < asOf && (p.ResolvedOn == null || p.ResolvedOn > asOf)
                   select new { P = p, x.Name, x.RegionId };
        var count = await late.CountAsync(ct);
        var list = await late.OrderBy(a => a.P.DueOn).ThenBy(a => a.P.Id).Take(Math.Clamp(take, 0, MaxPageSize)).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        return (count, [.. list.Select(a => new ProblemRow(a.P.Id, a.P.ProjectId, a.Name, names.Region(a.RegionId), a.P.Description, a.P.Source, ProblemStatus.Open,
            a.P.RaisedOn, a.P.DueOn, asOf.DayNumber - a.P.DueOn!.Value.DayNumber, null, null, names.Lookup(a.P.CategoryId), a.P.Level, names.Lookup(a.P.LeadDepartmentId)))]);
    }

    private static async Task<ProblemCounts> CountAsync(IQueryable<Problem> open, DateOnly today, CancellationToken ct)
    {
        var soon = today.AddDays(SoonDays);
        return new ProblemCounts(
            await open.CountAsync(p => p.DueOn != null && p.DueOn < today, ct),
            await open.CountAsync(p => p.DueOn != null && p.DueOn >= today && p.DueOn <= soon, ct),
            await open.CountAsync(ct));
    }

    /// <summary>
    /// The problems and projects a list reads: the viewer's own department's wherever the project lies, or the
    /// problems of the projects in the jurisdiction; narrowed by the criteria.
    /// </summary>
    private async Task<(IQueryable<Problem> Problems, IQueryable<Project> Projects, int? Own)> SourceAsync(ProblemCriteria criteria, CancellationToken ct)
    {
        var own = await access.ListedDepartmentAsync(ct);
        IQueryable<Problem> problems = db.Problems.AsNoTracking();
        if ((own ?? criteria.Department) is { } department)
        {
            problems = ProblemAccess.Involving(problems, department);
        }

        if (criteria.Level is { } level)
        {
            problems = problems.Where(p => p.Level == level);
        }

        IQueryable<Project> projects;
        if (own is not null)
        {
            // A department's own problems are its to see wherever the project lies.
            projects = db.Projects.AsNoTracking().Where(p => !p.IsDeleted);
            if (!string.IsNullOrWhiteSpace(criteria.Q))
            {
                var text = criteria.Q.Trim();
                projects = projects.Where(p => p.Name.Contains(text));
            }
        }
        else
        {
            projects = (await ledger.BuildAsync(new ProjectFilter { Region = criteria.Region, Q = criteria.Q }, ct)).ProjectsIgnoringYear;
        }

        return (problems, projects, own);
    }

    public static string LevelName(ProblemLevel level) => level switch
    {
        ProblemLevel.TaskForce => "专班",
        ProblemLevel.JointMeeting => "项目建设联席会议",
        ProblemLevel.Thematic => "市政府专题会议",
        ProblemLevel.Executive => "市政府常务会议",
        _ => level.ToString(),
    };

    private sealed record ProblemFact(int RegionId, int? CategoryId, ProblemStatus Status, DateOnly? Due, DateOnly? Resolved, DateOnly Raised, int? Lead, ProblemLevel Level);

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
            closed.Count == 0 ? null : decimal.Round((decimal)closed.Sum() / closed.Count, 1))
        {
            AwaitingCloseOut = list.Count(f => f.Status == ProblemStatus.Resolved),
            ClosedOut = list.Count(f => f.Status == ProblemStatus.Closed),
        };
    }
}
