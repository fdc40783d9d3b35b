using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Tests.Web;

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

    [Fact]
    public async Task A_subscription_link_serves_its_accounts_days_and_visits_without_a_session_until_renewed_removed_or_disabled()
    {
        async Task<int> VisitAsync(string region, string name)
        {
            var regionId = await app.RegionIdAsync(region);
            var leader = await app.WithDbAsync(async db =>
            {
                var p = new Person(name + "领导", "副区长", PersonRole.Leader, regionId);
                db.People.Add(p);
                await db.SaveChangesAsync();
                return p.Id;
            });
            var project = (await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = regionId, TotalInvestment = 120_000m, LeaderId = leader })).Id;
            using var office = app.Api();
            var planned = await office.PostAsJsonAsync("/api/leader-visits", new { projectId = project, leaderId = leader, on = "2026-12-01", purpose = "订阅测试" }, Json.Options);
            await planned.EnsureSuccessAsync();
            return (await planned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }

        var inside = await VisitAsync("220104", "订阅朝阳区项目");
        var outside = await VisitAsync("220112", "订阅双阳区项目");
        var me = await app.CreateAccountAsync("calendar.chaoyang", [Role.DistrictLeader], "220104");
        using var leaderClient = app.ClientFor("calendar.chaoyang");
        using var nobody = app.Anonymous();

        async Task<string> LinkAsync()
        {
            var made = await leaderClient.PostAsJsonAsync("/api/me/calendar-link", new { }, Json.Options);
            await made.EnsureSuccessAsync();
            var url = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
            url.ShouldStartWith("http://localhost/api/service-days/subscription/");
            return new Uri(url).PathAndQuery;
        }

        var link = await LinkAsync();
        var response = await nobody.GetAsync(link);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, "a calendar app fetches it without signing in");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var feed = (await response.Content.ReadAsStringAsync()).Replace("\r\n ", "", StringComparison.Ordinal);
        feed.ShouldContain("UID:service-day-20261201@tiaodu\r\n");
        feed.ShouldContain($"UID:leader-visit-{inside}@tiaodu\r\n");
        feed.ShouldContain("SUMMARY:领导走访：订阅朝阳区项目领导｜订阅朝阳区项目");
        feed.ShouldNotContain($"leader-visit-{outside}@", customMessage: "a visit outside the account's jurisdiction");
        feed.ShouldNotContain("订阅双阳区项目");

        // Only the hash is kept, and the audit trail says the link changed without saying what it is.
        var hash = await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == me).Select(a => a.CalendarTokenHash).SingleAsync());
        hash.ShouldNotBeNull().ShouldNotContain(link.Split('/')[^1].Replace(".ics", "", StringComparison.Ordinal));
        var trail = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == nameof(Account) && e.EntityId == me.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(e => e.After ?? "").ToListAsync());
        trail.ShouldContain(a => a.Contains(nameof(Account.CalendarTokenHash), StringComparison.Ordinal));
        trail.ShouldNotContain(a => a.Contains(hash!, StringComparison.Ordinal));

        // A new link ends the old one; removing it ends it too; so does disabling the account.
        var renewed = await LinkAsync();
        (await nobody.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await nobody.GetAsync(renewed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await leaderClient.DeleteAsync("/api/me/calendar-link")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await nobody.GetAsync(renewed)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var last = await LinkAsync();
        await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == me).ExecuteUpdateAsync(u => u.SetProperty(a => a.IsActive, false)));
        (await nobody.GetAsync(last)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var bad in new[] { "abc", new string('A', 43), "..%2F..%2Fetc", new string('A', 42) + "=" })
        {
            (await nobody.GetAsync($"/api/service-days/subscription/{bad}.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
    }
}
