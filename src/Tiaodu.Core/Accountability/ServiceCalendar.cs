using System.Globalization;

namespace Tiaodu.Core.Accountability;

public sealed record ServiceDayView(DateOnly On, IReadOnlyList<LeaderVisitRow> Visits);

public sealed record ServiceMonth(int Year, int Month, DateOnly Today, IReadOnlyList<ServiceDayView> ServiceDays, IReadOnlyList<LeaderVisitRow> OtherVisits);

/// <summary>企业服务日 as a month to read (with the leaders' visits planned that month) and as an iCalendar feed.</summary>
public sealed class ServiceCalendar(LeaderVisits visits, TimeProvider clock)
{
    public const string CalendarName = "企业服务日";

    public async Task<ServiceMonth> MonthAsync(int year, int month, CancellationToken ct)
    {
        if (year < ServiceDays.MinYear || year > ServiceDays.MaxYear || month is < 1 or > 12)
        {
            throw ValidationFailedException.For("month", "请选择正确的年月");
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var days = ServiceDays.InMonth(year, month);
        var planned = await visits.InMonthAsync(year, month, ct);
        return new ServiceMonth(year, month, today,
            [.. days.Select(d => new ServiceDayView(d, [.. planned.Where(v => v.On == d)]))],
            [.. planned.Where(v => !days.Contains(v.On))]);
    }

    /// <summary>
    /// The service days of a year range as iCalendar text. Only the days themselves: the feed is the same for
    /// every reader, so it carries nothing of anyone's jurisdiction.
    /// </summary>
    public string Feed(int fromYear, int toYear)
    {
        ServiceDays.CheckRange(fromYear, toYear);
        return ICalendar.Write(CalendarName, Days(fromYear, toYear), clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// The feed of a subscription link: the service days of a year range and, for a reader who may see the ledger,
    /// the leaders' visits planned or made in those years to projects of the reader's jurisdiction (not the
    /// cancelled ones, which calendar apps then drop).
    /// </summary>
    public async Task<string> PersonalFeedAsync(int fromYear, int toYear, bool withVisits, CancellationToken ct)
    {
        ServiceDays.CheckRange(fromYear, toYear);
        var events = Days(fromYear, toYear).ToList();
        if (withVisits)
        {
            var rows = await visits.BetweenAsync(new DateOnly(fromYear, 1, 1), new DateOnly(toYear + 1, 1, 1), ct);
            events.AddRange(rows.Where(v => v.Status != VisitStatus.Cancelled).Select(v => new CalendarDay(
                "leader-visit-" + v.Id.ToString(CultureInfo.InvariantCulture) + "@tiaodu", v.On, $"领导走访：{v.Leader}｜{v.ProjectName}",
                $"{v.Region}　{v.ProjectName}；走访领导：{v.Leader}；事由：{v.Purpose}" + (v.Status == VisitStatus.Done ? "（已走访）" : ""))));
        }

        return ICalendar.Write(CalendarName, events.OrderBy(e => e.On).ThenBy(e => e.Uid, StringComparer.Ordinal), clock.GetUtcNow().UtcDateTime);
    }

    private static IEnumerable<CalendarDay> Days(int fromYear, int toYear) => ServiceDays.InYears(fromYear, toYear).Select(d => new CalendarDay(
        "service-day-" + d.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "@tiaodu",
        d, CalendarName, $"{d:yyyy年M月d日}企业服务日（每月第一、第三个星期二）：领导走访企业，现场协调解决问题。"));
}
