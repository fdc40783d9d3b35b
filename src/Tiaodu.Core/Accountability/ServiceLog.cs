namespace Tiaodu.Core.Accountability;

/// <summary>How a service officer got in touch with a project.</summary>
public enum ServiceLogKind
{
    /// <summary>现场走访: at least one every half month.</summary>
    SiteVisit,

    /// <summary>电话/微信联系: at least one every week (a site visit counts as contact too).</summary>
    Contact,
}

/// <summary>
/// One entry of a service officer's log (服务秘书走访/联系记录): a site visit or a phone/WeChat contact on a
/// day, with a note; photos are stored files owned by the entry, problems raised during it are linked.
/// </summary>
public sealed class ServiceLog
{
    public const int NoteLength = 1000;
    public const int MaxProblems = 5;
    public const int MaxPhotos = 9;

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public ServiceLogKind Kind { get; private set; }
    public DateOnly On { get; private set; }
    public string Note { get; private set; } = "";

    /// <summary>The project's 服务秘书 when the entry was recorded (a person, not an account); null if it had none.</summary>
    public int? OfficerId { get; private set; }

    public string RecordedBy { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }
    public int Version { get; private set; }

    private ServiceLog()
    {
    }

    public ServiceLog(int projectId, ServiceLogKind kind, DateOnly on, string note, int? officerId, string by, DateTime at)
    {
        (ProjectId, Kind, On, Note, OfficerId, RecordedBy, RecordedAt, Version) = (projectId, kind, on, note, officerId, by.Length <= 50 ? by : by[..50], at, 1);
    }

    /// <summary>Corrects what was recorded (the way, the day, the note); who recorded it and when stay.</summary>
    public void Correct(ServiceLogKind kind, DateOnly on, string note)
    {
        (Kind, On, Note) = (kind, on, note);
        Version++;
    }

    public static string KindName(ServiceLogKind kind) => kind == ServiceLogKind.SiteVisit ? "现场走访" : "电话/微信联系";
}

/// <summary>A problem raised during a visit or contact.</summary>
public sealed class ServiceLogProblem
{
    public int ServiceLogId { get; private set; }
    public int ProblemId { get; private set; }

    private ServiceLogProblem()
    {
    }

    public ServiceLogProblem(int serviceLogId, int problemId) => (ServiceLogId, ProblemId) = (serviceLogId, problemId);
}
