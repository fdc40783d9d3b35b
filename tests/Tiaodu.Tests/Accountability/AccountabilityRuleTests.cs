using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Tests.Web;

namespace Tiaodu.Tests.Accountability;

/// <summary>包保领导 for every ≥10亿 project, a 服务秘书 for every ≥5000万 project: the projects breaking the rules, inside the jurisdiction.</summary>
public sealed class AccountabilityRuleTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private async Task<int> PersonAsync(string name, PersonRole role, string region, bool active = true) =>
        await app.WithDbAsync(async db =>
        {
            var person = new Person(name, role == PersonRole.Leader ? "副市长" : "发改局干部", role, await db.Regions.Where(r => r.Key == region).Select(r => r.Id).SingleAsync());
            db.People.Add(person);
            await db.SaveChangesAsync();
            if (!active)
            {
                await db.People.Where(p => p.Id == person.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.IsActive, false));
            }

            return person.Id;
        });

    private async Task<int> ProjectAsync(string name, string region, decimal total, int? leader = null, int? officer = null) =>
        (await app.CreateProjectAsync(new ProjectDetails
        {
            Name = name, RegionId = await app.RegionIdAsync(region), TotalInvestment = total, LeaderId = leader, ServiceOfficerId = officer,
        })).Id;

    [Fact]
    public async Task Projects_without_an_active_leader_or_officer_are_listed_largest_first_inside_the_jurisdiction()
    {
        var leader = await PersonAsync("包保在岗领导", PersonRole.Leader, "220100");
        var retired = await PersonAsync("包保停用领导", PersonRole.Leader, "220100", active: false);
        var officer = await PersonAsync("包保在岗秘书", PersonRole.ServiceOfficer, "220183");
        var a = await ProjectAsync("包保规则甲项目", "220183", 150_000m, officer: officer);
        var b = await ProjectAsync("包保规则乙项目", "220183", 120_000m, leader: retired, officer: officer);
        var c = await ProjectAsync("包保规则丙项目", "220183", 100_000m, leader: leader);
        await ProjectAsync("包保规则丁项目", "220183", 99_999m, officer: officer);
        var e = await ProjectAsync("包保规则戊项目", "220183", 5_000m);
        await ProjectAsync("包保规则己项目", "220183", 4_999m);
        await ProjectAsync("包保规则吉林项目", "220200", 200_000m, officer: officer);
        using var office = app.Api();

        var leaders = (await office.GetFromJsonAsync<GapList>("/api/accountability/gaps?kind=Leader&region=220100&q=" + Uri.EscapeDataString("包保规则"), Json.Options))!;
        leaders.Rows.Select(r => r.ProjectId).ShouldBe([a, b]);
        leaders.Rows.Select(r => r.Reason).ShouldBe([GapReason.Missing, GapReason.Inactive]);
        leaders.Rows[1].Person.ShouldBe("包保停用领导");
        leaders.Threshold.ShouldBe(100_000m);

        var officers = (await office.GetFromJsonAsync<GapList>("/api/accountability/gaps?kind=Officer&region=220100&q=" + Uri.EscapeDataString("包保规则"), Json.Options))!;
        officers.Rows.Select(r => r.ProjectId).ShouldBe([c, e]);
        (await office.GetFromJsonAsync<GapList>("/api/accountability/gaps?kind=Leader&pageSize=1&page=2&region=220183&q=" + Uri.EscapeDataString("包保规则"), Json.Options))!
            .Rows.Single().ProjectId.ShouldBe(b);

        // A 吉林 district leader sees its own project only; the 德惠 ones are outside its jurisdiction.
        await app.CreateAccountAsync("gaps.jilin", [Role.DistrictLeader], "220200");
        using var jilin = app.ClientFor("gaps.jilin");
        var theirs = (await jilin.GetFromJsonAsync<GapList>("/api/accountability/gaps?kind=Leader&q=" + Uri.EscapeDataString("包保规则"), Json.Options))!;
        theirs.Rows.Select(r => r.Name).ShouldBe(["包保规则吉林项目"]);

        // The export carries both lists and is audited; the page shows both counts.
        var csv = await office.GetStringAsync("/api/accountability/gaps/export?format=csv&region=220183&q=" + Uri.EscapeDataString("包保规则"));
        csv.ShouldContain("包保规则甲项目");
        csv.ShouldContain("包保领导已停用");
        csv.ShouldContain("未明确服务秘书");
        csv.ShouldNotContain("包保规则丁项目");
        (await office.GetAsync("/api/accountability/gaps/export?format=pdf")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(x => x.Summary.StartsWith("导出包保责任落实情况")))).ShouldBe(1);

        var page = await office.GetPageAsync("/accountability?region=220183&q=" + Uri.EscapeDataString("包保规则"));
        page.QuerySelector("#leaders")!.GetAttribute("data-total").ShouldBe("2");
        page.QuerySelector("#officers")!.GetAttribute("data-total").ShouldBe("2");
        page.QuerySelectorAll("#leaders [data-reason=Inactive]").Length.ShouldBe(1);
    }
}
