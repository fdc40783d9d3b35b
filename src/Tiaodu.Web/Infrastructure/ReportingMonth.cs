namespace Tiaodu.Web.Infrastructure;

/// <summary>The month a month-by-month page shows: the asked one if it has begun, else this month (December of a past year).</summary>
internal static class ReportingMonth
{
    public static (int Year, int Month) Choose(int? year, int? month, DateOnly today)
    {
        var y = year is { } asked && asked >= Core.Ledger.SaveProjectYear.MinYear && asked <= today.Year ? asked : today.Year;
        var m = month is { } a && a is >= 1 and <= 12 && (y < today.Year || a <= today.Month) ? a : y == today.Year ? today.Month : 12;
        return (y, m);
    }
}
