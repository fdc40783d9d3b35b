namespace Tiaodu.Core.Imports;

public enum ImportStatus
{
    /// <summary>Uploaded (or its options changed); waiting for a worker to work out the preview.</summary>
    Pending,

    /// <summary>The preview is being worked out by the one worker (or request) that claimed it.</summary>
    Analysing,

    /// <summary>Preview ready; waiting for the user to confirm.</summary>
    Ready,

    /// <summary>The file was refused (format, encryption, size) or no ledger table was found in it.</summary>
    Refused,

    /// <summary>Confirmed; waiting for a worker.</summary>
    Queued,

    Applying,
    Applied,

    /// <summary>Applying failed; nothing was written.</summary>
    Failed,

    RolledBack,
}

/// <summary>
/// One uploaded ledger file and what became of it: preview, the applied counts, and whether it was rolled
/// back. The file itself is kept (<see cref="ImportFileContent"/>) so the preview can be recomputed after
/// the user changes a mapping, by whichever instance picks the work up.
/// </summary>
public sealed class ImportBatch
{
    public const int FileNameLength = 200;
    public const int MessageLength = 1000;

    public int Id { get; private set; }
    public string FileName { get; private set; } = "";

    /// <summary>SHA-256 of the file, hex.</summary>
    public string FileHash { get; private set; } = "";

    public long FileSize { get; private set; }
    public int? AccountId { get; private set; }
    public string Actor { get; private set; } = "";

    /// <summary>The uploader's home region: colleagues of that region (and above) see the batch.</summary>
    public int? RegionId { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public ImportStatus Status { get; private set; }

    /// <summary>When a worker (or request) last claimed the batch for analysis or writing; a claim nobody is working on is released after a while (<see cref="ImportClaims"/>).</summary>
    public DateTime? ClaimedAt { get; private set; }

    /// <summary>The user's choices (sheet, as-of date, year, default region, column and value mappings), JSON.</summary>
    public string OptionsJson { get; private set; } = "{}";

    /// <summary>The last preview (layout, counts, row issues, sample rows), JSON.</summary>
    public string? PreviewJson { get; private set; }

    public string? Message { get; private set; }
    public int RowsTotal { get; private set; }
    public int Created { get; private set; }
    public int Updated { get; private set; }
    public int Unchanged { get; private set; }
    public int ProblemsOpened { get; private set; }
    public int ErrorRows { get; private set; }
    public DateTime? AppliedAt { get; private set; }
    public DateTime? RolledBackAt { get; private set; }
    public string? RolledBackBy { get; private set; }
    public int Version { get; private set; }

    private ImportBatch()
    {
    }

    /// <param name="analyseNow">The caller works out the preview itself (API, command line): the batch is claimed from the start and no worker takes it.</param>
    public ImportBatch(string fileName, string fileHash, long fileSize, int? accountId, string actor, int? regionId, string optionsJson, DateTime now, bool analyseNow = false)
    {
        FileName = fileName.Length <= FileNameLength ? fileName : fileName[^FileNameLength..];
        FileHash = fileHash;
        FileSize = fileSize;
        AccountId = accountId;
        Actor = actor;
        RegionId = regionId;
        OptionsJson = optionsJson;
        CreatedAt = now;
        Status = analyseNow ? ImportStatus.Analysing : ImportStatus.Pending;
        ClaimedAt = analyseNow ? now : null;
        Version = 1;
    }

    public bool CanConfirm => Status == ImportStatus.Ready && ErrorRows == 0;

    public void Reanalyse(string optionsJson, DateTime at, bool analyseNow = false)
    {
        Require(ImportStatus.Ready, ImportStatus.Refused, ImportStatus.Pending, ImportStatus.Analysing, ImportStatus.Failed);
        OptionsJson = optionsJson;
        Status = analyseNow ? ImportStatus.Analysing : ImportStatus.Pending;
        ClaimedAt = analyseNow ? at : null;
        Message = null;
        Version++;
    }

    /// <summary>A worker claims a pending batch; saved under the version check, so only one of several workers wins.</summary>
    public void StartAnalysis(DateTime at)
    {
        Require(ImportStatus.Pending);
        Status = ImportStatus.Analysing;
        ClaimedAt = at;
        Version++;
    }

    /// <summary>Back to the queue after the instance analysing it stopped.</summary>
    public void Interrupted()
    {
        Require(ImportStatus.Analysing);
        Status = ImportStatus.Pending;
        Version++;
    }

    public void Analysed(string previewJson, int rows, int created, int updated, int unchanged, int problems, int errorRows)
    {
        PreviewJson = previewJson;
        (RowsTotal, Created, Updated, Unchanged, ProblemsOpened, ErrorRows) = (rows, created, updated, unchanged, problems, errorRows);
        Status = ImportStatus.Ready;
        Message = null;
        Version++;
    }

    public void Refuse(string message)
    {
        Status = ImportStatus.Refused;
        Message = Clip(message);
        Version++;
    }

    public void Queue()
    {
        if (!CanConfirm)
        {
            throw new ConflictException(ErrorRows > 0 ? $"还有{ErrorRows}行存在错误，请修改后再确认导入" : "该导入当前不能确认");
        }

        Status = ImportStatus.Queued;
        Version++;
    }

    public void Start(DateTime at)
    {
        Require(ImportStatus.Queued);
        Status = ImportStatus.Applying;
        ClaimedAt = at;
        Version++;
    }

    public void Applied(int created, int updated, int unchanged, int problems, DateTime at)
    {
        (Created, Updated, Unchanged, ProblemsOpened) = (created, updated, unchanged, problems);
        Status = ImportStatus.Applied;
        AppliedAt = at;
        Message = null;
        Version++;
    }

    /// <summary>The work on the batch failed or was cut off (nothing was written); a batch already applied, refused or rolled back stays as it is.</summary>
    public void Fail(string message)
    {
        if (Status is not (ImportStatus.Pending or ImportStatus.Analysing or ImportStatus.Queued or ImportStatus.Applying))
        {
            return;
        }

        Status = ImportStatus.Failed;
        Message = Clip(message);
        Version++;
    }

    public void RolledBack(string by, DateTime at)
    {
        Require(ImportStatus.Applied);
        Status = ImportStatus.RolledBack;
        RolledBackAt = at;
        RolledBackBy = by;
        Version++;
    }

    private void Require(params ImportStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new ConflictException($"导入当前状态为「{ImportText.Status(Status)}」，不能进行此操作");
        }
    }

