using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Bench;

/// <summary>
/// Two application instances on one PostgreSQL behind nginx on loopback, measured with wrk in one run:
///   dotnet run -c Release --project bench/Tiaodu.Bench -- --scale-out 10000 --pg "Host=…"
/// A ledger of N projects; both instances started as separate processes (scheduled jobs off); nginx balances
/// them round-robin. With 64 connections for 20 s each, through nginx: the baseline (GET /api/me, signed in, one
/// indexed lookup), the project list (random page of the filtered list), a name search, and the list again
/// against one instance directly (what the second instance adds). Then the month-end burst of report submissions
/// through nginx, and each instance's resident memory (now and at its peak).
/// </summary>
internal static class ScaleOutBench
{
    private const int Connections = 64;

    public static async Task RunAsync(int projects, string pg)
    {
        var today = DateOnly.FromDateTime(DateTime.Now);
        Console.WriteLine($"# Scale-out benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, two instances behind nginx, wrk 4 threads / {Connections} connections, 20 s per row");
        Console.WriteLine();
        await using var database = await BenchDatabase.CreateAsync(DatabaseProvider.Postgres, pg);
        var (options, ids) = await ReportBurstBench.LedgerAsync(database, DatabaseProvider.Postgres, projects, Math.Min(projects, 5_000), today.Year);

        var a = $"http://127.0.0.1:{ReportBurstBench.FreePort()}";
        var b = $"http://127.0.0.1:{ReportBurstBench.FreePort()}";
        using var first = ReportBurstBench.StartApp(DatabaseProvider.Postgres, database.ConnectionString, a);
        using var second = ReportBurstBench.StartApp(DatabaseProvider.Postgres, database.ConnectionString, b);
        var port = ReportBurstBench.FreePort();
        var (nginx, folder) = await StartNginxAsync(port, a, b);
        var front = $"http://127.0.0.1:{port}";
        try
        {
            // Signed in through nginx (on whichever instance), the cookie then opens both: the key ring is shared.
            var (cookie, token) = await ReportBurstBench.SignInAsync(front);
            var rnd = new Random(projects);
            var pages = Math.Max(1, projects / 20);
            var listPaths = Enumerable.Range(0, 200).Select(_ => $"/api/projects?year={today.Year}&page={rnd.Next(1, Math.Min(pages, 500) + 1)}&pageSize=20").ToList();
            var searchPaths = Enumerable.Range(0, 200).Select(_ => "/api/projects?q=" + Uri.EscapeDataString("规模测试项目" + rnd.Next(1, projects + 1).ToString(CultureInfo.InvariantCulture))).ToList();

            Console.WriteLine("| run | requests/s | p50 ms | p99 ms | errors | ratio to baseline |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            var baseline = await ReadAsync(front, ["/api/me"], cookie, token);
            Row("baseline GET /api/me (nginx, 2 instances)", baseline, baseline);
            Row($"project list, random page of {projects:N0} (nginx, 2 instances)", await ReadAsync(front, listPaths, cookie, token), baseline);
            Row("name search (nginx, 2 instances)", await ReadAsync(front, searchPaths, cookie, token), baseline);
            Row("baseline GET /api/me (one instance directly)", await ReadAsync(a, ["/api/me"], cookie, token), baseline);
            Row("project list (one instance directly)", await ReadAsync(a, listPaths, cookie, token), baseline);

            await using var db = new TiaoduDb(options);
            IQueryable<MonthlyReport> Submitted() => db.MonthlyReports.AsNoTracking().Where(r => r.Year == today.Year && r.Month == today.Month && r.Status == ReportStatus.Submitted);
            var burst = await ReportBurstBench.RunWrkAsync(front, ReportBurstBench.Script(ids, today, cookie, token, put: true), "600s", () => ReportBurstBench.UntilStoredAsync(() => Submitted().CountAsync(), ids.Count));
            var stored = await Submitted().CountAsync();
            var seconds = (await Submitted().MaxAsync(r => r.SubmittedAt))!.Value - (await Submitted().MinAsync(r => r.SubmittedAt))!.Value;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Month-end burst through nginx: {stored:N0} of {ids.Count:N0} submissions stored in {seconds.TotalSeconds:F1} s ({stored / seconds.TotalSeconds:F0}/s), p50 {burst.P50:F1} ms, p99 {burst.P99:F1} ms, {burst.Errors + (ids.Count - stored)} errors."));
            Console.WriteLine();
            Console.WriteLine("| instance | resident memory MB | peak resident MB |");
            Console.WriteLine("|---|---:|---:|");
            foreach (var (name, process) in new[] { ("first", first), ("second", second) })
            {
                var (rss, peak) = Memory(process);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rss:F0} | {peak:F0} |"));
            }
        }
        finally
        {
            nginx.Kill(entireProcessTree: true);
            await nginx.WaitForExitAsync();
            foreach (var app in new[] { first, second })
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Row(string name, ReportBurstBench.WrkResult r, ReportBurstBench.WrkResult baseline) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {r.Requests / r.Seconds:F0} | {r.P50:F1} | {r.P99:F1} | {r.Errors} | {r.Requests / r.Seconds / (baseline.Requests / baseline.Seconds):F2} |"));

    private static Task<ReportBurstBench.WrkResult> ReadAsync(string url, IReadOnlyList<string> paths, string cookie, string token)
    {
        var script = new StringBuilder();
        script.Append("local paths = {").AppendJoin(',', paths.Select(p => "\"" + p + "\"")).AppendLine("}");
        script.AppendLine(CultureInfo.InvariantCulture, $"local headers = {{ [\"Cookie\"] = \"{cookie}\", [\"X-CSRF-TOKEN\"] = \"{token}\" }}");
        script.AppendLine("""
            local n = 0
            function request()
              n = n + 1
              return wrk.format("GET", paths[(n % #paths) + 1], headers)
            end
            local reported = 0
            function response(status, headers, body)
              if status >= 400 and reported < 3 then
                reported = reported + 1
                io.write("FAIL " .. status .. " " .. string.sub(body, 1, 200) .. "\n")
              end
            end
            """).Append(ReportBurstBench.DoneLua);
        return ReportBurstBench.RunWrkAsync(url, script.ToString(), "20s", null, Connections);
    }

    /// <summary>nginx from the machine's packages, in the foreground, with a configuration of its own on loopback.</summary>
    private static async Task<(Process Nginx, string Folder)> StartNginxAsync(int port, params string[] upstreams)
    {
        var folder = Directory.CreateTempSubdirectory("tiaodu-nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        var servers = string.Concat(upstreams.Select(u => $"        server {new Uri(u).Authority};\n"));
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            error_log {{folder}}/logs/error.log warn;
            pid {{folder}}/nginx.pid;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                upstream tiaodu {
            {{servers}}        keepalive 64;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://tiaodu;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    }
                }
            }
            """);
        var nginx = Process.Start(new ProcessStartInfo("nginx", ["-p", folder, "-c", Path.Combine(folder, "nginx.conf")]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("nginx did not start (apt-get install nginx-light)");
        using var probe = new HttpClient();
        for (var i = 0; i < 40; i++)
        {
            try
            {
                await probe.GetAsync($"http://127.0.0.1:{port}/health/live");
                return (nginx, folder);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }

        throw new TimeoutException("nginx did not listen");
    }

    /// <summary>Resident and peak resident memory of a process, MB (Linux /proc).</summary>
    private static (double Rss, double Peak) Memory(Process process)
    {
        var status = File.ReadAllLines($"/proc/{process.Id}/status");
        double Kb(string key) => double.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return (Kb("VmRSS"), Kb("VmHWM"));
    }
}
