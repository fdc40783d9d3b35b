using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Jobs;

public enum JobStatus
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One run of a scheduled job for one period (a day, a month). The pair (job, period) is unique, so of several
/// app instances that try the same period only the one whose insert succeeds runs it; a run whose lease ran
/// out (its instance stopped) may be taken over.
/// </summary>
public sealed class JobRun
{
    public long Id { get; private set; }
    public string Job { get; private set; } = "";
    public string Period { get; private set; } = "";
    public string Instance { get; private set; } = "";
    public JobStatus Status { get; private set; }
    public DateTime StartedAt { get; private set; }
    public DateTime LeaseUntil { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    public string? Message { get; private set; }
    public int Attempts { get; private set; }
    public int Version { get; private set; }

    private JobRun()
    {
    }

    private JobRun(string job, string period, string instance, DateTime now, TimeSpan lease)
    {
        (Job, Period, Instance, Status, StartedAt, LeaseUntil, Attempts, Version) = (job, period, instance, JobStatus.Running, now, now + lease, 1, 1);
    }

    public void Finish(bool ok, string? message, DateTime now)
    {
        (Status, FinishedAt, Message) = (ok ? JobStatus.Succeeded : JobStatus.Failed, now, message is { Length: > 1000 } m ? m[..1000] : message);
        Version++;
    }

    /// <summary>
    /// Claims (job, period) for this instance: true when this instance is to run it now. A finished run is
    /// not repeated; a failed one is retried; a running one is taken over only after its lease ran out.
    /// </summary>
    public static async Task<JobRun?> ClaimAsync(TiaoduDb db, string job, string period, string instance, TimeProvider clock, TimeSpan lease, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.JobRuns.FirstOrDefaultAsync(r => r.Job == job && r.Period == period, ct);
        if (existing is null)
        {
            var run = new JobRun(job, period, instance, now, lease);
            db.JobRuns.Add(run);
            try
            {
                await db.SaveChangesAsync(ct);
                return run;
            }
            catch (DbUpdateException)
            {
                // Another instance inserted the same (job, period) first: it runs it.
                db.ChangeTracker.Clear();
                return null;
            }
        }

        var retry = existing.Status == JobStatus.Failed || (existing.Status == JobStatus.Running && existing.LeaseUntil < now);
        if (!retry)
        {
            return null;
        }

        db.Entry(existing).Property(r => r.Version).OriginalValue = existing.Version;
        (existing.Instance, existing.Status, existing.StartedAt, existing.LeaseUntil, existing.FinishedAt, existing.Message) = (instance, JobStatus.Running, now, now + lease, null, null);
        existing.Attempts++;
        existing.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            return existing;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }
}
