using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tiaodu.Core.Audit;

/// <summary>
/// Appends to the chain inside the caller's transaction. The head row is locked before it is read
/// (SELECT … FOR UPDATE on PostgreSQL; on SQLite the write transaction already excludes other writers and
/// a no-op UPDATE makes sure of it), so concurrent appenders queue and each links to the true last record.
/// Rows are written with plain INSERTs: nothing in the application ever updates or deletes them.
/// </summary>
internal static class AuditChain
{
    private static readonly string[] Columns =
        ["Sequence", "At", "Actor", "RemoteAddress", "Action", "EntityType", "EntityId", "Summary", "Before", "After", "Result", "PreviousHash", "Hash"];

    private static readonly string InsertHead = $"INSERT INTO \"AuditEntries\" ({string.Join(", ", Columns.Select(c => "\"" + c + "\""))}) VALUES ";

    public sealed record Head(long LastSequence, string LastHash);

    public static async Task<Head> LockHeadAsync(DbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            await ExecuteAsync(db, "UPDATE \"AuditHead\" SET \"LastSequence\" = \"LastSequence\" WHERE \"Id\" = 1", [], ct);
        }

        var sql = "SELECT \"LastSequence\", \"LastHash\" FROM \"AuditHead\" WHERE \"Id\" = 1" + (db.Database.IsNpgsql() ? " FOR UPDATE" : "");
        await using var cmd = Command(db, sql, []);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("The audit head row is missing; run the migrations.");
        }

        return new Head(reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>Chains the events after <paramref name="head"/>, writes them and moves the head; returns the new head.</summary>
    public static async Task<Head> AppendAsync(DbContext db, Head head, IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        var linked = Link(head, events);
        await WriteAsync(db, linked, ct);
        return linked.After;
    }

    /// <summary>Records chained after a head, not written yet, and the head they leave.</summary>
    public sealed record Linked(IReadOnlyList<AuditEntry> Entries, Head After);

    /// <summary>Hashes the events into records after <paramref name="head"/>; touches no database, so it may run beside other work of the same transaction.</summary>
    public static Linked Link(Head head, IReadOnlyList<AuditEvent> events)
    {
        var (sequence, previous) = (head.LastSequence, head.LastHash);
        var entries = new List<AuditEntry>(events.Count);
        foreach (var e in events)
        {
            var entry = new AuditEntry(e, ++sequence, previous);
            previous = entry.Hash;
            entries.Add(entry);
        }

        return new Linked(entries, new Head(sequence, previous));
    }

    /// <summary>Writes linked records and moves the head to the last of them.</summary>
    public static async Task WriteAsync(DbContext db, Linked linked, CancellationToken ct)
    {
        var entries = linked.Entries;
        if (entries.Count == 0)
        {
            return;
        }

        await Data.BulkRows.InsertRowsAsync(db, InsertHead, Columns.Length, entries.Count, (r, c) => Value(entries[r], c), null, ct);

        await ExecuteAsync(db, "UPDATE \"AuditHead\" SET \"LastSequence\" = @s, \"LastHash\" = @h WHERE \"Id\" = 1",
            [("@s", linked.After.LastSequence), ("@h", linked.After.LastHash)], ct);
    }

    private static object? Value(AuditEntry r, int column) => column switch
    {
        0 => r.Sequence,
        1 => r.At,
        2 => r.Actor,
        3 => r.RemoteAddress,
        4 => r.Action.ToString(),
        5 => r.EntityType,
        6 => r.EntityId,
        7 => r.Summary,
        8 => r.Before,
        9 => r.After,
        10 => r.Result.ToString(),
        11 => r.PreviousHash,
        _ => r.Hash,
    };

    private static async Task ExecuteAsync(DbContext db, string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken ct)
    {
        await using var cmd = Command(db, sql, parameters);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(DbContext db, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var cmd = Data.BulkRows.Command(db);
#pragma warning disable CA2100 // Only constant column names and generated parameter names are concatenated.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }
}
