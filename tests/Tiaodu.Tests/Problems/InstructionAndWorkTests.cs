using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Instructions;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Problems;

/// <summary>Leaders' instructions pushed to the people responsible and answered; the "my work" page of each role. Today is 22 November 2026.</summary>
public sealed class InstructionAndWorkTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private async Task<int> AccountAsync(string name, Role role, string region, string? department = null)
    {
        var id = await app.CreateAccountAsync(name, [role], region);
        if (department is not null)
        {
            var departmentId = await app.LookupIdAsync(LookupKind.Department, department);
            await app.WithDbAsync(async db =>
            {
                (await db.Accounts.SingleAsync(a => a.Id == id)).SetDepartment(departmentId);
                return await db.SaveChangesAsync();
            });
        }

        return id;
    }

    private Task<int> NoticesAsync(int account) => app.WithDbAsync(db => db.Notices.CountAsync(n => n.AccountId == account && n.Title.Contains("批示")));

    [Fact]
    public async Task A_leaders_instruction_reaches_the_people_responsible_and_their_answer_reaches_the_leader()
    {
        var project = (await app.CreateProjectAsync(new ProjectDetails { Name = "批示测试项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 120_000m })).Id;
        using var office = app.Api();
        var problem = await (await office.PostAsJsonAsync($"/api/projects/{project}/problems", new
        {
            categoryId = await app.LookupIdAsync(LookupKind.ProblemCategory, "用电"), description = "双回路供电未落实", source = "Leader",
            lead = await app.LookupIdAsync(LookupKind.Department, "国网市供电公司"),
        }, Json.Options)).Content.ReadFromJsonAsync<ProblemsApi.ProblemDto>(Json.Options);

        var leader = await AccountAsync("instr.leader", Role.CityLeader, "220100");
        var dispatch = await AccountAsync("instr.dispatch", Role.DispatchOffice, "220100");
        var power = await AccountAsync("instr.power", Role.Department, "220100", "国网市供电公司");
        var water = await AccountAsync("instr.water", Role.Department, "220100", "市水务局");
        await AccountAsync("instr.far", Role.DistrictLeader, "220113");
        using var leaderClient = app.ClientFor("instr.leader");
        using var powerClient = app.ClientFor("instr.power");
        using var waterClient = app.ClientFor("instr.water");
        using var far = app.ClientFor("instr.far");

        (await leaderClient.PostAsJsonAsync($"/api/projects/{project}/instructions", new { text = " " }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await powerClient.PostAsJsonAsync($"/api/projects/{project}/instructions", new { text = "部门不能批示" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await far.PostAsJsonAsync($"/api/projects/{project}/instructions", new { text = "辖区外" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var given = await leaderClient.PostAsJsonAsync($"/api/projects/{project}/instructions", new { problemId = problem!.Id, text = "请供电公司本周内落实双回路供电方案" }, Json.Options);
        await given.EnsureSuccessAsync();
        var instruction = (await given.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();

        // Pushed to the city's dispatch office and the problem's department, not to an uninvolved department.
        (await NoticesAsync(dispatch)).ShouldBe(1);
        (await NoticesAsync(power)).ShouldBe(1);
        (await NoticesAsync(water)).ShouldBe(0);

        // The power company sees it waiting on its "my work" page and answers; the leader is told.
        (await waterClient.PostAsJsonAsync($"/api/instructions/{instruction}/replies", new { text = "与我无关" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var page = await powerClient.GetStringAsync("/my");
        page.ShouldContain("请供电公司本周内落实双回路供电方案");
        page.ShouldNotContain("My.Figure.");
        page.ShouldNotContain("My.Kind.");
        await (await powerClient.PostAsJsonAsync($"/api/instructions/{instruction}/replies", new { text = "已制定方案，12月10日前完成" }, Json.Options)).EnsureSuccessAsync();
        (await NoticesAsync(leader)).ShouldBe(1);
        var list = await leaderClient.GetFromJsonAsync<List<InstructionView>>($"/api/projects/{project}/instructions", Json.Options);
        list!.Single().Replies.Single().Department.ShouldBe("国网市供电公司");
        (await powerClient.GetStringAsync("/my")).ShouldNotContain("请供电公司本周内落实双回路供电方案");
        (await far.GetAsync($"/api/projects/{project}/instructions")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A department whose account reads another city still reads (and could answer) the instruction on its own problem, and nothing else there.
        await AccountAsync("instr.power.jilin", Role.Department, "220200", "国网市供电公司");
        using var outside = app.ClientFor("instr.power.jilin");
        (await outside.GetFromJsonAsync<List<InstructionView>>($"/api/projects/{project}/instructions", Json.Options))!.Single().Id.ShouldBe(instruction);
        await AccountAsync("instr.water.jilin", Role.Department, "220200", "市水务局");
        using var outsideWater = app.ClientFor("instr.water.jilin");
        (await outsideWater.GetAsync($"/api/projects/{project}/instructions")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task My_work_shows_each_role_what_is_waiting_for_it_and_what_changed()
    {
        var project = (await app.CreateProjectAsync(new ProjectDetails { Name = "我的工作测试项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 30_000m })).Id;
        using var office = app.Api();
        var raised = await (await office.PostAsJsonAsync($"/api/projects/{project}/problems", new
        {
            categoryId = await app.LookupIdAsync(LookupKind.ProblemCategory, "用水"), description = "临时用水水压不足", source = "Hotline", raisedOn = "2026-11-01", due = "2026-11-10",
            lead = await app.LookupIdAsync(LookupKind.Department, "市水务局"),
        }, Json.Options)).Content.ReadFromJsonAsync<ProblemsApi.ProblemDto>(Json.Options);
        await AccountAsync("work.water", Role.Department, "220100", "市水务局");
        using var waterDesk = app.ClientFor("work.water");
        var desk = await waterDesk.GetStringAsync("/my");
        desk.ShouldContain("临时用水水压不足");
        desk.ShouldContain("逾期 12 天");
        desk.ShouldContain("提出问题");

        await (await waterDesk.PostAsJsonAsync($"/api/problems/{raised!.Id}/propose-close", new { resolution = "已增设加压泵", version = raised.Version }, Json.Options)).EnsureSuccessAsync();
        await AccountAsync("work.dispatch", Role.DispatchOffice, "220100");
        using var dispatch = app.ClientFor("work.dispatch");
        var mine = await dispatch.GetStringAsync("/my");
        mine.ShouldContain("已增设加压泵");
        mine.ShouldContain("data-figure=\"AwaitingCloseOut\"");
        mine.ShouldNotContain("My.Figure.");
    }
}
