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
        var days = ServiceDays.InYears(fromYear, toYear).Select(d => new CalendarDay(
            "service-day-" + d.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "@tiaodu",
            d, CalendarName, $"{d:yyyy年M月d日}企业服务日（每月第一、第三个星期二）：领导走访企业，现场协调解决问题。"));
        return ICalendar.Write(CalendarName, days, clock.GetUtcNow().UtcDateTime);
    }
}
