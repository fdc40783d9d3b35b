using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Reports;

/// <summary>Where a project stands for one month: no report yet, or the report's status.</summary>
public enum ReportState
{
    Missing,
    Draft,
    Submitted,
    Returned,
    Approved,
}

/// <summary>Which projects a report list shows.</summary>
public enum ReportListFilter
{
    All,

    /// <summary>Not yet submitted (no report, a draft, or returned): the "who has not reported" list.</summary>
    NotReported,

    Submitted,
    Returned,
    Approved,
}

public sealed record ReportListRow(
    int ProjectId,
    string Name,
    string Region,
    string? ServiceOfficer,
    ReportState State,
    int? ReportId,
    decimal? InvestmentMonth,
    decimal? InvestmentYtd,
    DateTime? SubmittedAt,
    bool Overdue);

public sealed record ReportList(
    int Year,
    int Month,
    DateOnly DueDate,
    IReadOnlyDictionary<ReportState, int> Counts,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyList<ReportListRow> Rows)
{
    public int Projects => Counts.Values.Sum();

    public int NotReported => Counts[ReportState.Missing] + Counts[ReportState.Draft] + Counts[ReportState.Returned];

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record ReportView(
    int ProjectId,
    string ProjectName,
    string Region,
    decimal? TotalInvestment,
    int Year,
    int Month,
    DateOnly DueDate,
    MonthlyReport? Report,
    ReportBase Base,
    IReadOnlyList<ReportRevision> Revisions,
    IReadOnlyList<MonthlyReport> YearReports,
    IReadOnlyList<Files.StoredFile>? Photos = null)
{
    public ReportState State => ReportQueries.StateOf(Report?.Status);

    public bool Overdue(DateOnly today) => State is ReportState.Missing or ReportState.Draft or ReportState.Returned && today > DueDate;
}

/// <summary>Reads the monthly reports inside the user's jurisdiction: one project's month, a month's list, the reporting calendar.</summary>
public sealed class ReportQueries(TiaoduDb db, LedgerQueryBuilder ledger, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public static ReportState StateOf(ReportStatus? status) => status switch
    {
        null => ReportState.Missing,
        ReportStatus.Draft => ReportState.Draft,
        ReportStatus.Submitted => ReportState.Submitted,
        ReportStatus.Returned => ReportState.Returned,
        _ => ReportState.Approved,
    };

    public async Task<ReportSettings> SettingsAsync(CancellationToken ct) =>
        await db.Set<ReportSettings>().AsNoTracking().FirstOrDefaultAsync(ct) ?? new ReportSettings();

    public async Task<ReportView> GetAsync(int projectId, int year, int month, CancellationToken ct)
    {
        if (month is < 1 or > 12 || year < SaveProjectYear.MinYear || year > ProjectFilter.MaxYear)
        {
            throw new NotFoundException("月报不存在");
        }

        var scope = await ledger.ViewScopeAsync(ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        if (project is null || !scope.Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        var reports = await db.MonthlyReports.AsNoTracking().Where(r => r.ProjectId == projectId && r.Year == year).OrderBy(r => r.Month).ToListAsync(ct);
        var report = reports.FirstOrDefault(r => r.Month == month);
        var opening = await ReportAccess.OpeningAsync(db, projectId, year, ct);
        var approved = reports.Where(r => r.Status == ReportStatus.Approved && r.Id != report?.Id);
        var revisions = report is null ? [] : await db.Set<ReportRevision>().AsNoTracking().Where(v => v.ReportId == report.Id).OrderByDescending(v => v.Id).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var settings = await SettingsAsync(ct);
        var photos = report is null ? [] : await db.StoredFiles.AsNoTracking()
            .Where(f => f.OwnerType == Files.StoredFile.ReportPhotoOwner && f.OwnerId == report.Id).OrderBy(f => f.Id).ToListAsync(ct);
        return new ReportView(project.Id, project.Name, names.Region(project.RegionId), project.TotalInvestment, year, month, settings.DueDate(year, month),
            report, ReportRules.BaseFor(approved, month, opening), revisions, reports, photos);
    }

    /// <summary>
    /// Every project on the year's ledger inside the jurisdiction (and region / name filter), with its report for the
    /// month; <see cref="ReportListFilter.NotReported"/> gives the "who has not reported" list.
    /// </summary>
    public async Task<ReportList> ListAsync(int year, int month, string? region, string? q, ReportListFilter filter, int page, int pageSize, CancellationToken ct)
    {
        if (month is < 1 or > 12)
        {
            throw ValidationFailedException.For("month", "月份应在1至12之间");
        }

        var rows = await RowsAsync(year, month, region, q, ct);
        var counted = await rows.GroupBy(x => x.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var counts = Enum.GetValues<ReportState>().ToDictionary(s => s, s => counted.Where(c => StateOf(c.Key) == s).Sum(c => c.Count));
        var filtered = filter switch
        {
            ReportListFilter.NotReported => rows.Where(x => x.Status == null || x.Status == ReportStatus.Draft || x.Status == ReportStatus.Returned),
            ReportListFilter.Submitted => rows.Where(x => x.Status == ReportStatus.Submitted),
            ReportListFilter.Returned => rows.Where(x => x.Status == ReportStatus.Returned),
            ReportListFilter.Approved => rows.Where(x => x.Status == ReportStatus.Approved),
            _ => rows,
        };

        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await filtered.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var pageRows = await filtered.OrderBy(x => x.Name).ThenBy(x => x.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var due = (await SettingsAsync(ct)).DueDate(year, month);
        return new ReportList(year, month, due, counts, total, page, pageSize, await ToRowsAsync(pageRows, due, ct));
    }

    /// <summary>Every row of the month's list, for an export.</summary>
    public async Task<(DateOnly DueDate, IReadOnlyList<ReportListRow> Rows)> AllAsync(int year, int month, string? region, string? q, CancellationToken ct)
    {
        if (month is < 1 or > 12)
        {
            throw ValidationFailedException.For("month", "月份应在1至12之间");
        }

        var rows = await (await RowsAsync(year, month, region, q, ct)).OrderBy(x => x.RegionId).ThenBy(x => x.Name).ThenBy(x => x.Id).ToListAsync(ct);
        var due = (await SettingsAsync(ct)).DueDate(year, month);
        return (due, await ToRowsAsync(rows, due, ct));
    }

    private async Task<IQueryable<ReportListItem>> RowsAsync(int year, int month, string? region, string? q, CancellationToken ct)
    {
        var lq = await ledger.BuildAsync(new ProjectFilter { Year = year, Region = region, Q = q }, ct);
        return from p in lq.Projects
               join r in db.MonthlyReports.AsNoTracking().Where(r => r.Year == year && r.Month == month) on p.Id equals r.ProjectId into rr
               from r in rr.DefaultIfEmpty()
               select new ReportListItem
               {
                   Id = p.Id, Name = p.Name, RegionId = p.RegionId, ServiceOfficerId = p.ServiceOfficerId,
                   Status = r == null ? null : r.Status, ReportId = r == null ? null : r.Id,
                   Month = r == null ? null : r.InvestmentMonth, Ytd = r == null ? null : r.InvestmentYtd, SubmittedAt = r == null ? null : r.SubmittedAt,
               };
    }

    private async Task<IReadOnlyList<ReportListRow>> ToRowsAsync(List<ReportListItem> items, DateOnly due, CancellationToken ct)
    {
        var names = await ReferenceNames.LoadAsync(db, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        return [.. items.Select(x =>
        {
            var state = StateOf(x.Status);
            return new ReportListRow(x.Id, x.Name, names.Region(x.RegionId), names.Person(x.ServiceOfficerId), state, x.ReportId, x.Month, x.Ytd, x.SubmittedAt,
                state is ReportState.Missing or ReportState.Draft or ReportState.Returned && today > due);
        })];
    }

    private sealed class ReportListItem
    {
        public int Id { get; init; }
        public string Name { get; init; } = "";
        public int RegionId { get; init; }
        public int? ServiceOfficerId { get; init; }
        public ReportStatus? Status { get; init; }
        public int? ReportId { get; init; }
        public decimal? Month { get; init; }
        public decimal? Ytd { get; init; }
        public DateTime? SubmittedAt { get; init; }
    }
}

/// <summary>Changes the reporting calendar (dispatch office).</summary>
public sealed class ChangeReportSettings(TiaoduDb db, ICurrentUser user)
{
    public async Task<ReportSettings> HandleAsync(int deadlineDay, int reminderDays, int expectedVersion, CancellationToken ct)
    {
        ReportAccess.RequireReviewer(user);
        var settings = await db.Set<ReportSettings>().FirstAsync(ct);
        ConcurrencyGuard.Expect(db, settings, settings.Version, expectedVersion);
        settings.Change(deadlineDay, reminderDays);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return settings;
    }
}
