using System.Net.Http.Json;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Problems;

/// <summary>The problem list across the jurisdiction and 办结率 / 按期办结率 by region. Today is 22 November 2026.</summary>
public sealed class ProblemListTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private async Task<int> ProblemAsync(string project, string region, string text, DateOnly? due, DateOnly? resolvedOn = null)
    {
        var p = await app.CreateProjectAsync(new ProjectDetails { Name = project, RegionId = await app.RegionIdAsync(region), TotalInvestment = 20_000m, NatureId = await app.LookupIdAsync(LookupKind.Nature, "新建") });
        return await app.WithDbAsync(async db =>
        {
            var problem = new Problem(p.Id, text, ProblemSource.Report, new DateOnly(2026, 10, 1), app.Clock.GetUtcNow().UtcDateTime);
            problem.SetDeadline(due);
            if (resolvedOn is { } on)
            {
                problem.Resolve("已协调解决", "测试", on);
            }

            db.Problems.Add(problem);
            await db.SaveChangesAsync();
            return problem.Id;
        });
    }

    private static async Task<ProblemList> ListAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<ProblemList>("/api/problems?" + query, Json.Options))!;

    [Fact]
    public async Task Problems_list_overdue_first_and_the_rates_count_resolutions_against_problems_due()
    {
        var overdue = await ProblemAsync("问题列表甲项目", "220112", "施工用电未接入", new DateOnly(2026, 11, 10));
        var soon = await ProblemAsync("问题列表乙项目", "220112", "道路未贯通", new DateOnly(2026, 11, 25));
        var onTime = await ProblemAsync("问题列表丙项目", "220112", "管线迁改", new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 10));
        var late = await ProblemAsync("问题列表丁项目", "220113", "征地拆迁", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 20));
        var open = await ProblemAsync("问题列表戊项目", "220113", "施工许可材料", null);
        using var office = app.Api();

        (await ListAsync(office, "filter=Overdue&region=220100")).Rows.Select(r => r.Id).ShouldBe([overdue]);
        (await ListAsync(office, "filter=DueSoon&region=220100")).Rows.Select(r => r.Id).ShouldBe([soon]);
        var all = await ListAsync(office, "filter=Open&region=220100");
        all.Rows.Select(r => r.Id).ShouldBe([overdue, soon, open]);
        all.Rows[0].DaysLate.ShouldBe(12);
        (all.Overdue, all.DueSoon, all.Open).ShouldBe((1, 1, 3));
        (await ListAsync(office, "filter=Resolved&region=220100")).Rows.Select(r => r.Id).ShouldBe([late, onTime]);

        var shuangyang = all.Regions.Single(r => r.Key == "220112");
        (shuangyang.Open, shuangyang.Overdue, shuangyang.Due, shuangyang.Closed, shuangyang.OnTime).ShouldBe((2, 1, 2, 1, 1));
        shuangyang.ClosedRate.ShouldBe(0.5m);
        shuangyang.OnTimeRate.ShouldBe(0.5m);
        var jiutai = all.Regions.Single(r => r.Key == "220113");
        (jiutai.ClosedRate, jiutai.OnTimeRate).ShouldBe((1m, 0m));
        all.Overall.Due.ShouldBe(3);
        all.Overall.ClosedRate.ShouldBe(0.6667m);
        all.Overall.OnTimeRate.ShouldBe(0.3333m);
        all.Overall.AverageDaysToClose.ShouldBe(45m); // raised 1 October, resolved 10 and 20 November: 40 and 50 days
        all.Categories!.Single().Region.ShouldBe("未分类");

        // The export carries the same problems, grouped, with the rates; it is audited.
        var csv = await office.GetStringAsync("/api/problems/export?filter=All&region=220100&format=csv");
        csv.ShouldContain("施工用电未接入");
        csv.ShouldContain("征地拆迁");
        (await office.GetAsync("/api/problems/export?filter=All&region=220100")).Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await office.GetAsync("/api/problems/export?format=pdf")).StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditEntries, a => a.EntityType == "Problem" && a.Summary.StartsWith("导出问题清单")))).ShouldBe(2);

        // A district sees only its own.
        await app.CreateAccountAsync("problems.jiutai", [Role.DistrictLeader], "220113");
        using var district = app.ClientFor("problems.jiutai");
        var mine = await ListAsync(district, "filter=All");
        mine.Rows.Select(r => r.Id).ShouldBe([open, late]);
        mine.Overall.Due.ShouldBe(1);
        (await district.GetStringAsync("/api/problems/export?filter=All&format=csv")).ShouldNotContain("施工用电未接入");
    }

    [Fact]
    public async Task A_problem_raised_by_hand_needs_a_category_and_a_description_and_only_the_office_sets_its_deadline()
    {
        var project = await app.CreateProjectAsync(new ProjectDetails { Name = "提出问题测试项目", RegionId = await app.RegionIdAsync("220202"), TotalInvestment = 20_000m });
        var power = await app.LookupIdAsync(LookupKind.ProblemCategory, "用电");
        await app.CreateAccountAsync("problems.officer", [Role.ServiceOfficer], projectIds: [project.Id]);
        using var officer = app.ClientFor("problems.officer");
        var refused = await officer.PostAsJsonAsync($"/api/projects/{project.Id}/problems", new { description = " ", source = "SiteVisit" }, Json.Options);
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        var text = await refused.Content.ReadAsStringAsync();
        text.ShouldContain("请选择问题类别");
        text.ShouldContain("请填写问题描述");
        (await officer.PostAsJsonAsync($"/api/projects/{project.Id}/problems", new { categoryId = power, description = "施工用电未接入", source = "SiteVisit", due = "2026-12-31" }, Json.Options))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await officer.PostAsJsonAsync($"/api/projects/{project.Id}/problems", new { categoryId = power, description = "施工用电未接入", source = "Import" }, Json.Options))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        var raised = await officer.PostAsJsonAsync($"/api/projects/{project.Id}/problems", new { categoryId = power, description = "施工用电未接入", source = "SiteVisit", raisedOn = "2026-11-20" }, Json.Options);
        await raised.EnsureSuccessAsync();
        var dto = (await raised.Content.ReadFromJsonAsync<Tiaodu.Web.Api.ProblemsApi.ProblemDto>(Json.Options))!;
        (dto.CategoryId, dto.RaisedBy, dto.Source, dto.DueOn).ShouldBe((power, "problems.officer", "SiteVisit", (DateOnly?)null));

        using var office = app.Api();
        (await office.PostAsJsonAsync($"/api/projects/{project.Id}/problems", new { categoryId = power, description = "变压器增容审批", source = "Leader", due = "2026-11-28" }, Json.Options))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var list = await ListAsync(office, "filter=DueSoon&region=220202");
        list.Rows.Single().Category.ShouldBe("用电");
        var power2 = list.Categories!.Single(c => c.Region == "用电");
        (power2.Open, power2.Due).ShouldBe((2, 0));

        // Outside the jurisdiction the project does not exist.
        await app.CreateAccountAsync("problems.elsewhere", [Role.TaskForce], "220106");
        using var elsewhere = app.ClientFor("problems.elsewhere");
        (await elsewhere.PostAsJsonAsync($"/api/projects/{project.Id}/problems", new { categoryId = power, description = "越权", source = "SiteVisit" }, Json.Options))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }
}
