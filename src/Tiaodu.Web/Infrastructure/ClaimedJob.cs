using System.Globalization;
using Tiaodu.Core.Data;
using Tiaodu.Core.Jobs;

namespace Tiaodu.Web.Infrastructure;

/// <summary>
/// Scheduled work that runs once per period across app instances: every few minutes (Jobs:CheckMinutes) an
/// instance asks whether the work is due, claims the period in JobRuns (only one instance's claim succeeds;
/// a run cut off by a stopped instance is taken over when its lease ends), runs it and records the result.
/// Off when Jobs:Enabled is false; tests call <see cref="RunOnceAsync"/> themselves.
/// </summary>
public abstract class ClaimedJob(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger log) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromHours(1);

    private readonly string _instance = Environment.MachineName + ":" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The job's name in JobRuns.</summary>
    protected abstract string JobName { get; }

    /// <summary>The period to run for today ("2026-12-04", "2026-12"), or null when nothing is due today.</summary>
    protected abstract Task<string?> DuePeriodAsync(IServiceProvider services, DateOnly today, CancellationToken ct);

    /// <summary>Does the work; returns the summary recorded with the run.</summary>
    protected abstract Task<string> WorkAsync(IServiceProvider services, DateOnly today, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Jobs:Enabled", true))
        {
            return;
        }

        var every = TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Jobs:CheckMinutes", 10)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Scheduled job {Job} failed; it is retried at the next check", JobName);
            }

            await Task.Delay(every, clock, stoppingToken);
        }
    }

    /// <summary>Runs the work if it is due and no instance ran it for this period yet; true when this instance ran it.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<RequestAuditActor>().ActAs("job:" + JobName);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (await DuePeriodAsync(services, today, ct) is not { } period)
        {
            return false;
        }

        var db = services.GetRequiredService<TiaoduDb>();
        var run = await JobRun.ClaimAsync(db, JobName, period, _instance, clock, Lease, ct);
        if (run is null)
        {
            return false;
        }

        try
        {
            run.Finish(true, await WorkAsync(services, today, ct), clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            db.Attach(run);
            run.Finish(false, e.GetType().Name + ": " + e.Message, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        await db.SaveChangesAsync(ct);
        return true;
    }
}
