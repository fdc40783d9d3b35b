namespace Tiaodu.Core.Attraction;

public enum LeadImportStatus
{
    Previewed,
    Applied,
    RolledBack,
}

/// <summary>
/// A 招商台账 file applied to the pipeline: who, when, its name and SHA-256, the counts, and what it changed —
/// the leads and events it created and each updated lead's state before — so it can be rolled back.
/// </summary>
public sealed class LeadImport
{
    /// <summary>Largest file accepted (a 招商台账 has hundreds of rows, not a million).</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    public int Id { get; private set; }
    public string FileName { get; private set; } = "";

    /// <summary>The uploaded file, kept so the confirmed import applies exactly what was previewed.</summary>
    public byte[] Content { get; private set; } = [];

    /// <summary>The region names in the file are read within (and rows without one land in).</summary>
    public string? Region { get; private set; }
    public string Sha256 { get; private set; } = "";
    public string By { get; private set; } = "";
    public DateTime At { get; private set; }
    public int Created { get; private set; }
    public int Updated { get; private set; }
    public int Unchanged { get; private set; }
    public LeadImportStatus Status { get; private set; }

    /// <summary>JSON of <see cref="LeadImportChanges"/>.</summary>
    public string Changes { get; private set; } = "{}";

    public int Version { get; private set; }

    private LeadImport()
    {
    }

    public LeadImport(string fileName, byte[] content, string sha256, string? region, string by, DateTime at)
    {
        FileName = Text.TextLimit.Cut(fileName, 200)!;
        Content = content;
        Sha256 = sha256;
        Region = Text.TextLimit.Cut(region, 32);
        By = Text.TextLimit.Cut(by, Text.TextLimit.Actor)!;
        At = at;
    }

    public void Applied(string by, DateTime at, int created, int updated, int unchanged, string changes)
    {
        By = Text.TextLimit.Cut(by, Text.TextLimit.Actor)!;
        At = at;
        Created = created;
        Updated = updated;
        Unchanged = unchanged;
        Changes = changes;
        Status = LeadImportStatus.Applied;
        Version++;
    }

    public void RolledBack()
    {
        Status = LeadImportStatus.RolledBack;
        Version++;
    }
}

/// <summary>What an import changed: created leads and events, and the updated leads' states before with their version after.</summary>
public sealed record LeadImportChanges(IReadOnlyList<int> CreatedLeads, IReadOnlyList<int> CreatedEvents, IReadOnlyList<LeadBefore> UpdatedLeads);

/// <summary>An updated lead as it was, and the version the import left it at (a later edit blocks the rollback).</summary>
public sealed record LeadBefore(int Id, LeadDetails Details, LeadStage Stage, DateOnly StageOn, int VersionAfter, IReadOnlyList<int> StepsAdded);
