using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Data;
using Tiaodu.Core.Imports;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Operations;

/// <summary>
/// The platform under the failures a server room sees: the process killed in the middle of an import, the
/// database restarted while people work. Nothing half-written, requests that fail say so cleanly, and the
/// work resumes by itself.
/// </summary>
public sealed class ReliabilityTests
{
    private static readonly string[] Counties = ["220102", "220103", "220104", "220105", "220106", "220112", "220113", "220122", "220182", "220183"];

    [Fact]
    public async Task Killing_the_executable_in_the_middle_of_an_import_writes_nothing_and_the_import_runs_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("tiaodu-kill-").FullName;
        var file = Path.Combine(folder, "重点项目台账.csv");
        const int rows = 20_000;
        const string prefix = "中断测试项目";
        var csv = new StringBuilder("项目名称,所属区域,总投资\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{prefix}{i:00000},{Counties[i % Counties.Length]},{5_000 + i}\n");
        }

        await File.WriteAllTextAsync(file, csv.ToString(), Encoding.UTF8);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = database.Provider.ToString(),
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Database__DataFolder"] = folder,
            ["Security__PersonalDataKey"] = TiaoduApp.PersonalDataKey,
        };
        try
        {
            (await Executable.RunAsync(settings, TimeSpan.FromSeconds(120), "migrate")).Code.ShouldBe(0);
            await using var db = Executable.Open(database);

            // kill -9 once the file is being written (a few chunks saved inside the one transaction).
            using (var import = Executable.Start(settings, "import", file))
            {
                var claimed = false;
                for (var i = 0; i < 1200 && !claimed && !import.HasExited; i++)
                {
                    await Task.Delay(100);
                    claimed = await db.ImportBatches.AsNoTracking().AnyAsync(b => b.Status == ImportStatus.Applying);
                }

                claimed.ShouldBeTrue("the import never reached the writing stage: " + (import.HasExited ? await import.StandardOutput.ReadToEndAsync() : "timed out"));
                await Task.Delay(TimeSpan.FromSeconds(2));
                import.HasExited.ShouldBeFalse("the import finished before it could be killed; make the file larger");
                import.Kill();
                await import.WaitForExitAsync();
            }

            (await db.Projects.CountAsync(p => p.Name.StartsWith(prefix))).ShouldBe(0, "nothing of a killed import is written");
            var dead = await db.ImportBatches.AsNoTracking().SingleAsync();
            dead.Status.ShouldBe(ImportStatus.Applying, "the dead process's claim is still there");

            // The app, started again, releases the dead claim: at start on SQLite, by its sweep on PostgreSQL (the
            // grace shortened from minutes to a second so the test need not wait).
            var port = Executable.FreePort();
            using (var app = Executable.Start(Executable.With(settings, ("Urls", $"http://127.0.0.1:{port}"), ("Imports__ClaimGraceSeconds", "1"))))
            {
                try
                {
                    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                    await Executable.WaitReadyAsync(http);
                    for (var i = 0; i < 240 && (await db.ImportBatches.AsNoTracking().SingleAsync()).Status == ImportStatus.Applying; i++)
                    {
                        await Task.Delay(250);
                    }
                }
                finally
                {
                    app.Kill(entireProcessTree: true);
                    await app.WaitForExitAsync();
                }
            }

            var released = await db.ImportBatches.AsNoTracking().SingleAsync();
            (released.Status, released.Message).ShouldBe((ImportStatus.Failed, ImportClaims.Interrupted));

            var again = await Executable.RunAsync(settings, TimeSpan.FromMinutes(5), "import", file);
            again.Code.ShouldBe(0, again.Output);
            (await db.Projects.CountAsync(p => p.Name.StartsWith(prefix))).ShouldBe(rows);
            var audit = await db.AuditEntries.CountAsync(a => a.EntityType == "Project" && a.Summary.Contains(prefix));
            audit.ShouldBe(rows, "every written project has its audit record, none from the killed run");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [PostgresFact]
    public async Task A_database_restarted_under_load_fails_requests_cleanly_then_recovers_and_loses_nothing()
    {
        await using var server = await DedicatedPostgres.StartAsync();
        var app = new DedicatedServerApp(server);
        await app.InitializeAsync();
        try
        {
            var region = await app.RegionIdAsync("220102");
            var statuses = new ConcurrentBag<(string Kind, HttpStatusCode Status)>();
            var acknowledged = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();

            // Signed in before the restart: a sign-in cut by it would stop the worker, not be a request answered.
            var clients = Enumerable.Range(0, 6).Select(_ => app.Api()).ToList();
            foreach (var c in clients)
            {
                (await c.GetAsync("/api/me")).EnsureSuccessStatusCode();
            }

            var workers = clients.Select((client, worker) => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var name = $"重启测试活动{worker}-{i}";
                    var write = await client.PostAsJsonAsync("/api/attraction-events",
                        new AttractionApi.EventBody(new EventInput(EventKind.Outbound, name, new DateOnly(2026, 5, 1), "天津", region, null)), Json.Options);
                    statuses.Add(("write", write.StatusCode));
                    if (write.IsSuccessStatusCode)
                    {
                        acknowledged.Add(name);
                    }

                    var read = await client.GetAsync("/api/attraction-events?year=2026");
                    statuses.Add(("read", read.StatusCode));
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(3));
            var before = statuses.Count;
            await server.RestartAsync();
            using var probe = app.Anonymous();
            for (var i = 0; i < 120 && (await probe.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK; i++)
            {
                await Task.Delay(250);
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            stop.Cancel();
            await Task.WhenAll(workers);
            clients.ForEach(c => c.Dispose());

            statuses.Count.ShouldBeGreaterThan(before, "the load went on through the restart");
            var failures = statuses.Where(s => (int)s.Status >= 400).ToList();
            failures.ShouldAllBe(s => s.Status == HttpStatusCode.ServiceUnavailable, "a request cut by the restart is answered 503, never 500: " + string.Join("\n", app.Errors.Where(e => e.StartsWith("Unhandled", StringComparison.Ordinal)).Take(2)));
            failures.ShouldNotBeEmpty("the restart cut some requests");

            // Recovered: every request succeeds again, and every write that was acknowledged is there.
            using var after = app.Api();
            for (var i = 0; i < 10; i++)
            {
                (await after.GetAsync("/api/attraction-events?year=2026")).StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            var stored = await app.WithDbAsync(db => db.AttractionEvents.Where(e => e.Name.StartsWith("重启测试活动")).Select(e => e.Name).ToListAsync());
            acknowledged.ShouldBeSubsetOf(stored);
            acknowledged.Count.ShouldBeGreaterThan(0);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }
}
