using System.Net;
using System.Net.Http.Json;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Assessment;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Tests.Assessment;

/// <summary>
/// Assessing the districts of 吉林市 on a generated ledger: the figures behind each point are the indicator
/// service's, totals add up and rank, publishing freezes, schemes are edited as data, and only a jurisdiction
/// covering the whole city sees it.
/// </summary>
public sealed class AssessmentTests(AssessmentTests.Ledger ledger) : IClassFixture<AssessmentTests.Ledger>
{
    public sealed class Ledger : TiaoduApp
    {
        public bool Seeded { get; set; }
    }

    private static readonly string[] Districts = ["220202", "220203", "220204", "220211"];

    private async Task SeedAsync()
    {
        if (ledger.Seeded)
        {
            return;
        }

        ledger.Seeded = true;
        var nw = await ledger.LookupIdAsync(LookupKind.Nature, "新建");
        var industrial = await ledger.LookupIdAsync(LookupKind.Category, "产业");
        var rng = new Random(20261205);
        for (var d = 0; d < Districts.Length; d++)
        {
            for (var i = 0; i < 3 + d; i++)
            {
                var project = (await ledger.CreateProjectAsync(new ProjectDetails
                {
                    Name = $"考评生成项目{d}-{i}", RegionId = await ledger.RegionIdAsync(Districts[d]), TotalInvestment = 20_000m, CategoryId = industrial,
                })).Id;
                var plan = 1_000m * rng.Next(2, 9);
                await ledger.SetYearAsync(project, 2026, new ProjectYearInput { InPlan = true, NatureId = nw, AnnualPlan = plan, StartedOn = i % 3 == 2 ? null : new DateOnly(2026, 3, 1) });
                if (i % 3 != 2)
                {
                    var ytd = Math.Round(plan * (decimal)(0.4 + rng.NextDouble()), 0);
                    await ledger.RecordApprovedMonthAsync(project, 2026, 10, ytd, ytd, ytd);
                }
            }
        }
    }

