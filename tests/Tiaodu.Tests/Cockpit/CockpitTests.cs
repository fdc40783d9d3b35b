using System.Net;
using System.Net.Http.Json;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Cockpit;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Tests.Web;
using Tiaodu.Web.Api;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Tests.Cockpit;

/// <summary>
/// The cockpit reads the indicator service, the ranking, lights and problems for one region and date: its figures
/// must be theirs, every slice must list exactly its projects, past dates must give the past, and nothing may
/// cross the viewer's jurisdiction. The ledger lies in 吉林市 (2202), three districts, no other test of the class
/// writes there.
/// </summary>
public sealed class CockpitTests(CockpitTests.Ledger ledger) : IClassFixture<CockpitTests.Ledger>
{
    private const string City = "220200";
    private const string Changyi = "220202";
    private const string Longtan = "220203";
    private const string Chuanying = "220204";

    public sealed class Ledger : TiaoduApp
    {
        public int Big { get; set; }
        public int Middle { get; set; }
        public int Small { get; set; }
        public int LeaderPerson { get; set; }
    }

    private async Task SeedAsync()
    {
        if (ledger.Big != 0)
        {
            return;
        }

        var nw = await ledger.LookupIdAsync(LookupKind.Nature, "新建");
        var industrial = await ledger.LookupIdAsync(LookupKind.Category, "产业");
        var infra = await ledger.LookupIdAsync(LookupKind.Category, "基础设施");
        ledger.LeaderPerson = await ledger.WithDbAsync(async db =>
        {
            var person = new Person("驾驶舱包保领导", "副市长", PersonRole.Leader, await ledger.RegionIdAsync(City));
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });

        async Task<int> Project(string name, string region, decimal total, int category, double? lng, double? lat, int? leader = null) =>
            (await ledger.CreateProjectAsync(new ProjectDetails
            {
                Name = name, RegionId = await ledger.RegionIdAsync(region), TotalInvestment = total, CategoryId = category,
                Longitude = lng, Latitude = lat, LeaderId = leader,
            })).Id;

        ledger.Big = await Project("驾驶舱昌邑大项目", Changyi, 120_000m, industrial, 126.57, 43.88, ledger.LeaderPerson);
        ledger.Middle = await Project("驾驶舱龙潭项目", Longtan, 20_000m, infra, 126.56, 43.91);
        ledger.Small = await Project("驾驶舱船营项目", Chuanying, 8_000m, industrial, null, null);
        await ledger.SetYearAsync(ledger.Big, 2026, new ProjectYearInput { InPlan = true, NatureId = nw, AnnualPlan = 10_000m, StartedOn = new DateOnly(2026, 3, 1) });
        await ledger.SetYearAsync(ledger.Middle, 2026, new ProjectYearInput { InPlan = true, NatureId = nw, AnnualPlan = 10_000m, StartedOn = new DateOnly(2026, 4, 1) });
        await ledger.SetYearAsync(ledger.Small, 2026, new ProjectYearInput { InPlan = false, NatureId = nw });
        await ledger.RecordApprovedMonthAsync(ledger.Big, 2026, 10, 9_000m, 9_000m, 9_000m);
        await ledger.RecordApprovedMonthAsync(ledger.Middle, 2026, 10, 4_000m, 4_000m, 4_000m);
    }

