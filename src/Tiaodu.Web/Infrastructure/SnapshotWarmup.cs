using Tiaodu.Core.Data;
using Tiaodu.Core.Indicators;

namespace Tiaodu.Web.Infrastructure;

/// <summary>
/// Loads the indicator snapshot (this year's and last year's lines) in the background right after start, so the first person to open the
/// dashboard does not wait for a full load (seconds at 100,000 projects).
/// </summary>
internal sealed partial class SnapshotWarmup(IServiceScopeFactory scopes, ILogger<SnapshotWarmup> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var started = TimeProvider.System.GetTimestamp();
            var read = scope.ServiceProvider.GetRequiredService<ReadDb>();
            await scope.ServiceProvider.GetRequiredService<LedgerSnapshotCache>()
                .WarmUpAsync(read.Db, read.Ledger.Today.Year, stoppingToken);
            var milliseconds = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
            Loaded(log, milliseconds);
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            // The first request will load it instead; a failure here must not stop the application.
            WarmUpFailed(log, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Indicator snapshot loaded in {Milliseconds:F0} ms")]
    private static partial void Loaded(ILogger logger, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indicator snapshot warm-up failed; the first request will load it")]
    private static partial void WarmUpFailed(ILogger logger, Exception error);
}
