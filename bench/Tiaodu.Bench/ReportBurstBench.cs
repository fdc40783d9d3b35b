using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Bench;

/// <summary>
/// The month-end report burst against the running application, with wrk on loopback:
///   dotnet run -c Release --project bench/Tiaodu.Bench -- --reports 10000 [--pg "Host=…"]
/// A ledger of N projects on this year's plan; the executable started in its own process (scheduled jobs off);
/// N distinct submissions (PUT …/reports/{y}/{m}?submit=true, one per project — each validated, audited and
/// re-evaluating the project's lights) from 32 connections. Throughput is N over the span between the first and
/// the last stored submission; latency percentiles and errors come from wrk. Baseline in the same run: wrk reading
/// /api/me (signed in, no database write) for ten seconds on the same connections.
/// </summary>
internal static partial class ReportBurstBench
{
    private const int Threads = 4;
    private const int Connections = 32;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    public static async Task RunAsync(int submissions, string? pg)
    {
        var today = DateOnly.FromDateTime(DateTime.Now);
        Console.WriteLine($"# Report burst benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, wrk {Threads} threads / {Connections} connections");
        Console.WriteLine();
        Console.WriteLine("| provider | submissions | seconds | submissions/s | p50 ms | p95 ms | p99 ms | errors | baseline GET /api/me req/s | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var provider in pg is null ? [DatabaseProvider.Sqlite] : new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            await using var database = await BenchDatabase.CreateAsync(provider, pg);
            var (options, ids) = await LedgerAsync(database, provider, submissions, submissions, today.Year);

            var url = $"http://127.0.0.1:{FreePort()}";
            using var app = StartApp(provider, database.ConnectionString, url);
            try
            {
                var (cookie, token) = await SignInAsync(url);
                await using var db = new TiaoduDb(options);
                IQueryable<MonthlyReport> Submitted() => db.MonthlyReports.AsNoTracking().Where(r => r.Year == today.Year && r.Month == today.Month && r.Status == ReportStatus.Submitted);

                var burst = await RunWrkAsync(url, Script(ids, today, cookie, token, put: true), "600s", () => UntilStoredAsync(() => Submitted().CountAsync(), ids.Count));
                var stored = await Submitted().CountAsync();
                var done = await Submitted().Select(r => r.ProjectId).ToListAsync();
                foreach (var missing in ids.Except(done).Take(3))
                {
                    var other = await db.MonthlyReports.AsNoTracking().Where(r => r.ProjectId == missing && r.Year == today.Year && r.Month == today.Month).Select(r => r.Status.ToString()).FirstOrDefaultAsync();
                    Console.Error.WriteLine($"not stored: project {missing} ({other ?? "no report"})");
                }

                var first = await Submitted().MinAsync(r => r.SubmittedAt);
                var end = await Submitted().MaxAsync(r => r.SubmittedAt);
                var seconds = (end!.Value - first!.Value).TotalSeconds;
                var baseline = await RunWrkAsync(url, Script(ids, today, cookie, token, put: false), "10s", null);
                var baselineRate = baseline.Requests / baseline.Seconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {provider} | {stored:N0} of {ids.Count:N0} | {seconds:F1} | {stored / seconds:F0} | {burst.P50:F1} | {burst.P95:F1} | {burst.P99:F1} | {burst.Errors + (ids.Count - stored)} | {baselineRate:F0} | {stored / seconds / baselineRate:F3} |"));
            }
            finally
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }
        }
    }

    internal sealed record WrkResult(double Seconds, long Requests, int Errors, double P50, double P95, double P99);

    /// <summary>
    /// The wrk script: with <paramref name="put"/>, one submission per project — thread k takes every k-th id and
    /// stops when its share is answered; otherwise reads of /api/me. done() prints the figures on one line.
    /// </summary>
    internal static string Script(List<int> ids, DateOnly today, string cookie, string token, bool put)
    {
        var sb = new StringBuilder();
        sb.Append("local ids = {").Append(string.Join(',', ids)).AppendLine("}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"local cookie = \"{cookie}\"");
        sb.AppendLine(CultureInfo.InvariantCulture, $"local token = \"{token}\"");
        sb.AppendLine(CultureInfo.InvariantCulture, $"local put = {(put ? "true" : "false")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"local year, month, threads = {today.Year}, {today.Month}, {Threads}");
        sb.AppendLine("""
            local counter = 0
            function setup(thread)
              counter = counter + 1
              thread:set("slot", counter)
            end
            local nextIndex, sent, answered, warmed = nil, 0, 0, false
            local headers = { ["Cookie"] = cookie, ["X-CSRF-TOKEN"] = token, ["Content-Type"] = "application/json" }
            function request()
              -- wrk asks each Lua state for one request before sending anything (to check it); that one takes no id.
              if not put or not warmed then
                warmed = true
                return wrk.format("GET", "/api/me", headers)
              end
              if nextIndex == nil then nextIndex = slot end
              local i = nextIndex
              nextIndex = nextIndex + threads
              if i > #ids then
                return wrk.format("GET", "/api/me", headers)
              end
              sent = sent + 1
              local path = string.format("/api/projects/%d/reports/%d/%d?submit=true", ids[i], year, month)
              return wrk.format("PUT", path, headers, '{"investmentMonth":1,"progress":"月末集中报送","explanation":"基准测试"}')
            end
            local reported = 0
            function response(status, headers, body)
              if status >= 400 and reported < 3 then
                reported = reported + 1
                io.write("FAIL " .. status .. " " .. string.sub(body, 1, 300) .. "\n")
              end
              -- Only a submission's answer counts (it carries the report's state); the filler reads do not.
              if put and string.find(body, '"state"', 1, true) then
                answered = answered + 1
              end
              if put then
                if nextIndex ~= nil and nextIndex > #ids and answered >= sent then wrk.thread:stop() end
              end
            end
            """);
        return sb.Append(DoneLua).ToString();
    }

    /// <summary>wrk's done(): the figures on one line, which <see cref="RunWrkAsync"/> reads.</summary>
    internal const string DoneLua = """
        function done(summary, latency, requests)
          io.write(string.format("RESULT %d %d %d %.3f %.3f %.3f\n", summary.duration, summary.requests,
            summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
            latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
        end

        """;

    /// <summary>A scratch ledger of <paramref name="projects"/> projects (migrated, reference data, <see cref="ScaleData"/>); the first <paramref name="take"/> ids on this year's plan.</summary>
    internal static async Task<(DbContextOptions<TiaoduDb> Options, List<int> Ids)> LedgerAsync(BenchDatabase database, DatabaseProvider provider, int projects, int take, int year)
    {
        var builder = new DbContextOptionsBuilder<TiaoduDb>();
        new DatabaseOptions { Provider = provider, ConnectionString = database.ConnectionString }.Configure(builder);
        await using var setup = new TiaoduDb(builder.Options);
        await setup.Database.MigrateAsync();
        await new SeedReferenceData(setup).HandleAsync(CancellationToken.None);
        var conn = setup.Database.GetDbConnection();
        await conn.OpenAsync();
        await ScaleData.FillAsync(conn, provider, projects, year);
        return (builder.Options, await setup.ProjectYears.Where(y => y.Year == year).Select(y => y.ProjectId).OrderBy(x => x).Take(take).ToListAsync());
    }

    /// <summary>Every share sent: waits until the stored count reaches <paramref name="expected"/> or stops moving (then wrk is ended and prints its figures).</summary>
    internal static async Task UntilStoredAsync(Func<Task<int>> stored, int expected)
    {
        var last = -1;
        var still = 0;
        while (still < 10 && last < expected)
        {
            await Task.Delay(500);
            var count = await stored();
            (still, last) = count == last ? (still + 1, count) : (0, count);
        }
    }

    /// <summary>Runs wrk; with <paramref name="until"/>, ends it with SIGINT once that returns (wrk then prints its summary).</summary>
    internal static async Task<WrkResult> RunWrkAsync(string url, string script, string duration, Func<Task>? until, int connections = Connections)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tiaodu-burst-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var start = new ProcessStartInfo("wrk", ["-t", Threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", duration, "--timeout", "30s", "-s", file, url]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
            var output = wrk.StandardOutput.ReadToEndAsync();
            if (until is not null)
            {
                await until();
                using var interrupt = Process.Start("kill", ["-INT", wrk.Id.ToString(CultureInfo.InvariantCulture)]);
                await interrupt!.WaitForExitAsync();
            }

            await wrk.WaitForExitAsync();
            var text = await output;
            foreach (var failure in text.Split('\n').Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)))
            {
                Console.Error.WriteLine(failure);
            }

            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal)) ?? throw new InvalidOperationException("wrk printed no result:\n" + text);
            var f = line.Split(' ');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            return new WrkResult(D(1) / 1_000_000, (long)D(2), (int)D(3), D(4), D(5), D(6));
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static Process StartApp(DatabaseProvider provider, string connectionString, string url)
    {
        var dll = Path.Combine(RepoRoot(), "src", "Tiaodu.Web", "bin", "Release", "net10.0", "Tiaodu.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", url]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = provider.ToString();
        // As OPERATIONS.md advises: pools sized so that two instances stay within the server's 100 connections.
        start.Environment["Database__ConnectionString"] = provider == DatabaseProvider.Postgres
            ? new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 40 }.ConnectionString
            : connectionString;
        start.Environment["Database__DataFolder"] = Path.Combine(Path.GetTempPath(), "tiaodu-burst-data-" + Guid.NewGuid().ToString("N"));
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["Jobs__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the app did not start");
        // Warnings and errors of the instance, kept next to the results for reading after a run.
        var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(RepoRoot(), "artifacts", "bench", $"app-{new Uri(url).Port}.log")) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => log.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => log.WriteLine(e.Data);
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient();
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if (probe.GetAsync(url + "/account/login").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Thread.Sleep(500);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("the app did not start within two minutes");
    }

    /// <summary>Signs in as the demo dispatch office through the login page; returns the cookie header and the API token.</summary>
    internal static async Task<(string Cookie, string Token)> SignInAsync(string url)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
        var page = await http.GetStringAsync("/account/login");
        var form = WebUtility.HtmlDecode(FormToken().Match(page).Groups[1].Value);
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "dispatch", ["Password"] = "Tiaodu@2026", ["__RequestVerificationToken"] = form,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("login", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new InvalidOperationException("signing in failed: " + (int)response.StatusCode);
        }

        var token = JsonDocument.Parse(await http.GetStringAsync("/api/antiforgery")).RootElement.GetProperty("token").GetString()!;
        return (string.Join("; ", cookies.GetCookies(new Uri(url)).Select(c => $"{c.Name}={c.Value}")), token);
    }

    internal static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tiaodu.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
