using System.Globalization;
using Tiaodu.Core.Data;
using Tiaodu.Core.Jobs;
using Tiaodu.Core.Lights;
using Tiaodu.Web.Infrastructure;

namespace Tiaodu.Web.Lights;

/// <summary>
/// Evaluates the lights once a day for the current and the previous month (deadlines pass and months end
/// without anyone changing anything). Each day is claimed in the JobRuns table, so with several app instances
/// exactly one evaluates it; a run cut off by a stopped instance is taken over when its lease ends.
/// </summary>
public sealed class LightsJob(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<LightsJob> log) : BackgroundService
{
    public const string Name = "lights.daily";

    private static readonly TimeSpan Lease = TimeSpan.FromHours(1);

    private readonly string _instance = Environment.MachineName + ":" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N")[..6];

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
                log.LogError(e, "The daily light evaluation failed; it is retried at the next check");
            }

            await Task.Delay(every, clock, stoppingToken);
        }
    }

    /// <summary>Runs today's evaluation unless this or another instance already did; true when this instance ran it.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestAuditActor>().ActAs("job:" + Name);
        var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var run = await JobRun.ClaimAsync(db, Name, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), _instance, clock, Lease, ct);
        if (run is null)
        {
            return false;
        }

        var evaluate = scope.ServiceProvider.GetRequiredService<EvaluateLights>();
        try
        {
            var current = await evaluate.HandleAsync(today.Year, today.Month, ct);
            var (py, pm) = today.Month == 1 ? (today.Year - 1, 12) : (today.Year, today.Month - 1);
            var previous = await evaluate.HandleAsync(py, pm, ct);
            run.Finish(true, string.Create(CultureInfo.InvariantCulture,
                $"{current.Year}年{current.Month}月：红灯{current.Red}个、黄灯{current.Yellow}个；{previous.Year}年{previous.Month}月：红灯{previous.Red}个、黄灯{previous.Yellow}个"),
                clock.GetUtcNow().UtcDateTime);
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
