using System.Net;
using System.Net.Http.Json;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Plans;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Plans;

/// <summary>Year plans: monthly curves, approval as a frozen baseline, later changes as versions with reasons, lights against the curve.</summary>
public sealed class YearPlanTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    [Theory]
    [InlineData(null, 6, 0.5)]
    [InlineData("5,10,15,20,30,40,50,60,70,80,90,100", 4, 0.2)]
    [InlineData("5，10，15，20，30，40，50，60，70，80，90，100%", 12, 1.0)]
    public void A_curve_gives_the_share_due_by_each_month_end(string? curve, int month, double share) =>
        PlanCurve.ShareAt(curve, month).ShouldBe((decimal)share);

    [Theory]
    [InlineData("10,20,30", "12个月末累计百分比")]
    [InlineData("10,20,30,40,50,60,70,80,90,95,99,98", "不能小于")]
    [InlineData("10,20,30,40,50,60,70,80,90,95,99,99", "12月应为100%")]
    [InlineData("10,20,x,40,50,60,70,80,90,95,99,100", "第3个值")]
    public void A_malformed_curve_is_refused_with_a_reason(string curve, string message)
    {
        PlanCurve.Parse(curve, out var error).ShouldBeNull();
        error!.ShouldContain(message);
    }

    [Fact]
    public void Monthly_plan_completion_reads_ahead_on_plan_or_behind()
    {
        PlanCurve.Completion(1_200m, null, 630m, 6)!.Value.Reading.ShouldBe("正常"); // 630 / 600 = 105%
        PlanCurve.Completion(1_200m, null, 640m, 6)!.Value.Reading.ShouldBe("超前");
        PlanCurve.Completion(1_200m, null, 560m, 6)!.Value.Reading.ShouldBe("滞后");
        PlanCurve.Completion(1_000m, "5,10,15,20,30,40,50,60,70,80,90,100", 200m, 4)!.Value.Rate.ShouldBe(1m);
        PlanCurve.Completion(null, null, 10m, 4).ShouldBeNull();
    }

    private async Task<int> ProjectAsync(string name, string region, int year, decimal plan, string? curve = null)
    {
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var p = await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = await app.RegionIdAsync(region), TotalInvestment = 90_000m, NatureId = nature });
        await app.SetYearAsync(p.Id, year, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = plan, PlannedStartMonth = 4, PlanCurve = curve });
        return p.Id;
    }

    [Fact]
    public async Task Approving_freezes_the_baseline_and_later_changes_need_a_reason_and_become_versions()
    {
        const int year = 2027;
        var a = await ProjectAsync("计划基线测试甲项目", "220104", year, 1_000m);
        var b = await ProjectAsync("计划基线测试乙项目", "220172", year, 2_000m, "5,10,15,20,30,40,50,60,70,80,90,100");
        using var office = app.Api();

        (await office.PutAsJsonAsync($"/api/projects/{a}/years/{year}", new ProjectYearInput { InPlan = true, AnnualPlan = 1_000m, PlanCurve = "1,2,3" }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // A district office cannot approve the installation's plan.
        await app.CreateAccountAsync("plan.district", [Role.DispatchOffice], "220104");
        using var district = app.ClientFor("plan.district");
        (await district.PostAsync($"/api/plans/{year}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await office.PostAsync($"/api/plans/{year}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await office.PostAsync($"/api/plans/{year}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var dto = (await office.GetFromJsonAsync<Tiaodu.Web.Api.ProjectDto>($"/api/projects/{a}", Json.Options))!;
        var line = dto.Years.Single(y => y.Year == year);
        var change = new ProjectYearInput { InPlan = true, NatureId = await app.LookupIdAsync(LookupKind.Nature, "新建"), AnnualPlan = 1_500m, PlannedStartMonth = 4, Version = line.Version };
        var refused = await office.PutAsJsonAsync($"/api/projects/{a}/years/{year}", change, Json.Options);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("调整计划须填写原因");
        (await office.PutAsJsonAsync($"/api/projects/{a}/years/{year}", change with { Reason = "市政府常务会议同意追加投资" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var view = (await office.GetFromJsonAsync<PlanView>($"/api/plans/{year}", Json.Options))!;
        view.Approved.ShouldNotBeNull();
        view.Baseline!.AnnualPlan.ShouldBe(3_000m);
        view.Current.AnnualPlan.ShouldBe(3_500m);
        var recorded = view.Changes.Single(c => c.ProjectId == a);
        recorded.Version.ShouldBe(2);
        recorded.Summary.ShouldBe("年度计划投资 1000万元 → 1500万元");
        recorded.Reason.ShouldBe("市政府常务会议同意追加投资");

        // The district sees only its own region's figures and changes.
        var theirs = (await district.GetFromJsonAsync<PlanView>($"/api/plans/{year}", Json.Options))!;
        theirs.Current.AnnualPlan.ShouldBe(1_500m);
        theirs.Baseline!.AnnualPlan.ShouldBe(1_000m);
        theirs.Changes.ShouldAllBe(c => c.ProjectId == a);
        _ = b;
    }

    [Fact]
    public async Task The_progress_light_can_compare_with_each_projects_monthly_plan_curve()
    {
        const string region = "220183";
        // Through October the curve asks for 25%: 300 of 1,200 is on plan; against 序时进度 (83.3%) it is far behind.
        var project = await ProjectAsync("计划曲线亮灯测试项目", region, 2026, 1_200m, "1,2,3,4,5,6,10,15,20,25,60,100");
        await app.RecordApprovedMonthAsync(project, 2026, 10, 300m, 300m, 300m);
        using var office = app.Api();
        var rules = (await office.GetFromJsonAsync<List<Tiaodu.Web.Api.LightsApi.RuleDto>>("/api/lights/rules/2026", Json.Options))!;
        var progress = rules.Single(r => r.Kind == nameof(LightKind.Progress));

        async Task<Tiaodu.Web.Api.LightsApi.ProjectLightsDto> LightsAsync() =>
            (await office.GetFromJsonAsync<Tiaodu.Web.Api.LightsApi.ProjectLightsDto>($"/api/projects/{project}/lights", Json.Options))!;
        (await office.PostAsync("/api/lights/evaluate?year=2026&month=10", null)).EnsureSuccessStatusCode();
        (await LightsAsync()).Lights.ShouldContain(l => l.Month == 10 && l.Kind == nameof(LightKind.Progress) && l.Color == nameof(LightColor.Red));

        (await office.PutAsJsonAsync("/api/lights/rules/2026", new[] { new LightRuleInput(progress.Id, true, 10m, 30m, 1, progress.Version, ProgressBasis.Curve) }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await office.PostAsync("/api/lights/evaluate?year=2026&month=10", null)).EnsureSuccessStatusCode();
        (await LightsAsync()).Lights.ShouldNotContain(l => l.Month == 10 && l.Kind == nameof(LightKind.Progress));

        await app.RecordApprovedMonthAsync(project, 2026, 9, 100m, 100m, 100m);
        (await office.PostAsync("/api/lights/evaluate?year=2026&month=9", null)).EnsureSuccessStatusCode();
        var september = (await LightsAsync()).Lights.Single(l => l.Month == 9 && l.Kind == nameof(LightKind.Progress));
        september.Explanation.ShouldContain("月度计划进度 20.0%"); // 100 / 1,200 = 8.3%: 11.7 points behind → yellow
        september.Color.ShouldBe(nameof(LightColor.Yellow));
    }
}