    private static async Task<CockpitApi.CockpitDto> CockpitAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<CockpitApi.CockpitDto>("/api/cockpit?" + query, Json.Options))!;

    private static decimal? Figure(IndicatorsApi.IndicatorSetDto set, string key) => set.Figures.Single(f => f.Key == key).Value;

    [Fact]
    public async Task Figures_and_ranking_are_the_indicator_services_answers_and_each_slice_lists_its_projects()
    {
        await SeedAsync();
        using var office = ledger.Api();
        var cockpit = await CockpitAsync(office, $"region={City}");
        var direct = (await office.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>($"/api/indicators?region={City}&year=2026&asOf=2026-11-22", Json.Options))!;
        cockpit.Indicators.Figures.Select(f => (f.Key, f.Value)).ShouldBe(direct.Figures.Select(f => (f.Key, f.Value)));
        Figure(cockpit.Indicators, K.Ytd).ShouldBe(13_000m);
        cockpit.TimeProgress.ShouldBe(10m / 12m);

        // 昌邑 90%, 龙潭 40%, 船营 without an annual plan last; every line is that district's own indicator set.
        // Districts without a project are ranked too (last, without a rate): a ranking shows every district.
        cockpit.Ranking.Take(3).Select(r => (r.Rank, r.Region)).ShouldBe([(1, "昌邑区"), (2, "龙潭区"), (3, "船营区")]);
        cockpit.Ranking.Skip(3).ShouldAllBe(r => r.Projects == 0 && r.Rank == 3);
        cockpit.Ranking[0].CompletionRate.ShouldBe(0.9m);
        cockpit.Ranking[1].PointsVsTime!.Value.ShouldBe((0.4m - (10m / 12m)) * 100m, 0.0001m);
        cockpit.Ranking[2].CompletionRate.ShouldBeNull();
        foreach (var row in cockpit.Ranking.Where(r => r.Projects > 0))
        {
            var own = (await office.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>($"/api/indicators?region={row.RegionKey}&year=2026&asOf=2026-11-22", Json.Options))!;
            row.Ytd.ShouldBe(Figure(own, K.Ytd) ?? 0m);
            row.CompletionRate.ShouldBe(Figure(own, K.CompletionRate));
            (await ListedAsync(office, row.ProjectsLink)).ShouldBe(row.Projects);
        }

        // Every structure slice opens exactly the projects it counts.
        cockpit.Categories.Select(c => (c.Name, c.Projects)).OrderBy(c => c.Name, StringComparer.Ordinal).ShouldBe([("产业", 2), ("基础设施", 1)]);
        foreach (var slice in cockpit.Categories.Concat(cockpit.Bands).Concat(cockpit.Industries))
        {
            (await ListedAsync(office, slice.ProjectsLink)).ShouldBe(slice.Projects, slice.Name);
        }

        cockpit.Categories.Single(c => c.Name == "产业").Investment.ShouldBe(128_000m);

        // Only projects with coordinates are on the map.
        cockpit.Points.Select(p => p.Id).Order().ShouldBe(new[] { ledger.Big, ledger.Middle }.Order());
    }

    [Fact]
    public async Task A_past_date_gives_the_overdue_problems_and_figures_of_that_day()
    {
        await SeedAsync();
        using var office = ledger.Api();
        var start = ledger.Clock.Now;
        try
        {
            ledger.Clock.Now = new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.FromHours(8));
            var raised = await RaiseAsync(office, ledger.Middle, "驾驶舱逾期问题：施工用电未接入", new DateOnly(2026, 9, 30));
            ledger.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.FromHours(8));
            (await office.PostAsJsonAsync($"/api/problems/{raised.Id}/resolve", new ProblemsApi.ResolveBody("已通电", raised.Version), Json.Options)).EnsureSuccessStatusCode();
        }
        finally
        {
            ledger.Clock.Now = start;
        }

        (await CockpitAsync(office, $"region={Longtan}&asOf=2026-09-15")).OverdueProblems.ShouldBe(0);
        var october = await CockpitAsync(office, $"region={Longtan}&asOf=2026-10-15");
        october.OverdueProblems.ShouldBe(1);
        october.Overdue.Single().DaysLate.ShouldBe(15);
        october.LightMonth.ShouldBe(10);
        (await CockpitAsync(office, $"region={Longtan}")).OverdueProblems.ShouldBe(0);

        // As of 15 October the year had nine complete months and no October report yet counted.
        var septemberView = await CockpitAsync(office, $"region={City}&asOf=2026-10-15");
        septemberView.Indicators.MonthsElapsed.ShouldBe(9);
        Figure(septemberView.Indicators, K.Ytd).ShouldBe(0m);
    }

    [Fact]
    public async Task A_district_leader_sees_only_its_district_and_a_project_scoped_account_no_ranking()
    {
        await SeedAsync();
        await ledger.CreateAccountAsync("cockpit.longtan", [Role.DistrictLeader], Longtan);
        using var district = ledger.ClientFor("cockpit.longtan");
        var theirs = await CockpitAsync(district, $"region={City}");
        theirs.Ranking.Select(r => r.Region).ShouldBe(["龙潭区"]);
        Figure(theirs.Indicators, K.Projects).ShouldBe(1m);
        theirs.Points.Select(p => p.Id).ShouldBe([ledger.Middle]);
        theirs.Categories.Select(c => c.Name).ShouldBe(["基础设施"]);

        await ledger.CreateAccountAsync("cockpit.company", [Role.EnterpriseReporter], projectIds: [ledger.Big]);
        using var company = ledger.ClientFor("cockpit.company");
        var own = await CockpitAsync(company, $"region={City}");
        own.Ranking.ShouldBeEmpty();
        Figure(own.Indicators, K.Projects).ShouldBe(1m);

        var page = await district.GetPageAsync($"/cockpit?region={City}");
        page.QuerySelectorAll("#ranking-table tbody tr").Length.ShouldBe(1);
        page.QuerySelector("[data-figure=projects] [data-value]")!.GetAttribute("data-value").ShouldBe("1");
        (await district.GetAsync($"/cockpit/screen?region={City}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await district.GetAsync("/api/cockpit?region=nowhere")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_leader_view_lists_my_projects_and_the_problems_waiting_for_my_instruction_until_I_give_one()
    {
        await SeedAsync();
        using var office = ledger.Api();
        var start = ledger.Clock.Now;
        ledger.Clock.Now = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8));
        var high = await RaiseAsync(office, ledger.Big, "驾驶舱待批示：征地拆迁", new DateOnly(2026, 12, 31));
        (await office.PostAsJsonAsync($"/api/problems/{high.Id}/escalate", new ProblemsApi.EscalateBody(ProblemLevel.Thematic, "需市政府专题研究", high.Version), Json.Options)).EnsureSuccessStatusCode();
        ledger.Clock.Now = start;
        await RaiseAsync(office, ledger.Middle, "驾驶舱专班层级问题", new DateOnly(2026, 12, 31));

        await ledger.CreateAccountAsync("cockpit.leader", [Role.CityLeader], City, personId: ledger.LeaderPerson);
        using var leader = ledger.ClientFor("cockpit.leader");
        var desk = (await leader.GetFromJsonAsync<LeaderDeskView>("/api/leader", Json.Options))!;
        desk.HasOwnProjects.ShouldBeTrue();
        desk.Projects.Select(p => p.Id).ShouldBe([ledger.Big]);
        desk.Projects[0].Ytd.ShouldBe(9_000m);
        desk.AwaitingInstruction.Select(p => p.Description).ShouldBe(["驾驶舱待批示：征地拆迁"]);

        var page = await leader.GetPageAsync("/leader");
        page.QuerySelectorAll("#leader-waiting li a[href*='instructions?problem=']").Length.ShouldBe(1);
        page.QuerySelector("#leader-projects")!.TextContent.ShouldContain("驾驶舱昌邑大项目");

        (await leader.PostAsJsonAsync($"/api/projects/{ledger.Big}/instructions", new InstructionsApi.GiveBody(high.Id, "请自然资源局两周内拿出方案"), Json.Options)).EnsureSuccessStatusCode();
        (await leader.GetFromJsonAsync<LeaderDeskView>("/api/leader", Json.Options))!.AwaitingInstruction.ShouldBeEmpty();

        // As of the day before the instruction it was still waiting; before it was raised, it was not there.
        (await leader.GetFromJsonAsync<LeaderDeskView>("/api/leader?asOf=2026-11-21", Json.Options))!.AwaitingInstruction.Select(p => p.Id).ShouldBe([high.Id]);
        (await leader.GetFromJsonAsync<LeaderDeskView>("/api/leader?asOf=2026-11-19", Json.Options))!.AwaitingInstruction.ShouldBeEmpty();
        (await leader.GetAsync("/api/leader?asOf=2027-01-01")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await leader.GetPageAsync("/leader?asOf=2026-11-21")).QuerySelector("#leader-past").ShouldNotBeNull();

        // Another district's leader does not see the 昌邑 problem or project.
        await ledger.CreateAccountAsync("cockpit.other", [Role.DistrictLeader], Chuanying);
        using var other = ledger.ClientFor("cockpit.other");
        var theirs = (await other.GetFromJsonAsync<LeaderDeskView>("/api/leader", Json.Options))!;
        theirs.HasOwnProjects.ShouldBeFalse();
        theirs.RedProjects.ShouldBeEmpty();
        theirs.AwaitingInstruction.ShouldBeEmpty();
    }

    private async Task<ProblemsApi.ProblemDto> RaiseAsync(HttpClient office, int project, string text, DateOnly due)
    {
        var category = await ledger.LookupIdAsync(LookupKind.ProblemCategory, "征地拆迁");
        var response = await office.PostAsJsonAsync($"/api/projects/{project}/problems", new ProblemsApi.RaiseBody(category, text, ProblemSource.SiteVisit, null, due), Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<ProblemsApi.ProblemDto>(Json.Options))!;
    }

    private static async Task<int> ListedAsync(HttpClient client, string link)
    {
        link.ShouldStartWith("/projects?");
        return (await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api" + link, Json.Options))!.Total;
    }
}
