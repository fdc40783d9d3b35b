namespace Tiaodu.Tests.Infrastructure;

/// <summary>A clock stopped at a known moment in China Standard Time, so dates in tests are reproducible.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Default = new(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(8));

    public DateTimeOffset Now { get; set; } = now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
