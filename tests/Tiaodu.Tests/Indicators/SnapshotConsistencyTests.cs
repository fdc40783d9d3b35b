using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Indicators;

/// <summary>
/// The dashboard answers from an in-memory snapshot; the same facts computed by SQL must be identical for
/// every kind of filter, and the snapshot must follow every change made through the application.
/// </summary>
public sealed class SnapshotConsistencyTests(DemoApp app) : IClassFixture<DemoApp>
{
    private async Task<List<ProjectFilter>> FiltersAsync()
    {
        var ids = await app.WithDbAsync(async db => new
        {
            Industry = await db.Lookups.Where(l => l.Kind == LookupKind.Industry && l.Code == "C").Select(l => l.Id).SingleAsync(),
            Category = await db.Lookups.Where(l => l.Kind == LookupKind.Category).Select(l => l.Id).FirstAsync(),
            Sector = await db.Lookups.Where(l => l.Kind == LookupKind.Sector).Select(l => l.Id).FirstAsync(),
            Tag = await db.Tags.Select(t => t.Id).FirstAsync(),
            Leader = await db.Projects.Where(p => p.LeaderId != null).Select(p => p.LeaderId).FirstAsync(),
            Officer = await db.Projects.Where(p => p.ServiceOfficerId != null).Select(p => p.ServiceOfficerId).FirstAsync(),
            Nature = await db.Projects.Where(p => p.NatureId != null).Select(p => p.NatureId).FirstAsync(),
            Stage = await db.Projects.Where(p => p.StageId != null).Select(p => p.StageId).FirstAsync(),
        });
        var asOf = new DateOnly(2026, 8, 31);
        return
        [
            new() { Year = 2026, AsOf = asOf },
            new() { Year = 2026, AsOf = asOf, Region = "220100" },
            new() { Year = 2026, AsOf = asOf, Region = "220172" },
            new() { Year = 2025, AsOf = new DateOnly(2025, 12, 31) },
            new() { Year = 2026, AsOf = new DateOnly(2026, 2, 10) },
            new() { Year = 2026, AsOf = new DateOnly(2025, 12, 1) },
            new() { Year = 2026, AsOf = asOf, Industry = ids.Industry },
            new() { Year = 2026, AsOf = asOf, Category = ids.Category, Band = SizeBand.Over1Yi },
            new() { Year = 2026, AsOf = asOf, Sector = ids.Sector },
            new() { Year = 2026, AsOf = asOf, Tag = ids.Tag },
            new() { Year = 2026, AsOf = asOf, Leader = ids.Leader },
            new() { Year = 2026, AsOf = asOf, InPlan = true, Started = false },
            new() { Year = 2026, AsOf = asOf, YearNature = LookupMeaning.Continuing, InStats = true },
            new() { Year = 2026, AsOf = asOf, Industrial = true, HasLand = true },
            new() { Year = 2026, AsOf = asOf, Deleted = true },
            new() { Year = 2026, AsOf = asOf, Nature = ids.Nature, Stage = ids.Stage },
            new() { Year = 2026, AsOf = asOf, Officer = ids.Officer },
            new() { Year = 2026, AsOf = asOf, Started = true, InPlan = false },
            new() { Year = 2026, AsOf = asOf, Industrial = false, HasLand = false, InStats = false },
            new() { Year = 2026, AsOf = asOf, YearNature = LookupMeaning.New, Tag = ids.Tag },
        ];
    }

    internal static IEnumerable<FactGroup> Sorted(IEnumerable<FactGroup> groups) =>
        groups.OrderBy(g => (g.NatureGroup, g.Band, g.InPlan, g.Started, g.Industrial, g.InStats, g.HasLand));

    [Fact]
    public async Task Snapshot_and_sql_give_the_same_facts_for_every_kind_of_filter()
    {
        foreach (var filter in await FiltersAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ComputeIndicators>();
            var sql = await service.SqlFactsAsync(filter, CancellationToken.None);
            var memory = await service.SnapshotFactsAsync(filter, CancellationToken.None);
            Sorted(memory.Groups).ShouldBe(Sorted(sql.Groups), filter.ToQueryString());
            memory.LastYear.ShouldBe(sql.LastYear, filter.ToQueryString());
        }
    }

    [Fact]
    public async Task The_demo_ledger_has_something_in_every_filter_used_above()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ComputeIndicators>();
        var nonEmpty = 0;
        foreach (var filter in await FiltersAsync())
        {
            nonEmpty += (await service.SqlFactsAsync(filter, CancellationToken.None)).Groups.Count > 0 ? 1 : 0;
        }

        nonEmpty.ShouldBeGreaterThanOrEqualTo(17);
    }

    [Fact]
    public async Task A_change_through_the_api_shows_in_the_next_answer()
    {
        using var client = app.Api();
        const string url = "/api/indicators?region=220172&year=2026&asOf=2026-10-31";
        var before = (await client.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>(url, Json.Options))!;
        var total = before.Figures.Single(f => f.Key == FigureKeys.TotalInvestment).Value!.Value;
        var projects = before.Figures.Single(f => f.Key == FigureKeys.Projects).Value!.Value;

        var region = await app.RegionIdAsync("220172");
        var created = await app.CreateProjectAsync(new ProjectDetails { Name = "快照刷新测试项目", RegionId = region, TotalInvestment = 7_777m });
        await app.SetYearAsync(created.Id, 2026, new ProjectYearInput { InPlan = true, AnnualPlan = 1_000m });

        var after = (await client.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>(url, Json.Options))!;
        after.Figures.Single(f => f.Key == FigureKeys.Projects).Value.ShouldBe(projects + 1);
        after.Figures.Single(f => f.Key == FigureKeys.TotalInvestment).Value.ShouldBe(total + 7_777m);

        (await client.DeleteAsync($"/api/projects/{created.Id}?version={created.Version}")).EnsureSuccessStatusCode();
        var deleted = (await client.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>(url, Json.Options))!;
        deleted.Figures.Single(f => f.Key == FigureKeys.Projects).Value.ShouldBe(projects);
    }

    [Fact]
    public async Task A_second_instance_on_the_same_database_sees_the_first_ones_changes()
    {
        await using var second = app.StartSecondInstance();
        using var other = second.ClientFor(app.Tester);
        const string url = "/api/indicators?region=220173&year=2026&asOf=2026-10-31";
        var before = (await other.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>(url, Json.Options))!.Figures.Single(f => f.Key == FigureKeys.Projects).Value;

        var created = await app.CreateProjectAsync(new ProjectDetails { Name = "双实例测试项目", RegionId = await app.RegionIdAsync("220173"), TotalInvestment = 9_000m });
        await app.SetYearAsync(created.Id, 2026, new ProjectYearInput { InPlan = false });

        var after = (await other.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>(url, Json.Options))!.Figures.Single(f => f.Key == FigureKeys.Projects).Value;
        after.ShouldBe(before + 1);
    }
}
