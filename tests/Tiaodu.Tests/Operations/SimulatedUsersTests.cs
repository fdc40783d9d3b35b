using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using Tiaodu.Core.Attraction;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;
using Xunit.Abstractions;

namespace Tiaodu.Tests.Operations;

/// <summary>
/// Simulated users on two instances sharing one database, each with a session of its own, signed in as the
/// demo roles: they page and search the ledger, open projects, read the figures, lights, reports and problems,
/// open the pages, and the dispatch office registers events — with two to eight seconds between steps, as people
/// read what they opened. Zero
/// errors. CI runs 200 users for 30 seconds; TIAODU_LOAD_USERS and TIAODU_LOAD_SECONDS make the long run.
/// </summary>
public sealed class SimulatedUsersTests(DemoApp app, ITestOutputHelper output) : IClassFixture<DemoApp>
{
    private static readonly string[] Accounts = ["dispatch", "city.leader", "district.leader", "taskforce", "officer", "department", "enterprise", "supervision"];

    [Fact]
    public async Task Two_hundred_users_on_two_instances_get_no_errors()
    {
        var users = int.Parse(Environment.GetEnvironmentVariable("TIAODU_LOAD_USERS") ?? "200", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Environment.GetEnvironmentVariable("TIAODU_LOAD_SECONDS") ?? "30", CultureInfo.InvariantCulture);
        await using var second = app.StartSecondInstance();
        using (var probe = second.Anonymous())
        {
            (await probe.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        }

        var region = await app.RegionIdAsync("220104");
        var projects = await app.WithDbAsync(db => Task.FromResult(db.Projects.Where(p => !p.IsDeleted).Select(p => p.Id).Take(50).ToList()));
        var errors = new ConcurrentQueue<string>();
        var served = new long[2];
        var steps = 0L;
        var timings = new ConcurrentQueue<(string Path, double Ms)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));

        async Task UserAsync(int n)
        {
            var instance = n % 2;
            var account = Accounts[n % Accounts.Length];
            using var client = instance == 0 ? app.ClientFor(account) : second.ClientFor(account);
            var random = new Random(n);

            // People arrive over the first quarter of the run rather than all in one instant.
            await Task.Delay(TimeSpan.FromSeconds(seconds / 4.0 * n / users));
            while (!stop.IsCancellationRequested)
            {
                var project = projects[random.Next(projects.Count)];
                var (method, path) = random.Next(12) switch
                {
                    0 => ("GET", $"/api/projects?year=2026&page={random.Next(1, 4)}"),
                    1 => ("GET", "/api/projects?q=" + Uri.EscapeDataString(Pick(random, "项目", "产业园", "长春", "基地"))),
                    2 => ("GET", $"/api/projects/{project}"),
                    3 => ("GET", "/api/indicators?year=2026"),
                    4 => ("GET", "/api/lights/?year=2026"),
                    5 => ("GET", "/api/reports/?year=2026&month=10"),
                    6 => ("GET", "/api/problems"),
                    7 => ("GET", "/api/me"),
                    8 => ("GET", "/projects"),
                    9 => ("GET", "/"),
                    10 => ("GET", "/api/attraction-events?year=2026"),
                    _ => account == "dispatch" ? ("POST", "/api/attraction-events") : ("GET", "/lights"),
                };
                var began = System.Diagnostics.Stopwatch.GetTimestamp();
                using var response = method == "POST"
                    ? await client.PostAsJsonAsync(path, new AttractionApi.EventBody(new EventInput(EventKind.Inbound,
                        $"模拟用户{n}来访{Interlocked.Increment(ref steps)}", new DateOnly(2026, 11, 20), "天津", region, null)), Json.Options)
                    : await client.GetAsync(path);
                Interlocked.Increment(ref served[instance]);
                timings.Enqueue((path.Split('?')[0], System.Diagnostics.Stopwatch.GetElapsedTime(began).TotalMilliseconds));
                Interlocked.Increment(ref steps);

                // A page the role may not open (a 403 or a 404 outside the jurisdiction) is the platform working; anything else is an error.
                if ((int)response.StatusCode >= 500 || response.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Conflict)
                {
                    errors.Enqueue($"{account} {method} {path} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                try
                {
                    await Task.Delay(random.Next(2_000, 8_000), stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, users).Select(n => Task.Run(() => UserAsync(n))));

        // What the run did, for the record (shown with the console logger at detailed verbosity).
        var all = timings.Select(t => t.Ms).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{users} users, {seconds} s: {all.Count} requests ({served[0]} + {served[1]} per instance), {errors.Count} errors, p50 {all[all.Count / 2]:F0} ms, p99 {all[(int)(all.Count * 0.99)]:F0} ms, max {all[^1]:F0} ms"));
        errors.ShouldBeEmpty(string.Join("\n", errors.Take(10)));
        served[0].ShouldBeGreaterThan(users, "the first instance served its users: " + string.Join("; ", timings.GroupBy(t => t.Path.StartsWith("/api/projects/", StringComparison.Ordinal) ? "/api/projects/{id}" : t.Path).Select(g => $"{g.Key} n={g.Count()} avg={g.Average(x => x.Ms):F0} max={g.Max(x => x.Ms):F0}")));
        served[1].ShouldBeGreaterThan(users, "the second instance served its users");
    }

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];
}
