using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Audit;

/// <summary>Writers appending at the same moment queue on the chain head: the chain stays one line.</summary>
public sealed class AuditConcurrencyTests(AuditApp app) : IClassFixture<AuditApp>
{
    private const int Writers = 12;

    [Fact]
    public async Task Parallel_project_creations_leave_a_linear_verifiable_chain()
    {
        var regionId = await app.RegionIdAsync("220172");
        var natureId = await app.LookupIdAsync(LookupKind.Nature, "新建");
        using (var warm = app.Api())
        {
            (await warm.GetAsync("/api/me")).EnsureSuccessStatusCode();
            (await (await app.AuditorAsync()).GetAsync("/api/audit/verify")).EnsureSuccessStatusCode();
        }

        var before = await app.AuditCountAsync();
        using var start = new SemaphoreSlim(0);

        var creations = Enumerable.Range(1, Writers).Select(async i =>
        {
            using var client = app.Api();
            var details = new ProjectDetails { Name = $"并发写入测试项目{i:00}", RegionId = regionId, NatureId = natureId, TotalInvestment = 5_000m + i };
            await start.WaitAsync();
            var response = await client.PostAsJsonAsync("/api/projects", new { project = details }, Json.Options);
            await response.EnsureSuccessAsync();
            return (await response.Content.ReadFromJsonAsync<ProjectDto>(Json.Options))!.Id;
        }).ToList();
        start.Release(Writers);
        var ids = await Task.WhenAll(creations);

        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        entries.Count.ShouldBe((int)before + Writers);
        entries.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, entries.Count).Select(i => (long)i));
        for (var i = 1; i < entries.Count; i++)
        {
            entries[i].PreviousHash.ShouldBe(entries[i - 1].Hash, $"link {entries[i].Sequence}");
        }

        var created = entries.Where(e => e.EntityType == "Project" && e.Action == AuditAction.Create).Select(e => e.EntityId).ToList();
        created.Order(StringComparer.Ordinal).ShouldBe(ids.Select(id => id.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
        var report = await app.VerifyAsync();
        report.Intact.ShouldBeTrue(report.Problem);
        report.Count.ShouldBe(entries.Count);
    }
}
