using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Data;

/// <summary>
/// Where heavy reads go — the indicator snapshot and its SQL fallback (dashboards, rankings, bulletins) and ledger
/// exports: a streaming read replica of PostgreSQL when Database:ReadConnectionString names one, else the
/// primary. Writes never go through it (a standby refuses them); an export's audit record goes to the primary.
/// A replica is a moment behind the primary: a figure may miss a change made a second ago, never show half of one.
/// </summary>
public sealed class ReadDb(TiaoduDb db, TimeProvider clock, ICurrentUser user)
{
    /// <summary>The service key of the replica's context.</summary>
    public const string Replica = "replica";

    public TiaoduDb Db => db;

    /// <summary>The ledger filter, over the same database.</summary>
    public LedgerQueryBuilder Ledger { get; } = new(db, clock, user);
}
