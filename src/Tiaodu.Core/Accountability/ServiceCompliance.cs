using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Accountability;

/// <summary>A stretch of days a duty is judged over: a half month or a week.</summary>
public sealed record DutyPeriod(DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly d) => d >= From && d <= To;
}

public sealed record ComplianceRow(int OfficerId, string Officer, int ProjectId, string ProjectName, string Region,
    int HalvesDue, int MissingHalves, int WeeksDue, int MissingWeeks, DateOnly? LastVisit, DateOnly? LastContact,
    IReadOnlyList<DutyPeriod> MissedHalves, IReadOnlyList<DutyPeriod> MissedWeeks)
{
    public bool Complete => MissingHalves == 0 && MissingWeeks == 0;
}

public sealed record ComplianceList(int Year, int Month, DateOnly Today, int Projects, int Behind, IReadOnlyList<ComplianceRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Whether each project with a 服务秘书 had its duties done in a month, computed from the log (nothing stored):
/// a site visit in each half month (1st–15th, 16th–end) and a contact — a site visit counts too — in each
/// week (Monday to Sunday) whose Thursday falls in the month, the ISO rule for which month a week belongs to.
/// Only periods over by today are judged. Worst first: most missed half months, then most missed weeks.
/// </summary>
public sealed class ServiceCompliance(TiaoduDb db, LedgerQueryBuilder ledger, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public static IReadOnlyList<DutyPeriod> Halves(int year, int month)
    {
        var last = DateTime.DaysInMonth(year, month);
        return [new(new DateOnly(year, month, 1), new DateOnly(year, month, 15)), new(new DateOnly(year, month, 16), new DateOnly(year, month, last))];
    }

    /// <summary>The Monday-based weeks of a month: those whose Thursday lies in it.</summary>
    public static IReadOnlyList<DutyPeriod> Weeks(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        var thursday = first.AddDays(((int)DayOfWeek.Thursday - (int)first.DayOfWeek + 7) % 7);
        var weeks = new List<DutyPeriod>();
        for (var t = thursday; t.Month == month; t = t.AddDays(7))
        {
            weeks.Add(new(t.AddDays(-3), t.AddDays(3)));
        }

        return weeks;
    }

    public async Task<ComplianceList> ListAsync(int year, int month, string? region, string? q, bool behindOnly, int page, int pageSize, CancellationToken ct)
    {
        if (year < Ledger.SaveProjectYear.MinYear || year > 2100 || month is < 1 or > 12)
        {
            throw ValidationFailedException.For("month", "请选择正确的年月");
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var list = await (await ledger.BuildAsync(new ProjectFilter { Region = region, Q = q }, ct)).ProjectsIgnoringYear
            .Where(p => p.ServiceOfficerId != null)
            .Select(p => new { p.Id, p.Name, p.RegionId, OfficerId = p.ServiceOfficerId!.Value })
            .ToListAsync(ct);
        var allWeeks = Weeks(year, month);
        var halves = Halves(year, month).Where(h => h.To < today).ToList();
        var weeks = allWeeks.Where(w => w.To < today).ToList();
        var monthStart = new DateOnly(year, month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var from = allWeeks[0].From < monthStart ? allWeeks[0].From : monthStart;
        var to = allWeeks[^1].To > monthEnd ? allWeeks[^1].To : monthEnd;
        var ids = list.Select(p => p.Id).ToList();

        // Entries of the month's periods, and each project's latest visit and contact up to the period's end.
        var logs = await db.ServiceLogs.AsNoTracking().Where(l => ids.Contains(l.ProjectId) && l.On >= from && l.On <= to)
            .Select(l => new { l.ProjectId, l.Kind, l.On }).ToListAsync(ct);
        var lastVisits = await db.ServiceLogs.AsNoTracking().Where(l => ids.Contains(l.ProjectId) && l.Kind == ServiceLogKind.SiteVisit && l.On <= to)
            .GroupBy(l => l.ProjectId).Select(g => new { g.Key, Last = g.Max(l => l.On) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var lastContacts = await db.ServiceLogs.AsNoTracking().Where(l => ids.Contains(l.ProjectId) && l.On <= to)
            .GroupBy(l => l.ProjectId).Select(g => new { g.Key, Last = g.Max(l => l.On) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var byProject = logs.ToLookup(l => l.ProjectId);
        var officerIds = list.Select(p => p.OfficerId).Distinct().ToList();
        var officers = await db.People.AsNoTracking().Where(p => officerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var rows = list.Select(p =>
        {
            var mine = byProject[p.Id].ToList();
            var missedHalves = halves.Where(h => !mine.Any(l => l.Kind == ServiceLogKind.SiteVisit && h.Contains(l.On))).ToList();
            var missedWeeks = weeks.Where(w => !mine.Any(l => w.Contains(l.On))).ToList();
            return new ComplianceRow(p.OfficerId, officers.GetValueOrDefault(p.OfficerId, ""), p.Id, p.Name, names.Region(p.RegionId),
                halves.Count, missedHalves.Count, weeks.Count, missedWeeks.Count,
                lastVisits.TryGetValue(p.Id, out var v) ? v : null, lastContacts.TryGetValue(p.Id, out var c) ? c : null, missedHalves, missedWeeks);
        }).ToList();
        var behind = rows.Count(r => !r.Complete);
        var shown = (behindOnly ? rows.Where(r => !r.Complete) : rows)
            .OrderByDescending(r => r.MissingHalves).ThenByDescending(r => r.MissingWeeks)
            .ThenBy(r => r.Officer, StringComparer.Ordinal).ThenBy(r => r.ProjectName, StringComparer.Ordinal).ThenBy(r => r.ProjectId).ToList();
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Clamp(page, 1, Math.Max(1, (shown.Count + pageSize - 1) / pageSize));
        return new ComplianceList(year, month, today, rows.Count, behind, [.. shown.Skip((page - 1) * pageSize).Take(pageSize)], shown.Count, page, pageSize);
    }
}
