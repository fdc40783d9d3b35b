using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Audit;

/// <summary>Changes made through the API leave audit records with who, where, what and before → after.</summary>
public sealed class AuditTrailTests(AuditApp app) : IClassFixture<AuditApp>
{
    private async Task<ProjectDetails> DetailsAsync(string name, decimal total = 12_000m) => new()
    {
        Name = name,
        RegionId = await app.RegionIdAsync("220172"),
        TotalInvestment = total,
        NatureId = await app.LookupIdAsync(LookupKind.Nature, "新建"),
        ContactPhone = "13812345678",
    };

    private static JsonElement Field(JsonElement? json, string name) => json!.Value.GetProperty(name);

    private static List<string> Names(JsonElement? json) => [.. json!.Value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Creating_a_project_records_who_where_and_every_value()
    {
        var project = await app.CreateProjectAsync(await DetailsAsync("审计新建测试项目", 12_345.5m));

        var entry = (await app.EntriesForAsync("Project", project.Id)).ShouldHaveSingleItem();
        entry.Action.ShouldBe(AuditAction.Create);
        entry.Result.ShouldBe(AuditResult.Success);
        entry.Actor.ShouldBe(app.Tester);
        entry.RemoteAddress.ShouldBe(AuditApp.ClientAddress);
        entry.At.ShouldBe(app.Clock.GetUtcNow().UtcDateTime);
        entry.Summary.ShouldBe("新建项目「审计新建测试项目」");
        entry.Before.ShouldBeNull();
        Field(entry.After, "Name").GetString().ShouldBe("审计新建测试项目");
        Field(entry.After, "TotalInvestment").GetDecimal().ShouldBe(12_345.5m);
        Field(entry.After, "TotalInvestment").GetRawText().ShouldBe("12345.5");
        Field(entry.After, "IsDeleted").GetBoolean().ShouldBeFalse();
        Field(entry.After, "ContactPhone").GetString().ShouldBe("138****5678");
        Names(entry.After).ShouldNotContain("SearchKey");
        Names(entry.After).ShouldNotContain("Version");
        Names(entry.After).ShouldNotContain("ChangeSeq");
        Names(entry.After).ShouldNotContain("Id");
    }

    [Fact]
    public async Task Updating_records_only_the_changed_values_before_and_after()
    {
        var details = await DetailsAsync("审计修改测试项目", 10_000m);
        var project = await app.CreateProjectAsync(details);
        using var client = app.Api();

        var response = await client.PutAsJsonAsync($"/api/projects/{project.Id}",
            new { project = details with { Name = "审计修改测试项目二期", TotalInvestment = 15_000m }, version = 1 }, Json.Options);
        await response.EnsureSuccessAsync();

        var entries = await app.EntriesForAsync("Project", project.Id);
        entries.Select(e => e.Action).ShouldBe([AuditAction.Create, AuditAction.Update]);
        var update = entries[1];
        update.Summary.ShouldBe("修改项目「审计修改测试项目二期」（2项）");
        Names(update.Before).ShouldBe(["Name", "TotalInvestment"]);
        Names(update.After).ShouldBe(["Name", "TotalInvestment"]);
        Field(update.Before, "Name").GetString().ShouldBe("审计修改测试项目");
        Field(update.After, "Name").GetString().ShouldBe("审计修改测试项目二期");
        Field(update.Before, "TotalInvestment").GetDecimal().ShouldBe(10_000m);
        Field(update.After, "TotalInvestment").GetDecimal().ShouldBe(15_000m);
        update.Sequence.ShouldBe(entries[0].Sequence + 1);
        update.PreviousHash.ShouldBe(entries[0].Hash);
    }

    [Fact]
    public async Task Deleting_and_restoring_are_recorded_as_delete_and_restore()
    {
        var project = await app.CreateProjectAsync(await DetailsAsync("审计删除恢复测试项目"));
        using var client = app.Api();
        (await client.DeleteAsync($"/api/projects/{project.Id}?version=1")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.PostAsync($"/api/projects/{project.Id}/restore?version=2", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var entries = await app.EntriesForAsync("Project", project.Id);
        entries.Select(e => e.Action).ShouldBe([AuditAction.Create, AuditAction.Delete, AuditAction.Restore]);
        var (deleted, restored) = (entries[1], entries[2]);
        deleted.Summary.ShouldBe("删除项目「审计删除恢复测试项目」");
        Field(deleted.Before, "IsDeleted").GetBoolean().ShouldBeFalse();
        Field(deleted.After, "IsDeleted").GetBoolean().ShouldBeTrue();
        Field(deleted.Before, "DeletedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        Field(deleted.After, "DeletedAt").GetDateTime().ShouldBe(app.Clock.GetUtcNow().UtcDateTime);
        restored.Summary.ShouldBe("恢复项目「审计删除恢复测试项目」");
        Field(restored.Before, "IsDeleted").GetBoolean().ShouldBeTrue();
        Field(restored.After, "IsDeleted").GetBoolean().ShouldBeFalse();
        Field(restored.After, "DeletedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        Field(restored.Before, "DeletedAt").GetString().ShouldBe(Field(deleted.After, "DeletedAt").GetString());
        Field(restored.Before, "DeletedAt").GetString()!.ShouldEndWith("Z");
    }

    [Fact]
    public async Task A_year_line_records_its_plan_and_tag_changes()
    {
        var project = await app.CreateProjectAsync(await DetailsAsync("审计年度计划测试项目"));
        var tags = await app.WithDbAsync(db => db.Tags.OrderBy(t => t.Id).Select(t => t.Id).Take(3).ToListAsync());
        await app.SetYearAsync(project.Id, 2026, new ProjectYearInput { InPlan = true, AnnualPlan = 3_000m, TagIds = [tags[0], tags[1]] });
        var line = await app.WithDbAsync(db => db.ProjectYears.Where(y => y.ProjectId == project.Id).Select(y => new { y.Id, y.Version }).SingleAsync());
        var yearId = line.Id;
        await app.SetYearAsync(project.Id, 2026, new ProjectYearInput { InPlan = true, AnnualPlan = 3_500m, TagIds = [tags[1], tags[2]], Version = line.Version });

        var entries = await app.EntriesForAsync("ProjectYear", yearId);
        entries.Select(e => e.Action).ShouldBe([AuditAction.Create, AuditAction.Update]);
        Field(entries[0].After, "AnnualPlan").GetDecimal().ShouldBe(3_000m);
        Field(entries[0].After, "TagIds").EnumerateArray().Select(t => t.GetInt32()).ShouldBe([tags[0], tags[1]]);
        Names(entries[1].After).ShouldBe(["AnnualPlan", "TagIds"]);
        Field(entries[1].Before, "TagIds").EnumerateArray().Select(t => t.GetInt32()).ShouldBe([tags[0], tags[1]]);
        Field(entries[1].After, "TagIds").EnumerateArray().Select(t => t.GetInt32()).ShouldBe([tags[1], tags[2]]);
        Field(entries[1].Before, "AnnualPlan").GetDecimal().ShouldBe(3_000m);

        // Touching the project for the year edit is bookkeeping, not a change of the project.
        (await app.EntriesForAsync("Project", project.Id)).ShouldHaveSingleItem().Action.ShouldBe(AuditAction.Create);
    }

    [Fact]
    public async Task Monthly_figures_record_the_report_and_the_changed_month_ends_of_the_line()
    {
        var project = await app.CreateProjectAsync(await DetailsAsync("审计月报测试项目"));
        await app.SetYearAsync(project.Id, 2026, new ProjectYearInput { InPlan = true, AnnualPlan = 1_000m });
        var yearId = await app.WithDbAsync(db => db.ProjectYears.Where(y => y.ProjectId == project.Id).Select(y => y.Id).SingleAsync());

        await app.RecordApprovedMonthAsync(project.Id, 2026, 11, 120.5m, 120.5m, 620.5m);

        var reportId = await app.WithDbAsync(db => db.MonthlyReports.Where(r => r.ProjectId == project.Id).Select(r => r.Id).SingleAsync());
        var report = (await app.EntriesForAsync("MonthlyReport", reportId)).ShouldHaveSingleItem();
        report.Actor.ShouldBe("system");
        Field(report.After, "Status").GetString().ShouldBe("Approved");
        Field(report.After, "InvestmentYtd").GetDecimal().ShouldBe(120.5m);
        var update = (await app.EntriesForAsync("ProjectYear", yearId))[^1];
        update.Action.ShouldBe(AuditAction.Update);
        Names(update.After).ShouldBe(["ReportedMonths", "SinceStart.M11", "SinceStart.M12", "Ytd.M11", "Ytd.M12"]);
        Field(update.Before, "Ytd.M11").GetDecimal().ShouldBe(0m);
        Field(update.After, "Ytd.M11").GetDecimal().ShouldBe(120.5m);
        Field(update.After, "ReportedMonths").GetInt32().ShouldBe(1 << 10);
    }

    [Fact]
    public async Task Reference_data_edits_are_recorded()
    {
        using var client = await app.AdminClientAsync(Tiaodu.Core.Accounts.Role.SystemAdmin);
        var created = await client.PostAsJsonAsync("/api/reference/tags", new TagInput { Name = "审计测试标签", SortOrder = 50 }, Json.Options);
        await created.EnsureSuccessAsync();
        var tag = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = tag.GetProperty("id").GetInt32();
        var renamed = await client.PutAsJsonAsync($"/api/reference/tags/{id}", new TagInput { Name = "审计测试标签改", SortOrder = 50, IsActive = false, Version = tag.GetProperty("version").GetInt32() }, Json.Options);
        await renamed.EnsureSuccessAsync();

        var entries = await app.EntriesForAsync("Tag", id);
        entries.Select(e => e.Summary).ShouldBe(["新建标签「审计测试标签」", "修改标签「审计测试标签改」（2项）"]);
        Field(entries[1].Before, "IsActive").GetBoolean().ShouldBeTrue();
        Field(entries[1].After, "IsActive").GetBoolean().ShouldBeFalse();
        Field(entries[1].After, "Name").GetString().ShouldBe("审计测试标签改");
    }

    [Fact]
    public async Task A_refused_change_writes_neither_a_row_nor_an_audit_record()
    {
        var project = await app.CreateProjectAsync(await DetailsAsync("审计拒绝测试项目"));
        var before = await app.AuditCountAsync();
        using var client = app.Api();

        var invalid = await client.PostAsJsonAsync("/api/projects", new { project = (await DetailsAsync("")) with { TotalInvestment = -1m } }, Json.Options);
        var stale = await client.PutAsJsonAsync($"/api/projects/{project.Id}",
            new { project = await DetailsAsync("审计拒绝测试项目改名"), version = 7 }, Json.Options);

        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.AuditCountAsync()).ShouldBe(before);
        (await app.WithDbAsync(db => db.Projects.CountAsync(p => p.Name == "审计拒绝测试项目改名"))).ShouldBe(0);
        (await app.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Search_filters_by_actor_action_entity_and_time_and_pages_newest_first()
    {
        var start = app.Clock.Now;
        app.Clock.Now = start.AddDays(3);
        try
        {
            var a = await app.CreateProjectAsync(await DetailsAsync("审计查询测试项目甲"));
            app.Clock.Now = start.AddDays(4);
            var b = await app.CreateProjectAsync(await DetailsAsync("审计查询测试项目乙"));

            var window = $"from={start.AddDays(3):yyyy-MM-dd'T'HH:mm:sszzz}&to={start.AddDays(3).AddHours(1):yyyy-MM-dd'T'HH:mm:sszzz}";
            var inWindow = await app.SearchAsync(window.Replace("+", "%2B", StringComparison.Ordinal) + "&actor=tester&action=create&entityType=Project");
            inWindow.Items.ShouldHaveSingleItem().EntityId.ShouldBe(a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

            var paged = await app.SearchAsync("entityType=Project&action=Create&pageSize=1&page=1");
            paged.PageSize.ShouldBe(1);
            paged.Total.ShouldBeGreaterThanOrEqualTo(2);
            paged.Pages.ShouldBe(paged.Total);
            paged.Items.ShouldHaveSingleItem().EntityId.ShouldBe(b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

            // Reference data seeded at start-up was written by the system, not by a request.
            var system = await app.SearchAsync("actor=system&entityType=Region&pageSize=1");
            system.Total.ShouldBeGreaterThan(10);
            system.Items[0].RemoteAddress.ShouldBeNull();
            (await app.SearchAsync("actor=nobody")).Total.ShouldBe(0);
        }
        finally
        {
            app.Clock.Now = start;
        }
    }

    [Theory]
    [InlineData("action=Rename", "action")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-11-22&to=2026-11-21", "to")]
    public async Task Bad_search_parameters_get_a_400_in_chinese(string query, string field)
    {
        var client = await app.AuditorAsync();
        var response = await client.GetAsync("/api/audit?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty(field)[0].GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Fact]
    public async Task The_chain_of_a_working_database_verifies()
    {
        await app.CreateProjectAsync(await DetailsAsync("审计链校验测试项目"));
        var report = await app.VerifyAsync();
        report.Intact.ShouldBeTrue(report.Problem);
        report.BrokenAt.ShouldBeNull();
        report.Count.ShouldBe(await app.AuditCountAsync());
        report.HeadSequence.ShouldBe(report.Count);
        report.HeadHash.ShouldBe(await app.WithDbAsync(db => db.AuditEntries.OrderByDescending(e => e.Sequence).Select(e => e.Hash).FirstAsync()));
    }
}
