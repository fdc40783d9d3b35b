using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;

namespace Tiaodu.Core.Dispatch;

/// <summary>Which projects of a round a list shows.</summary>
public enum RoundFilter
{
    All,

    /// <summary>New since the previous round, or YTD, light or open problems moved.</summary>
    Changed,

    Red,
    Yellow,

    /// <summary>With open problems.</summary>
    Problems,

    /// <summary>The round month's report not submitted (none, draft or returned).</summary>
    Unreported,

    /// <summary>Carrying a dispatch comment.</summary>
    Commented,
}

public sealed record RoundSummary(int Id, string Title, int Year, int Month, int Half, string Region, RoundStatus Status, DateOnly AsOf, DateTime SnapshotAt,
    string CreatedBy, DateTime? PublishedAt, string? PublishedBy, int Projects, int Red, int Yellow, int Changed, int Version);

public sealed record RoundFigures(int Projects, int Red, int Yellow, int WithProblems, int Unreported, int Changed, int New, decimal AnnualPlan, decimal Ytd, decimal? PreviousYtd);

public sealed record DroppedProject(int ProjectId, string Name, string Region);

public sealed record RoundView(RoundSummary Round, string? Summary, string? PreviousTitle, RoundFigures Figures, IReadOnlyList<DispatchItem> Items, int Total, int Page, int PageSize,
    IReadOnlyList<DroppedProject> Dropped, bool CanEdit)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record RoundList(IReadOnlyList<RoundSummary> Rows, int Total, int Page, int PageSize, bool CanTake)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Reads dispatch rounds inside the reader's jurisdiction: a round shows only the projects the reader may see,
/// and its figures count only those. Drafts are for the dispatch office; others read published rounds.
/// </summary>
public sealed class DispatchQueries(TiaoduDb db, LedgerQueryBuilder ledger, ICurrentUser user)
{
    public const int MaxPageSize = 200;

