using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Security;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Accounts;

/// <summary>Enterprise reporters report progress but not plan figures; phone numbers are encrypted, masked, and revealed only with permission and an audit record.</summary>
public sealed class FieldAndPersonalDataTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private async Task<(ProjectDto Project, ProjectDetails Details)> ProjectAsync(string name, string? phone = null)
    {
        var details = new ProjectDetails
        {
            Name = name,
            RegionId = await app.RegionIdAsync("220104"),
            TotalInvestment = 20_000m,
            ContactPhone = phone,
            StageId = await app.LookupIdAsync(LookupKind.Stage, "前期"),
        };
        var project = await app.CreateProjectAsync(details);
        await app.SetYearAsync(project.Id, 2026, new ProjectYearInput { InPlan = true, AnnualPlan = 5_000m });
        using var client = app.Api();
        return ((await client.GetFromJsonAsync<ProjectDto>($"/api/projects/{project.Id}", Json.Options))!, details);
    }

    [Fact]
    public async Task An_enterprise_reporter_changes_progress_but_not_plan_figures()
    {
        var (project, details) = await ProjectAsync("企业填报权限测试项目");
        await app.CreateAccountAsync("ent.reporter", [Role.EnterpriseReporter], projectIds: [project.Id]);
        using var client = app.ClientFor("ent.reporter");

        var plan = await client.PutAsJsonAsync($"/api/projects/{project.Id}", new { project = details with { TotalInvestment = 99_000m }, version = project.Version }, Json.Options);
        plan.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await plan.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("总投资");

        var stage = await app.LookupIdAsync(LookupKind.Stage, "在建");
        var progress = await client.PutAsJsonAsync($"/api/projects/{project.Id}",
            new { project = details with { StageId = stage, ActualStart = new DateOnly(2026, 3, 1) }, version = project.Version }, Json.Options);
        progress.StatusCode.ShouldBe(HttpStatusCode.OK, await progress.Content.ReadAsStringAsync());

        var line = project.Years.Single(y => y.Year == 2026).Version;
        var year = await client.PutAsJsonAsync($"/api/projects/{project.Id}/years/2026", new ProjectYearInput { InPlan = true, AnnualPlan = 9_000m, Version = line }, Json.Options);
        year.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var started = await client.PutAsJsonAsync($"/api/projects/{project.Id}/years/2026",
            new ProjectYearInput { InPlan = true, AnnualPlan = 5_000m, StartedOn = new DateOnly(2026, 3, 1), Version = line }, Json.Options);
        started.StatusCode.ShouldBe(HttpStatusCode.OK);

        (await client.PostAsJsonAsync("/api/projects", new { project = details with { Name = "企业不能新建" } }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var stored = await app.WithDbAsync(db => db.Projects.SingleAsync(p => p.Id == project.Id));
        stored.TotalInvestment.ShouldBe(20_000m);
        stored.StageId.ShouldBe(stage);
    }

    [Fact]
    public async Task Phones_are_stored_encrypted_shown_masked_and_revealed_only_with_the_permission()
    {
        var (project, _) = await ProjectAsync("个人信息测试项目", "13812345678");
        var stored = await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.ContactPhone).SingleAsync());
        stored!.ShouldStartWith(PersonalDataCipher.Sm4Prefix);
        stored.ShouldNotContain("12345678");
        project.ContactPhone.ShouldBe("138****5678");

        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Project" && e.EntityId == project.Id.ToString(CultureInfo.InvariantCulture)).Select(e => e.After).FirstAsync());
        audit.ShouldNotBeNull();
        audit.ShouldContain("138****5678");
        audit.ShouldNotContain("13812345678");

        using var plain = app.Api();
        var refused = await plain.PostAsync($"/api/projects/{project.Id}/contact-phone", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await app.CreateAccountAsync("revealer", [Role.DispatchOffice], "220000", canReveal: true);
        using var revealer = app.ClientFor("revealer");
        var shown = await revealer.PostAsync($"/api/projects/{project.Id}/contact-phone", null);
        shown.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await shown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phone").GetString().ShouldBe("13812345678");

        var reveals = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditAction.Reveal && e.EntityId == project.Id.ToString(CultureInfo.InvariantCulture))
            .Select(e => new { e.Actor, e.Result }).ToListAsync());
        reveals.ShouldContain(r => r.Actor == "revealer" && r.Result == AuditResult.Success);
        reveals.ShouldContain(r => r.Actor == app.Tester && r.Result == AuditResult.Failure);
    }

    [Fact]
    public async Task Sending_the_masked_phone_back_keeps_it_and_a_new_number_replaces_it()
    {
        var (project, details) = await ProjectAsync("电话保留测试项目", "0431-88886666");
        using var client = app.Api();
        var same = await client.PutAsJsonAsync($"/api/projects/{project.Id}", new { project = details with { ContactPhone = project.ContactPhone, Name = "电话保留测试项目改" }, version = project.Version }, Json.Options);
        same.StatusCode.ShouldBe(HttpStatusCode.OK);
        var kept = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tiaodu.Core.Data.TiaoduDb>();
            var cipher = await db.Projects.Where(p => p.Id == project.Id).Select(p => p.ContactPhone).SingleAsync();
            return sp.GetRequiredService<PersonalData>().Reveal(cipher);
        });
        kept.ShouldBe("0431-88886666");

        var bad = await client.PutAsJsonAsync($"/api/projects/{project.Id}", new { project = details with { ContactPhone = "请打电话" }, version = project.Version + 1 }, Json.Options);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_three_administrator_roles_cannot_be_combined()
    {
        var target = await app.CreateAccountAsync("combo.target", [Role.Supervision], "220000");
        using var security = await app.AdminClientAsync(Role.SecurityAdmin);
        var me = await security.GetFromJsonAsync<Tiaodu.Web.Accounts.AccountsApi.MeDto>("/api/me", Json.Options);
        await app.WithServicesAsync(async sp =>
        {
            // The use case enforces 三权分立 whatever page calls it.
            var db = sp.GetRequiredService<Tiaodu.Core.Data.TiaoduDb>();
            var account = await db.Accounts.Include(a => a.Roles).SingleAsync(a => a.Id == target);
            Roles.Conflict([Role.SystemAdmin, Role.AuditAdmin]).ShouldNotBeNull();
            Roles.Conflict([Role.SecurityAdmin, Role.DispatchOffice]).ShouldNotBeNull();
            Roles.Conflict([Role.DispatchOffice, Role.TaskForce]).ShouldBeNull();
            return account.Id;
        });
        me!.Roles.ShouldBe([Role.SecurityAdmin]);
        me.Permissions.ShouldNotContain(Permission.ViewLedger);
        (await security.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await security.GetAsync("/api/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
