using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Reports;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;
using Tiaodu.Web.Lights;
using static Tiaodu.Web.Api.LightsApi;

namespace Tiaodu.Tests.Lights;

/// <summary>
/// The light rules of DOMAIN §5 on hand-made projects, evaluated through the API; consecutive months, valid
/// reasons, re-evaluation on change, jurisdiction, and the daily job run once by two instances. The test clock
/// stands at 22 November 2026, so October is the last complete month (序时进度 10/12 = 83.3%).
/// </summary>
public sealed class WarningLightTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const int Year = 2026;

    private async Task<int> ProjectAsync(string name, string region, ProjectYearInput line, DateOnly? inStats = null, int year = Year)
    {
        var p = await app.CreateProjectAsync(new ProjectDetails
        {
            Name = name, RegionId = await app.RegionIdAsync(region), TotalInvestment = 50_000m, InStatsOn = inStats,
            NatureId = await app.LookupIdAsync(LookupKind.Nature, "新建"),
        });
        await app.SetYearAsync(p.Id, year, line with { NatureId = await app.LookupIdAsync(LookupKind.Nature, "新建") });
        return p.Id;
    }

    private static ProjectYearInput Line(decimal plan = 1_200m, int? plannedMonth = null, DateOnly? started = null) =>
        new() { InPlan = true, AnnualPlan = plan, PlannedStartMonth = plannedMonth, StartedOn = started };

    private static async Task EvaluateAsync(HttpClient client, int month, int year = Year) =>
        (await client.PostAsync($"/api/lights/evaluate?year={year}&month={month}", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

    private static async Task<LightList> ListAsync(HttpClient client, int month, string region, string filter = "Lit", int year = Year) =>
        (await client.GetFromJsonAsync<LightList>($"/api/lights?year={year}&month={month}&region={region}&filter={filter}&pageSize=200", Json.Options))!;

    /// <summary>Sets a year's rules to the defaults of DOMAIN §5 (a year's rules start as a copy of the year before's).</summary>
    private static async Task DefaultRulesAsync(HttpClient client, int year)
    {
        var rules = (await client.GetFromJsonAsync<List<RuleDto>>($"/api/lights/rules/{year}", Json.Options))!;
        var defaults = LightRule.Defaults(year);
        var inputs = rules.Select(r => defaults.Single(d => d.Kind.ToString() == r.Kind) is var d ? new LightRuleInput(r.Id, true, d.Yellow, d.Red, d.Consecutive, r.Version) : null).ToList();
        await (await client.PutAsJsonAsync($"/api/lights/rules/{year}", inputs, Json.Options)).EnsureSuccessAsync();
    }

    private static LightRow? Of(LightList list, int project, LightKind kind) => list.Rows.SingleOrDefault(r => r.ProjectId == project && r.Kind == kind);

    [Fact]
    public async Task Each_default_rule_lights_yellow_or_red_with_its_figures_in_words()
    {
        const string region = "220182"; // 榆树市
        var behind = await ProjectAsync("亮灯进度严重滞后项目", region, Line(started: new DateOnly(2026, 3, 1)), new DateOnly(2026, 4, 1));
        var slightly = await ProjectAsync("亮灯进度略滞后项目", region, Line(started: new DateOnly(2026, 3, 1)), new DateOnly(2026, 4, 1));
        var onTime = await ProjectAsync("亮灯进度正常项目", region, Line(started: new DateOnly(2026, 3, 1)), new DateOnly(2026, 4, 1));
        await app.RecordApprovedMonthAsync(behind, Year, 10, 310m, 310m, 310m);
        await app.RecordApprovedMonthAsync(slightly, Year, 10, 800m, 800m, 800m);
        await app.RecordApprovedMonthAsync(onTime, Year, 10, 1_000m, 1_000m, 1_000m);
        var lateStart = await ProjectAsync("亮灯逾期七个月未开工项目", region, Line(plannedMonth: 3));
        var justLate = await ProjectAsync("亮灯逾期一个月未开工项目", region, Line(plannedMonth: 9));
        var notInStats = await ProjectAsync("亮灯开工未入库两个月项目", region, Line(started: new DateOnly(2026, 8, 15)));
        var newlyStarted = await ProjectAsync("亮灯开工未入库一个月项目", region, Line(started: new DateOnly(2026, 9, 10)));

        using var office = app.Api();
        await DefaultRulesAsync(office, Year);
        await EvaluateAsync(office, 10);
        var october = await ListAsync(office, 10, region);

        var red = Of(october, behind, LightKind.Progress)!;
        red.Color.ShouldBe(LightColor.Red);
        red.Explanation.ShouldBe("红灯：1-10月完成投资 310 万元，为年度计划 1,200 万元的 25.8%，序时进度 83.3%，落后 57.5 个百分点");
        Of(october, slightly, LightKind.Progress)!.Color.ShouldBe(LightColor.Yellow);
        Of(october, onTime, LightKind.Progress).ShouldBeNull();
        Of(october, lateStart, LightKind.NotStarted)!.Color.ShouldBe(LightColor.Red);
        Of(october, lateStart, LightKind.NotStarted)!.Explanation.ShouldContain("计划3月开（复）工，截至10月31日仍未开（复）工，已逾期7个月");
        Of(october, justLate, LightKind.NotStarted)!.Color.ShouldBe(LightColor.Yellow);
        Of(october, notInStats, LightKind.NotInStats)!.Color.ShouldBe(LightColor.Red);
        Of(october, newlyStarted, LightKind.NotInStats)!.Color.ShouldBe(LightColor.Yellow);

        // No report for October by the 25th: yellow, and a report handed in after the deadline says so.
        Of(october, lateStart, LightKind.ReportMissing)!.Explanation.ShouldBe("黄灯：10月月报截至10月31日未报送（截止日为10月25日）");
        Of(october, behind, LightKind.ReportMissing)!.Explanation.ShouldBe("黄灯：10月月报逾期报送：11月22日提交，截止日为10月25日");

        // November is not over and its deadline has not passed: the current month reads as of today.
        await EvaluateAsync(office, 11);
        var november = await ListAsync(office, 11, region);
        november.Rows.ShouldNotContain(r => r.Kind == LightKind.ReportMissing);
        Of(november, behind, LightKind.Progress)!.Color.ShouldBe(LightColor.Red, "still 10 complete months as of 22 November");

        october.RedProjects.ShouldBe(october.Rows.Where(r => r.Color == LightColor.Red).Select(r => r.ProjectId).Distinct().Count());
    }

    [Fact]
    public async Task Consecutive_months_valid_reasons_and_changes_are_honoured()
    {
        const string region = "220183"; // 德惠市
        // A past year, so the rule changed here does not touch the other tests' year.
        const int past = 2025;
        var project = await ProjectAsync("亮灯连续月份测试项目", region, Line(started: new DateOnly(past, 2, 1)), new DateOnly(past, 3, 1), past);
        await app.RecordApprovedMonthAsync(project, past, 8, 100m, 100m, 100m);
        using var office = app.Api();

        // Progress lights only after two months in a row behind.
        var rules = (await office.GetFromJsonAsync<List<RuleDto>>($"/api/lights/rules/{past}", Json.Options))!;
        var progress = rules.Single(r => r.Kind == nameof(LightKind.Progress));
        var saved = await office.PutAsJsonAsync($"/api/lights/rules/{past}",
            new[] { new LightRuleInput(progress.Id, true, 10m, 30m, 2, progress.Version) }, Json.Options);
        await saved.EnsureSuccessAsync();
        (await office.PutAsJsonAsync($"/api/lights/rules/{past}", new[] { new LightRuleInput(progress.Id, true, 40m, 30m, 2, progress.Version + 1) }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await EvaluateAsync(office, 8, past);
        var august = await ListAsync(office, 8, region, "Watch", past);
        Of(august, project, LightKind.Progress)!.Color.ShouldBe(LightColor.None);
        Of(august, project, LightKind.Progress)!.Explanation.ShouldStartWith("观察（连续1个月");
        (await ListAsync(office, 8, region, year: past)).Rows.ShouldNotContain(r => r.ProjectId == project && r.Kind == LightKind.Progress);
        await EvaluateAsync(office, 9, past);
        var september = await ListAsync(office, 9, region, year: past);
        Of(september, project, LightKind.Progress)!.Color.ShouldBe(LightColor.Red);
        Of(september, project, LightKind.Progress)!.Streak.ShouldBe(2);
        september.RedProjects.ShouldBe(1);

        // A valid reason keeps the light, marks it explained and takes it out of the count.
        var exempted = await office.PostAsJsonAsync($"/api/projects/{project}/light-exemptions",
            new { kind = "Progress", reason = "受疫情停工影响，经市政府同意顺延", fromYear = past, fromMonth = 9 }, Json.Options);
        await exempted.EnsureSuccessAsync();
        var exemption = (await exempted.Content.ReadFromJsonAsync<ExemptionDto>(Json.Options))!;
        (await office.PostAsJsonAsync($"/api/projects/{project}/light-exemptions", new { kind = "Progress", reason = " ", fromYear = past, fromMonth = 9 }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await EvaluateAsync(office, 9, past);
        september = await ListAsync(office, 9, region, year: past);
        september.RedProjects.ShouldBe(0);
        september.ExplainedProjects.ShouldBe(1);
        Of(await ListAsync(office, 9, region, "Explained", past), project, LightKind.Progress)!.ExemptionReason.ShouldBe("受疫情停工影响，经市政府同意顺延");
        (await office.PostAsJsonAsync($"/api/light-exemptions/{exemption.Id}/revoke", new { version = exemption.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await EvaluateAsync(office, 9, past);
        (await ListAsync(office, 9, region, year: past)).RedProjects.ShouldBe(1);

        // A change re-evaluates the current month at once: 入库 recorded, the not-in-stats light goes.
        var started = await ProjectAsync("亮灯入库即时更新项目", region, Line(started: new DateOnly(2026, 8, 15)));
        var lights = (await office.GetFromJsonAsync<ProjectLightsDto>($"/api/projects/{started}/lights", Json.Options))!;
        lights.Lights.ShouldContain(l => l.Month == 11 && l.Kind == nameof(LightKind.NotInStats) && l.Color == nameof(LightColor.Red));
        var dto = (await office.GetFromJsonAsync<ProjectDto>($"/api/projects/{started}", Json.Options))!;
        var update = await office.PutAsJsonAsync($"/api/projects/{started}", new
        {
            project = new ProjectDetails { Name = dto.Name, RegionId = dto.RegionId, TotalInvestment = dto.TotalInvestment, NatureId = dto.NatureId, InStatsOn = new DateOnly(2026, 11, 2) },
            version = dto.Version,
        }, Json.Options);
        await update.EnsureSuccessAsync();
        lights = (await office.GetFromJsonAsync<ProjectLightsDto>($"/api/projects/{started}/lights", Json.Options))!;
        lights.Lights.ShouldNotContain(l => l.Month == 11 && l.Kind == nameof(LightKind.NotInStats));
    }

    [Fact]
    public async Task Lights_stay_inside_the_jurisdiction_and_only_the_dispatch_office_manages_them()
    {
        var mine = await ProjectAsync("亮灯辖区内项目", "220581", Line(plannedMonth: 2)); // 梅河口市
        var other = await ProjectAsync("亮灯辖区外项目", "220582", Line(plannedMonth: 2)); // 集安市
        using var office = app.Api();
        await EvaluateAsync(office, 10);
        await app.CreateAccountAsync("lights.leader", [Role.DistrictLeader], "220581");
        using var leader = app.ClientFor("lights.leader");
        var seen = (await leader.GetFromJsonAsync<LightList>($"/api/lights?year={Year}&month=10&q=亮灯辖区", Json.Options))!;
        seen.Rows.Select(r => r.ProjectId).Distinct().ShouldBe([mine]);
        (await leader.GetAsync($"/api/projects/{other}/lights")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await leader.PostAsync($"/api/lights/evaluate?year={Year}&month=10", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await leader.PostAsJsonAsync($"/api/projects/{mine}/light-exemptions", new { kind = "NotStarted", reason = "试", fromYear = 2026, fromMonth = 10 }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await office.PostAsync($"/api/lights/evaluate?year={Year}&month=12", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_daily_job_runs_once_a_day_even_when_two_instances_try()
    {
        await using var second = app.StartSecondInstance();
        var jobs = new[] { app.Services.GetRequiredService<LightsJob>(), second.Services.GetRequiredService<LightsJob>() };
        var auditBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(ProjectLight)));

        var ran = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => jobs[i % 2].RunOnceAsync(CancellationToken.None)));

        ran.Count(r => r).ShouldBe(1);
        var runs = await app.WithDbAsync(db => db.JobRuns.Where(r => r.Job == LightsJob.Name).ToListAsync());
        runs.Count.ShouldBe(1);
        runs[0].Period.ShouldBe("2026-11-22");
        runs[0].Status.ShouldBe(Core.Jobs.JobStatus.Succeeded);
        runs[0].Message!.ShouldContain("2026年11月");
        // Two evaluations (this month and last), each recorded once.
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(ProjectLight)))).ShouldBe(auditBefore + 2);
        (await jobs[0].RunOnceAsync(CancellationToken.None)).ShouldBeFalse("today is done");
    }

    [Fact]
    public async Task A_region_can_have_its_own_rule_and_the_most_specific_rule_applies()
    {
        const int year = 2024;
        using var office = app.Api();
        await DefaultRulesAsync(office, year);
        var here = await ProjectAsync("区域规则测试德惠项目", "220183", Line(), year: year);
        var there = await ProjectAsync("区域规则测试农安项目", "220122", Line(), year: year);
        await app.RecordApprovedMonthAsync(here, year, 12, 100m, 600m, 600m);
        await app.RecordApprovedMonthAsync(there, year, 12, 100m, 600m, 600m);

        // 德惠市 is held to looser thresholds: 50 points behind is still no light there.
        var added = await office.PostAsJsonAsync($"/api/lights/rules/{year}/regions", new { kind = "Progress", region = "220183" }, Json.Options);
        await added.EnsureSuccessAsync();
        (await office.PostAsJsonAsync($"/api/lights/rules/{year}/regions", new { kind = "Progress", region = "220183" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var rules = (await office.GetFromJsonAsync<List<RuleDto>>($"/api/lights/rules/{year}", Json.Options))!;
        var own = rules.Single(r => r.Kind == "Progress" && r.RegionId is not null);
        await (await office.PutAsJsonAsync($"/api/lights/rules/{year}", new[] { new LightRuleInput(own.Id, true, 60m, 80m, 1, own.Version) }, Json.Options)).EnsureSuccessAsync();

        await EvaluateAsync(office, 12, year);
        Of(await ListAsync(office, 12, "220183", year: year), here, LightKind.Progress).ShouldBeNull();
        Of(await ListAsync(office, 12, "220122", year: year), there, LightKind.Progress)!.Color.ShouldBe(LightColor.Red);

        // The rule for everywhere cannot be removed; the region's can, and the region follows everywhere again.
        var everywhere = rules.Single(r => r.Kind == "Progress" && r.RegionId is null);
        (await office.DeleteAsync($"/api/lights/rules/{everywhere.Id}?version={everywhere.Version}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        own = (await office.GetFromJsonAsync<List<RuleDto>>($"/api/lights/rules/{year}", Json.Options))!.Single(r => r.Id == own.Id);
        (await office.DeleteAsync($"/api/lights/rules/{own.Id}?version={own.Version}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await EvaluateAsync(office, 12, year);
        Of(await ListAsync(office, 12, "220183", year: year), here, LightKind.Progress)!.Color.ShouldBe(LightColor.Red);

        await app.CreateAccountAsync("rules.reader", [Role.CityLeader], "220100");
        using var reader = app.ClientFor("rules.reader");
        (await reader.PostAsJsonAsync($"/api/lights/rules/{year}/regions", new { kind = "Progress", region = "220183" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_problem_past_its_deadline_lights_yellow_then_red_and_goes_out_when_resolved()
    {
        using var office = app.Api();
        await DefaultRulesAsync(office, Year);
        var project = await ProjectAsync("问题逾期亮灯测试项目", "220184", Line(), inStats: new DateOnly(2026, 3, 1));
        var problemId = await app.WithDbAsync(async db =>
        {
            var problem = new Tiaodu.Core.Problems.Problem(project, "施工用电未接入，需供电公司增容", Tiaodu.Core.Problems.ProblemSource.Report, new DateOnly(2026, 10, 10), app.Clock.GetUtcNow().UtcDateTime);
            db.Problems.Add(problem);
            await db.SaveChangesAsync();
            return problem.Id;
        });
        async Task<int> VersionAsync() => await app.WithDbAsync(db => db.Problems.Where(p => p.Id == problemId).Select(p => p.Version).SingleAsync());

        (await office.PutAsJsonAsync($"/api/problems/{problemId}/deadline", new { due = "2026-10-01", version = await VersionAsync() }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await (await office.PutAsJsonAsync($"/api/problems/{problemId}/deadline", new { due = "2026-11-20", version = await VersionAsync() }, Json.Options)).EnsureSuccessAsync();
        var light = Of(await ListAsync(office, 11, "220184"), project, LightKind.ProblemOverdue)!;
        light.Color.ShouldBe(LightColor.Yellow);
        light.Explanation.ShouldContain("要求2026年11月20日前解决，已逾期2天");

        await (await office.PutAsJsonAsync($"/api/problems/{problemId}/deadline", new { due = "2026-11-01", version = await VersionAsync(), reason = "企业承诺提前完成" }, Json.Options)).EnsureSuccessAsync();
        Of(await ListAsync(office, 11, "220184"), project, LightKind.ProblemOverdue)!.Color.ShouldBe(LightColor.Red);

        // October as it was: the deadline had not passed yet.
        await EvaluateAsync(office, 10);
        Of(await ListAsync(office, 10, "220184"), project, LightKind.ProblemOverdue).ShouldBeNull();

        // Resolving needs the how, and puts the light out at once; reporters cannot resolve.
        (await office.PostAsJsonAsync($"/api/problems/{problemId}/resolve", new { resolution = " ", version = await VersionAsync() }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await app.CreateAccountAsync("problem.reporter", [Role.EnterpriseReporter], projectIds: [project]);
        using (var reporter = app.ClientFor("problem.reporter"))
        {
            (await reporter.PostAsJsonAsync($"/api/problems/{problemId}/resolve", new { resolution = "已解决", version = await VersionAsync() }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await reporter.GetFromJsonAsync<List<Tiaodu.Web.Api.ProblemsApi.ProblemDto>>($"/api/projects/{project}/problems", Json.Options))!.Single().DaysLate.ShouldBe(21);
        }

        await (await office.PostAsJsonAsync($"/api/problems/{problemId}/resolve", new { resolution = "供电公司已完成增容接入", version = await VersionAsync() }, Json.Options)).EnsureSuccessAsync();
        Of(await ListAsync(office, 11, "220184"), project, LightKind.ProblemOverdue).ShouldBeNull();
        var resolved = (await office.GetFromJsonAsync<List<Tiaodu.Web.Api.ProblemsApi.ProblemDto>>($"/api/projects/{project}/problems", Json.Options))!.Single();
        resolved.Status.ShouldBe("Resolved");
        resolved.ResolvedOn.ShouldBe(new DateOnly(2026, 11, 22));

        // Reopened: late again.
        await (await office.PostAsJsonAsync($"/api/problems/{problemId}/reopen", new { version = await VersionAsync() }, Json.Options)).EnsureSuccessAsync();
        Of(await ListAsync(office, 11, "220184"), project, LightKind.ProblemOverdue)!.Color.ShouldBe(LightColor.Red);
    }
}
