using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Operations;

/// <summary>
/// With a streaming read replica configured, heavy reads (indicators, exports) are answered from it and writes go
/// to the primary: proven by pausing the replica's replay — a project saved meanwhile is in the ledger (primary)
/// but not yet in the figures or the export (replica), and appears there once replay resumes.
/// </summary>
public sealed class ReadReplicaTests
{
    [PostgresFact]
    public async Task Heavy_reads_come_from_the_replica_and_writes_go_to_the_primary()
    {
        await using var server = await DedicatedPostgres.StartAsync();
        var replica = await server.StartReplicaAsync();
        var app = new DedicatedServerApp(server, replica);
        await app.InitializeAsync();
        try
        {
            using var office = app.Api();
            var region = await app.RegionIdAsync("220104");
            var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
            async Task AddAsync(string name)
            {
                var project = await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = region, TotalInvestment = 50_000m, NatureId = nature });
                await app.SetYearAsync(project.Id, 2026, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 1_000m });
            }

            async Task<decimal?> ProjectsInFiguresAsync() =>
                (await office.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>("/api/indicators?region=220104&year=2026", Json.Options))!.Figures.Single(f => f.Key == "projects").Value;

            async Task<string> ExportAsync() => await office.GetStringAsync("/api/projects/export?region=220104&year=2026&format=csv");

            async Task WaitForAsync(decimal expected)
            {
                for (var i = 0; i < 120 && await ProjectsInFiguresAsync() != expected; i++)
                {
                    await Task.Delay(250);
                }

                (await ProjectsInFiguresAsync()).ShouldBe(expected);
            }

            await AddAsync("副本测试项目甲");
            await WaitForAsync(1m);

            // Replay paused: the replica stands still while the primary moves on.
            await using (var standby = new NpgsqlConnection(app.ReplicaConnectionString))
            {
                await standby.OpenAsync();
                await using var pause = new NpgsqlCommand("SELECT pg_wal_replay_pause()", standby);
                await pause.ExecuteNonQueryAsync();
                await using var readOnly = new NpgsqlCommand("SELECT pg_is_in_recovery()", standby);
                ((bool)(await readOnly.ExecuteScalarAsync())!).ShouldBeTrue("the replica is a read-only standby");
            }

            await AddAsync("副本测试项目乙");
            var ledger = (await office.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?region=220104&year=2026", Json.Options))!;
            ledger.Total.ShouldBe(2, "the ledger list reads the primary, where the write went");
            await Task.Delay(TimeSpan.FromSeconds(1));
            (await ProjectsInFiguresAsync()).ShouldBe(1m, "the figures come from the paused replica");
            var export = await ExportAsync();
            export.ShouldContain("副本测试项目甲");
            export.Contains("副本测试项目乙", StringComparison.Ordinal).ShouldBeFalse("the export reads the paused replica");
            (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == Core.Audit.AuditAction.Export))).ShouldBe(1, "the export's audit record went to the primary");

            await using (var standby = new NpgsqlConnection(app.ReplicaConnectionString))
            {
                await standby.OpenAsync();
                await using var resume = new NpgsqlCommand("SELECT pg_wal_replay_resume()", standby);
                await resume.ExecuteNonQueryAsync();
            }

            await WaitForAsync(2m);
            (await ExportAsync()).ShouldContain("副本测试项目乙");
            app.Errors.Where(e => e.StartsWith("Unhandled", StringComparison.Ordinal)).ShouldBeEmpty();
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }
}
