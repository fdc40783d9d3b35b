using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Tests.Plans;

/// <summary>Indicators on the approved baseline or on the current plan, and the lists behind them agreeing either way.</summary>
public sealed class BaselineIndicatorTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const int Year = 2027;

    private async Task<(int Id, int Nature)> ProjectAsync(string name, decimal plan)
    {
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var p = await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = await app.RegionIdAsync("220173"), TotalInvestment = 90_000m, NatureId = nature });
        await app.SetYearAsync(p.Id, Year, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = plan, PlannedStartMonth = 4, Reason = "新列入计划" });
        return (p.Id, nature);
    }

    private Task<int> LineVersionAsync(int project) =>
        app.WithDbAsync(db => db.ProjectYears.Where(y => y.ProjectId == project && y.Year == Year).Select(y => y.Version).SingleAsync());

    private static decimal? Value(IndicatorsApi.IndicatorSetDto set, string key) => set.Figures.Single(f => f.Key == key).Value;

    private static async Task<IndicatorsApi.IndicatorSetDto> SetAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>($"/api/indicators?region=220173&year={Year}{query}", Json.Options))!;

    private static async Task<List<int>> ListedAsync(HttpClient client, IndicatorsApi.FigureDto figure)
    {
        var listed = await client.GetFromJsonAsync<JsonElement>(figure.ProjectsApi + "&pageSize=200", Json.Options);
        return [.. listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];
    }

    [Fact]
    public async Task The_indicators_read_the_plan_as_approved_or_as_it_stands_and_the_drill_down_lists_agree()
    {
        using var office = app.Api();
        (await SetAsync(office, "&baseline=true")).OnBaseline.ShouldBeFalse(); // nothing approved yet: the current plan
        var (a, nature) = await ProjectAsync("基线口径测试一", 1_000m);
        var (b, _) = await ProjectAsync("基线口径测试二", 2_000m);
        (await office.PostAsync($"/api/plans/{Year}/approve", null)).EnsureSuccessStatusCode();

        // After approval: the first project's plan rises, the second leaves the plan, a third joins.
        await app.SetYearAsync(a, Year, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 1_500m, PlannedStartMonth = 4, Reason = "追加投资", Version = await LineVersionAsync(a) });
        await app.SetYearAsync(b, Year, new ProjectYearInput { InPlan = false, NatureId = nature, AnnualPlan = 2_000m, PlannedStartMonth = 4, Reason = "调出计划", Version = await LineVersionAsync(b) });
        var (c, _) = await ProjectAsync("基线口径测试三", 700m);

        foreach (var search in new[] { "", "&q=" + Uri.EscapeDataString("基线口径") })
        {
            var current = await SetAsync(office, search);
            var baseline = await SetAsync(office, "&baseline=true" + search);
            current.OnBaseline.ShouldBeFalse();
            baseline.OnBaseline.ShouldBeTrue();
            Value(current, K.Planned).ShouldBe(2);
            Value(baseline, K.Planned).ShouldBe(2);
            Value(current, K.AnnualPlan).ShouldBe(1_500m + 2_000m + 700m);
            Value(baseline, K.AnnualPlan).ShouldBe(1_000m + 2_000m);

            // Each figure's list is the same set of projects the figure counted.
            var onBaseline = baseline.Figures.Single(f => f.Key == K.Planned);
            onBaseline.ProjectsApi!.ShouldContain("baseline=true");
            (await ListedAsync(office, onBaseline)).ShouldBe([a, b], ignoreOrder: true);
            (await ListedAsync(office, current.Figures.Single(f => f.Key == K.Planned))).ShouldBe([a, c], ignoreOrder: true);
            (await ListedAsync(office, baseline.Figures.Single(f => f.Key == K.StartedOffPlan) with { ProjectsApi = onBaseline.ProjectsApi!.Replace("inPlan=true", "inPlan=false", StringComparison.Ordinal) }))
                .ShouldBe([c]);
        }
    }
}
