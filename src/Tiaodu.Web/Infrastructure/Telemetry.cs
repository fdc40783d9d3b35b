using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Web.Infrastructure;

/// <summary>
/// Requests counted and timed per route pattern (never per URL, so the series stay few), kept in memory for the
/// Prometheus scrape of this instance.
/// </summary>
public sealed class RequestMetrics
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private sealed class Series
    {
        public readonly long[] Counts = new long[Buckets.Length + 1];
        public long Total;
        public double Sum;
    }

    private readonly ConcurrentDictionary<(string Method, string Route, int Status), Series> _series = new();

    public void Record(string method, string route, int status, double seconds)
    {
        var s = _series.GetOrAdd((KnownMethod(method), route, status), _ => new Series());
        var bucket = Array.FindIndex(Buckets, b => seconds <= b);
        lock (s)
        {
            s.Counts[bucket < 0 ? Buckets.Length : bucket]++;
            s.Total++;
            s.Sum += seconds;
        }
    }

    public void Write(StringBuilder text)
    {
        var rows = _series.OrderBy(r => r.Key.Route, StringComparer.Ordinal).ThenBy(r => r.Key.Method, StringComparer.Ordinal).ThenBy(r => r.Key.Status).ToList();
        text.Append("# HELP tiaodu_http_requests_total HTTP requests answered by this instance.\n# TYPE tiaodu_http_requests_total counter\n");
        foreach (var (key, s) in rows)
        {
            lock (s)
            {
                text.Append(CultureInfo.InvariantCulture, $"tiaodu_http_requests_total{{{Labels(key)}}} {s.Total}\n");
            }
        }

        text.Append("# HELP tiaodu_http_request_duration_seconds Time to answer a request.\n# TYPE tiaodu_http_request_duration_seconds histogram\n");
        foreach (var (key, s) in rows)
        {
            lock (s)
            {
                long cumulative = 0;
                for (var i = 0; i < Buckets.Length; i++)
                {
                    cumulative += s.Counts[i];
                    text.Append(CultureInfo.InvariantCulture, $"tiaodu_http_request_duration_seconds_bucket{{{Labels(key)},le=\"{Buckets[i]}\"}} {cumulative}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"tiaodu_http_request_duration_seconds_bucket{{{Labels(key)},le=\"+Inf\"}} {s.Total}\n");
                text.Append(CultureInfo.InvariantCulture, $"tiaodu_http_request_duration_seconds_sum{{{Labels(key)}}} {s.Sum}\n");
                text.Append(CultureInfo.InvariantCulture, $"tiaodu_http_request_duration_seconds_count{{{Labels(key)}}} {s.Total}\n");
            }
        }
    }

    /// <summary>A client may send any method name; only the standard ones get series of their own, so the label set stays bounded.</summary>
    internal static string KnownMethod(string method) => method switch
    {
        "GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS" => method,
        _ => "OTHER",
    };

    private static string Labels((string Method, string Route, int Status) key) =>
        $"method=\"{key.Method}\",route=\"{Escape(key.Route)}\",status=\"{key.Status}\"";

    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>
/// Operations endpoints and plumbing: liveness and readiness for the load balancer, Prometheus metrics for the
/// monitoring system (from this host only, or with the configured token), and a request id on every answer that
/// the JSON logs carry too.
/// </summary>
internal static class Telemetry
{
    public const string RequestIdHeader = "X-Request-Id";

    public static IServiceCollection AddTiaoduTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<RequestMetrics>();
        return services;
    }

    /// <summary>Times every request by its route pattern and tells the caller the request id the logs use.</summary>
    public static IApplicationBuilder UseTiaoduTelemetry(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<RequestMetrics>();
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[RequestIdHeader] = context.TraceIdentifier;
                return Task.CompletedTask;
            });
            var failed = false;
            try
            {
                await next(context);
            }
            catch
            {
                failed = true;
                throw;
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.Record(context.Request.Method, route, failed ? 500 : context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        });
    }

    public static void MapTiaoduOperations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Text("ok"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health/ready", async (TiaoduDb db, CancellationToken ct) =>
            {
                var (ready, reason) = await ReadinessAsync(db, ct);
                return ready ? Results.Text("ready") : Results.Text(reason, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/metrics", async (HttpContext http, TiaoduDb db, RequestMetrics requests, IConfiguration configuration, CancellationToken ct) =>
            {
                if (!MayScrape(http, configuration["Metrics:Token"]))
                {
                    return Results.NotFound();
                }

                var text = new StringBuilder();
                requests.Write(text);
                await WriteBusinessAsync(text, db, ct);
                WriteProcess(text);
                return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>Ready when the database answers and its schema is exactly the one this build expects.</summary>
    public static async Task<(bool Ready, string Reason)> ReadinessAsync(TiaoduDb db, CancellationToken ct)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct))
            {
                return (false, "database unreachable");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            return pending == 0 ? (true, "") : (false, $"{pending} migrations pending");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (false, "database unreachable");
        }
    }

    /// <summary>Metrics are for the monitoring system: a direct request from this host, or one bearing the configured token.</summary>
    private static bool MayScrape(HttpContext http, string? token)
    {
        if (!string.IsNullOrEmpty(token))
        {
            var given = http.Request.Headers.Authorization.ToString();
            return given.Length == token.Length + 7 && given.StartsWith("Bearer ", StringComparison.Ordinal)
                && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given[7..]), Encoding.UTF8.GetBytes(token));
        }

        var remote = http.Connection.RemoteIpAddress;
        return (remote is null || IPAddress.IsLoopback(remote)) && !http.Request.Headers.ContainsKey("X-Forwarded-For");
    }

    /// <summary>What the platform holds now: imports by state, scheduled job runs by outcome, this month's lights.</summary>
    private static async Task WriteBusinessAsync(StringBuilder text, TiaoduDb db, CancellationToken ct)
    {
        var ledger = await db.ImportBatches.AsNoTracking().GroupBy(b => b.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var leads = await db.LeadImports.AsNoTracking().GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        text.Append("# HELP tiaodu_imports Import batches by kind and state.\n# TYPE tiaodu_imports gauge\n");
        foreach (var row in ledger.OrderBy(r => r.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"tiaodu_imports{{kind=\"ledger\",status=\"{row.Key}\"}} {row.Count}\n");
        }

        foreach (var row in leads.OrderBy(r => r.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"tiaodu_imports{{kind=\"leads\",status=\"{row.Key}\"}} {row.Count}\n");
        }

        var jobs = await db.JobRuns.AsNoTracking().GroupBy(r => new { r.Job, r.Status }).Select(g => new { g.Key.Job, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        text.Append("# HELP tiaodu_job_runs Scheduled job runs by job and outcome.\n# TYPE tiaodu_job_runs gauge\n");
        foreach (var row in jobs.OrderBy(r => r.Job, StringComparer.Ordinal).ThenBy(r => r.Status))
        {
            text.Append(CultureInfo.InvariantCulture, $"tiaodu_job_runs{{job=\"{RequestMetrics.Escape(row.Job)}\",status=\"{row.Status}\"}} {row.Count}\n");
        }

        var latest = await db.ProjectLights.AsNoTracking().OrderByDescending(l => l.Year).ThenByDescending(l => l.Month).Select(l => new { l.Year, l.Month }).FirstOrDefaultAsync(ct);
        text.Append("# HELP tiaodu_lights Warning lights of the latest evaluated month, not exempted, by colour.\n# TYPE tiaodu_lights gauge\n");
        foreach (var color in new[] { Core.Lights.LightColor.Red, Core.Lights.LightColor.Yellow })
        {
            var count = latest is null ? 0 : await db.ProjectLights.AsNoTracking()
                .CountAsync(l => l.Year == latest.Year && l.Month == latest.Month && l.Color == color && l.ExemptionId == null, ct);
            text.Append(CultureInfo.InvariantCulture, $"tiaodu_lights{{color=\"{color.ToString().ToLowerInvariant()}\"}} {count}\n");
        }
    }

    private static void WriteProcess(StringBuilder text)
    {
        using var process = Process.GetCurrentProcess();
        text.Append("# TYPE process_resident_memory_bytes gauge\n").Append(CultureInfo.InvariantCulture, $"process_resident_memory_bytes {process.WorkingSet64}\n");
        text.Append("# TYPE process_cpu_seconds_total counter\n").Append(CultureInfo.InvariantCulture, $"process_cpu_seconds_total {process.TotalProcessorTime.TotalSeconds}\n");
        text.Append("# TYPE dotnet_gc_heap_bytes gauge\n").Append(CultureInfo.InvariantCulture, $"dotnet_gc_heap_bytes {GC.GetTotalMemory(false)}\n");
        text.Append("# TYPE process_start_time_seconds gauge\n")
            .Append(CultureInfo.InvariantCulture, $"process_start_time_seconds {new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds()}\n");
    }
}
