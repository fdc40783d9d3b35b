using System.Net.Http.Json;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Tests.Indicators;

/// <summary>
/// A small ledger whose every indicator can be worked out by hand (in a region no other test uses), read
/// back through the API, with each count's drill-down list checked against the count.
/// </summary>
public sealed class IndicatorsApiTests(IndicatorsApiTests.Ledger ledger) : IClassFixture<IndicatorsApiTests.Ledger>
{
    private const string Region = "220284";

    public sealed class Ledger : TiaoduApp;

    private async Task SeedAsync()
    {
        if ((await Api().GetFromJsonAsync<PageOf<ProjectListItem>>($"/api/projects?region={Region}", Json.Options))!.Total > 0)
        {
            return;
        }

        var region = await ledger.RegionIdAsync(Region);
        var nw = await ledger.LookupIdAsync(LookupKind.Nature, "新建");
        var cont = await ledger.LookupIdAsync(LookupKind.Nature, "续建");
        var industrial = await ledger.LookupIdAsync(LookupKind.Category, "产业");
        var infra = await ledger.LookupIdAsync(LookupKind.Category, "基础设施");

        async Task<int> Project(string name, decimal total, int category, decimal? land = null, DateOnly? inStats = null) =>
            (await ledger.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = region, TotalInvestment = total, CategoryId = category, LandArea = land, InStatsOn = inStats })).Id;

        var p1 = await Project("指标甲项目", 20_000m, industrial, land: 10_000m, inStats: new DateOnly(2026, 4, 1));
        var p2 = await Project("指标乙项目", 150_000m, infra);
        var p3 = await Project("指标丙项目", 6_000m, industrial);
        var p4 = await Project("指标丁项目", 8_000m, industrial);
        var p5 = await Project("指标戊项目", 30_000m, infra);

        await ledger.SetYearAsync(p1, 2026, new ProjectYearInput { InPlan = true, NatureId = nw, AnnualPlan = 8_000m, PlannedStartMonth = 3, StartedOn = new DateOnly(2026, 3, 10) });
        await ledger.SetYearAsync(p2, 2025, new ProjectYearInput { InPlan = true, NatureId = nw, AnnualPlan = 25_000m, StartedOn = new DateOnly(2025, 4, 1) });
        var hundred = await ledger.WithDbAsync(db => Task.FromResult(db.Tags.Single(t => t.Name == "百大项目").Id));
        await ledger.SetYearAsync(p2, 2026, new ProjectYearInput { InPlan = true, NatureId = cont, AnnualPlan = 30_000m, StartedOn = new DateOnly(2026, 3, 1), TagIds = [hundred] });
        await ledger.SetYearAsync(p3, 2026, new ProjectYearInput { InPlan = true, NatureId = nw, AnnualPlan = 2_000m, PlannedStartMonth = 9 });
        await ledger.SetYearAsync(p4, 2026, new ProjectYearInput { InPlan = false, NatureId = nw, StartedOn = new DateOnly(2026, 5, 20) });
        await ledger.SetYearAsync(p5, 2026, new ProjectYearInput { InPlan = true, NatureId = cont, AnnualPlan = 5_000m, StartedOn = new DateOnly(2026, 7, 15) });

        await ledger.RecordApprovedMonthAsync(p1, 2026, 3, 1_000m, 1_000m, 1_000m);
        await ledger.RecordApprovedMonthAsync(p1, 2026, 5, 2_000m, 3_000m, 3_000m);
        await ledger.RecordApprovedMonthAsync(p2, 2025, 6, 10_000m, 10_000m, 40_000m);
        await ledger.RecordApprovedMonthAsync(p2, 2025, 12, 10_000m, 20_000m, 50_000m);
        await ledger.RecordApprovedMonthAsync(p2, 2026, 6, 12_000m, 12_000m, 62_000m);
    }

    private HttpClient Api() => ledger.Api();

    private async Task<IndicatorsApi.IndicatorSetDto> IndicatorsAsync(string asOf)
    {
        await SeedAsync();
        return (await Api().GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>($"/api/indicators?region={Region}&year=2026&asOf={asOf}", Json.Options))!;
    }

    private static decimal? V(IndicatorsApi.IndicatorSetDto set, string key) => set.Figures.Single(f => f.Key == key).Value;

    [Fact]
    public async Task Counts_and_start_rates_as_of_the_end_of_june()
    {
        var set = await IndicatorsAsync("2026-06-30");
        set.MonthsElapsed.ShouldBe(6);
        V(set, K.Projects).ShouldBe(5);
        V(set, K.ProjectsNew).ShouldBe(3);
        V(set, K.ProjectsContinuing).ShouldBe(2);
        V(set, K.NewShare).ShouldBe(0.6m);
        V(set, K.Planned).ShouldBe(4);
        V(set, K.PlannedNew).ShouldBe(2);
        V(set, K.PlannedContinuing).ShouldBe(2);
        V(set, K.StartedNew).ShouldBe(1);
        V(set, K.ResumedContinuing).ShouldBe(1);
        V(set, K.StartRate).ShouldBe(0.5m);
        V(set, K.NewStartRate).ShouldBe(0.5m);
        V(set, K.ResumeRate).ShouldBe(0.5m);
        V(set, K.StartedOffPlan).ShouldBe(1);
        V(set, K.StartedTotal).ShouldBe(3);
        V(set, K.StartedVsPlan).ShouldBe(0.75m);
    }

    [Fact]
    public async Task Investment_against_plan_time_and_last_year()
    {
        var set = await IndicatorsAsync("2026-06-30");
        V(set, K.TotalInvestment).ShouldBe(214_000m);
        V(set, K.AnnualPlan).ShouldBe(45_000m);
        V(set, K.Ytd).ShouldBe(15_000m);
        decimal.Round(V(set, K.CompletionRate)!.Value, 4).ShouldBe(0.3333m);
        V(set, K.TimeProgress).ShouldBe(0.5m);
        decimal.Round(V(set, K.CompletionVsTime)!.Value, 2).ShouldBe(-16.67m);
        V(set, K.SinceStart).ShouldBe(65_000m);
        V(set, K.YtdLastYear).ShouldBe(10_000m);
        V(set, K.YearOnYear).ShouldBe(0.5m);
        V(set, K.IndustrialYtd).ShouldBe(3_000m);
        V(set, K.IndustrialShare).ShouldBe(0.2m);
    }

    [Fact]
    public async Task Land_intensity_statistics_and_size_bands()
    {
        var set = await IndicatorsAsync("2026-06-30");
        V(set, K.LandArea).ShouldBe(10_000m);
        V(set, K.IntensityYuanPerM2).ShouldBe(20_000m);
        decimal.Round(V(set, K.InStatsRate)!.Value, 4).ShouldBe(0.3333m);
        V(set, K.BandCount(SizeBand.Over5000Wan)).ShouldBe(5);
        V(set, K.BandCount(SizeBand.Over1Yi)).ShouldBe(3);
        V(set, K.BandCount(SizeBand.Over10Yi)).ShouldBe(1);
        V(set, K.BandInvestment(SizeBand.Over10Yi)).ShouldBe(150_000m);
    }

    [Fact]
    public async Task An_earlier_as_of_date_sees_only_what_was_known_then()
    {
        var set = await IndicatorsAsync("2026-03-31");
        set.MonthsElapsed.ShouldBe(3);
        V(set, K.Ytd).ShouldBe(1_000m);
        V(set, K.StartedTotal).ShouldBe(2);
        V(set, K.StartedOffPlan).ShouldBe(0);
        V(set, K.InStatsRate).ShouldBe(0m);
    }

    [Fact]
    public async Task Every_count_links_to_a_project_list_of_exactly_that_size()
    {
        var set = await IndicatorsAsync("2026-06-30");
        var counts = set.Figures.Where(f => f.Unit == FigureUnit.Count && f.ProjectsApi is not null).ToList();
        counts.Count.ShouldBeGreaterThanOrEqualTo(15);
        foreach (var figure in counts)
        {
            var page = await Api().GetFromJsonAsync<PageOf<ProjectListItem>>(figure.ProjectsApi, Json.Options);
            page!.Total.ShouldBe((int)figure.Value!.Value, figure.Key);
        }
    }

    [Fact]
    public async Task Last_years_figure_links_to_last_years_lines_of_the_same_projects()
    {
        var set = await IndicatorsAsync("2026-06-30");
        var figure = set.Figures.Single(f => f.Key == K.YtdLastYear);
        figure.ProjectsApi.ShouldNotBeNull();
        figure.ProjectsApi.ShouldContain("year=2025");
        figure.ProjectsApi.ShouldContain("asOf=2025-06-30");
        var page = await Api().GetFromJsonAsync<PageOf<ProjectListItem>>(figure.ProjectsApi, Json.Options);
        page!.Items.Select(i => i.Name).ShouldBe(["指标乙项目"]);
        page.Items.Single().Ytd.ShouldBe(10_000m);
    }

    [Fact]
    public async Task Year_on_year_of_a_tagged_set_compares_the_same_projects()
    {
        await SeedAsync();
        var hundred = await ledger.WithDbAsync(db => Task.FromResult(db.Tags.Single(t => t.Name == "百大项目").Id));
        var set = (await Api().GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>($"/api/indicators?region={Region}&year=2026&asOf=2026-06-30&tag={hundred}", Json.Options))!;
        V(set, K.Projects).ShouldBe(1);
        V(set, K.Ytd).ShouldBe(12_000m);
        V(set, K.YtdLastYear).ShouldBe(10_000m);
        V(set, K.YearOnYear).ShouldBe(0.2m);
        set.Figures.Single(f => f.Key == K.YtdLastYear).ProjectsApi.ShouldBeNull();
    }

    [Theory]
    [InlineData("asOf=0001-01-01")]
    [InlineData("year=-2147483648")]
    [InlineData("year=99999")]
    public async Task Years_and_dates_out_of_range_are_a_400_in_chinese(string query)
    {
        var response = await Api().GetAsync($"/api/indicators?{query}");
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("之间");
        (await Api().GetAsync($"/?{query}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await Api().GetAsync($"/projects?{query}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_filter_by_category_narrows_every_figure()
    {
        await SeedAsync();
        var industrial = await ledger.LookupIdAsync(LookupKind.Category, "产业");
        var set = (await Api().GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>($"/api/indicators?region={Region}&year=2026&asOf=2026-06-30&category={industrial}", Json.Options))!;
        V(set, K.Projects).ShouldBe(3);
        V(set, K.IndustrialShare).ShouldBe(1m);
        V(set, K.Ytd).ShouldBe(3_000m);
    }
}
