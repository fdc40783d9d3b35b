namespace Tiaodu.Core.Attraction;

public enum LeadImportStatus
{
    /// <summary>Uploaded; its preview is worked out whenever it is shown; waiting for the user to confirm.</summary>
    Previewed,
    Applied,
    RolledBack,

    /// <summary>Confirmed; waiting for a worker.</summary>
    Queued,

    /// <summary>Being written by the one worker (or request) that claimed it.</summary>
    Applying,

    /// <summary>Writing failed or was cut off; nothing was written. It can be confirmed again.</summary>
    Failed,
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

    /// <summary>The uploader's account, whose permissions and jurisdiction a background worker applies the file with; none from the command line.</summary>
    public int? AccountId { get; private set; }

    /// <summary>JSON of <see cref="LeadImportOptions"/>: columns mapped by hand and the saved mapping started from.</summary>
    public string Options { get; private set; } = "{}";

    /// <summary>Why the last attempt failed.</summary>
    public string? Message { get; private set; }

    /// <summary>Rows to write (new and updated), for the progress bar.</summary>
    public int Rows { get; private set; }

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

    /// <summary>When the import was claimed for writing; a claim nobody is working on is released after a while (<see cref="Imports.ImportClaims"/>).</summary>
    public DateTime? ClaimedAt { get; private set; }

    public int Version { get; private set; }

    private LeadImport()
    {
    }

    public LeadImport(string fileName, byte[] content, string sha256, string? region, string by, DateTime at, int? accountId = null, string options = "{}")
    {
        AccountId = accountId;
        Options = options;
        FileName = Text.TextLimit.Cut(fileName, 200)!;
        Content = content;
        Sha256 = sha256;
        Region = Text.TextLimit.Cut(region, 32);
        By = Text.TextLimit.Cut(by, Text.TextLimit.Actor)!;
        At = at;
    }

    public bool IsWorking => Status is LeadImportStatus.Queued or LeadImportStatus.Applying;

    /// <summary>New column choices; only before the file is applied.</summary>
    public void Choose(string options)
    {
        Require(LeadImportStatus.Previewed, LeadImportStatus.Failed);
        Options = options;
        Status = LeadImportStatus.Previewed;
        Message = null;
        Version++;
    }

    /// <summary>Confirmed from the page by <paramref name="accountId"/> (the uploader, whose rights a worker will write it with).</summary>
    public void Queue(int rows, int accountId)
    {
        Require(LeadImportStatus.Previewed, LeadImportStatus.Failed);
        (Status, Rows, Message, AccountId) = (LeadImportStatus.Queued, rows, null, accountId);
        Version++;
    }

    /// <summary>Claimed for writing: by a worker from the queue, or directly by the API and the command line.</summary>
    public void Start(int rows, DateTime at)
    {
        Require(LeadImportStatus.Queued, LeadImportStatus.Previewed, LeadImportStatus.Failed);
        (Status, Rows, Message, ClaimedAt) = (LeadImportStatus.Applying, rows, null, at);
        Version++;
    }

    /// <summary>Writing failed or was cut off (nothing was written); only a queued or claimed import can fail.</summary>
    public void Fail(string message)
    {
        if (!IsWorking)
        {
            return;
        }

        Status = LeadImportStatus.Failed;
        Message = Text.TextLimit.Cut(message, 1000);
        Version++;
    }

    private void Require(params LeadImportStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new ConflictException(Status switch
            {
                LeadImportStatus.Applied => "该文件已经导入过；如需再次导入，请重新上传",
                LeadImportStatus.RolledBack => "该次导入已撤销；如需再次导入，请重新上传",
                _ => "该文件正在导入，请稍候",
            });
        }
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

/// <summary>The user's choices for a 招商台账 file: columns mapped by hand (column index → <see cref="LeadColumn"/> name, or "Ignore") and a saved mapping to start from.</summary>
public sealed record LeadImportOptions
{
    public const string Ignore = "Ignore";

    public Dictionary<int, string> Columns { get; init; } = [];

    /// <summary>The saved mapping the file started from, for the record; its columns are copied into <see cref="Headers"/> at upload.</summary>
    public int? MappingId { get; init; }

    /// <summary>
    /// Normalised header text → field, copied from the saved mapping when the file was uploaded, so a later change
    /// to that mapping (by anyone) does not change what a previewed or confirmed file writes. Null on imports kept
    /// before the copy was made; those read the saved mapping.
    /// </summary>
    public Dictionary<string, string>? Headers { get; init; }

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this);

    public static LeadImportOptions FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new LeadImportOptions() : System.Text.Json.JsonSerializer.Deserialize<LeadImportOptions>(json) ?? new LeadImportOptions();

    /// <summary>A choice as written in options and saved mappings: a field, null for "do not import"; false when it names nothing.</summary>
    public static bool TryParse(string? key, out LeadColumn? field)
    {
        field = null;
        if (string.IsNullOrWhiteSpace(key) || key == Ignore)
        {
            return true;
        }

        if (Enum.TryParse<LeadColumn>(key, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(key, out _))
        {
            field = parsed;
            return true;
        }

        return false;
    }
}

/// <summary>What an import changed: created leads and events, and the updated leads' states before with their version after.</summary>
public sealed record LeadImportChanges(IReadOnlyList<int> CreatedLeads, IReadOnlyList<int> CreatedEvents, IReadOnlyList<LeadBefore> UpdatedLeads);

/// <summary>An updated lead as it was, and the version the import left it at (a later edit blocks the rollback).</summary>
public sealed record LeadBefore(int Id, LeadDetails Details, LeadStage Stage, DateOnly StageOn, int VersionAfter, IReadOnlyList<int> StepsAdded);
