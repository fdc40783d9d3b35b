using System.Globalization;
using System.Text;

namespace Tiaodu.Core.Audit;

/// <summary>The names are part of every record's hash: add new ones, never rename.</summary>
public enum AuditAction
{
    Create,
    Update,
    Delete,
    Restore,
    Import,
    Export,
    Login,
    Logout,
    Lockout,
    Reveal,
    Grant,
    Setting,
}

public enum AuditResult
{
    Success,
    Failure,
}

/// <summary>What happened, before it takes its place in the chain.</summary>
public sealed record AuditEvent(
    DateTime At,
    string Actor,
    string? RemoteAddress,
    AuditAction Action,
    string EntityType,
    string? EntityId,
    string Summary,
    string? Before,
    string? After,
    AuditResult Result = AuditResult.Success);

/// <summary>
/// One record of the audit trail. Append-only: built once with its place in the chain and never changed
/// (the database refuses UPDATE and DELETE as well). <see cref="Hash"/> is SM3 over every field but the
/// storage id, including the previous record's hash, so an edited, removed or inserted record breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>The "previous hash" of the first record.</summary>
    public static readonly string GenesisHash = new('0', Sm3.HexLength);

    public const int ActorLength = 100;
    public const int RemoteAddressLength = 64;
    public const int EntityTypeLength = 32;
    public const int EntityIdLength = 64;
    public const int SummaryLength = 200;

    /// <summary>Storage id only; the order of the chain is <see cref="Sequence"/>.</summary>
    public long Id { get; private set; }

    public long Sequence { get; private set; }

    /// <summary>UTC, whole microseconds (what PostgreSQL keeps), so the hash survives a round trip.</summary>
    public DateTime At { get; private set; }

    public string Actor { get; private set; } = "";
    public string? RemoteAddress { get; private set; }
    public AuditAction Action { get; private set; }
    public string EntityType { get; private set; } = "";
    public string? EntityId { get; private set; }
    public string Summary { get; private set; } = "";

    /// <summary>JSON object of the changed properties' old values (all of them for a hard delete).</summary>
    public string? Before { get; private set; }

    /// <summary>JSON object of the changed properties' new values (all of them for a creation).</summary>
    public string? After { get; private set; }

    public AuditResult Result { get; private set; }
    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    private AuditEntry()
    {
    }

    public AuditEntry(AuditEvent e, long sequence, string previousHash)
    {
        Sequence = sequence;
        At = TruncateToMicroseconds(e.At);
        Actor = Clip(e.Actor, ActorLength);
        RemoteAddress = e.RemoteAddress is null ? null : Clip(e.RemoteAddress, RemoteAddressLength);
        Action = e.Action;
        EntityType = Clip(e.EntityType, EntityTypeLength);
        EntityId = e.EntityId is null ? null : Clip(e.EntityId, EntityIdLength);
        Summary = Clip(e.Summary, SummaryLength);
        Before = e.Before;
        After = e.After;
        Result = e.Result;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    /// <summary>SM3 of the canonical form: a version tag, then each field length-prefixed in a fixed order.</summary>
    public string ComputeHash()
    {
        var s = new StringBuilder("tiaodu-audit-v1\n");
        Field(s, Sequence.ToString(CultureInfo.InvariantCulture));
        Field(s, At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Field(s, Actor);
        Field(s, RemoteAddress);
        Field(s, Action.ToString());
        Field(s, EntityType);
        Field(s, EntityId);
        Field(s, Summary);
        Field(s, Before);
        Field(s, After);
        Field(s, Result.ToString());
        Field(s, PreviousHash);
        return Sm3.HexOf(s.ToString());
    }

    private static void Field(StringBuilder s, string? value)
    {
        if (value is null)
        {
            s.Append("-\n");
            return;
        }

        s.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }

    private static DateTime TruncateToMicroseconds(DateTime at)
    {
        var utc = at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : at;
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>The one-row head of the chain: the last sequence and hash, read under a lock by every appender.</summary>
public sealed class AuditHead
{
    public const int SingletonId = 1;

    public int Id { get; private set; }
    public long LastSequence { get; private set; }
    public string LastHash { get; private set; } = "";
}
