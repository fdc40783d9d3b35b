using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Dispatch;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using static Tiaodu.Web.Api.DispatchApi;

namespace Tiaodu.Tests.Dispatch;

/// <summary>
/// Half-monthly rounds and the weekly watch list through the API. The test clock stands at Sunday 22 November
/// 2026: October is the last complete month, the week began on Monday 16 November.
/// </summary>
public sealed class DispatchRoundTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const int Year = 2026;

    public sealed record ItemDto(long Id, int ProjectId, string ProjectName, decimal Ytd, int YtdMonths, LightColor Color, string? LightText, int OpenProblems,
        string? ProblemsText, bool InPrevious, decimal? PreviousYtd, LightColor? PreviousColor, string? Comment, string? Report);

    public sealed record FiguresDto(int Projects, int Red, int Yellow, int WithProblems, int Unreported, int Changed, int New, decimal AnnualPlan, decimal Ytd, decimal? PreviousYtd);

    public sealed record SummaryDto(int Id, string Title, RoundStatus Status, DateOnly AsOf, int Projects, int Red, int Version);

    public sealed record ViewDto(SummaryDto Round, string? Summary, string? PreviousTitle, FiguresDto Figures, List<ItemDto> Items, int Total, List<DroppedProject> Dropped, bool CanEdit);

    public sealed record ListDto(List<SummaryDto> Rows, int Total, bool CanTake);

    private async Task<int> ProjectAsync(string name, string region, decimal plan)
    {
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var p = await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = await app.RegionIdAsync(region), TotalInvestment = 50_000m, NatureId = nature, InStatsOn = new DateOnly(Year, 4, 1) });
        await app.SetYearAsync(p.Id, Year, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = plan, StartedOn = new DateOnly(Year, 3, 1) });
        return p.Id;
    }

    private static async Task<RoundRef> TakeAsync(HttpClient client, int month, int half, string? region)
    {
        var response = await client.PostAsJsonAsync("/api/dispatch/rounds", new TakeBody(Year, month, half, region), Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<RoundRef>(Json.Options))!;
    }

    public sealed record RoundRef(int Id, string Title, RoundStatus Status, DateOnly AsOf, int Version);

    private static async Task<ViewDto> ViewAsync(HttpClient client, int id, string query = "") =>
        (await client.GetFromJsonAsync<ViewDto>($"/api/dispatch/rounds/{id}?pageSize=200{query}", Json.Options))!;

    [Fact]
    public async Task A_round_snapshots_the_region_compares_with_the_previous_one_and_freezes_when_published()
    {
        var ahead = await ProjectAsync("调度测试甲项目", "220105", 1_200m);
        var behind = await ProjectAsync("调度测试乙项目", "220105", 1_000m);
        await app.RecordApprovedMonthAsync(ahead, Year, 10, 100m, 1_000m, 3_000m);
        await app.RecordApprovedMonthAsync(behind, Year, 10, 10m, 100m, 100m);
        await app.WithDbAsync(async db =>
        {
            db.Problems.Add(new Problem(behind, "施工用电未接入，需供电公司协调", ProblemSource.Report, new DateOnly(Year, 10, 20), app.Clock.GetUtcNow().UtcDateTime));
            return await db.SaveChangesAsync();
        });
        using var office = app.Api();

        // October, second half: figures to 31 October; no previous round of this region.
        var first = await TakeAsync(office, 10, 2, "220105");
        first.Title.ShouldBe("2026年10月下半月调度");
        first.AsOf.ShouldBe(new DateOnly(Year, 10, 31));
        var v1 = await ViewAsync(office, first.Id);
        v1.Figures.Projects.ShouldBe(2);
        v1.Figures.Ytd.ShouldBe(1_100m);
        v1.PreviousTitle.ShouldBeNull();
        var b1 = v1.Items.Single(i => i.ProjectId == behind);
        b1.YtdMonths.ShouldBe(10);
        b1.OpenProblems.ShouldBe(1);
        b1.ProblemsText!.ShouldContain("施工用电");
        (await office.PostAsJsonAsync($"/api/dispatch/rounds/{first.Id}/publish", new VersionBody(first.Version), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // Between rounds: a new project, and the first project's October figure corrected upwards.
        var late = await ProjectAsync("调度测试丙项目", "220105", 500m);
        await app.WithDbAsync(db => db.MonthlyReports.Where(r => r.ProjectId == ahead).ExecuteDeleteAsync());
        await app.RecordApprovedMonthAsync(ahead, Year, 10, 150m, 1_050m, 3_050m);

        // November, first half: this month's lights are evaluated first, so the laggard shows red with its reason.
        var second = await TakeAsync(office, 11, 1, "220105");
        var v2 = await ViewAsync(office, second.Id);
        v2.PreviousTitle.ShouldBe("2026年10月下半月调度");
        v2.Figures.Projects.ShouldBe(3);
        v2.Figures.New.ShouldBe(1);
        v2.Figures.PreviousYtd.ShouldBe(1_100m);
        var a2 = v2.Items.Single(i => i.ProjectId == ahead);
        (a2.Ytd - a2.PreviousYtd!.Value).ShouldBe(50m);
        v2.Items.Single(i => i.ProjectId == late).InPrevious.ShouldBeFalse();
        var b2 = v2.Items.Single(i => i.ProjectId == behind);
        b2.Color.ShouldBe(LightColor.Red);
        b2.LightText!.ShouldContain("序时进度");
        b2.Report.ShouldBeNull();
        v2.Figures.Unreported.ShouldBe(3);
        // October's lights were never evaluated, so the laggard's light counts as changed too.
        b2.PreviousColor.ShouldBe(LightColor.None);
        (await ViewAsync(office, second.Id, "&filter=Changed")).Items.Select(i => i.ProjectId).ShouldBe([ahead, behind, late], ignoreOrder: true);
        (await ViewAsync(office, second.Id, "&filter=Red")).Items.Select(i => i.ProjectId).ShouldBe([behind, late], ignoreOrder: true); // nothing invested yet

        // Comments; the draft re-taken keeps them; a comment too long is refused whole.
        var tooLong = await office.PutAsJsonAsync($"/api/dispatch/rounds/{second.Id}/comments",
            new CommentsBody(second.Version, "总体平稳", new() { [b2.Id] = new string('问', 501) }), Json.Options);
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await office.PutAsJsonAsync($"/api/dispatch/rounds/{second.Id}/comments",
            new CommentsBody(second.Version, "总体平稳，乙项目须本月底前接电", new() { [b2.Id] = "请供电公司11月30日前完成接电" }), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var stale = await office.PutAsJsonAsync($"/api/dispatch/rounds/{second.Id}/comments", new CommentsBody(second.Version, "旧版本", []), Json.Options);
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var retaken = await TakeAsync(office, 11, 1, "220105");
        retaken.Id.ShouldBe(second.Id);
        var v3 = await ViewAsync(office, second.Id);
        v3.Items.Single(i => i.ProjectId == behind).Comment.ShouldBe("请供电公司11月30日前完成接电");
        v3.Summary.ShouldBe("总体平稳，乙项目须本月底前接电");

        // A district leader of the region reads published rounds only; a reader elsewhere sees neither.
        await app.CreateAccountAsync("round.reader", [Role.DistrictLeader], "220105");
        await app.CreateAccountAsync("round.outsider", [Role.DistrictLeader], "220106");
        using var reader = app.ClientFor("round.reader");
        using var outsider = app.ClientFor("round.outsider");
        (await reader.GetAsync($"/api/dispatch/rounds/{second.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await reader.GetFromJsonAsync<ListDto>("/api/dispatch/rounds", Json.Options))!.Rows.Select(r => r.Id).ShouldBe([first.Id]);
        (await ViewAsync(reader, first.Id)).CanEdit.ShouldBeFalse();
        (await outsider.GetAsync($"/api/dispatch/rounds/{first.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetFromJsonAsync<ListDto>("/api/dispatch/rounds", Json.Options))!.Rows.ShouldNotContain(r => r.Id == first.Id);
        (await reader.PostAsJsonAsync("/api/dispatch/rounds", new TakeBody(Year, 11, 2, "220105"), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The first round is the base of the second: it cannot be discarded. Published: frozen.
        (await office.DeleteAsync($"/api/dispatch/rounds/{first.Id}?version={first.Version + 1}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var current = (await ViewAsync(office, second.Id)).Round.Version;
        (await office.PostAsJsonAsync($"/api/dispatch/rounds/{second.Id}/publish", new VersionBody(current), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await office.PostAsJsonAsync("/api/dispatch/rounds", new TakeBody(Year, 11, 1, "220105"), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await office.PutAsJsonAsync($"/api/dispatch/rounds/{second.Id}/comments", new CommentsBody(current + 1, "改", []), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Published rounds read as they were, whatever happens to the projects afterwards.
        await app.RecordApprovedMonthAsync(late, Year, 10, 300m, 300m, 300m);
        (await ViewAsync(reader, second.Id)).Figures.Ytd.ShouldBe(v2.Figures.Ytd);

        // The export carries the comments and is audited.
        var csv = await office.GetStringAsync($"/api/dispatch/rounds/{second.Id}/export?format=csv");
        csv.ShouldContain("请供电公司11月30日前完成接电");
        var xlsx = await office.GetAsync($"/api/dispatch/rounds/{second.Id}/export");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(DispatchRound) && a.Summary.Contains("导出")))).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_round_is_taken_only_for_a_region_wholly_in_the_jurisdiction_and_not_for_the_future()
    {
        await ProjectAsync("调度范围测试项目", "220106", 800m);
        await app.CreateAccountAsync("round.district", [Role.DispatchOffice], "220106");
        using var district = app.ClientFor("round.district");
        (await district.PostAsJsonAsync("/api/dispatch/rounds", new TakeBody(Year, 11, 1, "220100"), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var own = await TakeAsync(district, 11, 1, null);
        (await ViewAsync(district, own.Id)).Items.ShouldAllBe(i => i.ProjectName == "调度范围测试项目");

        var future = await district.PostAsJsonAsync("/api/dispatch/rounds", new TakeBody(Year, 11, 2, null), Json.Options);
        future.StatusCode.ShouldBe(HttpStatusCode.OK); // 16 November has begun
        var notYet = await district.PostAsJsonAsync("/api/dispatch/rounds", new TakeBody(Year, 12, 1, null), Json.Options);
        notYet.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notYet.Content.ReadAsStringAsync()).ShouldContain("还没有开始");
        (await district.PostAsJsonAsync("/api/dispatch/rounds", new TakeBody(Year, 11, 3, null), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // A draft can be discarded; it is gone with its snapshot.
        var draft = (await district.GetFromJsonAsync<ListDto>("/api/dispatch/rounds", Json.Options))!.Rows.First(r => r.Title == "2026年11月下半月调度");
        (await district.DeleteAsync($"/api/dispatch/rounds/{draft.Id}?version={draft.Version}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await district.GetAsync($"/api/dispatch/rounds/{draft.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.DispatchItems.CountAsync(i => i.RoundId == draft.Id))).ShouldBe(0);
    }

    public sealed record WeekDto(DateOnly WeekOf, int Watched, int Checked, int Behind, List<WatchRowDto> Rows, bool CanChoose, bool CanCheck);

    public sealed record WatchRowDto(int EntryId, int ProjectId, string Name, string Focus, int EntryVersion, CheckDto? Check, CheckDto? LastWeek);

    public sealed record CheckDto(long Id, WatchStatus Status, int? Workers, string? Note, int Version);

    [Fact]
    public async Task The_weekly_watch_list_is_chosen_by_the_office_and_checked_every_week()
    {
        var watched = await ProjectAsync("周监测测试项目", "220102", 600m);
        var other = await ProjectAsync("周监测未列入项目", "220102", 600m);
        using var office = app.Api();
        (await office.PostAsJsonAsync("/api/dispatch/watch", new WatchBody(watched, " "), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await office.PostAsJsonAsync("/api/dispatch/watch", new WatchBody(watched, "主体结构封顶"), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await office.PostAsJsonAsync("/api/dispatch/watch", new WatchBody(watched, "重复"), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await app.CreateAccountAsync("watch.taskforce", [Role.TaskForce], "220102");
        using var taskForce = app.ClientFor("watch.taskforce");
        (await taskForce.PostAsJsonAsync("/api/dispatch/watch", new WatchBody(other, "不能选"), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        const string week = "2026-11-18"; // any day of the week
        var behindWithoutReason = await taskForce.PutAsJsonAsync($"/api/dispatch/watch/{watched}/checks/{week}", new CheckBody(WatchStatus.Behind, 30, null, null), Json.Options);
        behindWithoutReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await behindWithoutReason.Content.ReadAsStringAsync()).ShouldContain("请说明原因");
        (await taskForce.PutAsJsonAsync($"/api/dispatch/watch/{watched}/checks/2026-11-23", new CheckBody(WatchStatus.OnTrack, 30, null, null), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await taskForce.PutAsJsonAsync($"/api/dispatch/watch/{other}/checks/{week}", new CheckBody(WatchStatus.OnTrack, 30, null, null), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var saved = await taskForce.PutAsJsonAsync($"/api/dispatch/watch/{watched}/checks/{week}", new CheckBody(WatchStatus.Behind, 30, "钢筋供应不足", null), Json.Options);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);

        var view = (await office.GetFromJsonAsync<WeekDto>($"/api/dispatch/watch?week={week}&region=220102", Json.Options))!;
        view.WeekOf.ShouldBe(new DateOnly(2026, 11, 16));
        view.Watched.ShouldBe(1);
        view.Behind.ShouldBe(1);
        var row = view.Rows.Single();
        row.Check!.Note.ShouldBe("钢筋供应不足");

        // Correcting needs the version read; a stale one is told.
        (await taskForce.PutAsJsonAsync($"/api/dispatch/watch/{watched}/checks/{week}", new CheckBody(WatchStatus.OnTrack, 35, null, row.Check.Version + 5), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await taskForce.PutAsJsonAsync($"/api/dispatch/watch/{watched}/checks/{week}", new CheckBody(WatchStatus.OnTrack, 35, null, row.Check.Version), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await office.GetFromJsonAsync<WeekDto>($"/api/dispatch/watch?region=220102&unchecked=true", Json.Options))!.Rows.ShouldBeEmpty();

        // Next week the check of this week shows as last week's.
        app.Clock.Now = app.Clock.Now.AddDays(7);
        try
        {
            var next = (await office.GetFromJsonAsync<WeekDto>("/api/dispatch/watch?region=220102", Json.Options))!;
            next.Rows.Single().Check.ShouldBeNull();
            next.Rows.Single().LastWeek!.Status.ShouldBe(WatchStatus.OnTrack);

            // Removed: gone from the weeks after, its checks kept.
            (await office.DeleteAsync($"/api/dispatch/watch/{row.EntryId}?version={row.EntryVersion}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            app.Clock.Now = app.Clock.Now.AddDays(7);
            (await office.GetFromJsonAsync<WeekDto>("/api/dispatch/watch?region=220102", Json.Options))!.Rows.ShouldBeEmpty();
            (await office.GetFromJsonAsync<WeekDto>($"/api/dispatch/watch?region=220102&week={week}", Json.Options))!.Rows.Single().Check!.Workers.ShouldBe(35);
        }
        finally
        {
            app.Clock.Now = FixedClock.Default;
        }

        // Outside the jurisdiction nothing shows and nothing can be recorded.
        await app.CreateAccountAsync("watch.outsider", [Role.TaskForce], "220106");
        using var outsider = app.ClientFor("watch.outsider");
        (await outsider.GetFromJsonAsync<WeekDto>($"/api/dispatch/watch?week={week}", Json.Options))!.Rows.ShouldBeEmpty();
        (await outsider.PutAsJsonAsync($"/api/dispatch/watch/{watched}/checks/{week}", new CheckBody(WatchStatus.OnTrack, 1, null, null), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
