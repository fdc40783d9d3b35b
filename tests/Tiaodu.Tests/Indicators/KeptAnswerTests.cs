using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Indicators;

/// <summary>
/// Answers are kept per question and moved by each change (ADR 0026). After edits, moves between regions,
/// plan and start changes, tags, a deletion and a removed year line, every kept answer must equal both a
/// fresh pass over the snapshot and the SQL aggregate.
/// </summary>
public sealed class KeptAnswerTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly DateOnly AsOf = new(2026, 8, 31);

    private async Task<List<ProjectFilter>> FiltersAsync()
    {
        var ids = await app.WithDbAsync(async db => new
        {
            Tag = await db.Tags.Select(t => t.Id).FirstAsync(),
            Leader = await db.Projects.Where(p => p.LeaderId != null).Select(p => p.LeaderId).FirstAsync(),
            Industry = await db.Lookups.Where(l => l.Kind == LookupKind.Industry && l.Code == "C").Select(l => l.Id).SingleAsync(),
        });
        return
        [
            new() { Year = 2026, AsOf = AsOf },
            new() { Year = 2026, AsOf = AsOf, Region = "220100" },
            new() { Year = 2026, AsOf = AsOf, Region = "220172" },
            new() { Year = 2026, AsOf = AsOf, Region = "220200" },
            new() { Year = 2026, AsOf = new DateOnly(2026, 3, 10) },
            new() { Year = 2025, AsOf = new DateOnly(2025, 12, 31) },
            new() { Year = 2026, AsOf = AsOf, Tag = ids.Tag },
            new() { Year = 2026, AsOf = AsOf, Leader = ids.Leader },
            new() { Year = 2026, AsOf = AsOf, Industry = ids.Industry },
            new() { Year = 2026, AsOf = AsOf, InPlan = true, Started = true },
            new() { Year = 2026, AsOf = AsOf, YearNature = LookupMeaning.New },
            new() { Year = 2026, AsOf = AsOf, Band = SizeBand.Over1Yi, HasLand = true },
            new() { Year = 2026, AsOf = AsOf, Deleted = true },
        ];
    }

    private async Task AllAgreeAsync(List<ProjectFilter> filters, string when)
    {
        foreach (var filter in filters)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ComputeIndicators>();
            var kept = await service.SnapshotFactsAsync(filter, CancellationToken.None);
            var scanned = await service.ScannedFactsAsync(filter, CancellationToken.None);
            var sql = await service.SqlFactsAsync(filter, CancellationToken.None);
            var what = when + " " + filter.ToQueryString();
            SnapshotConsistencyTests.Sorted(kept.Groups).ShouldBe(SnapshotConsistencyTests.Sorted(scanned.Groups()), what);
            SnapshotConsistencyTests.Sorted(kept.Groups).ShouldBe(SnapshotConsistencyTests.Sorted(sql.Groups), what);
            kept.LastYear.ShouldBe(sql.LastYear, what);

            var trend = await service.TrendAsync(filter, CancellationToken.None);
            trend.ThisYear.ShouldBe(scanned.ThisYear(), what);
            trend.LastYear.ShouldBe(scanned.LastYear(), what);

            // The pass a large ledger splits across cores adds up to the same sums, whatever the cut.
            foreach (var parts in new[] { 2, 3, 7 })
            {
                var split = await service.ScannedFactsAsync(filter, CancellationToken.None, parts);
                SnapshotConsistencyTests.Sorted(split.Groups()).ShouldBe(SnapshotConsistencyTests.Sorted(scanned.Groups()), $"{what} in {parts} parts");
                split.ThisYear().ShouldBe(scanned.ThisYear(), $"{what} in {parts} parts");
                split.LastYear().ShouldBe(scanned.LastYear(), $"{what} in {parts} parts");
            }
        }
    }

    [Fact]
    public async Task Asking_about_many_years_holds_a_few_at_a_time_and_every_answer_stays_right()
    {
        var cache = app.Services.GetRequiredService<LedgerSnapshotCache>();
        for (var round = 0; round < 2; round++)
        {
            for (var year = 2019; year <= 2026; year++)
            {
                var filter = new ProjectFilter { Year = year, AsOf = new DateOnly(year, 12, 31) };
                await using var scope = app.Services.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<ComputeIndicators>();
                var kept = await service.SnapshotFactsAsync(filter, CancellationToken.None);
                var sql = await service.SqlFactsAsync(filter, CancellationToken.None);
                SnapshotConsistencyTests.Sorted(kept.Groups).ShouldBe(SnapshotConsistencyTests.Sorted(sql.Groups), filter.ToQueryString());
                kept.LastYear.ShouldBe(sql.LastYear, filter.ToQueryString());
                cache.YearsHeld.ShouldBeLessThanOrEqualTo(LedgerSnapshotCache.MaxYears);
            }
        }
    }

    [Fact]
    public async Task Kept_answers_follow_every_kind_of_change_like_a_fresh_pass_and_sql()
    {
        var filters = await FiltersAsync();
        await AllAgreeAsync(filters, "before");
        var cache = app.Services.GetRequiredService<LedgerSnapshotCache>();
        var kept = cache.AnswerCount;
        kept.ShouldBeGreaterThanOrEqualTo(filters.Count);

        var now = DateTime.UtcNow;
        var changchun = await app.RegionIdAsync("220102");
        var jilinCity = await app.RegionIdAsync("220202");
        var created = await app.CreateProjectAsync(new ProjectDetails { Name = "保持答案测试项目", RegionId = changchun, TotalInvestment = 120_000m, LandArea = 30_000m });
        await app.SetYearAsync(created.Id, 2026, new ProjectYearInput { InPlan = true, AnnualPlan = 40_000m, StartedOn = new DateOnly(2026, 4, 1) });
        await app.SetYearAsync(created.Id, 2025, new ProjectYearInput { InPlan = false });

        await app.WithDbAsync(async db =>
        {
            var lines = await db.ProjectYears.Include(y => y.Tags).Where(y => y.Year == 2026).OrderBy(y => y.Id).Take(6).ToListAsync();
            var projects = await db.Projects.Where(p => lines.Select(l => l.ProjectId).Contains(p.Id)).ToDictionaryAsync(p => p.Id);
            var tag = await db.Tags.Select(t => t.Id).FirstAsync();

            // A move to another city, a bigger total, a plan and start change, new tags, a deletion.
            var moved = projects[lines[0].ProjectId];
            moved.Update(moved.ToDetails() with { RegionId = jilinCity, TotalInvestment = moved.TotalInvestment + 90_000m }, now);
            lines[1].SetPlan(!lines[1].InPlan, lines[1].NatureId, (lines[1].AnnualPlan ?? 0m) + 500m, lines[1].PlannedStartMonth, lines[1].StartedOn is null ? new DateOnly(2026, 5, 20) : null);
            lines[2].SetTags(lines[2].Tags.Any(t => t.TagId == tag) ? [] : [tag]);
            projects[lines[3].ProjectId].Delete(now);
            await db.SaveChangesAsync();

            // A year line removed outright, as rolling back an import does.
            db.ProjectYears.Remove(lines[4]);
            await db.SaveChangesAsync();
            return 0;
        });

        await AllAgreeAsync(filters, "after");
        cache.AnswerCount.ShouldBeGreaterThanOrEqualTo(kept, "the answers were moved, not dropped");
    }
}
