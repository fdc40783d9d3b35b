using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Imports;

/// <summary>
/// How many rows an import being analysed or written has done, as the instance doing it last shared it. Several
/// instances on one PostgreSQL database each answer the progress page, so the instance that runs an import shares
/// its count here about once a second; the others read it. A gauge, not a record: not audited, removed when the
/// work ends, and outside the import's own transaction (which holds its import's row locked until it commits).
/// </summary>
public sealed class RunningImport
{
    /// <summary>A ledger batch (<see cref="ImportBatch"/>).</summary>
    public const string Ledger = "ledger";

    /// <summary>A 招商台账 file (<see cref="Attraction.LeadImport"/>).</summary>
    public const string Leads = "leads";

    public string Kind { get; private set; } = "";

    public int ImportId { get; private set; }

    public int RowsDone { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    private RunningImport()
    {
    }
}

/// <summary>Writes and reads the shared counts of <see cref="RunningImport"/>.</summary>
public static class RunningImports
{
    /// <summary>A count not renewed for this long belongs to an instance that stopped, and is not shown.</summary>
    public static readonly TimeSpan StaleAfter = ImportClaims.Grace;

    /// <summary>How often an instance renews a count that has not moved, so others know it is alive.</summary>
    public static readonly TimeSpan RenewEvery = ImportClaims.HeartbeatEvery;

    /// <summary>Sets each count (null: the work ended, the count goes) in one transaction of its own.</summary>
    public static async Task WriteAsync(TiaoduDb db, IReadOnlyCollection<(string Kind, int ImportId, int? Rows)> counts, DateTime now, CancellationToken ct)
    {
        if (counts.Count == 0)
        {
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (kind, id, rows) in counts)
        {
            if (rows is { } n)
            {
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO \"RunningImports\" (\"Kind\", \"ImportId\", \"RowsDone\", \"UpdatedAt\") VALUES ({0}, {1}, {2}, {3}) " +
                    "ON CONFLICT (\"Kind\", \"ImportId\") DO UPDATE SET \"RowsDone\" = excluded.\"RowsDone\", \"UpdatedAt\" = excluded.\"UpdatedAt\"",
                    [kind, id, n, now], ct);
            }
            else
            {
                await db.RunningImports.Where(r => r.Kind == kind && r.ImportId == id).ExecuteDeleteAsync(ct);
            }
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>The shared counts of these imports that are recent enough to be alive.</summary>
    public static async Task<Dictionary<int, int>> ReadAsync(TiaoduDb db, string kind, IReadOnlyCollection<int> ids, DateTime now, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var since = now - StaleAfter;
        return await db.RunningImports.AsNoTracking()
            .Where(r => r.Kind == kind && ids.Contains(r.ImportId) && r.UpdatedAt >= since)
            .ToDictionaryAsync(r => r.ImportId, r => r.RowsDone, ct);
    }

    /// <summary>Removes counts left by instances that stopped; returns how many.</summary>
    public static Task<int> ForgetStaleAsync(TiaoduDb db, DateTime now, CancellationToken ct)
    {
        var before = now - StaleAfter;
        return db.RunningImports.Where(r => r.UpdatedAt < before).ExecuteDeleteAsync(ct);
    }
}
