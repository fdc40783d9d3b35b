using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;

namespace Tiaodu.Core.Dispatch;

public sealed record WatchCheckView(long Id, WatchStatus Status, int? Workers, string? Note, string CheckedBy, DateTime CheckedAt, int Version);

public sealed record WatchRow(int EntryId, int ProjectId, string Name, string Region, string Focus, string AddedBy, DateTime AddedAt, int EntryVersion,
    LightColor? Light, WatchCheckView? Check, WatchCheckView? LastWeek);

public sealed record WatchWeek(DateOnly WeekOf, int Watched, int Checked, int Behind, IReadOnlyList<WatchRow> Rows, int Total, int Page, int PageSize, bool CanChoose, bool CanCheck)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// 周监测: the dispatch office chooses the projects to watch; every week someone who reports progress on a
/// watched project (the office, its service officer, its task force) records how it stands. Reading follows
/// the jurisdiction; a week not yet begun cannot be checked.
/// </summary>
public sealed class ManageWatch(TiaoduDb db, LedgerQueryBuilder ledger, TimeProvider clock, ICurrentUser user)
{
    public const int MaxPageSize = 200;

    public DateOnly ThisWeek => WeeklyCheck.MondayOf(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));

    public async Task<WatchEntry> AddAsync(int projectId, string? focus, CancellationToken ct)
    {
        if (!user.Has(Permission.ReviewReports))
        {
            throw new ForbiddenException("只有调度中心可以选择周监测项目");
        }

        await ProjectAsync(projectId, ct);
        var text = focus?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw ValidationFailedException.For("focus", "请填写监测重点（如：主体封顶、设备进场）");
        }

        if (text.Length > WatchEntry.FocusLength)
        {
            throw ValidationFailedException.For("focus", $"监测重点不能超过{WatchEntry.FocusLength}个字");
        }

        if (await db.WatchEntries.AnyAsync(w => w.ProjectId == projectId && w.RemovedAt == null, ct))
        {
            throw new ConflictException("该项目已在周监测清单中");
        }

        var entry = new WatchEntry(projectId, text, user.Name, clock.GetUtcNow().UtcDateTime);
        db.WatchEntries.Add(entry);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return entry;
    }

    public async Task RemoveAsync(int entryId, int expectedVersion, CancellationToken ct)
    {
        if (!user.Has(Permission.ReviewReports))
        {
            throw new ForbiddenException("只有调度中心可以调整周监测清单");
        }

        var entry = await db.WatchEntries.FirstOrDefaultAsync(w => w.Id == entryId && w.RemovedAt == null, ct) ?? throw new NotFoundException("监测项目不存在");
        await ProjectAsync(entry.ProjectId, ct);
        ConcurrencyGuard.Expect(db, entry, entry.Version, expectedVersion);
        entry.Remove(user.Name, clock.GetUtcNow().UtcDateTime);
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    /// <summary>Records (or corrects) a watched project's check for a week that has begun.</summary>
    public async Task<WeeklyCheck> RecordAsync(int projectId, DateOnly weekOf, WatchStatus status, int? workers, string? note, int? expectedVersion, CancellationToken ct)
    {
        if (!user.Has(Permission.ReportProgress))
        {
            throw new ForbiddenException("您的角色不能填报周监测");
        }

        await ProjectAsync(projectId, ct);
        var errors = new ValidationErrors();
        weekOf = WeeklyCheck.MondayOf(weekOf);
        if (weekOf > ThisWeek)
        {
            errors.Add("week", "还没有到这一周，不能填报");
        }

        if (!Enum.IsDefined(status))
        {
            errors.Add("status", "请选择推进情况");
        }

        if (workers is < 0 or > 100_000)
        {
            errors.Add("workers", "在岗人数应在0至100000之间");
        }

        if (note?.Trim().Length > WeeklyCheck.NoteLength)
        {
            errors.Add("note", $"情况说明不能超过{WeeklyCheck.NoteLength}个字");
        }

        if (status != WatchStatus.OnTrack && string.IsNullOrWhiteSpace(note))
        {
            errors.Add("note", $"「{WeeklyCheck.StatusName(status)}」请说明原因");
        }

        errors.ThrowIfAny();
        var entry = await db.WatchEntries.AsNoTracking().Where(w => w.ProjectId == projectId)
            .OrderByDescending(w => w.Id).FirstOrDefaultAsync(ct);
        var weekEnd = weekOf.AddDays(7).ToDateTime(TimeOnly.MinValue);
        if (entry is null || TimeZoneInfo.ConvertTimeFromUtc(entry.AddedAt, clock.LocalTimeZone) >= weekEnd
            || (entry.RemovedAt is { } removed && TimeZoneInfo.ConvertTimeFromUtc(removed, clock.LocalTimeZone) < weekOf.ToDateTime(TimeOnly.MinValue)))
        {
            throw new ConflictException("该项目这一周不在周监测清单中");
        }

        var check = await db.WeeklyChecks.FirstOrDefaultAsync(c => c.ProjectId == projectId && c.WeekOf == weekOf, ct);
        if (check is null)
        {
            check = new WeeklyCheck(projectId, weekOf);
            db.WeeklyChecks.Add(check);
        }
        else
        {
            ConcurrencyGuard.Expect(db, check, check.Version, expectedVersion ?? -1);
        }

        check.Record(status, workers, note, user.Name, clock.GetUtcNow().UtcDateTime);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return check;
    }

    /// <summary>A week's checklist: every project watched during that week inside the jurisdiction, with its check and last week's.</summary>
    public async Task<WatchWeek> WeekAsync(DateOnly? week, string? region, string? q, bool uncheckedOnly, int page, int pageSize, CancellationToken ct)
    {
        var weekOf = WeeklyCheck.MondayOf(week ?? ThisWeek);
        var projects = (await ledger.BuildAsync(new ProjectFilter { Region = region, Q = q }, ct)).ProjectsIgnoringYear;
        var start = Utc(weekOf);
        var end = Utc(weekOf.AddDays(7));
        var entries = from w in db.WatchEntries.AsNoTracking()
                      join p in projects on w.ProjectId equals p.Id
                      where w.AddedAt < end && (w.RemovedAt == null || w.RemovedAt >= start)
                      select new { Entry = w, p.Name, p.RegionId };
        var checks = db.WeeklyChecks.AsNoTracking().Where(c => c.WeekOf == weekOf);
        var watched = await entries.CountAsync(ct);
        var done = await entries.CountAsync(x => checks.Any(c => c.ProjectId == x.Entry.ProjectId), ct);
        var behind = await entries.CountAsync(x => checks.Any(c => c.ProjectId == x.Entry.ProjectId && c.Status != WatchStatus.OnTrack), ct);
        var rows = uncheckedOnly ? entries.Where(x => !checks.Any(c => c.ProjectId == x.Entry.ProjectId)) : entries;
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await rows.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var list = await rows.OrderBy(x => x.RegionId).ThenBy(x => x.Name).ThenBy(x => x.Entry.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = list.Select(x => x.Entry.ProjectId).ToList();
        var lastWeek = weekOf.AddDays(-7);
        var found = await db.WeeklyChecks.AsNoTracking().Where(c => ids.Contains(c.ProjectId) && (c.WeekOf == weekOf || c.WeekOf == lastWeek)).ToListAsync(ct);
        var monthEnd = weekOf.AddDays(6);
        var lights = await db.ProjectLights.AsNoTracking()
            .Where(l => ids.Contains(l.ProjectId) && l.Year == monthEnd.Year && l.Month == monthEnd.Month && l.ExemptionId == null && l.Color != LightColor.None)
            .Select(l => new { l.ProjectId, l.Color }).ToListAsync(ct);
        var names = await Reference.ReferenceNames.LoadAsync(db, ct);
        static WatchCheckView? View(WeeklyCheck? c) => c is null ? null : new(c.Id, c.Status, c.Workers, c.Note, c.CheckedBy, c.CheckedAt, c.Version);
        return new WatchWeek(weekOf, watched, done, behind,
            [.. list.Select(x => new WatchRow(x.Entry.Id, x.Entry.ProjectId, x.Name, names.Region(x.RegionId), x.Entry.Focus, x.Entry.AddedBy, x.Entry.AddedAt, x.Entry.Version,
                lights.Where(l => l.ProjectId == x.Entry.ProjectId).Select(l => (LightColor?)l.Color).Max(),
                View(found.FirstOrDefault(c => c.ProjectId == x.Entry.ProjectId && c.WeekOf == weekOf)),
                View(found.FirstOrDefault(c => c.ProjectId == x.Entry.ProjectId && c.WeekOf == lastWeek))))],
            total, page, pageSize, user.Has(Permission.ReviewReports), user.Has(Permission.ReportProgress) && weekOf <= ThisWeek);
    }

    private DateTime Utc(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), clock.LocalTimeZone);

    private async Task<Project> ProjectAsync(int projectId, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        return project is null || !(await user.ScopeAsync(ct)).Allows(project) ? throw new NotFoundException("项目不存在") : project;
    }
}