    public async Task<RoundList> ListAsync(int? year, int page, int pageSize, CancellationToken ct)
    {
        var visible = (await ledger.BuildAsync(new ProjectFilter(), ct)).ProjectsIgnoringYear.Select(p => p.Id);
        var reviewer = user.Has(Permission.ReviewReports);
        var rounds = db.DispatchRounds.AsNoTracking()
            .Where(r => (reviewer || r.Status == RoundStatus.Published) && (year == null || r.Year == year)
                && db.DispatchItems.Any(i => i.RoundId == r.Id && visible.Contains(i.ProjectId)));
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await rounds.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var list = await rounds.OrderByDescending(r => r.Year).ThenByDescending(r => r.Month).ThenByDescending(r => r.Half).ThenBy(r => r.RegionId)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = list.Select(r => r.Id).ToList();
        var counts = await db.DispatchItems.AsNoTracking().Where(i => ids.Contains(i.RoundId) && visible.Contains(i.ProjectId))
            .GroupBy(i => i.RoundId)
            .Select(g => new
            {
                g.Key,
                Projects = g.Count(),
                Red = g.Count(i => i.Color == LightColor.Red),
                Yellow = g.Count(i => i.Color == LightColor.Yellow),
            })
            .ToDictionaryAsync(x => x.Key, ct);
        var changed = await db.DispatchItems.AsNoTracking().Where(i => ids.Contains(i.RoundId) && visible.Contains(i.ProjectId)).Where(DispatchItem.IsChanged)
            .GroupBy(i => i.RoundId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var regions = await Reference.ReferenceNames.LoadAsync(db, ct);
        return new RoundList([.. list.Select(r =>
        {
            var c = counts.GetValueOrDefault(r.Id);
            return new RoundSummary(r.Id, r.Title, r.Year, r.Month, r.Half, regions.Region(r.RegionId), r.Status, r.AsOf, r.SnapshotAt, r.CreatedBy, r.PublishedAt, r.PublishedBy,
                c?.Projects ?? 0, c?.Red ?? 0, c?.Yellow ?? 0, changed.GetValueOrDefault(r.Id), r.Version);
        })], total, page, pageSize, reviewer);
    }

    public async Task<RoundView> GetAsync(int id, string? region, string? q, RoundFilter filter, int page, int pageSize, CancellationToken ct)
    {
        var round = await db.DispatchRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        var reviewer = user.Has(Permission.ReviewReports);
        if (round is null || (round.Status == RoundStatus.Draft && !reviewer))
        {
            throw new NotFoundException("调度不存在");
        }

        var visible = (await ledger.BuildAsync(new ProjectFilter(), ct)).ProjectsIgnoringYear.Select(p => p.Id);
        var chosen = (await ledger.BuildAsync(new ProjectFilter { Region = region, Q = q }, ct)).ProjectsIgnoringYear.Select(p => p.Id);
        var all = db.DispatchItems.AsNoTracking().Where(i => i.RoundId == id && visible.Contains(i.ProjectId));
        if (!await all.AnyAsync(ct))
        {
            throw new NotFoundException("调度不存在");
        }

        var mine = await all.Select(i => new { i.Color, i.OpenProblems, i.InPrevious, i.PreviousYtd, i.Ytd, i.AnnualPlan, i.InPlan }).ToListAsync(ct);
        var figures = new RoundFigures(mine.Count, mine.Count(i => i.Color == LightColor.Red), mine.Count(i => i.Color == LightColor.Yellow),
            mine.Count(i => i.OpenProblems > 0), await all.CountAsync(DispatchItem.IsUnreported, ct), await all.CountAsync(DispatchItem.IsChanged, ct),
            round.PreviousRoundId is null ? 0 : mine.Count(i => !i.InPrevious),
            mine.Where(i => i.InPlan).Sum(i => i.AnnualPlan ?? 0m), mine.Sum(i => i.Ytd),
            round.PreviousRoundId is null ? null : mine.Sum(i => i.PreviousYtd ?? 0m));

        var rows = all.Where(i => chosen.Contains(i.ProjectId));
        rows = filter switch
        {
            RoundFilter.Changed => rows.Where(DispatchItem.IsChanged),
            RoundFilter.Red => rows.Where(i => i.Color == LightColor.Red),
            RoundFilter.Yellow => rows.Where(i => i.Color == LightColor.Yellow),
            RoundFilter.Problems => rows.Where(i => i.OpenProblems > 0),
            RoundFilter.Unreported => rows.Where(DispatchItem.IsUnreported),
            RoundFilter.Commented => rows.Where(i => i.Comment != null),
            _ => rows,
        };
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await rows.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var items = await rows.OrderBy(i => i.Color == LightColor.Red ? 0 : i.Color == LightColor.Yellow ? 1 : 2).ThenBy(i => i.RegionId).ThenBy(i => i.ProjectName).ThenBy(i => i.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);

        var dropped = new List<DroppedProject>();
        string? previousTitle = null;
        if (round.PreviousRoundId is { } prev)
        {
            previousTitle = (await db.DispatchRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == prev, ct))?.Title;
            var now = db.DispatchItems.Where(i => i.RoundId == id).Select(i => i.ProjectId);
            dropped = await db.DispatchItems.AsNoTracking()
                .Where(i => i.RoundId == prev && visible.Contains(i.ProjectId) && !now.Contains(i.ProjectId))
                .OrderBy(i => i.RegionId).ThenBy(i => i.ProjectName).Take(MaxPageSize)
                .Select(i => new DroppedProject(i.ProjectId, i.ProjectName, i.RegionName)).ToListAsync(ct);
        }

        var regions = await Reference.ReferenceNames.LoadAsync(db, ct);
        var summary = new RoundSummary(round.Id, round.Title, round.Year, round.Month, round.Half, regions.Region(round.RegionId), round.Status, round.AsOf, round.SnapshotAt,
            round.CreatedBy, round.PublishedAt, round.PublishedBy, figures.Projects, figures.Red, figures.Yellow, figures.Changed, round.Version);
        return new RoundView(summary, round.Summary, previousTitle, figures, items, total, page, pageSize, dropped, reviewer && round.Status == RoundStatus.Draft);
    }

    /// <summary>Every visible project of a round in the order the page shows them, for the export.</summary>
    public async Task<(RoundView View, IReadOnlyList<DispatchItem> Items)> AllAsync(int id, string? region, string? q, RoundFilter filter, CancellationToken ct)
    {
        var first = await GetAsync(id, region, q, filter, 1, MaxPageSize, ct);
        var items = new List<DispatchItem>(first.Total);
        items.AddRange(first.Items);
        for (var page = 2; page <= first.Pages; page++)
        {
            items.AddRange((await GetAsync(id, region, q, filter, page, MaxPageSize, ct)).Items);
        }

        return (first, items);
    }
}
