using Microsoft.EntityFrameworkCore;

namespace Tiaodu.Core.Data;

/// <summary>
/// One counter, bumped inside every transaction that changes ledger data, and stamped on the changed rows
/// (ChangeSeq). Because the bump locks the row until commit, readers that see value N also see every row
/// stamped up to N, so in-memory indicator facts can refresh just the rows stamped after what they hold.
/// </summary>
public sealed class LedgerSequence
{
    public const int SingletonId = 1;

    public int Id { get; private set; }

    public long Value { get; private set; }

    internal static async Task<long> NextAsync(TiaoduDb db, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("UPDATE \"LedgerSequence\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1", ct);
        return await CurrentAsync(db, ct);
    }

    public static async Task<long> CurrentAsync(TiaoduDb db, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<long>("SELECT \"Value\" AS \"Value\" FROM \"LedgerSequence\" WHERE \"Id\" = 1").SingleAsync(ct);
}
