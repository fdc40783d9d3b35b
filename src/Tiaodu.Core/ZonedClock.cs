namespace Tiaodu.Core;

/// <summary>
/// The system clock read in the platform's time zone (China Standard Time by default), so "today" and
/// "this month" are the officials' dates whatever zone the server is set to.
/// </summary>
public sealed class ZonedClock(TimeZoneInfo zone) : TimeProvider
{
    public const string DefaultZone = "Asia/Shanghai";

    public override TimeZoneInfo LocalTimeZone => zone;

    public static ZonedClock FromId(string? id) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(id) ? DefaultZone : id));
}
