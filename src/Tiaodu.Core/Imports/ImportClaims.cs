using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Imports;

/// <summary>
/// Claims on import work that nobody is doing any more. An instance that claims a ledger batch or a 招商台账 file
/// and then dies (killed, its database connection cut) leaves it "being analysed" or "being written" with its
/// transaction rolled back. On PostgreSQL a write holds its import's row locked until it commits, so any instance
/// can tell a live claim from a dead one: a claim older than <see cref="Grace"/> whose row it can lock is released —
/// a write is marked failed (nothing was written; it can be confirmed again) and an analysis goes back to the queue.
/// SQLite has one instance, which releases its own claims when it starts.
/// </summary>
public static class ImportClaims
{
    /// <summary>
    /// How long a claim may go without its row being held — the time between the claim and the start of the write
    /// transaction, or between two heartbeats of an analysis (<see cref="HeartbeatEvery"/>). Setting Imports:ClaimGraceSeconds.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    /// <summary>How often a running analysis (which holds no row) renews its claim.</summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromMinutes(1);

    public const string Interrupted = "导入被中断（服务停止或连接断开）；未写入任何数据，可以重新确认导入";

    /// <summary>Holds the import's row for the rest of the caller's transaction, so other instances see the claim is alive.</summary>
    public static async Task HoldAsync(TiaoduDb db, string table, int id, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            var sql = table switch
            {
                "ImportBatches" => "SELECT 1 FROM \"ImportBatches\" WHERE \"Id\" = {0} FOR UPDATE",
                "LeadImports" => "SELECT 1 FROM \"LeadImports\" WHERE \"Id\" = {0} FOR UPDATE",
                _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not an import table."),
            };
            await db.Database.ExecuteSqlRawAsync(sql, [id], ct);
        }
    }

    /// <summary>Releases the claims older than <paramref name="grace"/> that no transaction holds; returns how many. PostgreSQL only (SQLite: <see cref="ReleaseAllAsync"/> at start).</summary>
    public static async Task<int> ReleaseStaleAsync(TiaoduDb db, DateTime now, TimeSpan grace, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return 0;
        }

        var before = now - grace;
        var batches = await db.ImportBatches.AsNoTracking()
            .Where(b => (b.Status == ImportStatus.Applying || b.Status == ImportStatus.Analysing) && (b.ClaimedAt == null || b.ClaimedAt < before))
            .Select(b => b.Id).ToListAsync(ct);
        var leadImports = await db.LeadImports.AsNoTracking()
            .Where(i => i.Status == LeadImportStatus.Applying && (i.ClaimedAt == null || i.ClaimedAt < before))
            .Select(i => i.Id).ToListAsync(ct);
        var released = 0;
        foreach (var id in batches)
        {
            released += await ReleaseAsync(db, "ImportBatches", id, async () =>
            {
                // Checked again under the lock: the claim may have been renewed or released since it was picked.
                var batch = await db.ImportBatches.FirstAsync(b => b.Id == id, ct);
                if (batch.ClaimedAt >= before)
                {
                    return (null, null);
                }

                return Release(batch) ? (nameof(ImportBatch), batch.FileName) : (null, null);
            }, ct);
        }

        foreach (var id in leadImports)
        {
            released += await ReleaseAsync(db, "LeadImports", id, async () =>
            {
                var import = await db.LeadImports.FirstAsync(i => i.Id == id, ct);
                if (import.Status != LeadImportStatus.Applying || import.ClaimedAt >= before)
                {
                    return (null, null);
                }

                import.Fail(Interrupted);
                return (nameof(LeadImport), import.FileName);
            }, ct);
        }

        return released;
    }

    private static async Task<int> ReleaseAsync(TiaoduDb db, string table, int id, Func<Task<(string? Type, string? File)>> release, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sql = table switch
        {
            "ImportBatches" => "SELECT \"Id\" AS \"Value\" FROM \"ImportBatches\" WHERE \"Id\" = {0} FOR UPDATE SKIP LOCKED",
            "LeadImports" => "SELECT \"Id\" AS \"Value\" FROM \"LeadImports\" WHERE \"Id\" = {0} FOR UPDATE SKIP LOCKED",
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not an import table."),
        };
        var free = await db.Database.SqlQueryRaw<int>(sql, id).ToListAsync(ct);
        if (free.Count == 0)
        {
            return 0;
        }

        var (type, file) = await release();
        if (!db.ChangeTracker.HasChanges())
        {
            return 0;
        }

        await db.SaveChangesAsync(ct);
        if (type is not null)
        {
            await db.RecordAuditAsync(AuditAction.Import, type, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"导入「{file}」被中断，已标记为失败（未写入任何数据）", AuditResult.Failure, ct);
        }

        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return 1;
    }

    /// <summary>Renews a running analysis's claim, so a sweep knows it is alive (an analysis holds no row).</summary>
    public static Task RenewAsync(TiaoduDb db, int batchId, DateTime now, CancellationToken ct) =>
        db.ImportBatches.Where(b => b.Id == batchId && b.Status == ImportStatus.Analysing).ExecuteUpdateAsync(u => u.SetProperty(b => b.ClaimedAt, now), ct);

    /// <summary>At the start of the only instance (SQLite): every claim is dead — analyses go back to the queue, writes are failed.</summary>
    public static async Task ReleaseAllAsync(TiaoduDb db, CancellationToken ct)
    {
        foreach (var batch in await db.ImportBatches.Where(b => b.Status == ImportStatus.Applying || b.Status == ImportStatus.Analysing).ToListAsync(ct))
        {
            Release(batch);
        }

        foreach (var import in await db.LeadImports.Where(i => i.Status == LeadImportStatus.Applying).ToListAsync(ct))
        {
            import.Fail(Interrupted);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>An analysis goes back to the queue, a write is failed (true: something to audit); any other state is left alone.</summary>
    private static bool Release(ImportBatch batch)
    {
        if (batch.Status == ImportStatus.Analysing)
        {
            batch.Interrupted();
        }
        else if (batch.Status == ImportStatus.Applying)
        {
            batch.Fail(Interrupted);
            return true;
        }

        return false;
    }
}
