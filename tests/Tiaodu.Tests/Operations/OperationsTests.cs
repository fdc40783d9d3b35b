using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Infrastructure;

namespace Tiaodu.Tests.Operations;

/// <summary>
/// What an operator relies on: liveness and readiness, Prometheus metrics for this host only, a request id on
/// every answer, a schema check before start (older or newer than the build is refused), and one app instance
/// per SQLite file — the last two proven on the real executable.
/// </summary>
public sealed class OperationsTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    [Fact]
    public async Task Health_metrics_and_request_ids_answer_the_monitoring_system()
    {
        using var anonymous = app.Anonymous();
        var live = await anonymous.GetAsync("/health/live");
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await live.Content.ReadAsStringAsync()).ShouldBe("ok");
        live.Headers.GetValues(Telemetry.RequestIdHeader).Single().ShouldNotBeNullOrWhiteSpace();
        var ready = await anonymous.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);

        await anonymous.GetAsync("/health/live");
        foreach (var made in new[] { "BREW", "WHEN" })
        {
            using var odd = new HttpRequestMessage(new HttpMethod(made), "/health/live");
            await anonymous.SendAsync(odd);
        }

        var metrics = await anonymous.GetAsync("/metrics");
        metrics.StatusCode.ShouldBe(HttpStatusCode.OK);
        metrics.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var text = await metrics.Content.ReadAsStringAsync();
        text.ShouldContain("tiaodu_http_requests_total{method=\"GET\",route=\"/health/live\",status=\"200\"}");
        text.ShouldContain("tiaodu_http_request_duration_seconds_bucket{method=\"GET\",route=\"/health/live\",status=\"200\",le=\"+Inf\"}");
        text.ShouldContain("tiaodu_lights{color=\"red\"}");
        text.ShouldContain("process_resident_memory_bytes ");
        text.ShouldNotContain("BREW");
        text.Split('\n').Where(l => l.StartsWith("tiaodu_http_requests_total{method=\"OTHER\"", StringComparison.Ordinal)).ShouldHaveSingleItem(text).ShouldEndWith(" 2");
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            line.ShouldMatch(@"^[a-z_]+(\{.*\})? -?[0-9.E+-]+$");
        }

        // Through the load balancer (a forwarded request) the metrics are not there.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.9");
        (await anonymous.SendAsync(forwarded)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_schema_check_refuses_an_older_or_newer_schema()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = Executable.Open(database);
        var older = await Should.ThrowAsync<StartupRefusedException>(() => StartupChecks.CheckSchemaAsync(db, migrateOnStart: false, CancellationToken.None));
        older.Message.ShouldContain("migrate");
        await StartupChecks.CheckSchemaAsync(db, migrateOnStart: true, CancellationToken.None);

        await db.Database.MigrateAsync();
        await StartupChecks.CheckSchemaAsync(db, migrateOnStart: false, CancellationToken.None);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('299912310001_FromTheFuture', '10.0.0')");
        var newer = await Should.ThrowAsync<StartupRefusedException>(() => StartupChecks.CheckSchemaAsync(db, migrateOnStart: true, CancellationToken.None));
        newer.Message.ShouldContain("299912310001_FromTheFuture");
    }

    [Fact]
    public void A_sqlite_file_is_held_by_one_instance()
    {
        var file = Path.Combine(Path.GetTempPath(), "tiaodu-lock-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (SqliteInstanceLock.Acquire(file))
            {
                Should.Throw<StartupRefusedException>(() => SqliteInstanceLock.Acquire(file)).Message.ShouldContain("只能运行一个实例");
            }

            using (SqliteInstanceLock.Acquire(file))
            {
            }
        }
        finally
        {
            File.Delete(file + ".lock");
        }
    }

    [Fact]
    public async Task The_executable_waits_for_migrate_and_a_second_sqlite_instance_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("tiaodu-ops-").FullName;
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Database__Provider"] = database.Provider.ToString(),
                ["Database__ConnectionString"] = database.ConnectionString,
                ["Database__DataFolder"] = folder,
                ["Jobs__Enabled"] = "false",
                ["Security__PersonalDataKey"] = Convert.ToBase64String(new byte[32]),
            };

            // Production start: migrations are the migrate verb's; the app refuses an older schema.
            var refused = await Executable.RunAsync(Executable.With(settings, ("Database__MigrateOnStart", "false")), TimeSpan.FromSeconds(60));
            refused.Code.ShouldBe(3, refused.Output);
            refused.Output.ShouldContain("请先运行 migrate");

            var migrate = await Executable.RunAsync(settings, TimeSpan.FromSeconds(120), "migrate");
            migrate.Code.ShouldBe(0, migrate.Output);

            var port = Executable.FreePort();
            using var first = Executable.Start(Executable.With(settings, ("Database__MigrateOnStart", "false"), ("Urls", $"http://127.0.0.1:{port}")));
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                await Executable.WaitReadyAsync(http);
                var second = await Executable.RunAsync(Executable.With(settings, ("Urls", $"http://127.0.0.1:{Executable.FreePort()}")), TimeSpan.FromSeconds(60));
                if (database.Provider == DatabaseProvider.Sqlite)
                {
                    second.Code.ShouldBe(3, second.Output);
                    second.Output.ShouldContain("只能运行一个实例");

                    // Nor may the schema be migrated beneath the running instance.
                    var underRunning = await Executable.RunAsync(settings, TimeSpan.FromSeconds(60), "migrate");
                    underRunning.Code.ShouldBe(1, underRunning.Output);
                    underRunning.Output.ShouldContain("只能运行一个实例");
                }
                else
                {
                    second.Code.ShouldBe(-1, "on PostgreSQL a second instance starts and keeps running: " + second.Output);
                }

                (await http.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
            }
            finally
            {
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_backup_restored_into_an_empty_database_gives_back_every_table_and_the_audit_chain()
    {
        // Some business data and audit records to carry over.
        using var office = app.Api();
        (await office.PostAsJsonAsync("/api/attraction-events", new Tiaodu.Web.Api.AttractionApi.EventBody(
            new Core.Attraction.EventInput(Core.Attraction.EventKind.Outbound, "备份测试赴津招商", new DateOnly(2026, 5, 1), "天津", await app.RegionIdAsync("220102"), null)),
            Json.Options)).EnsureSuccessStatusCode();
        var file = Path.Combine(Path.GetTempPath(), "tiaodu-backup-" + Guid.NewGuid().ToString("N") + ".bak");
        await using var target = await TestDatabase.CreateAsync();
        try
        {
            var (code, output, errors) = await app.RunVerbAsync("backup", file);
            code.ShouldBe(0, output + errors);
            var before = await app.WithDbAsync(db => DatabaseFingerprint.ComputeAsync(db, CancellationToken.None));
            before["AttractionEvents"].ShouldNotStartWith("0:");

            var printed = output.Split('\n').Select(l => l.Trim().Split(' ')).Where(p => p.Length == 2 && before.ContainsKey(p[0])).ToDictionary(p => p[0], p => p[1]);
            printed.Count.ShouldBe(before.Count, output);
            (await app.RunVerbAsync("backup", file)).Code.ShouldBe(2, "an existing backup is never overwritten");

            var restored = await Executable.RunAsync(new Dictionary<string, string>
            {
                ["Database__Provider"] = target.Provider.ToString(),
                ["Database__ConnectionString"] = target.ConnectionString,
                ["Security__PersonalDataKey"] = TiaoduApp.PersonalDataKey,
            }, TimeSpan.FromSeconds(120), "restore", file);
            restored.Code.ShouldBe(0, restored.Output);
            restored.Output.ShouldContain("审计链完整");

            await using var db = Executable.Open(target);
            var after = await DatabaseFingerprint.ComputeAsync(db, CancellationToken.None);
            after.Keys.ShouldBe(before.Keys);
            foreach (var (table, hash) in before)
            {
                after[table].ShouldBe(hash, table);

                // What the backup printed describes the file it wrote, as restored.
                printed[table].ShouldBe(after[table], table);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