    private static async Task<AssessmentApi.ViewDto> ViewAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<AssessmentApi.ViewDto>("/api/assessment?" + query, Json.Options))!;

    [Fact]
    public async Task Points_use_the_indicator_services_figures_add_up_and_rank()
    {
        await SeedAsync();
        using var office = ledger.Api();
        var view = await ViewAsync(office, "region=220200&kind=Month&year=2026&number=10");
        view.AsOf.ShouldBe(new DateOnly(2026, 10, 31));
        view.DefaultScheme.ShouldBeTrue();
        view.Scores.Count.ShouldBe(12);
        foreach (var score in view.Scores)
        {
            score.Total.ShouldBe(decimal.Round(score.Points.Sum(p => p.Points), 2));
            score.Rank.ShouldBe(view.Scores.Count(s => s.Total > score.Total) + 1);
        }

        foreach (var key in Districts)
        {
            var set = (await office.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>($"/api/indicators?region={key}&year=2026&asOf=2026-10-31", Json.Options))!;
            var rate = set.Figures.Single(f => f.Key == K.CompletionRate).Value!.Value;
            var point = view.Scores.Single(s => s.RegionKey == key).Points.Single(p => p.Rule == "投资完成率（对序时进度）");
            point.Explanation.ShouldContain($"投资完成率{rate * 100m:0.0}%");
            var expected = Math.Max(0m, 20m - Math.Max(0m, (10m / 12m - rate) * 100m));
            point.Points.ShouldBe(decimal.Round(Math.Min(20m, expected), 2));
        }

        // The districts with the most projects get the most quantity points.
        var most = view.Scores.Single(s => s.RegionKey == "220211").Points.Single(p => p.Rule == "项目数排名");
        most.Points.ShouldBe(10m);
        most.Explanation.ShouldContain("排第1名");
        view.Scores[0].Note.ShouldNotBeNull();
    }

    [Fact]
    public async Task Publishing_freezes_the_result_and_happens_once()
    {
        await SeedAsync();
        using var office = ledger.Api();
        (await office.PostAsJsonAsync("/api/assessment/publish", new AssessmentApi.PublishBody("220200", PeriodKind.Quarter, 2026, 3), Json.Options)).EnsureSuccessStatusCode();
        var published = await ViewAsync(office, "region=220200&kind=Quarter&year=2026&number=3");
        published.Published.ShouldBeTrue();

        // New figures after publishing change nothing in the published result.
        var project = (await ledger.CreateProjectAsync(new ProjectDetails { Name = "考评发布后新增项目", RegionId = await ledger.RegionIdAsync("220202"), TotalInvestment = 9_000m })).Id;
        await ledger.SetYearAsync(project, 2026, new ProjectYearInput { InPlan = true, AnnualPlan = 100_000m });
        var again = await ViewAsync(office, "region=220200&kind=Quarter&year=2026&number=3");
        again.Scores.Select(s => (s.RegionKey, s.Total)).ShouldBe(published.Scores.Select(s => (s.RegionKey, s.Total)));
        (await office.PostAsJsonAsync("/api/assessment/publish", new AssessmentApi.PublishBody("220200", PeriodKind.Quarter, 2026, 3), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await office.GetFromJsonAsync<List<AssessmentApi.PublishedDto>>("/api/assessment/published", Json.Options))!.ShouldContain(p => p.Kind == PeriodKind.Quarter && p.Number == 3);
    }

    [Fact]
    public async Task The_ranking_table_exports_the_scores_shown_and_only_to_a_whole_city_jurisdiction()
    {
        await SeedAsync();
        using var office = ledger.Api();
        var view = await ViewAsync(office, "region=220200&kind=Month&year=2026&number=10");
        using var response = await office.GetAsync("/api/assessment/export?region=220200&kind=Month&year=2026&number=10");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("吉林市2026年10月重点项目督导考评得分排名.xlsx");

        using var file = Tiaodu.Core.Excel.WorkbookFile.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), "x.xlsx");
        var rows = file.Rows(0).ToList();
        var header = rows.First(r => r.Cells.Contains("名次")).Cells;
        var rules = view.Scores.SelectMany(s => s.Points).Select(p => p.Rule).Distinct().ToList();
        foreach (var rule in rules)
        {
            rows.ShouldContain(r => r.Cells.Contains(rule), $"a column for {rule}");
        }

        var totalColumn = Array.IndexOf(header, "总分");
        var data = rows.Where(r => r.Cells[0] is double && r.Cells[1] is string).ToList();
        data.Count.ShouldBe(view.Scores.Count);
        foreach (var score in view.Scores)
        {
            var row = data.Single(r => (string)r.Cells[1]! == score.RegionName);
            row.Cells[0].ShouldBe((double)score.Rank);
            row.Cells[totalColumn].ShouldBe((double)score.Total);
        }

        rows.ShouldNotContain(r => r.Cells.Contains("合计"), "a ranking has no total row");
        rows.ShouldContain(r => r.Cells.OfType<string>().Any(c => c.Contains("未发布", StringComparison.Ordinal)));

        var csv = await office.GetStringAsync("/api/assessment/export?region=220200&kind=Month&year=2026&number=10&format=csv");
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(view.Scores.Count + 1);
        (await ledger.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.AuditEntries, e => e.Action == Tiaodu.Core.Audit.AuditAction.Export && e.Summary.StartsWith("导出吉林市2026年10月考评排名")))).ShouldBe(2);

        var page = await office.GetStringAsync("/assessment?region=220200&kind=Month&year=2026&number=10");
        page.ShouldContain("id=\"assessment-export-xlsx\" href=\"/api/assessment/export?region=220200&amp;kind=Month&amp;year=2026&amp;number=10&amp;format=xlsx\"");
        page.ShouldContain("id=\"assessment-export-csv\"");

        await ledger.CreateAccountAsync("assess.export.district", [Role.DistrictLeader], "220202");
        using var district = ledger.ClientFor("assess.export.district");
        (await district.GetAsync("/api/assessment/export?region=220200&kind=Month&year=2026&number=10")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await office.GetAsync("/api/assessment/export?region=220200&kind=Month&year=2026&number=13")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await office.GetAsync("/api/assessment/export?region=220200&format=pdf")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Schemes_are_edited_as_data_and_only_a_whole_city_jurisdiction_sees_the_assessment()
    {
        await SeedAsync();
        using var office = ledger.Api();
        var bad = await office.PutAsJsonAsync("/api/assessment/schemes/2027", new AssessmentApi.SchemeBody("2027年办法", 2, 1, "进度\t开复工率\tCapped\tNoSuchMetric\t20\t1\t0.5"), Json.Options);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("第1行");
        var twice = await office.PutAsJsonAsync("/api/assessment/schemes/2027", new AssessmentApi.SchemeBody("2027年办法", 0, 0,
            "进度\t开复工率\tCapped\tStartRate\t50\t1\t1\n质量\t开复工率\tCapped\tStartRate\t50\t1\t1"), Json.Options);
        twice.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await twice.Content.ReadAsStringAsync()).ShouldContain("规则名称「开复工率」与前面的规则重复");

        // A stored scheme for 2025 (the other tests score 2026 by the default).
        var saved = await office.PutAsJsonAsync("/api/assessment/schemes/2025", new AssessmentApi.SchemeBody("2025年吉林市考评办法", 1, 1,
            "进度\t开复工率\tCapped\tStartRate\t50\t1\t1\n投资\t投资额排名\tRank\tInvestment\t0\t\t\t\t1-1:50,2-12:10"), Json.Options);
        saved.EnsureSuccessStatusCode();
        var view = await ViewAsync(office, "region=220200&kind=Month&year=2025&number=10");
        view.DefaultScheme.ShouldBeFalse();
        view.Scheme.ShouldBe("2025年吉林市考评办法");
        view.Scores.ShouldAllBe(s => s.Points.Count == 2 && s.Total <= 100m);

        await ledger.CreateAccountAsync("assess.district", [Role.DistrictLeader], "220202");
        using var district = ledger.ClientFor("assess.district");
        (await district.GetAsync("/api/assessment?region=220200&kind=Month&year=2026&number=10")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await district.PutAsJsonAsync("/api/assessment/schemes/2025", new AssessmentApi.SchemeBody("x", 0, 0, "x"), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await ledger.CreateAccountAsync("assess.city", [Role.CityLeader], "220200");
        using var city = ledger.ClientFor("assess.city");
        (await ViewAsync(city, "region=220200&kind=Month&year=2026&number=10")).Scores.Count.ShouldBe(12);
        (await city.PostAsJsonAsync("/api/assessment/publish", new AssessmentApi.PublishBody("220200", PeriodKind.Month, 2026, 9), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await city.GetAsync("/api/assessment?region=220200&kind=Month&year=2026&number=13")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await city.GetAsync("/api/assessment?region=220200&kind=Month&year=2027&number=3")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
