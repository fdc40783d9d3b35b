using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Tests.Web;

namespace Tiaodu.Tests.Accountability;

/// <summary>服务秘书走访/联系记录 and the monthly duty check. Today is Sunday 22 November 2026.</summary>
public sealed class ServiceLogTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46];

    private Task<int> OfficerAsync(string name, string region = "220104") => app.WithDbAsync(async db =>
    {
        var person = new Person(name, "发改局干部", PersonRole.ServiceOfficer, await db.Regions.Where(r => r.Key == region).Select(r => r.Id).SingleAsync());
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    });

    private async Task<int> ProjectAsync(string name, int? officer, string region = "220104") =>
        (await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = await app.RegionIdAsync(region), TotalInvestment = 8_000m, ServiceOfficerId = officer })).Id;

    private static Task<HttpResponseMessage> LogAsync(HttpClient client, int project, string kind, string on, string? note, object[]? problems = null) =>
        client.PostAsJsonAsync($"/api/projects/{project}/service-logs", new { kind, on, note, problems }, Json.Options);

    [Fact]
    public async Task The_officer_records_a_visit_with_photos_and_problems_and_readers_outside_cannot_see_it()
    {
        var officer = await OfficerAsync("走访测试秘书");
        var project = await ProjectAsync("走访测试项目", officer);
        await app.CreateAccountAsync("log.officer", [Role.ServiceOfficer], "220000", personId: officer);
        await app.CreateAccountAsync("log.linked", [Role.Department], "220500", personId: officer);
        await app.CreateAccountAsync("log.leader", [Role.DistrictLeader], "220104");
        await app.CreateAccountAsync("log.other", [Role.DistrictLeader], "220102");
        var power = await app.LookupIdAsync(LookupKind.ProblemCategory, "用电");
        using var mine = app.ClientFor("log.officer");

        var recorded = await LogAsync(mine, project, "SiteVisit", "2026-11-20", "现场查看主体施工，进度正常", [new { categoryId = power, description = "临时用电容量不足" }]);
        await recorded.EnsureSuccessAsync();
        var log = (await recorded.Content.ReadFromJsonAsync<AccountabilityLogDto>(Json.Options))!;
        log.OfficerId.ShouldBe(officer);
        var problem = await app.WithDbAsync(db => db.Problems.SingleAsync(p => p.ProjectId == project));
        (problem.Source, problem.RaisedOn, problem.CategoryId, problem.Description).ShouldBe((ProblemSource.SiteVisit, new DateOnly(2026, 11, 20), (int?)power, "临时用电容量不足"));
        (await app.WithDbAsync(db => db.ServiceLogProblems.CountAsync(x => x.ServiceLogId == log.Id && x.ProblemId == problem.Id))).ShouldBe(1);

        // The linked officer writes even without a reporting role; a reader of the region may not; outside the region it is not there.
        await (await LogAsync(app.ClientFor("log.linked"), project, "Contact", "2026-11-21", "电话了解用电协调进展")).EnsureSuccessAsync();
        (await LogAsync(app.ClientFor("log.leader"), project, "Contact", "2026-11-21", "领导想记一笔")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await LogAsync(app.ClientFor("log.other"), project, "Contact", "2026-11-21", "外区")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await LogAsync(mine, project, "SiteVisit", "2026-11-23", "明天的走访")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await LogAsync(mine, project, "SiteVisit", "2026-08-01", "太早的走访")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await LogAsync(mine, project, "SiteVisit", "2026-11-20", " ")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.ServiceLogs.CountAsync(l => l.ProjectId == project))).ShouldBe(2);

        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Jpeg), "photo", "现场.jpg" } })
        {
            (await mine.PostAsync($"/api/service-logs/{log.Id}/photos", form)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using (var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n"u8.ToArray()), "photo", "现场.jpg" } })
        {
            (await mine.PostAsync($"/api/service-logs/{log.Id}/photos", form)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        // The phone form checks its photos before writing anything: a refused photo leaves no entry to be recorded twice.
        using (var form = new MultipartFormDataContent
        {
            { new StringContent("SiteVisit"), "kind" }, { new StringContent("2026-11-21"), "on" }, { new StringContent("带了一个PDF当照片"), "note" },
            { new ByteArrayContent("%PDF-1.4\n"u8.ToArray()), "photo", "现场.jpg" },
        })
        {
            var refused = await mine.PostAsync($"/projects/{project}/service-log?handler=Record", form);
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("走访照片只接受 JPG 或 PNG 图片");
        }

        (await app.WithDbAsync(db => db.ServiceLogs.CountAsync(l => l.ProjectId == project))).ShouldBe(2);

        var photo = await app.WithDbAsync(db => db.StoredFiles.Where(f => f.OwnerType == Core.Files.StoredFile.ServiceLogPhotoOwner && f.OwnerId == log.Id).Select(f => f.Id).SingleAsync());
        (await app.ClientFor("log.leader").GetAsync($"/api/service-log-photos/{photo}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.ClientFor("log.other").GetAsync($"/api/service-log-photos/{photo}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.ClientFor("log.other").GetAsync($"/api/projects/{project}/service-logs")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The page lists newest first with the photo and the problem; the form is there for the officer only.
        var page = await mine.GetPageAsync($"/projects/{project}/service-log");
        page.QuerySelectorAll("#log-list [data-log]").Select(e => e.GetAttribute("data-kind")).ShouldBe(["Contact", "SiteVisit"]);
        page.QuerySelector($"#log-{log.Id} [data-photo]").ShouldNotBeNull();
        page.QuerySelector("#record-visit").ShouldNotBeNull();
        (await app.ClientFor("log.leader").GetPageAsync($"/projects/{project}/service-log")).QuerySelector("#record-visit").ShouldBeNull();

        // Recorded from the phone form; every entry is in the audit trail.
        var form2 = await mine.SubmitAsync(page, "handler=Record", new Dictionary<string, string> { ["kind"] = "Contact", ["note"] = "微信联系企业负责人", ["on"] = "2026-11-22" },
            $"/projects/{project}/service-log");
        form2.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.ServiceLogs.CountAsync(l => l.ProjectId == project))).ShouldBe(3);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(ServiceLog)))).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task An_entry_is_corrected_or_removed_by_whoever_may_write_it_at_the_version_read_and_audited()
    {
        var officer = await OfficerAsync("更正测试秘书");
        var project = await ProjectAsync("走访更正测试项目", officer);
        await app.CreateAccountAsync("log.fix.officer", [Role.ServiceOfficer], "220000", personId: officer);
        await app.CreateAccountAsync("log.fix.leader", [Role.DistrictLeader], "220104");
        await app.CreateAccountAsync("log.fix.other", [Role.DispatchOffice], "220102");
        using var mine = app.ClientFor("log.fix.officer");
        var power = await app.LookupIdAsync(LookupKind.ProblemCategory, "用电");
        var recorded = await LogAsync(mine, project, "SiteVisit", "2026-11-20", "现场查看主体施工", [new { categoryId = power, description = "更正测试用电问题" }]);
        var log = (await recorded.Content.ReadFromJsonAsync<AccountabilityLogDto>(Json.Options))!;
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Jpeg), "photo", "现场.jpg" } })
        {
            (await mine.PostAsync($"/api/service-logs/{log.Id}/photos", form)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        // Corrected at the version read; the same version again is stale; a reader of the region may not; outside, it is not there.
        var corrected = await mine.PutAsJsonAsync($"/api/service-logs/{log.Id}", new { kind = "Contact", on = "2026-11-19", note = "电话联系，更正日期", version = log.Version }, Json.Options);
        await corrected.EnsureSuccessAsync();
        var after = (await corrected.Content.ReadFromJsonAsync<AccountabilityLogDto>(Json.Options))!;
        (after.Kind, after.On, after.Note, after.Version, after.RecordedBy).ShouldBe((ServiceLogKind.Contact, new DateOnly(2026, 11, 19), "电话联系，更正日期", log.Version + 1, log.RecordedBy));
        (await mine.PutAsJsonAsync($"/api/service-logs/{log.Id}", new { kind = "SiteVisit", on = "2026-11-19", note = "旧版本", version = log.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await mine.PutAsJsonAsync($"/api/service-logs/{log.Id}", new { kind = "SiteVisit", on = "2026-11-23", note = "明天", version = after.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await mine.PutAsJsonAsync($"/api/service-logs/{log.Id}", new { kind = "SiteVisit", on = "2026-11-19", note = " ", version = after.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.ClientFor("log.fix.leader").PutAsJsonAsync($"/api/service-logs/{log.Id}", new { kind = "SiteVisit", on = "2026-11-19", note = "领导改", version = after.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.ClientFor("log.fix.other").PutAsJsonAsync($"/api/service-logs/{log.Id}", new { kind = "SiteVisit", on = "2026-11-19", note = "外区", version = after.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var trail = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(ServiceLog) && a.EntityId == log.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Sequence).Select(a => new { a.Action, a.Before }).ToListAsync());
        trail.Last().Action.ShouldBe(Core.Audit.AuditAction.Update);
        trail.Last().Before!.ShouldContain("现场查看主体施工");

        // The page offers the correction to the writer only, and corrects through its form.
        var page = await mine.GetPageAsync($"/projects/{project}/service-log");
        page.QuerySelector($"#log-{log.Id} [data-correct]").ShouldNotBeNull();
        (await app.ClientFor("log.fix.leader").GetPageAsync($"/projects/{project}/service-log")).QuerySelector($"#log-{log.Id} [data-correct]").ShouldBeNull();
        var viaPage = await mine.SubmitAsync(page, "handler=Correct", new Dictionary<string, string>
        {
            ["logId"] = log.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["version"] = after.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["kind"] = "SiteVisit", ["on"] = "2026-11-19", ["note"] = "现场走访，页面更正",
        }, $"/projects/{project}/service-log?logId={log.Id}");
        viaPage.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var now = await app.WithDbAsync(db => db.ServiceLogs.AsNoTracking().SingleAsync(l => l.Id == log.Id));
        (now.Kind, now.Note, now.Version).ShouldBe((ServiceLogKind.SiteVisit, "现场走访，页面更正", after.Version + 1));

        // Removed at its version: the photo records go with it, the problem it raised stays open on the project.
        (await mine.DeleteAsync($"/api/service-logs/{log.Id}?version={after.Version}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.ClientFor("log.fix.leader").DeleteAsync($"/api/service-logs/{log.Id}?version={now.Version}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await mine.DeleteAsync($"/api/service-logs/{log.Id}?version={now.Version}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.WithDbAsync(db => db.ServiceLogs.CountAsync(l => l.Id == log.Id))).ShouldBe(0);
        (await app.WithDbAsync(db => db.StoredFiles.CountAsync(f => f.OwnerType == Core.Files.StoredFile.ServiceLogPhotoOwner && f.OwnerId == log.Id))).ShouldBe(0);
        (await app.WithDbAsync(db => db.Problems.CountAsync(p => p.ProjectId == project && p.Description == "更正测试用电问题" && p.Status == ProblemStatus.Open))).ShouldBe(1);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(ServiceLog) && a.Action == Core.Audit.AuditAction.Delete
            && a.EntityId == log.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ShouldBe(1);
        (await mine.DeleteAsync($"/api/service-logs/{log.Id}?version={now.Version}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Weeks_belong_to_the_month_of_their_thursday()
    {
        ServiceCompliance.Weeks(2026, 11).Select(w => (w.From, w.To)).ShouldBe(
        [
            (new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8)), (new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 15)),
            (new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22)), (new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)),
        ]);
        var october = ServiceCompliance.Weeks(2026, 10);
        october.Count.ShouldBe(5);
        (october[0].From, october[^1].To).ShouldBe((new DateOnly(2026, 9, 28), new DateOnly(2026, 11, 1)));
        ServiceCompliance.Halves(2026, 2)[1].To.ShouldBe(new DateOnly(2026, 2, 28));
    }

    [Fact]
    public async Task Compliance_lists_missing_half_months_and_weeks_worst_first()
    {
        var officer = await OfficerAsync("履职测试秘书", "220112");
        var partly = await ProjectAsync("履职测试甲项目", officer, "220112");
        var fully = await ProjectAsync("履职测试乙项目", officer, "220112");
        var never = await ProjectAsync("履职测试丙项目", officer, "220112");
        await ProjectAsync("履职测试无秘书项目", null, "220112");
        using var office = app.Api();
        await (await LogAsync(office, partly, "SiteVisit", "2026-10-03", "上半月走访")).EnsureSuccessAsync();
        await (await LogAsync(office, partly, "Contact", "2026-10-20", "电话")).EnsureSuccessAsync();
        foreach (var (kind, on) in new[] { ("Contact", "2026-10-01"), ("SiteVisit", "2026-10-06"), ("Contact", "2026-10-13"), ("SiteVisit", "2026-10-19"), ("Contact", "2026-11-01") })
        {
            await (await LogAsync(office, fully, kind, on, "按时走访")).EnsureSuccessAsync();
        }

        var q = "&q=" + Uri.EscapeDataString("履职测试");
        var october = (await office.GetFromJsonAsync<ComplianceList>("/api/service-logs/compliance?year=2026&month=10&behind=true" + q, Json.Options))!;
        (october.Projects, october.Behind).ShouldBe((3, 2));
        october.Rows.Select(r => r.ProjectId).ShouldBe([never, partly]);
        var p = october.Rows[1];
        (p.HalvesDue, p.MissingHalves, p.WeeksDue, p.MissingWeeks).ShouldBe((2, 1, 5, 3));
        p.MissedHalves.Single().From.ShouldBe(new DateOnly(2026, 10, 16));
        p.MissedWeeks.Select(w => w.From).ShouldBe([new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 12), new DateOnly(2026, 10, 26)]);
        (p.LastVisit, p.LastContact).ShouldBe((new DateOnly(2026, 10, 3), new DateOnly(2026, 10, 20)));
        (october.Rows[0].MissingHalves, october.Rows[0].MissingWeeks, october.Rows[0].Officer).ShouldBe((2, 5, "履职测试秘书"));

        var all = (await office.GetFromJsonAsync<ComplianceList>("/api/service-logs/compliance?year=2026&month=10" + q, Json.Options))!;
        all.Rows.Select(r => r.ProjectId).ShouldBe([never, partly, fully]);
        all.Rows[2].Complete.ShouldBeTrue();

        // This month only the periods already over count: the first half and the weeks of 2–8 and 9–15 November.
        var november = (await office.GetFromJsonAsync<ComplianceList>("/api/service-logs/compliance?year=2026&month=11&behind=true" + q, Json.Options))!;
        november.Rows.Single(r => r.ProjectId == fully).ShouldSatisfyAllConditions(r => r.HalvesDue.ShouldBe(1), r => r.WeeksDue.ShouldBe(2), r => r.MissingWeeks.ShouldBe(2));

        var page = await office.GetPageAsync("/accountability/compliance?year=2026&month=10" + q);
        page.QuerySelector("#compliance-figures")!.GetAttribute("data-behind").ShouldBe("2");
        page.QuerySelectorAll("#compliance-list [data-project]").Select(e => e.GetAttribute("data-missing-halves")).ShouldBe(["2", "1"]);
    }

    private sealed record AccountabilityLogDto(int Id, int ProjectId, ServiceLogKind Kind, DateOnly On, string Note, int? OfficerId, string RecordedBy = "", int Version = 0);
}
