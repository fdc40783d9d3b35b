using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Problems;

/// <summary>
/// The problem life-cycle between 调度中心 and the responsible departments: assigned, replied, extended with a
/// reason, escalated, reported solved, closed out, reopened; 督办单 by hand and by the daily check, automatic
/// escalation of repeated overdue problems; a department sees only its own. Today is 22 November 2026.
/// </summary>
public sealed class ProblemCoordinationTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private Task<int> DepartmentAsync(string name) => app.LookupIdAsync(LookupKind.Department, name);

    private async Task<HttpClient> DepartmentClientAsync(string userName, string department)
    {
        var id = await app.CreateAccountAsync(userName, [Role.Department], "220100");
        var departmentId = await DepartmentAsync(department);
        await app.WithDbAsync(async db =>
        {
            (await db.Accounts.SingleAsync(a => a.Id == id)).SetDepartment(departmentId);
            return await db.SaveChangesAsync();
        });
        return app.ClientFor(userName);
    }

    private async Task<int> ProjectAsync(string name) =>
        (await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = await app.RegionIdAsync("220112"), TotalInvestment = 30_000m, NatureId = await app.LookupIdAsync(LookupKind.Nature, "新建") })).Id;

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    private async Task<ProblemsApi.DetailDto> DetailAsync(int id)
    {
        using var office = app.Api();
        return (await office.GetFromJsonAsync<ProblemsApi.DetailDto>($"/api/problems/{id}", Json.Options))!;
    }

    [Fact]
    public async Task A_problem_goes_from_raised_to_closed_out_between_the_office_and_its_departments()
    {
        var project = await ProjectAsync("问题协同甲项目");
        var water = await DepartmentAsync("市水务局");
        var power = await DepartmentAsync("国网市供电公司");
        var category = await app.LookupIdAsync(LookupKind.ProblemCategory, "用水");
        using var office = app.Api();
        var raised = await ReadAsync<ProblemsApi.ProblemDto>(await office.PostAsJsonAsync($"/api/projects/{project}/problems",
            new { categoryId = category, description = "施工用水管网未接入", source = "ServiceDay", due = "2026-12-10", lead = water, assisting = new[] { power } }, Json.Options));
        raised.LeadDepartmentId.ShouldBe(water);
        raised.Level.ShouldBe("TaskForce");

        using var waterDesk = await DepartmentClientAsync("coord.water", "市水务局");
        using var powerDesk = await DepartmentClientAsync("coord.power", "国网市供电公司");
        using var financeDesk = await DepartmentClientAsync("coord.finance", "市财政局");

        // Each department's inbox holds what it leads on or assists with, and nothing else.
        var inbox = await waterDesk.GetFromJsonAsync<Inbox>("/api/problems/inbox", Json.Options);
        inbox!.Rows.Single().Id.ShouldBe(raised.Id);
        inbox.Rows.Single().Leads.ShouldBeTrue();
        inbox.Department.ShouldBe("市水务局");
        (await powerDesk.GetFromJsonAsync<Inbox>("/api/problems/inbox", Json.Options))!.Rows.Single().Leads.ShouldBeFalse();
        (await financeDesk.GetFromJsonAsync<Inbox>("/api/problems/inbox", Json.Options))!.Rows.ShouldBeEmpty();
        (await financeDesk.GetAsync($"/api/problems/{raised.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await financeDesk.PostAsJsonAsync($"/api/problems/{raised.Id}/reply", new { text = "不是我们的" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A department account's problem list is its department's, though its account reads the whole city.
        var financeList = await financeDesk.GetFromJsonAsync<ProblemList>("/api/problems?filter=All", Json.Options);
        financeList!.Rows.ShouldBeEmpty();
        financeList.OwnDepartment.ShouldBe(await DepartmentAsync("市财政局"));
        (await powerDesk.GetFromJsonAsync<ProblemList>("/api/problems?filter=All", Json.Options))!.Rows.Select(r => r.Id).ShouldBe([raised.Id]);

        // The assisting department replies; only the lead may report it solved.
        await (await powerDesk.PostAsJsonAsync($"/api/problems/{raised.Id}/reply", new { text = "已安排临时用电配合管网施工" }, Json.Options)).EnsureSuccessAsync();
        (await powerDesk.PostAsJsonAsync($"/api/problems/{raised.Id}/propose-close", new { resolution = "配合完成", version = raised.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await waterDesk.PostAsJsonAsync($"/api/problems/{raised.Id}/reply", new { text = "  " }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Moving a deadline already set needs a reason; escalation needs one too.
        (await office.PutAsJsonAsync($"/api/problems/{raised.Id}/deadline", new { due = "2026-12-20", version = raised.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var extended = await ReadAsync<ProblemsApi.ProblemDto>(await office.PutAsJsonAsync($"/api/problems/{raised.Id}/deadline",
            new { due = "2026-12-20", version = raised.Version, reason = "管网穿越铁路需铁路部门审批" }, Json.Options));
        extended.DueOn.ShouldBe(new DateOnly(2026, 12, 20));
        (await office.PostAsJsonAsync($"/api/problems/{raised.Id}/escalate", new { level = "JointMeeting", version = extended.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var escalated = await ReadAsync<ProblemsApi.ProblemDto>(await office.PostAsJsonAsync($"/api/problems/{raised.Id}/escalate",
            new { level = "JointMeeting", reason = "涉及铁路部门，专班无法协调", version = extended.Version }, Json.Options));
        escalated.Level.ShouldBe("JointMeeting");
        (await waterDesk.PostAsJsonAsync($"/api/problems/{raised.Id}/escalate", new { level = "Thematic", reason = "x", version = escalated.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The lead reports it solved from its desk; the office closes it out; it can be reopened.
        var solved = await ReadAsync<ProblemsApi.ProblemDto>(await waterDesk.PostAsJsonAsync($"/api/problems/{raised.Id}/propose-close",
            new { resolution = "管网已接通，水压达标", version = escalated.Version }, Json.Options));
        solved.Status.ShouldBe("Resolved");
        var closed = await ReadAsync<ProblemsApi.ProblemDto>(await office.PostAsJsonAsync($"/api/problems/{raised.Id}/close-out", new { version = solved.Version }, Json.Options));
        closed.Status.ShouldBe("Closed");
        (await office.PostAsJsonAsync($"/api/problems/{raised.Id}/close-out", new { version = closed.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var reopened = await ReadAsync<ProblemsApi.ProblemDto>(await office.PostAsJsonAsync($"/api/problems/{raised.Id}/reopen", new { version = closed.Version, reason = "复查时水压不足" }, Json.Options));
        reopened.Status.ShouldBe("Open");

        var detail = await DetailAsync(raised.Id);
        detail.Lead.ShouldBe("市水务局");
        detail.Assisting.ShouldBe(["国网市供电公司"]);
        detail.Timeline.Select(t => t.Kind).ShouldBe([
            ProblemActionKind.Raised, ProblemActionKind.Assigned, ProblemActionKind.DeadlineSet, ProblemActionKind.Replied, ProblemActionKind.DeadlineExtended,
            ProblemActionKind.Escalated, ProblemActionKind.Resolved, ProblemActionKind.ClosedOut, ProblemActionKind.Reopened]);
        var extension = detail.Timeline.Single(t => t.Kind == ProblemActionKind.DeadlineExtended);
        (extension.DueBefore, extension.DueAfter, extension.Text).ShouldBe((new DateOnly(2026, 12, 10), new DateOnly(2026, 12, 20), "管网穿越铁路需铁路部门审批"));
        detail.Timeline.Single(t => t.Kind == ProblemActionKind.Replied).Department.ShouldBe("国网市供电公司");

        // Every step is in the audit trail.
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(ProblemAction)))).ShouldBeGreaterThanOrEqualTo(9);
    }

    [Fact]
    public async Task Overdue_problems_get_supervision_notices_and_repeated_misses_escalate_by_themselves()
    {
        var project = await ProjectAsync("问题督办乙项目");
        var lead = await DepartmentAsync("市自然资源和规划局");
        using var office = app.Api();
        var category = await app.LookupIdAsync(LookupKind.ProblemCategory, "征地拆迁");
        var problem = await ReadAsync<ProblemsApi.ProblemDto>(await office.PostAsJsonAsync($"/api/projects/{project}/problems",
            new { categoryId = category, description = "剩余3户未完成征收", source = "SiteVisit", raisedOn = "2026-11-01", due = "2026-11-15", lead }, Json.Options));
        var fresh = await ReadAsync<ProblemsApi.ProblemDto>(await office.PostAsJsonAsync($"/api/projects/{project}/problems",
            new { categoryId = category, description = "未到期的问题", source = "SiteVisit", due = "2026-12-15", lead }, Json.Options));

        // By hand: only a problem past its deadline, with a date to answer by.
        (await office.PostAsJsonAsync($"/api/problems/{fresh.Id}/supervise", new { due = "2026-12-01" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await office.PostAsJsonAsync($"/api/problems/{problem.Id}/supervise", new { due = "2026-11-20" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var manual = await ReadAsync<ProblemsApi.NoticeDto>(await office.PostAsJsonAsync($"/api/problems/{problem.Id}/supervise", new { due = "2026-11-25", reason = "请加快征收进度" }, Json.Options));
        manual.Number.ShouldMatch(@"^督办〔2026〕\d+号$");
        manual.Automatic.ShouldBeFalse();

        // The daily check leaves it alone while the notice's own date has not passed (other tests' problems may be late too: count this one's notices).
        await SuperviseAsync(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8)));
        (await DetailAsync(problem.Id)).Notices.Count.ShouldBe(1);

        // The notice's date passes: a second notice, and with two missed dates (the default) one level up.
        (await SuperviseAsync(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)))).Escalated.ShouldBeGreaterThanOrEqualTo(1);
        var detail = await DetailAsync(problem.Id);
        detail.Level.ShouldBe("JointMeeting");
        detail.Notices.Count.ShouldBe(2);
        detail.Notices[0].Automatic.ShouldBeTrue();
        detail.Notices[0].DueOn.ShouldBe(new DateOnly(2026, 12, 3));
        detail.Timeline[^1].Kind.ShouldBe(ProblemActionKind.Escalated);
        detail.Timeline[^1].Text!.ShouldContain("自动提级");

        // Run twice the same day: nothing more. The next miss climbs again.
        await SuperviseAsync(new DateTimeOffset(2026, 11, 26, 15, 0, 0, TimeSpan.FromHours(8)));
        (await DetailAsync(problem.Id)).Notices.Count.ShouldBe(2);
        await SuperviseAsync(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.FromHours(8)));
        detail = await DetailAsync(problem.Id);
        (detail.Level, detail.Notices.Count).ShouldBe(("Thematic", 3));

        // The lead department answers the open notice; a second answer conflicts.
        using var desk = await DepartmentClientAsync("supervise.land", "市自然资源和规划局");
        var inbox = await desk.GetFromJsonAsync<Inbox>("/api/problems/inbox", Json.Options);
        var open = inbox!.Rows.Single(r => r.Id == problem.Id).OpenNotice!;
        inbox.Notices.ShouldBe(1);
        var answered = await ReadAsync<ProblemsApi.NoticeDto>(await desk.PostAsJsonAsync($"/api/problems/notices/{open.Id}/answer", new { answer = "已完成2户签约，剩余1户走司法程序", version = open.Version }, Json.Options));
        answered.AnsweredOn.ShouldBe(new DateOnly(2026, 11, 22));
        (await desk.PostAsJsonAsync($"/api/problems/notices/{open.Id}/answer", new { answer = "再答", version = answered.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Settings: switched off, the check does nothing; bad values are refused.
        var settings = await office.GetFromJsonAsync<SupervisionSettings>("/api/problems/supervision-settings", Json.Options);
        (await office.PutAsJsonAsync("/api/problems/supervision-settings", new { autoSupervise = true, noticeDays = 0, escalateAfter = 2, version = settings!.Version }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await (await office.PutAsJsonAsync("/api/problems/supervision-settings", new { autoSupervise = false, noticeDays = 5, escalateAfter = 0, version = settings.Version }, Json.Options)).EnsureSuccessAsync();
        (await SuperviseAsync(new DateTimeOffset(2026, 12, 20, 9, 0, 0, TimeSpan.FromHours(8)))).ShouldBe(new SupervisionRun(0, 0));
    }

    [Fact]
    public async Task Figures_count_by_lead_department_and_level()
    {
        var project = await ProjectAsync("问题统计丙项目");
        var approvals = await DepartmentAsync("市行政审批局");
        var category = await app.LookupIdAsync(LookupKind.ProblemCategory, "审批手续");
        using var office = app.Api();
        for (var i = 0; i < 3; i++)
        {
            await (await office.PostAsJsonAsync($"/api/projects/{project}/problems",
                new { categoryId = category, description = $"施工许可第{i + 1}项", source = "Hotline", raisedOn = "2026-11-01", due = i == 0 ? "2026-11-10" : "2026-12-30", lead = approvals }, Json.Options)).EnsureSuccessAsync();
        }

        var list = await office.GetFromJsonAsync<ProblemList>($"/api/problems?filter=All&department={approvals}", Json.Options);
        list!.Rows.Count.ShouldBe(3);
        var row = list.Departments.Single(d => d.Region == "市行政审批局");
        (row.Open, row.Overdue, row.Due).ShouldBe((3, 1, 1));
        list.Levels.Single().Region.ShouldBe("专班");
        (await office.GetFromJsonAsync<ProblemList>($"/api/problems?filter=All&department={approvals}&level=Executive", Json.Options))!.Rows.ShouldBeEmpty();
        var csv = await office.GetStringAsync($"/api/problems/export?filter=All&department={approvals}&format=csv");
        csv.ShouldContain("牵头单位");
        csv.ShouldContain("市行政审批局");
    }

    private async Task<SupervisionRun> SuperviseAsync(DateTimeOffset at)
    {
        var before = app.Clock.Now;
        app.Clock.Now = at;
        try
        {
            return await app.WithServicesAsync(sp => sp.GetRequiredService<SuperviseProblems>().RunAsync(CancellationToken.None));
        }
        finally
        {
            app.Clock.Now = before;
        }
    }
}
