using System.Net;
using System.Text;
using Tiaodu.Core.Accountability;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Accountability;

/// <summary>企业服务日 (first and third Tuesday) and their iCalendar feed (RFC 5545).</summary>
public sealed class ServiceDayTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    [Fact]
    public void Service_days_are_the_first_and_third_tuesday()
    {
        ServiceDays.InMonth(2026, 11).ShouldBe([new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 17)]);
        ServiceDays.InMonth(2026, 12).ShouldBe([new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 15)]);
        ServiceDays.InMonth(2027, 2).ShouldBe([new DateOnly(2027, 2, 2), new DateOnly(2027, 2, 16)]);
        ServiceDays.InYears(2026, 2027).Count().ShouldBe(48);
        ServiceDays.IsServiceDay(new DateOnly(2026, 11, 10)).ShouldBeFalse();
    }

    [Fact]
    public void Text_is_escaped_and_long_lines_fold_at_75_octets_without_splitting_a_character()
    {
        ICalendar.Escape("a\\b;c,d\r\ne\nf").ShouldBe("a\\\\b\\;c\\,d\\ne\\nf");

        var line = "DESCRIPTION:" + string.Concat(Enumerable.Repeat("企业服务日x😀，", 12));
        var sb = new StringBuilder();
        ICalendar.Fold(sb, line);
        var text = sb.ToString();
        text.ShouldEndWith("\r\n");
        var physical = text[..^2].Split("\r\n");
        physical.Length.ShouldBeGreaterThan(3);
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var p in physical)
        {
            var bytes = Encoding.UTF8.GetBytes(p);
            bytes.Length.ShouldBeLessThanOrEqualTo(75);
            strict.GetString(bytes).ShouldBe(p); // no lone surrogate: the break fell between characters
        }

        physical.Skip(1).ShouldAllBe(p => p.StartsWith(' '));
        string.Concat(physical.Select((p, i) => i == 0 ? p : p[1..])).ShouldBe(line);
    }

    [Fact]
    public async Task The_feed_is_an_all_day_calendar_with_stable_uids_for_signed_in_users()
    {
        using var office = app.Api();
        var response = await office.GetAsync("/api/service-days/calendar.ics?from=2026&to=2026");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);

        text.ShouldStartWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:");
        text.ShouldEndWith("END:VCALENDAR\r\n");
        text.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain("\n");
        text.Split("\r\n").ShouldAllBe(l => Encoding.UTF8.GetByteCount(l) <= 75);
        text.ShouldContain("X-WR-CALNAME:企业服务日\r\n");
        text.Split("BEGIN:VEVENT").Length.ShouldBe(25);
        text.ShouldContain("UID:service-day-20261103@tiaodu\r\nDTSTAMP:20261122T020000Z\r\nDTSTART;VALUE=DATE:20261103\r\nDTEND;VALUE=DATE:20261104\r\n");
        text.ShouldContain("DTSTART;VALUE=DATE:20261215\r\n");
        text.ShouldNotContain("DTSTART;VALUE=DATE:20261110");

        // The same day keeps its UID in a feed of another range.
        (await office.GetStringAsync("/api/service-days/calendar.ics?from=2025&to=2027")).ShouldContain("UID:service-day-20261103@tiaodu\r\n");

        (await office.GetAsync("/api/service-days/calendar.ics?from=2020&to=2026")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var nobody = app.Anonymous();
        (await nobody.GetAsync("/api/service-days/calendar.ics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
