using Tiaodu.Core.Text;

namespace Tiaodu.Core.Accountability;

public enum VisitStatus
{
    Planned,
    Done,
    Cancelled,
}

/// <summary>
/// A leader's visit to a project's company (领导走访企业), usually on a 企业服务日: planned with its purpose,
/// then recorded as done with what was found (problems raised link here) or cancelled with a reason.
/// </summary>
public sealed class LeaderVisit
{
    public const int PurposeLength = 200;
    public const int NoteLength = 1000;

    public int Id { get; private set; }
    public int ProjectId { get; private set; }

    /// <summary>The leader (a person of the reference list).</summary>
    public int LeaderId { get; private set; }

    public DateOnly On { get; private set; }
    public string Purpose { get; private set; } = "";
    public VisitStatus Status { get; private set; }

    /// <summary>What the visit found (done) or why it did not take place (cancelled).</summary>
    public string? Note { get; private set; }

    public string PlannedBy { get; private set; } = "";
    public DateTime PlannedAt { get; private set; }
    public string? ClosedBy { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public int Version { get; private set; }

    private LeaderVisit()
    {
    }

    public LeaderVisit(int projectId, int leaderId, DateOnly on, string purpose, string by, DateTime at) =>
        (ProjectId, LeaderId, On, Purpose, Status, PlannedBy, PlannedAt, Version) = (projectId, leaderId, on, purpose, VisitStatus.Planned, TextLimit.Cut(by, TextLimit.Actor), at, 1);

    public void Complete(string note, string by, DateTime at)
    {
        (Status, Note, ClosedBy, ClosedAt) = (VisitStatus.Done, note, TextLimit.Cut(by, TextLimit.Actor), at);
        Version++;
    }

    public void Cancel(string reason, string by, DateTime at)
    {
        (Status, Note, ClosedBy, ClosedAt) = (VisitStatus.Cancelled, reason, TextLimit.Cut(by, TextLimit.Actor), at);
        Version++;
    }

    public static string StatusName(VisitStatus s) => s switch
    {
        VisitStatus.Planned => "计划",
        VisitStatus.Done => "已走访",
        _ => "已取消",
    };
}

/// <summary>A problem raised on a leader's visit.</summary>
public sealed class LeaderVisitProblem
{
    public int LeaderVisitId { get; private set; }
    public int ProblemId { get; private set; }

    private LeaderVisitProblem()
    {
    }

    public LeaderVisitProblem(int leaderVisitId, int problemId) => (LeaderVisitId, ProblemId) = (leaderVisitId, problemId);
}
