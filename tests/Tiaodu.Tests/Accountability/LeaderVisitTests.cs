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

/// <summary>领导走访企业 planned on service days, recorded with problems or cancelled. Today is Sunday 22 November 2026.</summary>
public sealed class LeaderVisitTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private sealed record VisitDto(int Id, int ProjectId, int LeaderId, DateOnly On, string Purpose, VisitStatus Status, string? Note, int Version);

    [Fact]
    public async Task Visits_are_planned_recorded_with_problems_or_cancelled_and_shown_on_the_service_day()
    {
        var leader = await app.WithDbAsync(async db =>
        {
            var p = new Person("走访测试领导", "副区长", PersonRole.Leader, await db.Regions.Where(r => r.Key == "220106").Select(r => r.Id).SingleAsync());
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var project = (await app.CreateProjectAsync(new ProjectDetails { Name = "领导走访测试项目", RegionId = await app.RegionIdAsync("220106"), TotalInvestment = 120_000m, LeaderId = leader })).Id;
        using var office = app.Api();

        var planned = await office.PostAsJsonAsync("/api/leader-visits", new { projectId = project, leaderId = leader, on = "2026-12-01", purpose = "了解设备进场情况" }, Json.Options);
        await planned.EnsureSuccessAsync();
        var visit = (await planned.Content.ReadFromJsonAsync<VisitDto>(Json.Options))!;
        visit.Status.ShouldBe(VisitStatus.Planned);
        (await office.PostAsJsonAsync("/api/leader-visits", new { projectId = project, leaderId = leader, on = "2026-12-01", purpose = "重复" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await office.PostAsJsonAsync("/api/leader-visits", new { projectId = project, leaderId = leader, on = "2026-11-17", purpose = "过去的日子" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await app.CreateAccountAsync("visit.taskforce", [Role.TaskForce], "220106");
        using var taskForce = app.ClientFor("visit.taskforce");
        (await taskForce.PostAsJsonAsync("/api/leader-visits", new { projectId = project, leaderId = leader, on = "2026-12-15", purpose = "专班不能安排" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await taskForce.PostAsJsonAsync($"/api/leader-visits/{visit.Id}/done", new { note = "还没到日子", version = visit.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // A visit on last Tuesday's service day, recorded by the task force: its problem comes from the 企业服务日.
        var past = await app.WithDbAsync(async db =>
        {
            var v = new LeaderVisit(project, leader, new DateOnly(2026, 11, 17), "协调用地问题", "测试", app.Clock.GetUtcNow().UtcDateTime);
            db.LeaderVisits.Add(v);
            await db.SaveChangesAsync();
            return v.Id;
        });
        var category = await app.LookupIdAsync(LookupKind.ProblemCategory, "征地拆迁");
        var done = await taskForce.PostAsJsonAsync($"/api/leader-visits/{past}/done",
            new { note = "现场协调，剩余两户待签约", problems = new[] { new { categoryId = category, description = "两户未签订征收协议" } }, version = 1 }, Json.Options);
        await done.EnsureSuccessAsync();
        var problem = await app.WithDbAsync(db => db.Problems.SingleAsync(p => p.ProjectId == project));
        (problem.Source, problem.RaisedOn).ShouldBe((ProblemSource.ServiceDay, new DateOnly(2026, 11, 17)));
        (await taskForce.PostAsJsonAsync($"/api/leader-visits/{past}/done", new { note = "再记一次", version = 2 }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await office.PostAsJsonAsync($"/api/leader-visits/{visit.Id}/cancel", new { reason = "", version = visit.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await office.PostAsJsonAsync($"/api/leader-visits/{visit.Id}/cancel", new { reason = "领导另有公务", version = visit.Version + 1 }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await (await office.PostAsJsonAsync($"/api/leader-visits/{visit.Id}/cancel", new { reason = "领导另有公务", version = visit.Version }, Json.Options)).EnsureSuccessAsync();
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(LeaderVisit)))).ShouldBeGreaterThanOrEqualTo(3);

        // The month view puts each visit on its service day, inside the jurisdiction only.
        var november = (await office.GetFromJsonAsync<ServiceMonth>("/api/service-days?year=2026&month=11", Json.Options))!;
        november.ServiceDays.Select(d => d.On).ShouldBe([new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 17)]);
        var day = november.ServiceDays[1].Visits.Single(v => v.ProjectId == project);
        (day.Status, day.Problems, day.Leader).ShouldBe((VisitStatus.Done, 1, "走访测试领导"));
        var december = (await office.GetFromJsonAsync<ServiceMonth>("/api/service-days?year=2026&month=12", Json.Options))!;
        december.ServiceDays[0].Visits.Single(v => v.ProjectId == project).Status.ShouldBe(VisitStatus.Cancelled);

        await app.CreateAccountAsync("visit.other", [Role.DistrictLeader], "220102");
        using var other = app.ClientFor("visit.other");
        (await other.GetFromJsonAsync<ServiceMonth>("/api/service-days?year=2026&month=11", Json.Options))!.ServiceDays.SelectMany(d => d.Visits).ShouldNotContain(v => v.ProjectId == project);

        var page = await office.GetPageAsync("/accountability/calendar?year=2026&month=11");
        page.QuerySelectorAll("[data-service-day]").Select(e => e.GetAttribute("data-service-day")).ShouldBe(["2026-11-03", "2026-11-17"]);
        page.QuerySelector($"[data-service-day='2026-11-17'] [data-visit='{past}']")!.GetAttribute("data-status").ShouldBe("Done");
        page.QuerySelector("#plan-visit").ShouldNotBeNull();

        // Planned from the page on the next service day.
        var posted = await office.SubmitAsync(page, "handler=Plan", new Dictionary<string, string>
        {
            ["project"] = "领导走访测试项目", ["leaderId"] = leader.ToString(System.Globalization.CultureInfo.InvariantCulture), ["on"] = "2026-12-15", ["purpose"] = "回访",
        });
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.LeaderVisits.CountAsync(v => v.ProjectId == project && v.On == new DateOnly(2026, 12, 15)))).ShouldBe(1);
    }
}
