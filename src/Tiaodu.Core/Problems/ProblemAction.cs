using Tiaodu.Core.Text;

namespace Tiaodu.Core.Problems;

/// <summary>What happened to a problem, one step of its timeline.</summary>
public enum ProblemActionKind
{
    Raised,
    Assigned,
    Replied,
    Escalated,
    DeadlineSet,
    DeadlineExtended,
    Supervised,
    SupervisionAnswered,
    Resolved,
    ClosedOut,
    Reopened,
    Decided,
}

/// <summary>
/// One step on a problem's timeline (assigned, replied, escalated, deadline extended with a reason, 督办,
/// resolved, closed out, reopened). Written once, never changed: the timeline is the problem's history.
/// </summary>
public sealed class ProblemAction
{
    public const int TextLength = 1000;

    public long Id { get; private set; }

    public int ProblemId { get; private set; }

    public ProblemActionKind Kind { get; private set; }

    public DateTime At { get; private set; }

    /// <summary>Who acted (an account's name, or job:… for the platform's own work).</summary>
    public string By { get; private set; } = "";

    /// <summary>The department that acted (a reply), when the actor acted for one.</summary>
    public int? DepartmentId { get; private set; }

    /// <summary>The reply, the reason, the resolution …</summary>
    public string? Text { get; private set; }

    public DateOnly? DueBefore { get; private set; }

    public DateOnly? DueAfter { get; private set; }

    /// <summary>The level reached (escalations).</summary>
    public ProblemLevel? Level { get; private set; }

    private ProblemAction()
    {
    }

    public ProblemAction(int problemId, ProblemActionKind kind, DateTime at, string by, string? text = null)
    {
        ProblemId = problemId;
        Kind = kind;
        At = at;
        By = TextLimit.Cut(by, TextLimit.Actor);
        Text = TextLimit.Cut(text, TextLength);
    }

    public ProblemAction WithDue(DateOnly? before, DateOnly? after)
    {
        (DueBefore, DueAfter) = (before, after);
        return this;
    }

    public ProblemAction WithLevel(ProblemLevel level)
    {
        Level = level;
        return this;
    }

    public ProblemAction ForDepartment(int? departmentId)
    {
        DepartmentId = departmentId;
        return this;
    }
}
