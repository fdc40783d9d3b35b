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

/// <summary>专班: kept by 调度中心 within its jurisdiction, read by everyone whose region or projects it touches.</summary>
public sealed class TaskForceTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private static async Task<int> IdOf(HttpResponseMessage response)
    {
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task A_task_force_keeps_its_members_and_projects_and_each_reader_sees_its_own_part()
    {
        var chaoyang = await app.RegionIdAsync("220104");
        var leader = await app.WithDbAsync(async db =>
        {
            var p = new Person("专班测试领导", "副区长", PersonRole.Leader, chaoyang);
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var inside = (await app.CreateProjectAsync(new ProjectDetails { Name = "专班测试朝阳项目", RegionId = chaoyang, TotalInvestment = 30_000m })).Id;
        var outside = (await app.CreateProjectAsync(new ProjectDetails { Name = "专班测试南关项目", RegionId = await app.RegionIdAsync("220102"), TotalInvestment = 9_000m })).Id;
        var member = await app.CreateAccountAsync("tf.member", [Role.TaskForce], "220104");
        using var office = app.Api();

        var id = await IdOf(await office.PostAsJsonAsync("/api/task-forces", new { name = "先进制造业专班", regionId = chaoyang, leaderId = leader, duty = "汽车零部件项目推进" }, Json.Options));
        (await office.PostAsJsonAsync("/api/task-forces", new { name = "先进制造业专班", regionId = chaoyang }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await office.PostAsJsonAsync("/api/task-forces", new { name = " ", regionId = chaoyang }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await IdOf(await office.PostAsJsonAsync($"/api/task-forces/{id}/members", new { personId = leader, duty = "总牵头" }, Json.Options));
        var accountMember = await IdOf(await office.PostAsJsonAsync($"/api/task-forces/{id}/members", new { accountId = member, duty = "日常调度" }, Json.Options));
        (await office.PostAsJsonAsync($"/api/task-forces/{id}/members", new { personId = leader, accountId = member, duty = "两者都填" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await office.PostAsJsonAsync($"/api/task-forces/{id}/members", new { personId = leader, duty = "再加一次" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await office.PostAsJsonAsync($"/api/task-forces/{id}/projects", new { projectId = inside }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await office.PostAsJsonAsync($"/api/task-forces/{id}/projects", new { projectId = outside }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var view = (await office.GetFromJsonAsync<TaskForceView>($"/api/task-forces/{id}", Json.Options))!;
        (view.Leader, view.Region, view.CanEdit).ShouldBe(("专班测试领导", "朝阳区", true));
        view.Members.Select(m => (m.Kind, m.Duty)).ShouldBe([("Person", "总牵头"), ("Account", "日常调度")]);
        view.Projects.Select(p => p.ProjectId).ShouldBe([outside, inside]);

        // A 朝阳区 reader sees the task force and only the 朝阳 project; a 南关区 reader sees it through its project; 吉林 not at all.
        await app.CreateAccountAsync("tf.chaoyang", [Role.DistrictLeader], "220104");
        await app.CreateAccountAsync("tf.nanguan", [Role.DistrictLeader], "220102");
        await app.CreateAccountAsync("tf.jilin", [Role.DistrictLeader], "220200");
        var theirs = (await app.ClientFor("tf.chaoyang").GetFromJsonAsync<TaskForceView>($"/api/task-forces/{id}", Json.Options))!;
        (theirs.Projects.Single().ProjectId, theirs.HiddenProjects, theirs.CanEdit).ShouldBe((inside, 1, false));
        (await app.ClientFor("tf.nanguan").GetFromJsonAsync<TaskForceList>("/api/task-forces?q=" + Uri.EscapeDataString("先进制造"), Json.Options))!.Rows.Select(r => r.Id).ShouldBe([id]);
        (await app.ClientFor("tf.jilin").GetAsync($"/api/task-forces/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.ClientFor("tf.jilin").GetFromJsonAsync<TaskForceList>("/api/task-forces", Json.Options))!.Rows.ShouldNotContain(r => r.Id == id);

        // Only a dispatch office whose jurisdiction covers the region may change it.
        await app.CreateAccountAsync("tf.office.jilin", [Role.DispatchOffice], "220200");
        (await app.ClientFor("tf.office.jilin").PostAsJsonAsync("/api/task-forces", new { name = "越界专班", regionId = chaoyang }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.ClientFor("tf.chaoyang").PostAsJsonAsync($"/api/task-forces/{id}/projects", new { projectId = inside }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await office.DeleteAsync($"/api/task-forces/{id}/members/{accountMember}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await office.DeleteAsync($"/api/task-forces/{id}/projects/{outside}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var version = (await office.GetFromJsonAsync<TaskForceView>($"/api/task-forces/{id}", Json.Options))!.Version;
        (await office.PutAsJsonAsync($"/api/task-forces/{id}", new { name = "先进制造业专班", regionId = chaoyang, isActive = false, version = version - 1 }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await (await office.PutAsJsonAsync($"/api/task-forces/{id}", new { name = "先进制造业专班", regionId = chaoyang, isActive = false, version }, Json.Options)).EnsureSuccessAsync();
        (await office.GetFromJsonAsync<TaskForceList>("/api/task-forces?q=" + Uri.EscapeDataString("先进制造"), Json.Options))!.Rows.ShouldBeEmpty();
        (await office.GetFromJsonAsync<TaskForceList>("/api/task-forces?retired=true&q=" + Uri.EscapeDataString("先进制造"), Json.Options))!.Rows.Single().IsActive.ShouldBeFalse();
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(TaskForceMember)))).ShouldBe(3);

        // The pages: the list links to the task force, which lists its members and the reader's projects.
        var list = await office.GetPageAsync("/accountability/task-forces?retired=true");
        list.QuerySelector($"[data-task-force='{id}'] a")!.GetAttribute("href").ShouldBe($"/accountability/task-forces/{id}");
        var page = await app.ClientFor("tf.chaoyang").GetPageAsync($"/accountability/task-forces/{id}");
        page.QuerySelectorAll("#members [data-member]").Length.ShouldBe(1);
        page.QuerySelectorAll("#projects [data-project]").Select(e => e.GetAttribute("data-project")).ShouldBe([inside.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        page.QuerySelector("#edit-task-force").ShouldBeNull();
        var created = await office.SubmitAsync(list, "handler=Create", new Dictionary<string, string> { ["name"] = "页面新建专班", ["regionId"] = chaoyang.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.TaskForces.CountAsync(t => t.Name == "页面新建专班"))).ShouldBe(1);
    }
}
