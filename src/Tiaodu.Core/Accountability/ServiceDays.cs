namespace Tiaodu.Core.Accountability;

/// <summary>企业服务日: the first and third Tuesday of every month, when leaders visit companies.</summary>
public static class ServiceDays
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>The widest year range one calendar feed covers.</summary>
    public const int MaxYears = 5;

    public static IReadOnlyList<DateOnly> InMonth(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        var tuesday = first.AddDays(((int)DayOfWeek.Tuesday - (int)first.DayOfWeek + 7) % 7);
        return [tuesday, tuesday.AddDays(14)];
    }

    public static IEnumerable<DateOnly> InYears(int fromYear, int toYear)
    {
        for (var y = fromYear; y <= toYear; y++)
        {
            for (var m = 1; m <= 12; m++)
            {
                foreach (var d in InMonth(y, m))
                {
                    yield return d;
                }
            }
        }
    }

    public static bool IsServiceDay(DateOnly day) => InMonth(day.Year, day.Month).Contains(day);

    /// <summary>Refuses a year range outside the calendar's bounds (Chinese messages).</summary>
    public static void CheckRange(int fromYear, int toYear)
    {
        if (fromYear < MinYear || toYear > MaxYear || fromYear > toYear)
        {
            throw ValidationFailedException.For("year", $"年份应在{MinYear}至{MaxYear}之间，且起始年份不晚于结束年份");
        }

        if (toYear - fromYear + 1 > MaxYears)
        {
            throw ValidationFailedException.For("year", $"一次最多导出{MaxYears}年的日历");
        }
    }
}
