using Tiaodu.Core.Text;

namespace Tiaodu.Core.Problems;

/// <summary>
/// Open (办理中); Resolved — the department reported it solved (办结) and the dispatch office has yet to close
/// it out; Closed — closed out (销号) by the dispatch office.
/// </summary>
public enum ProblemStatus
{
    Open,
    Resolved,
    Closed,
}

/// <summary>The escalation ladder (DOMAIN §3): 专班 → 项目建设联席会议 → 市政府专题会议 → 市政府常务会议.</summary>
public enum ProblemLevel
{
    TaskForce,
    JointMeeting,
    Thematic,
    Executive,
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

    /// <summary>The department that leads on solving it (牵头单位, a <c>Department</c> reference entry).</summary>
    public int? LeadDepartmentId { get; private set; }

    /// <summary>Where it stands on the escalation ladder.</summary>
    public ProblemLevel Level { get; private set; }

    /// <summary>When and by whom the dispatch office closed it out (销号).</summary>
    public DateOnly? ClosedOn { get; private set; }

    public string? ClosedBy { get; private set; }

    /// <summary>The departments assisting the lead (配合单位).</summary>
    public List<ProblemDepartment> Assisting { get; private set; } = [];

    /// <summary>The timeline; loaded only where shown, appended to by <see cref="Log"/>.</summary>
    public List<ProblemAction> Actions { get; private set; } = [];

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
        RaisedBy = TextLimit.Cut(raisedBy, TextLimit.Actor);
    }

    public void SetDeadline(DateOnly? due)
    {
        DueOn = due;
        Version++;
    }

    /// <summary>Names the lead department and the assisting ones (the lead is never also an assistant).</summary>
    public void Assign(int? lead, IEnumerable<int> assisting)
    {
        LeadDepartmentId = lead;
        var wanted = assisting.Where(d => d != lead).Distinct().ToHashSet();
        Assisting.RemoveAll(a => !wanted.Contains(a.DepartmentId));
        foreach (var d in wanted.Where(w => Assisting.All(a => a.DepartmentId != w)))
        {
            Assisting.Add(new ProblemDepartment(Id, d));
        }

        Version++;
    }

    public void Escalate(ProblemLevel level)
    {
        Level = level;
        Version++;
    }

    public void Resolve(string resolution, string by, DateOnly on)
    {
        (Status, Resolution, ResolvedBy, ResolvedOn) = (ProblemStatus.Resolved, resolution, TextLimit.Cut(by, TextLimit.Actor), on);
        Version++;
    }

    public void CloseOut(string by, DateOnly on)
    {
        (Status, ClosedBy, ClosedOn) = (ProblemStatus.Closed, TextLimit.Cut(by, TextLimit.Actor), on);
        Version++;
    }

    public void Reopen()
    {
        (Status, ResolvedOn, ClosedOn, ClosedBy) = (ProblemStatus.Open, null, null, null);
        Version++;
    }

    /// <summary>Appends a step to the timeline (saved with the problem).</summary>
    public ProblemAction Log(ProblemActionKind kind, DateTime at, string by, string? text = null)
    {
        var action = new ProblemAction(Id, kind, at, by, text);
        Actions.Add(action);
        return action;
    }

    /// <summary>Whether a department leads on it or assists.</summary>
    public bool Involves(int departmentId) => LeadDepartmentId == departmentId || Assisting.Any(a => a.DepartmentId == departmentId);

    /// <summary>Days past the deadline as of a day (0 when not late, resolved or without a deadline).</summary>
    public int DaysLate(DateOnly asOf) => Status == ProblemStatus.Open && DueOn is { } due && asOf > due ? asOf.DayNumber - due.DayNumber : 0;
}

/// <summary>A department assisting the lead on a problem (配合单位).</summary>
public sealed class ProblemDepartment
{
    public int ProblemId { get; private set; }

    public int DepartmentId { get; private set; }

    private ProblemDepartment()
    {
    }

    public ProblemDepartment(int problemId, int departmentId)
    {
        ProblemId = problemId;
        DepartmentId = departmentId;
    }
}
