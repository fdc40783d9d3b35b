using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Reports;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;
using static Tiaodu.Web.Api.ReportsApi;

namespace Tiaodu.Tests.Reports;

/// <summary>
/// The monthly report workflow through the API: draft, submit, return, resubmit, approve, correct; the
/// consistency rules; the running totals; the "who has not reported" list; the deadline. The test clock
/// stands at 22 November 2026.
/// </summary>
public sealed class MonthlyReportTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const int Year = 2026;

    private async Task<int> ProjectAsync(string name, decimal total = 10_000m, string region = "220104", bool line = true)
    {
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var p = await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = await app.RegionIdAsync(region), TotalInvestment = total, NatureId = nature });
        if (line)
        {
            await app.SetYearAsync(p.Id, Year, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 1_000m, PlannedStartMonth = 3 });
        }

        return p.Id;
    }

    private static async Task<ReportViewDto> ReadAsync(HttpResponseMessage response)
    {
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<ReportViewDto>(Json.Options))!;
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, int project, int month, ReportInput input, bool submit = false) =>
        client.PutAsJsonAsync($"/api/projects/{project}/reports/{Year}/{month}{(submit ? "?submit=true" : "")}", input, Json.Options);

    private static async Task<ReportViewDto> SubmitAsync(HttpClient client, int project, int month, ReportInput input) =>
        await ReadAsync(await PutAsync(client, project, month, input, submit: true));

    private static async Task<ReportDto> ApproveAsync(HttpClient client, ReportViewDto view)
    {
        var response = await client.PostAsJsonAsync($"/api/reports/{view.Report!.Id}/approve", new { version = view.Report.Version }, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<ReportDto>(Json.Options))!;
    }

    private static async Task<ReportViewDto> GetAsync(HttpClient client, int project, int month) =>
        (await client.GetFromJsonAsync<ReportViewDto>($"/api/projects/{project}/reports/{Year}/{month}", Json.Options))!;

    private static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return field is null ? problem.GetProperty("detail").GetString()! : problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    private async Task<ProjectYearView> LineAsync(int project)
    {
        using var client = app.Api();
        var dto = await client.GetFromJsonAsync<ProjectDto>($"/api/projects/{project}", Json.Options);
        return dto!.Years.Single(y => y.Year == Year);
    }

    [Fact]
    public async Task A_report_goes_from_draft_to_submitted_returned_resubmitted_and_approved_and_then_feeds_the_year_line()
    {
        var project = await ProjectAsync("月报流程测试项目");
        await app.CreateAccountAsync("report.enterprise", [Role.EnterpriseReporter], projectIds: [project]);
        using var reporter = app.ClientFor("report.enterprise");
        using var office = app.Api();

        var draft = await ReadAsync(await PutAsync(reporter, project, 9, new ReportInput { InvestmentMonth = 100m, Progress = "基础施工", Problems = "施工用电增容\n\n临时道路未通" }));
        draft.State.ShouldBe("Draft");
        draft.Report!.InvestmentYtd.ShouldBe(100m);
        (await LineAsync(project)).YtdByMonth[8].ShouldBe(0m, "a draft feeds nothing");

        var submitted = await SubmitAsync(reporter, project, 9, new ReportInput { InvestmentMonth = 120m, Progress = "基础施工", Problems = "施工用电增容\n\n临时道路未通", Version = draft.Report.Version });
        submitted.State.ShouldBe("Submitted");
        submitted.Report!.SubmittedBy.ShouldBe("report.enterprise");
        (await ErrorAsync(await PutAsync(reporter, project, 9, new ReportInput { InvestmentMonth = 1m, Version = submitted.Report.Version }), HttpStatusCode.Conflict))
            .ShouldContain("等待调度中心审核");

        // Only the dispatch office reviews, and a return needs its reason.
        (await reporter.PostAsJsonAsync($"/api/reports/{submitted.Report.Id}/approve", new { version = submitted.Report.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorAsync(await office.PostAsJsonAsync($"/api/reports/{submitted.Report.Id}/return", new { version = submitted.Report.Version, reason = "  " }, Json.Options),
            HttpStatusCode.BadRequest, "reason")).ShouldContain("退回原因");
        var returned = await office.PostAsJsonAsync($"/api/reports/{submitted.Report.Id}/return", new { version = submitted.Report.Version, reason = "投资额与形象进度不符" }, Json.Options);
        await returned.EnsureSuccessAsync();

        var again = await GetAsync(reporter, project, 9);
        again.State.ShouldBe("Returned");
        again.Report!.ReturnReason.ShouldBe("投资额与形象进度不符");

        // Resubmitted with the year-to-date figure instead of the month's: the month is derived.
        var resubmitted = await SubmitAsync(reporter, project, 9, new ReportInput { InvestmentYtd = 150m, Progress = "基础施工", Problems = "施工用电增容\n\n临时道路未通", Version = again.Report.Version });
        resubmitted.Report!.InvestmentMonth.ShouldBe(150m);
        var approved = await ApproveAsync(office, resubmitted);
        approved.Status.ShouldBe("Approved");
        approved.ReviewedBy.ShouldBe(app.Tester);

        var line = await LineAsync(project);
        line.YtdByMonth[8].ShouldBe(150m);
        line.YtdByMonth[11].ShouldBe(150m, "carried forward to the year end");
        line.SinceStartByMonth[8].ShouldBe(150m);
        (line.ReportedMonths & (1 << 8)).ShouldNotBe(0);

        // Each problem line became an open problem of the project, and every step is in the audit trail.
        var problems = await app.WithDbAsync(db => db.Problems.Where(p => p.ProjectId == project).Select(p => p.Description).OrderBy(d => d).ToListAsync());
        problems.ShouldBe(["施工用电增容", "临时道路未通"], ignoreOrder: true);
        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(MonthlyReport)));
        audited.ShouldBeGreaterThanOrEqualTo(5);

        // An approved report changes only through a correction.
        (await ErrorAsync(await PutAsync(reporter, project, 9, new ReportInput { InvestmentMonth = 1m, Version = approved.Version }), HttpStatusCode.Conflict)).ShouldContain("更正");
    }

    [Fact]
    public async Task Year_to_date_chains_through_the_approved_months_and_a_correction_moves_the_later_ones_with_revisions()
    {
        var project = await ProjectAsync("月报更正测试项目");
        using var office = app.Api();
        var march = await ApproveAsync(office, await SubmitAsync(office, project, 3, new ReportInput { InvestmentMonth = 100m, InvestmentSinceStart = 500m }));
        march.InvestmentSinceStart.ShouldBe(500m, "the year's first report may state the since-start figure");
        var may = await ApproveAsync(office, await SubmitAsync(office, project, 5, new ReportInput { InvestmentMonth = 200m }));
        may.InvestmentYtd.ShouldBe(300m);
        may.InvestmentSinceStart.ShouldBe(700m);

        // A since-start figure that does not follow the chain is refused.
        (await ErrorAsync(await PutAsync(office, project, 6, new ReportInput { InvestmentMonth = 10m, InvestmentSinceStart = 999m }), HttpStatusCode.BadRequest, "InvestmentSinceStart"))
            .ShouldContain("710");

        // Correcting March needs a reason and an approved report.
        (await ErrorAsync(await office.PostAsJsonAsync($"/api/reports/{march.Id}/correct", new { report = new ReportInput { InvestmentMonth = 150m, Version = march.Version } }, Json.Options),
            HttpStatusCode.BadRequest, "reason")).ShouldContain("更正原因");
        var corrected = await office.PostAsJsonAsync($"/api/reports/{march.Id}/correct",
            new { report = new ReportInput { InvestmentMonth = 150m, InvestmentSinceStart = 550m, Version = march.Version }, reason = "统计局核定数" }, Json.Options);
        await corrected.EnsureSuccessAsync();

        var mayNow = await GetAsync(office, project, 5);
        mayNow.Report!.InvestmentYtd.ShouldBe(350m);
        mayNow.Report.InvestmentSinceStart.ShouldBe(750m);
        mayNow.Revisions.Count.ShouldBe(1);
        mayNow.Revisions[0].YtdBefore.ShouldBe(300m);
        mayNow.Revisions[0].Reason.ShouldContain("统计局核定数");
        var marchNow = await GetAsync(office, project, 3);
        marchNow.Revisions.Single().MonthBefore.ShouldBe(100m);
        marchNow.Revisions.Single().MonthAfter.ShouldBe(150m);

        var line = await LineAsync(project);
        line.YtdByMonth[2].ShouldBe(150m);
        line.YtdByMonth[3].ShouldBe(150m);
        line.YtdByMonth[4].ShouldBe(350m);
        line.SinceStartByMonth[4].ShouldBe(750m);

        // A month approved out of order moves the later approved months too.
        var april = await ApproveAsync(office, await SubmitAsync(office, project, 4, new ReportInput { InvestmentMonth = 50m }));
        april.InvestmentYtd.ShouldBe(200m);
        (await GetAsync(office, project, 5)).Report!.InvestmentYtd.ShouldBe(400m);
        (await LineAsync(project)).YtdByMonth[11].ShouldBe(400m);

        // A draft is not corrected, it is edited.
        var draft = await ReadAsync(await PutAsync(office, project, 7, new ReportInput { InvestmentMonth = 5m }));
        await ErrorAsync(await office.PostAsJsonAsync($"/api/reports/{draft.Report!.Id}/correct",
            new { report = new ReportInput { InvestmentMonth = 6m, Version = draft.Report.Version }, reason = "试" }, Json.Options), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Inconsistent_figures_are_refused_with_chinese_messages_and_nothing_is_saved()
    {
        var project = await ProjectAsync("月报校验测试项目", total: 1_000m);
        using var office = app.Api();
        await ApproveAsync(office, await SubmitAsync(office, project, 2, new ReportInput { InvestmentMonth = 300m }));

        async Task<string> Refused(int month, ReportInput input, string field) => await ErrorAsync(await PutAsync(office, project, month, input), HttpStatusCode.BadRequest, field);

        (await Refused(3, new ReportInput { InvestmentMonth = -1m }, "InvestmentMonth")).ShouldContain("不能为负数");
        (await Refused(3, new ReportInput(), "InvestmentMonth")).ShouldContain("1-3月累计");
        (await Refused(3, new ReportInput { InvestmentYtd = 250m }, "InvestmentYtd")).ShouldContain("累计数不能下降");
        (await Refused(3, new ReportInput { InvestmentMonth = 10m, InvestmentYtd = 200m }, "InvestmentYtd")).ShouldContain("310");
        (await Refused(3, new ReportInput { InvestmentMonth = 10m, ConstructionWork = 6m, EquipmentPurchase = 3m }, "ConstructionWork")).ShouldContain("不一致");
        (await Refused(3, new ReportInput { InvestmentMonth = 800m }, "InvestmentSinceStart")).ShouldContain("超过总投资");
        (await Refused(3, new ReportInput { InvestmentMonth = 10m, FundsLoan = -5m }, "FundsLoan")).ShouldContain("不能为负数");
        (await Refused(3, new ReportInput { InvestmentMonth = 10m, WorkersOnSite = -3 }, "WorkersOnSite")).ShouldContain("在岗人数");
        (await Refused(3, new ReportInput { InvestmentMonth = 10m, StartedOn = new DateOnly(2025, 12, 1) }, "StartedOn")).ShouldContain("2026年内");
        (await Refused(3, new ReportInput { InvestmentMonth = 10m, Progress = new string('进', 4001) }, "Progress")).ShouldContain("4000");
        (await ErrorAsync(await PutAsync(office, project, 12, new ReportInput { InvestmentMonth = 1m }), HttpStatusCode.BadRequest, "month")).ShouldContain("本月及以前");
        (await office.PutAsJsonAsync($"/api/projects/{project}/reports/{Year}/13", new ReportInput { InvestmentMonth = 1m }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.MonthlyReports.CountAsync(r => r.ProjectId == project))).ShouldBe(1);

        // Explained, the since-start figure may exceed the total investment (e.g. an increase not yet in the ledger).
        var explained = await ReadAsync(await PutAsync(office, project, 3, new ReportInput { InvestmentMonth = 800m, Explanation = "追加投资，总投资待调整" }));
        explained.Report!.InvestmentSinceStart.ShouldBe(1_100m);

        // A stale version and a project without a line for the year are conflicts, not errors.
        (await ErrorAsync(await PutAsync(office, project, 3, new ReportInput { InvestmentMonth = 1m, Version = explained.Report.Version + 5 }), HttpStatusCode.Conflict))
            .ShouldContain("已被他人修改");
        var noLine = await ProjectAsync("月报无年度计划项目", line: false);
        (await ErrorAsync(await PutAsync(office, noLine, 3, new ReportInput { InvestmentMonth = 1m }), HttpStatusCode.Conflict)).ShouldContain("还没有列入2026年台账");
    }

    [Fact]
    public async Task The_month_list_names_who_has_not_reported_inside_the_jurisdiction_and_marks_them_overdue_after_the_deadline()
    {
        var approved = await ProjectAsync("月报名单已报项目", region: "220106");
        var drafted = await ProjectAsync("月报名单草稿项目", region: "220106");
        var missing = await ProjectAsync("月报名单未报项目", region: "220106");
        var elsewhere = await ProjectAsync("月报名单外区项目", region: "220172");
        using var office = app.Api();
        foreach (var month in new[] { 10, 11 })
        {
            await ApproveAsync(office, await SubmitAsync(office, approved, month, new ReportInput { InvestmentMonth = 10m }));
            await PutAsync(office, drafted, month, new ReportInput { InvestmentMonth = 5m });
        }

        var october = (await office.GetFromJsonAsync<ReportList>("/api/reports?year=2026&month=10&region=220106&filter=NotReported", Json.Options))!;
        october.Rows.Select(r => r.ProjectId).ShouldBe([drafted, missing], ignoreOrder: true);
        october.Counts[ReportState.Approved].ShouldBe(1);
        october.NotReported.ShouldBe(2);
        october.DueDate.ShouldBe(new DateOnly(2026, 10, 25));
        october.Rows.ShouldAllBe(r => r.Overdue, "25 October has passed");
        var november = (await office.GetFromJsonAsync<ReportList>("/api/reports?year=2026&month=11&region=220106&filter=NotReported", Json.Options))!;
        november.Rows.ShouldAllBe(r => !r.Overdue, "the 25th of November is still to come");

        // The deadline is the dispatch office's setting; a reporter cannot change it.
        var settings = (await office.GetFromJsonAsync<SettingsDto>("/api/reports/settings", Json.Options))!;
        (await ErrorAsync(await office.PutAsJsonAsync("/api/reports/settings", new { deadlineDay = 40, reminderDays = 3, version = settings.Version }, Json.Options),
            HttpStatusCode.BadRequest, "DeadlineDay")).ShouldContain("1日至31日");
        await app.CreateAccountAsync("report.officer", [Role.ServiceOfficer], projectIds: [missing]);
        using var officer = app.ClientFor("report.officer");
        (await officer.PutAsJsonAsync("/api/reports/settings", new { deadlineDay = 20, reminderDays = 3, version = settings.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await office.PutAsJsonAsync("/api/reports/settings", new { deadlineDay = 20, reminderDays = 3, version = settings.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        november = (await office.GetFromJsonAsync<ReportList>("/api/reports?year=2026&month=11&region=220106&filter=NotReported", Json.Options))!;
        november.DueDate.ShouldBe(new DateOnly(2026, 11, 20));
        november.Rows.ShouldAllBe(r => r.Overdue);
        var restored = (await office.GetFromJsonAsync<SettingsDto>("/api/reports/settings", Json.Options))!;
        (await office.PutAsJsonAsync("/api/reports/settings", new { deadlineDay = 25, reminderDays = 3, version = restored.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A service officer sees only the projects named for them; a district leader only the district.
        var own = (await officer.GetFromJsonAsync<ReportList>("/api/reports?year=2026&month=10", Json.Options))!;
        own.Rows.Select(r => r.ProjectId).ShouldBe([missing]);
        await app.CreateAccountAsync("report.jingyue", [Role.DistrictLeader], "220172");
        using var leader = app.ClientFor("report.jingyue");
        var theirs = (await leader.GetFromJsonAsync<ReportList>("/api/reports?year=2026&month=10&q=月报名单", Json.Options))!;
        theirs.Rows.Select(r => r.ProjectId).ShouldBe([elsewhere]);
        (await leader.GetAsync($"/api/projects/{missing}/reports/2026/10")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await officer.PutAsJsonAsync($"/api/projects/{approved}/reports/2026/9", new ReportInput { InvestmentMonth = 1m }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The export lists them grouped by state, not-reported first, and is audited.
        var exportsBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == Core.Audit.AuditAction.Export));
        var csv = await office.GetStringAsync("/api/reports/export?year=2026&month=10&region=220106&format=csv");
        csv.IndexOf("月报名单未报项目", StringComparison.Ordinal).ShouldBeLessThan(csv.IndexOf("月报名单已报项目", StringComparison.Ordinal));
        csv.ShouldContain("未填报");
        csv.ShouldNotContain("月报名单外区项目");
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == Core.Audit.AuditAction.Export))).ShouldBe(exportsBefore + 1);
        var xlsx = await office.GetAsync("/api/reports/export?year=2026&month=10&region=220106");
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }
}

/// <summary>Progress photos on a report: images only, a small copy kept beside, readable inside the jurisdiction, frozen once submitted.</summary>
public sealed class ReportPhotoTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01];

    [Fact]
    public async Task Photos_are_checked_kept_with_their_small_copy_and_served_only_to_readers_of_the_project()
    {
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var p = await app.CreateProjectAsync(new ProjectDetails { Name = "月报照片测试项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 9_000m, NatureId = nature });
        await app.SetYearAsync(p.Id, 2026, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 100m });
        await app.CreateAccountAsync("photo.enterprise", [Role.EnterpriseReporter], projectIds: [p.Id]);
        using var reporter = app.ClientFor("photo.enterprise");
        var draft = (await (await reporter.PutAsJsonAsync($"/api/projects/{p.Id}/reports/2026/11", new ReportInput { InvestmentMonth = 5m }, Json.Options)).Content.ReadFromJsonAsync<ReportViewDto>(Json.Options))!;

        using var form = new MultipartFormDataContent { { new ByteArrayContent(Jpeg), "photo", "工地.jpg" }, { new ByteArrayContent(Png), "thumb", "小图.png" } };
        var uploaded = await reporter.PostAsync($"/api/reports/{draft.Report!.Id}/photos", form);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var id = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await reporter.GetByteArrayAsync($"/api/report-photos/{id}")).ShouldBe(Jpeg);
        (await reporter.GetByteArrayAsync($"/api/report-photos/{id}?thumb=true")).ShouldBe(Png);

        using var notImage = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4"u8.ToArray()), "photo", "工地.jpg" } };
        var refused = await reporter.PostAsync($"/api/reports/{draft.Report.Id}/photos", notImage);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("JPG 或 PNG");

        await app.CreateAccountAsync("photo.outsider", [Role.DistrictLeader], "220172");
        using var outsider = app.ClientFor("photo.outsider");
        (await outsider.GetAsync($"/api/report-photos/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Submitted, the report's photos are frozen for the reporter.
        await (await reporter.PutAsJsonAsync($"/api/projects/{p.Id}/reports/2026/11?submit=true", new ReportInput { InvestmentMonth = 5m, Version = draft.Report.Version }, Json.Options)).EnsureSuccessAsync();
        (await reporter.DeleteAsync($"/api/report-photos/{id}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var view = await reporter.GetFromJsonAsync<ReportViewDto>($"/api/projects/{p.Id}/reports/2026/11", Json.Options);
        view!.State.ShouldBe("Submitted");
        var page = await reporter.GetStringAsync($"/projects/{p.Id}/reports/2026/11");
        page.ShouldContain($"/api/report-photos/{id}?thumb=true");
    }
}
