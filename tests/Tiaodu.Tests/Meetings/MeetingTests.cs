using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Meetings;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Meetings;

/// <summary>
/// A joint meeting takes up the problems escalated to its level in its region, decides on them with a department
/// and a date, and follows its decisions until done; its minutes are an official document. Today is 22 November 2026.
/// </summary>
public sealed class MeetingTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    private async Task<ProblemsApi.ProblemDto> EscalatedProblemAsync(HttpClient office, string project, string region, ProblemLevel level)
    {
        var id = (await app.CreateProjectAsync(new ProjectDetails { Name = project, RegionId = await app.RegionIdAsync(region), TotalInvestment = 50_000m })).Id;
        var category = await app.LookupIdAsync(LookupKind.ProblemCategory, "管线迁改");
        var raised = await ReadAsync<ProblemsApi.ProblemDto>(await office.PostAsJsonAsync($"/api/projects/{id}/problems",
            new { categoryId = category, description = project + "燃气管线迁改需多部门协调", source = "SiteVisit", due = "2026-11-30", lead = await app.LookupIdAsync(LookupKind.Department, "市住房和城乡建设局") }, Json.Options));
        return level == ProblemLevel.TaskForce ? raised : await ReadAsync<ProblemsApi.ProblemDto>(await office.PostAsJsonAsync($"/api/problems/{raised.Id}/escalate",
            new { level = level.ToString(), reason = "专班协调不了", version = raised.Version }, Json.Options));
    }

    [Fact]
    public async Task A_joint_meeting_takes_up_escalated_problems_decides_and_follows_its_decisions_to_completion()
    {
        using var office = app.Api();
        var escalated = await EscalatedProblemAsync(office, "联席会议甲项目", "220104", ProblemLevel.JointMeeting);
        var elsewhere = await EscalatedProblemAsync(office, "联席会议乙项目", "220112", ProblemLevel.JointMeeting);
        var higher = await EscalatedProblemAsync(office, "联席会议丙项目", "220104", ProblemLevel.Thematic);
        var low = await EscalatedProblemAsync(office, "联席会议丁项目", "220104", ProblemLevel.TaskForce);

        (await office.PostAsJsonAsync("/api/meetings", new { kind = "JointMeeting", region = "220104" }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var meeting = await ReadAsync<MeetingsApi.MeetingDto>(await office.PostAsJsonAsync("/api/meetings",
            new { kind = "JointMeeting", region = "220104", heldOn = "2026-11-20", place = "区政府3楼会议室", chair = "张副区长", attendees = "区发改局、区住建局、供电公司" }, Json.Options));
        meeting.Title.ShouldBe("朝阳区项目建设联席会议");
        meeting.Session.ShouldBeGreaterThanOrEqualTo(1);

        // The agenda takes the region's problems at the meeting's level, once.
        (await ReadAsync<System.Text.Json.JsonElement>(await office.PostAsJsonAsync($"/api/meetings/{meeting.Id}/agenda/assemble", new { }, Json.Options))).GetProperty("added").GetInt32().ShouldBe(1);
        (await ReadAsync<System.Text.Json.JsonElement>(await office.PostAsJsonAsync($"/api/meetings/{meeting.Id}/agenda/assemble", new { }, Json.Options))).GetProperty("added").GetInt32().ShouldBe(0);
        var second = await ReadAsync<MeetingsApi.MeetingDto>(await office.PostAsJsonAsync("/api/meetings", new { kind = "JointMeeting", region = "220104", heldOn = "2026-11-25" }, Json.Options));
        (await ReadAsync<System.Text.Json.JsonElement>(await office.PostAsJsonAsync($"/api/meetings/{second.Id}/agenda/assemble", new { }, Json.Options))).GetProperty("added").GetInt32().ShouldBe(0);
        await (await office.PostAsJsonAsync($"/api/meetings/{meeting.Id}/agenda", new { topic = "研究四季度开工项目要素保障" }, Json.Options)).EnsureSuccessAsync();
        var detail = await office.GetFromJsonAsync<MeetingsApi.DetailDto>($"/api/meetings/{meeting.Id}", Json.Options);
        detail!.Agenda.Select(a => a.ProblemId).ShouldBe([escalated.Id, null]);
        detail.Agenda.ShouldNotContain(a => a.ProblemId == elsewhere.Id || a.ProblemId == higher.Id || a.ProblemId == low.Id);

        // A decision on the problem: the owner leads it from now on, with the decision's date as its deadline.
        var power = await app.LookupIdAsync(LookupKind.Department, "国网市供电公司");
        var finance = await app.LookupIdAsync(LookupKind.Department, "市财政局");
        var item = detail.Agenda[0].Id;
        (await office.PostAsJsonAsync($"/api/meetings/{meeting.Id}/decisions", new { itemId = item, text = "先行迁改", owner = power, due = "2026-11-01" }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var onProblem = await ReadAsync<MeetingsApi.DecisionDto>(await office.PostAsJsonAsync($"/api/meetings/{meeting.Id}/decisions",
            new { itemId = item, text = "由供电公司牵头12月15日前完成管线迁改", owner = power, due = "2026-12-15" }, Json.Options));
        var general = await ReadAsync<MeetingsApi.DecisionDto>(await office.PostAsJsonAsync($"/api/meetings/{meeting.Id}/decisions",
            new { text = "财政局11月30日前拨付要素保障资金", owner = finance, due = "2026-11-30" }, Json.Options));
        var problem = await office.GetFromJsonAsync<ProblemsApi.DetailDto>($"/api/problems/{escalated.Id}", Json.Options);
        (problem!.Lead, problem.Problem.DueOn).ShouldBe(("国网市供电公司", new DateOnly(2026, 12, 15)));
        problem.Timeline[^1].Kind.ShouldBe(ProblemActionKind.Decided);

        // The finance desk sees and carries out its own decision only; a decision on a problem is done by closing the problem out.
        var desk = await app.CreateAccountAsync("meeting.finance", [Role.Department], "220100");
        await app.WithDbAsync(async db =>
        {
            (await db.Accounts.SingleAsync(a => a.Id == desk)).SetDepartment(finance);
            return await db.SaveChangesAsync();
        });
        using var financeDesk = app.ClientFor("meeting.finance");
        var mine = await financeDesk.GetFromJsonAsync<DecisionList>("/api/decisions?filter=All", Json.Options);
        mine!.Rows.Select(r => r.Id).ShouldBe([general.Id]);
        (await financeDesk.PostAsJsonAsync($"/api/decisions/{onProblem.Id}/done", new { note = "不是我们的", version = onProblem.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await office.PostAsJsonAsync($"/api/decisions/{onProblem.Id}/done", new { note = "想直接完成", version = onProblem.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var done = await ReadAsync<MeetingsApi.DecisionDto>(await financeDesk.PostAsJsonAsync($"/api/decisions/{general.Id}/done", new { note = "资金已拨付到位", version = general.Version }, Json.Options));
        done.Status.ShouldBe("Done");

        var current = await office.GetFromJsonAsync<ProblemsApi.DetailDto>($"/api/problems/{escalated.Id}", Json.Options);
        await (await office.PostAsJsonAsync($"/api/problems/{escalated.Id}/close-out", new { resolution = "管线迁改完成", version = current!.Problem.Version }, Json.Options)).EnsureSuccessAsync();
        var after = await office.GetFromJsonAsync<DecisionList>("/api/decisions?filter=All", Json.Options);
        after!.Rows.Single(r => r.Id == onProblem.Id).Status.ShouldBe(DecisionStatus.Done);

        // Held: the agenda is fixed from then on.
        var held = await ReadAsync<MeetingsApi.MeetingDto>(await office.PostAsJsonAsync($"/api/meetings/{meeting.Id}/held", new { summary = "会议听取了朝阳区重点项目推进情况汇报", version = meeting.Version }, Json.Options));
        held.Status.ShouldBe("Held");
        (await office.PostAsJsonAsync($"/api/meetings/{meeting.Id}/agenda/assemble", new { }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // The minutes are a valid official document carrying the decisions.
        var minutes = await office.GetAsync($"/api/meetings/{meeting.Id}/minutes");
        minutes.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var doc = WordprocessingDocument.Open(new MemoryStream(await minutes.Content.ReadAsByteArrayAsync()), false))
        {
            new OpenXmlValidator().Validate(doc).ShouldBeEmpty();
            var text = doc.MainDocumentPart!.Document.Body!.InnerText;
            text.ShouldContain("朝阳区项目建设联席会议纪要");
            text.ShouldContain("由供电公司牵头12月15日前完成管线迁改");
            text.ShouldContain("财政局11月30日前拨付要素保障资金");
        }

        // A district elsewhere does not see the meeting.
        await app.CreateAccountAsync("meeting.jiutai", [Role.DistrictLeader], "220113");
        using var other = app.ClientFor("meeting.jiutai");
        (await other.GetAsync($"/api/meetings/{meeting.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/meetings/{meeting.Id}/minutes")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Nor does a task force of the same region: agendas and minutes name projects outside its sector.
        var sector = await app.WithDbAsync(db => db.Lookups.Where(l => l.Kind == LookupKind.Sector).Select(l => l.Id).FirstAsync());
        await app.CreateAccountAsync("meeting.taskforce", [Role.TaskForce], "220104", sectorId: sector);
        using var taskForce = app.ClientFor("meeting.taskforce");
        (await taskForce.GetAsync($"/api/meetings/{meeting.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A decision on a problem already closed out is refused.
        (await office.PostAsJsonAsync($"/api/meetings/{meeting.Id}/decisions", new { itemId = item, text = "再议", owner = power, due = "2026-12-30" }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
