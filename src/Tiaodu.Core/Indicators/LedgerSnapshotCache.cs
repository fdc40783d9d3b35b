using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Indicators;

/// <summary>
/// Keeps one <see cref="LedgerSnapshot"/> per application instance. Each read asks the database for the
/// ledger sequence (one tiny query); when it moved, only the rows stamped after the snapshot are loaded.
/// Several instances each keep their own copy and stay correct, because the sequence lives in the database.
/// </summary>
public sealed class LedgerSnapshotCache : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile LedgerSnapshot _current = LedgerSnapshot.Empty;

    public void Dispose() => _refresh.Dispose();

    /// <summary>Loads the snapshot ahead of the first question.</summary>
    public Task WarmUpAsync(TiaoduDb db, CancellationToken ct) => CurrentAsync(db, ct);

    internal async Task<LedgerSnapshot> CurrentAsync(TiaoduDb db, CancellationToken ct)
    {
        var sequence = await LedgerSequence.CurrentAsync(db, ct);
        var snapshot = _current;
        if (snapshot.Sequence == sequence)
        {
            return snapshot;
        }

        await _refresh.WaitAsync(ct);
        try
        {
            snapshot = _current;
            if (snapshot.Sequence >= sequence)
            {
                return snapshot;
            }

            var since = snapshot.Sequence;
            // Only rows stamped up to the sequence just read: later commits wait for the next refresh, so one
            // snapshot never holds half of a change.
            var projects = await db.Projects.AsNoTracking().Where(p => p.ChangeSeq > since && p.ChangeSeq <= sequence)
                .Select(p => new { p.Id, p.RegionId, p.CategoryId, p.IndustryId, p.NatureId, p.StageId, p.SectorId, p.LeaderId, p.ServiceOfficerId, p.TotalInvestment, p.LandArea, p.ExpectedOutput, p.ExpectedTax, p.InStatsOn, p.IsDeleted })
                .ToListAsync(ct);
            var lines = await db.ProjectYears.AsNoTracking().Where(y => y.ChangeSeq > since && y.ChangeSeq <= sequence)
                .Select(y => new { y.Id, y.ProjectId, y.Year, y.InPlan, y.NatureId, y.AnnualPlan, y.StartedOn, y.Ytd, y.SinceStart })
                .ToListAsync(ct);

            // Tags in a query of their own: a correlated collection per line costs seconds on a full load.
            var changedLines = db.ProjectYears.Where(y => y.ChangeSeq > since && y.ChangeSeq <= sequence).Select(y => y.Id);
            var tags = (await db.ProjectYearTags.AsNoTracking().Where(t => changedLines.Contains(t.ProjectYearId))
                    .Select(t => new { t.ProjectYearId, t.TagId }).ToListAsync(ct))
                .ToLookup(t => t.ProjectYearId, t => t.TagId);

            var regions = await db.Regions.AsNoTracking().Select(r => new { r.Id, r.Key, r.Code, r.Path }).ToListAsync(ct);
            var lookups = await db.Lookups.AsNoTracking().Select(l => new { l.Id, l.Kind, l.ParentId, l.Meaning }).ToListAsync(ct);
            var reference = new ReferenceFacts(
                [.. regions.Select(r => (r.Id, r.Key, r.Code, r.Path))],
                [.. lookups.Select(l => (l.Id, l.Kind, l.ParentId, l.Meaning))]);

            // Rows written after the sequence was read carry a higher stamp and are loaded by the next refresh.
            _current = snapshot.With(sequence, reference,
                projects.Select(p => new ProjectFacts(p.Id, p.RegionId, p.CategoryId, p.IndustryId, p.NatureId, p.StageId, p.SectorId, p.LeaderId, p.ServiceOfficerId,
                    LedgerSnapshot.Scale(p.TotalInvestment), p.LandArea is { } land ? LedgerSnapshot.Scale(land) : null,
                    LedgerSnapshot.Scale(p.ExpectedOutput ?? 0m), LedgerSnapshot.Scale(p.ExpectedTax ?? 0m), p.InStatsOn, p.IsDeleted)),
                lines.Select(y => new LineFacts(y.Id, y.ProjectId, y.Year, y.InPlan, y.NatureId, LedgerSnapshot.Scale(y.AnnualPlan ?? 0m), y.StartedOn,
                    [.. tags[y.Id]], LedgerSnapshot.Series(y.Ytd), LedgerSnapshot.Series(y.SinceStart))));
            return _current;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
