namespace Tiaodu.Core.Problems;

public enum ProblemStatus
{
    Open,
    Resolved,
    Closed,
}

/// <summary>Where a problem was raised (DOMAIN §3).</summary>
public enum ProblemSource
{
    Report,
    SiteVisit,
    ServiceDay,
    Meeting,
    Hotline,
    Leader,
    Import,
}

/// <summary>
/// A problem a project raised (存在问题). A ledger import opens one for each non-empty 存在问题 cell; the
/// coordination workflow (owners, deadlines, escalation) builds on this record.
/// </summary>
public sealed class Problem
{
    public const int DescriptionLength = 2000;

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public string Description { get; private set; } = "";
    public ProblemSource Source { get; private set; }
    public ProblemStatus Status { get; private set; }
    public DateOnly RaisedOn { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>The kind of problem (用水, 用电, 道路 … — reference data); null for problems imported without one.</summary>
    public int? CategoryId { get; private set; }

    /// <summary>Who recorded it (an account's name; the import or the report for those).</summary>
    public string? RaisedBy { get; private set; }

    /// <summary>The deadline set for solving it (明确解决时限); null while none is set.</summary>
    public DateOnly? DueOn { get; private set; }

    public DateOnly? ResolvedOn { get; private set; }

    /// <summary>How it was solved (办结情况), recorded when it is resolved.</summary>
    public string? Resolution { get; private set; }

    public string? ResolvedBy { get; private set; }

    /// <summary>The ledger import that opened it, so rolling the import back removes it.</summary>
    public int? ImportBatchId { get; private set; }

    public int Version { get; private set; }

    private Problem()
    {
    }

    public Problem(int projectId, string description, ProblemSource source, DateOnly raisedOn, DateTime now, int? importBatchId = null)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            throw new ArgumentException("问题描述不能为空", nameof(description));
        }

        if (description.Length > DescriptionLength)
        {
            throw new ArgumentException($"问题描述不能超过{DescriptionLength}个字", nameof(description));
        }

        ProjectId = projectId;
        Description = description.Trim();
        Source = source;
        Status = ProblemStatus.Open;
        RaisedOn = raisedOn;
        CreatedAt = now;
        ImportBatchId = importBatchId;
        Version = 1;
    }

    public const int ResolutionLength = 500;

    /// <summary>Files the kind of problem and who recorded it (a problem raised by hand).</summary>
    public void Describe(int? categoryId, string? raisedBy)
    {
        CategoryId = categoryId;
        RaisedBy = raisedBy is null ? null : raisedBy.Length <= 50 ? raisedBy : raisedBy[..50];
    }

    public void SetDeadline(DateOnly? due)
    {
        DueOn = due;
        Version++;
    }

    public void Resolve(string resolution, string by, DateOnly on)
    {
        (Status, Resolution, ResolvedBy, ResolvedOn) = (ProblemStatus.Resolved, resolution, by.Length <= 50 ? by : by[..50], on);
        Version++;
    }

    public void Reopen()
    {
        (Status, ResolvedOn) = (ProblemStatus.Open, null);
        Version++;
    }

    /// <summary>Days past the deadline as of a day (0 when not late, resolved or without a deadline).</summary>
    public int DaysLate(DateOnly asOf) => Status == ProblemStatus.Open && DueOn is { } due && asOf > due ? asOf.DayNumber - due.DayNumber : 0;
}