    private static string Clip(string s) => s.Length <= MessageLength ? s : s[..(MessageLength - 1)] + "…";
}

/// <summary>The uploaded bytes, apart from the batch so lists never load them.</summary>
public sealed class ImportFileContent
{
    public int BatchId { get; private set; }
    public byte[] Content { get; private set; } = [];

    private ImportFileContent()
    {
    }

    public ImportFileContent(int batchId, byte[] content)
    {
        BatchId = batchId;
        Content = content;
    }
}

public enum ImportChangeKind
{
    Created,
    Updated,
}

/// <summary>
/// What one applied row did to one project, with the state before (JSON) and the versions it left, so a
/// rollback can restore the state and refuse when someone has changed the rows since.
/// </summary>
public sealed class ImportChange
{
    public long Id { get; private set; }
    public int BatchId { get; private set; }
    public int RowNumber { get; private set; }
    public int ProjectId { get; private set; }
    public ImportChangeKind Kind { get; private set; }
    public string? BeforeJson { get; private set; }
    public string AfterVersionsJson { get; private set; } = "{}";

    private ImportChange()
    {
    }

    public ImportChange(int batchId, int rowNumber, int projectId, ImportChangeKind kind, string? beforeJson, string afterVersionsJson)
    {
        BatchId = batchId;
        RowNumber = rowNumber;
        ProjectId = projectId;
        Kind = kind;
        BeforeJson = beforeJson;
        AfterVersionsJson = afterVersionsJson;
    }
}

/// <summary>A named column mapping a user saved from a preview, to reuse on next month's file.</summary>
public sealed class ImportMapping
{
    public const int NameLength = 50;

    /// <summary>A mapping of the project ledger's importer.</summary>
    public const string Ledger = "Ledger";

    /// <summary>A mapping of the 招商台账 importer.</summary>
    public const string Leads = "Leads";

    public int Id { get; private set; }

    /// <summary>Which importer the mapping belongs to: <see cref="Ledger"/> or <see cref="Leads"/>.</summary>
    public string Target { get; private set; } = Ledger;

    public string Name { get; private set; } = "";
    public int? AccountId { get; private set; }

    /// <summary>Normalised header text → field (and tag), JSON.</summary>
    public string ColumnsJson { get; private set; } = "{}";

    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    private ImportMapping()
    {
    }

    public ImportMapping(string name, int? accountId, string columnsJson, DateTime now, string target = Ledger)
    {
        Target = target;
        Name = name;
        AccountId = accountId;
        ColumnsJson = columnsJson;
        CreatedAt = now;
        Version = 1;
    }

    public void Replace(string columnsJson)
    {
        ColumnsJson = columnsJson;
        Version++;
    }
}
