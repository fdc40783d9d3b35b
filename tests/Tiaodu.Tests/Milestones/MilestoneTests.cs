using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Milestones;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using static Tiaodu.Web.Api.MilestonesApi;

namespace Tiaodu.Tests.Milestones;

/// <summary>
/// 倒排工期 through the API: deadlines computed back from a target, re-planning that keeps what was done,
/// recording nodes and 容缺后补, 拿地即开工, evidence files, the overdue light and jurisdiction. Today is 22 November 2026.
/// </summary>
public sealed class MilestoneTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private async Task<int> ProjectAsync(string name, string region = "220104")
    {
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var p = await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = await app.RegionIdAsync(region), TotalInvestment = 80_000m, NatureId = nature });
        await app.SetYearAsync(p.Id, 2026, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 5_000m });
        return p.Id;
    }

    private static async Task<ProjectMilestonesDto> PlanAsync(HttpClient client, int project, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/projects/{project}/milestones/plan", body, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<ProjectMilestonesDto>(Json.Options))!;
    }

    private async Task<int> TemplateAsync() => await app.WithDbAsync(db => db.MilestoneTemplates.Select(t => t.Id).FirstAsync());

    [Fact]
    public void Deadlines_are_computed_back_from_the_target_and_forward_after_it()
    {
        var dates = PlanMilestones.Schedule([0, 10, 20, 30], 2, new DateOnly(2027, 3, 31));
        dates.ShouldBe([new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 11), new DateOnly(2027, 3, 31), new DateOnly(2027, 4, 30)]);
    }

    [Fact]
    public async Task A_plan_is_computed_from_the_template_and_replanning_keeps_what_was_done()
    {
        var project = await ProjectAsync("节点计划倒排测试项目");
        using var office = app.Api();
        var template = (await office.GetFromJsonAsync<List<TemplateDto>>("/api/milestone-templates", Json.Options))!.First();
        template.Nodes.Select(n => n.Name).ShouldBe(["签约", "注册", "选址", "立项/备案", "环评", "用地规划许可", "工程规划许可", "施工许可", "开工", "入统", "主体完工", "竣工", "投产", "达产"]);

        var plan = await PlanAsync(office, project, new { templateId = template.Id, targetNode = "开工", targetOn = "2027-05-10", version = 0 });
        plan.Nodes.Count.ShouldBe(14);
        var byName = plan.Nodes.ToDictionary(n => n.Name);
        byName["开工"].PlannedOn.ShouldBe(new DateOnly(2027, 5, 10));
        byName["施工许可"].PlannedOn.ShouldBe(new DateOnly(2027, 4, 30), "开工 is 10 days after 施工许可");
        byName["入统"].PlannedOn.ShouldBe(new DateOnly(2027, 6, 9), "入统 is 30 days after 开工");
        byName["签约"].PlannedOn.ShouldBe(new DateOnly(2027, 5, 10).AddDays(-(15 + 30 + 20 + 30 + 30 + 20 + 15 + 10)));

        // Record 签约 as done, then re-plan to an earlier start: 签约 keeps its date, the rest move.
        var sign = byName["签约"];
        var saved = await office.PutAsJsonAsync($"/api/milestones/{sign.Id}", new MilestoneInput { PlannedOn = sign.PlannedOn, DoneOn = new DateOnly(2026, 9, 1), Owner = "招商局", Version = sign.Version }, Json.Options);
        await saved.EnsureSuccessAsync();
        (await PlanAsync(office, project, new { templateId = template.Id, targetNode = "开工", targetOn = "2027-03-01", version = plan.Plan!.Version }))
            .Nodes.Single(n => n.Name == "签约").DoneOn.ShouldBe(new DateOnly(2026, 9, 1));
        (await office.PostAsJsonAsync($"/api/projects/{project}/milestones/plan", new { templateId = template.Id, targetNode = "开工", targetOn = "2027-03-01", version = plan.Plan.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict, "a stale plan version");
        (await office.PostAsJsonAsync($"/api/projects/{project}/milestones/plan", new { templateId = template.Id, targetNode = "不存在的节点", targetOn = "2027-03-01", version = plan.Plan.Version + 1 }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var replanned = (await office.GetFromJsonAsync<ProjectMilestonesDto>($"/api/projects/{project}/milestones", Json.Options))!;
        replanned.Nodes.Count.ShouldBe(14, "re-planning never duplicates nodes");
        replanned.Nodes.Single(n => n.Name == "开工").PlannedOn.ShouldBe(new DateOnly(2027, 3, 1));
    }

    [Fact]
    public async Task Overdue_nodes_and_late_owed_documents_light_and_land_day_shows_what_blocks_the_start()
    {
        var project = await ProjectAsync("节点逾期亮灯测试项目", "220581");
        using var office = app.Api();
        // 施工许可 due on 2026-10-01: 52 days late today; 拿地即开工 with land on 2026-12-15.
        var plan = await PlanAsync(office, project, new { templateId = await TemplateAsync(), targetNode = "施工许可", targetOn = "2026-10-01", startOnLand = true, landOn = "2026-12-15", version = 0 });
        var permit = plan.Nodes.Single(n => n.Name == "施工许可");
        permit.State.ShouldBe("Overdue");
        permit.DaysLate.ShouldBe(52);
        plan.Nodes.Where(n => n.IsApproval).ShouldAllBe(n => n.PlannedOn <= new DateOnly(2026, 12, 15));

        var lights = (await office.GetFromJsonAsync<Tiaodu.Web.Api.LightsApi.ProjectLightsDto>($"/api/projects/{project}/lights", Json.Options))!;
        var light = lights.Lights.Single(l => l.Month == 11 && l.Kind == nameof(LightKind.MilestoneOverdue));
        light.Color.ShouldBe(nameof(LightColor.Red), "more than 30 days late");
        light.Explanation.ShouldContain("已逾期");

        // Every overdue node recorded: approvals done, 施工许可 accepted with documents owed until 12-31 → the light goes.
        var nodes = (await office.GetFromJsonAsync<ProjectMilestonesDto>($"/api/projects/{project}/milestones", Json.Options))!.Nodes;
        foreach (var n in nodes.Where(n => n.PlannedOn < new DateOnly(2026, 11, 22)))
        {
            var input = n.Name == "施工许可"
                ? new MilestoneInput { PlannedOn = n.PlannedOn, DoneOn = new DateOnly(2026, 11, 20), DocumentNumber = "长建施〔2026〕88号", Deferred = true, OwedItems = "消防设计审查意见", OwedBy = new DateOnly(2026, 12, 31), Version = n.Version }
                : new MilestoneInput { PlannedOn = n.PlannedOn, DoneOn = n.PlannedOn, Version = n.Version };
            await (await office.PutAsJsonAsync($"/api/milestones/{n.Id}", input, Json.Options)).EnsureSuccessAsync();
        }

        lights = (await office.GetFromJsonAsync<Tiaodu.Web.Api.LightsApi.ProjectLightsDto>($"/api/projects/{project}/lights", Json.Options))!;
        lights.Lights.ShouldNotContain(l => l.Month == 11 && l.Kind == nameof(LightKind.MilestoneOverdue));
        var after = (await office.GetFromJsonAsync<ProjectMilestonesDto>($"/api/projects/{project}/milestones", Json.Options))!;
        after.Nodes.Single(n => n.Name == "施工许可").State.ShouldBe("Deferred");

        // 容缺后补 needs what is owed and by when.
        var permitNow = after.Nodes.Single(n => n.Name == "施工许可");
        var bad = await office.PutAsJsonAsync($"/api/milestones/{permitNow.Id}", new MilestoneInput { PlannedOn = permitNow.PlannedOn, DoneOn = new DateOnly(2026, 11, 20), Deferred = true, Version = permitNow.Version }, Json.Options);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("后补");
        var future = await office.PutAsJsonAsync($"/api/milestones/{permitNow.Id}", new MilestoneInput { PlannedOn = permitNow.PlannedOn, DoneOn = new DateOnly(2026, 12, 1), Version = permitNow.Version }, Json.Options);
        future.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Evidence_is_checked_by_content_kept_and_served_only_inside_the_jurisdiction_and_reporters_cannot_move_deadlines()
    {
        var project = await ProjectAsync("节点佐证材料测试项目", "220106");
        using var office = app.Api();
        var plan = await PlanAsync(office, project, new { templateId = await TemplateAsync(), targetNode = "投产", targetOn = "2028-06-30", version = 0 });
        var node = plan.Nodes.Single(n => n.Name == "立项/备案");

        var pdf = "%PDF-1.4\n%测试批复文件\n"u8.ToArray();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "立项批复.pdf" } };
        var uploaded = await office.PostAsync($"/api/milestones/{node.Id}/files", form);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var file = (await uploaded.Content.ReadFromJsonAsync<FileDto>(Json.Options))!;
        file.Sha256.Length.ShouldBe(64);
        (await office.GetByteArrayAsync($"/api/milestone-files/{file.Id}")).ShouldBe(pdf);

        using var fake = new MultipartFormDataContent { { new ByteArrayContent("<script>alert(1)</script>"u8.ToArray()), "file", "批复.pdf" } };
        var refused = await office.PostAsync($"/api/milestones/{node.Id}/files", fake);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("文件内容须与扩展名一致");

        await app.CreateAccountAsync("milestone.other", [Role.DistrictLeader], "220172");
        using var other = app.ClientFor("milestone.other");
        (await other.GetAsync($"/api/milestone-files/{file.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/projects/{project}/milestones")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await app.CreateAccountAsync("milestone.officer", [Role.ServiceOfficer], projectIds: [project]);
        using var officer = app.ClientFor("milestone.officer");
        (await officer.PutAsJsonAsync($"/api/milestones/{node.Id}", new MilestoneInput { PlannedOn = node.PlannedOn.AddDays(30), Version = node.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await officer.PutAsJsonAsync($"/api/milestones/{node.Id}", new MilestoneInput { PlannedOn = node.PlannedOn, DoneOn = new DateOnly(2026, 11, 2), Owner = "发改局", Version = node.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await officer.PostAsJsonAsync($"/api/projects/{project}/milestones/plan", new { templateId = await TemplateAsync(), targetNode = "投产", targetOn = "2028-01-01", version = 1 }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Core.Files.StoredFile)));
        audited.ShouldBeGreaterThanOrEqualTo(2, "the upload and the download");

        var wall = await office.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/milestones?region=220106", Json.Options);
        wall.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("projectId").GetInt32()).ShouldContain(project);
    }

    [Fact]
    public async Task The_dispatch_office_keeps_node_templates_and_a_change_applies_only_to_plans_made_after_it()
    {
        using var office = app.Api();
        TemplateNodeInput[] nodes = [new("签约", 0, false), new("立项/备案", 20, true), new("施工许可", 30, true), new("开工", 10, false)];
        var refused = await office.PostAsJsonAsync("/api/milestone-templates", new TemplateInput("片区开发模板", true, [nodes[0]], 0), Json.Options);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("2至40个节点");
        var duplicate = await office.PostAsJsonAsync("/api/milestone-templates", new TemplateInput("片区开发模板", true, [.. nodes, new("开工", 5000, false)], 0), Json.Options);
        var text = await duplicate.Content.ReadAsStringAsync();
        text.ShouldContain("节点「开工」重复");
        text.ShouldContain("天数应在0至3650之间");

        var created = await office.PostAsJsonAsync("/api/milestone-templates", new TemplateInput("片区开发模板", true, nodes, 0), Json.Options);
        await created.EnsureSuccessAsync();
        var template = (await created.Content.ReadFromJsonAsync<TemplateDto>(Json.Options))!;
        template.Nodes.Select(n => n.Name).ShouldBe(["签约", "立项/备案", "施工许可", "开工"]);
        (await office.PostAsJsonAsync("/api/milestone-templates", new TemplateInput("片区开发模板", true, nodes, 0), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // A plan made from it: 开工 on 1 March 2027, 施工许可 ten days before, 立项 thirty before that.
        var project = await ProjectAsync("节点模板测试项目");
        var plan = await PlanAsync(office, project, new { templateId = template.Id, targetNode = "开工", targetOn = "2027-03-01", version = 0 });
        plan.Nodes.Single(n => n.Name == "施工许可").PlannedOn.ShouldBe(new DateOnly(2027, 2, 19));

        // The template changes: the plan keeps its nodes; a new plan uses the new ones.
        var changed = await office.PutAsJsonAsync($"/api/milestone-templates/{template.Id}",
            new TemplateInput("片区开发模板", true, [nodes[0], nodes[1], new("用地规划许可", 15, true), new("施工许可", 20, true), nodes[3]], template.Version), Json.Options);
        await changed.EnsureSuccessAsync();
        (await office.PutAsJsonAsync($"/api/milestone-templates/{template.Id}", new TemplateInput("片区开发模板", true, nodes, template.Version), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await office.GetFromJsonAsync<ProjectMilestonesDto>($"/api/projects/{project}/milestones", Json.Options))!.Nodes.Count.ShouldBe(4);
        var other = await ProjectAsync("节点模板测试新项目");
        (await PlanAsync(office, other, new { templateId = template.Id, targetNode = "开工", targetOn = "2027-03-01", version = 0 })).Nodes.Count.ShouldBe(5);

        // Switched off: no longer offered, and no new plan can use it.
        var current = (await changed.Content.ReadFromJsonAsync<TemplateDto>(Json.Options))!;
        await (await office.PutAsJsonAsync($"/api/milestone-templates/{template.Id}", new TemplateInput("片区开发模板", false, [.. current.Nodes.Select(n => new TemplateNodeInput(n.Name, n.Days, n.IsApproval))], current.Version), Json.Options)).EnsureSuccessAsync();
        (await office.GetFromJsonAsync<List<TemplateDto>>("/api/milestone-templates", Json.Options))!.ShouldNotContain(t => t.Id == template.Id);
        var third = await ProjectAsync("节点模板测试停用项目");
        (await office.PostAsJsonAsync($"/api/projects/{third}/milestones/plan", new { templateId = template.Id, targetNode = "开工", targetOn = "2027-03-01", version = 0 }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Reporters read templates but do not keep them.
        await app.CreateAccountAsync("template.reporter", [Role.EnterpriseReporter], projectIds: [project]);
        using var reporter = app.ClientFor("template.reporter");
        (await reporter.PostAsJsonAsync("/api/milestone-templates", new TemplateInput("企业模板", true, nodes, 0), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
