using Tiaodu.Core.Problems;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Meetings;

/// <summary>The kinds of meeting that dispatch projects (DOMAIN §3).</summary>
public enum MeetingKind
{
    /// <summary>项目建设联席会议, monthly.</summary>
    JointMeeting,

    /// <summary>市政府专题会议.</summary>
    Thematic,

    /// <summary>市政府常务会议.</summary>
    Executive,

    /// <summary>调度会.</summary>
    Dispatch,

    /// <summary>推进会.</summary>
    Promotion,
}

public enum MeetingStatus
{
    Planned,
    Held,
}

/// <summary>
/// A meeting of a region: when, where, who chairs and attends, its agenda (problems escalated to its level and
/// topics added by hand) and the decisions (议定事项) it made, which are followed until done.
/// </summary>
public sealed class Meeting
{
    public const int TextLength = 200;
    public const int SummaryLength = 2000;

    public int Id { get; private set; }
    public MeetingKind Kind { get; private set; }
    public int RegionId { get; private set; }
    public string Title { get; private set; } = "";

    /// <summary>The session number (第N期) of this kind in this region and year.</summary>
    public int Session { get; private set; }

    public DateOnly HeldOn { get; private set; }
    public string? Place { get; private set; }
    public string? Chair { get; private set; }
    public string? Attendees { get; private set; }
    public MeetingStatus Status { get; private set; }

    /// <summary>What the meeting heard and agreed overall (会议纪要 opening).</summary>
    public string? Summary { get; private set; }

    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    public List<MeetingItem> Items { get; private set; } = [];

    private Meeting()
    {
    }

    public Meeting(MeetingKind kind, int regionId, string title, int session, DateOnly heldOn, string? place, string? chair, string? attendees, string by, DateTime now)
    {
        (Kind, RegionId, Title, Session, HeldOn, Place, Chair, Attendees, Status, CreatedBy, CreatedAt, Version) =
            (kind, regionId, title, session, heldOn, place, chair, attendees, MeetingStatus.Planned, TextLimit.Cut(by, TextLimit.Actor), now, 1);
    }

    public void Reschedule(string title, DateOnly heldOn, string? place, string? chair, string? attendees)
    {
        (Title, HeldOn, Place, Chair, Attendees) = (title, heldOn, place, chair, attendees);
        Version++;
    }

    public void Hold(string? summary)
    {
        (Status, Summary) = (MeetingStatus.Held, summary);
        Version++;
    }

    /// <summary>The level on the escalation ladder whose problems this kind of meeting takes up, if any.</summary>
    public static ProblemLevel? LevelOf(MeetingKind kind) => kind switch
    {
        MeetingKind.JointMeeting => ProblemLevel.JointMeeting,
        MeetingKind.Thematic => ProblemLevel.Thematic,
        MeetingKind.Executive => ProblemLevel.Executive,
        _ => null,
    };

    public static string KindName(MeetingKind kind) => kind switch
    {
        MeetingKind.JointMeeting => "项目建设联席会议",
        MeetingKind.Thematic => "市政府专题会议",
        MeetingKind.Executive => "市政府常务会议",
        MeetingKind.Dispatch => "重点项目调度会",
        _ => "重点项目推进会",
    };
}

/// <summary>One topic on a meeting's agenda: a problem escalated to the meeting's level, or a topic added by hand.</summary>
public sealed class MeetingItem
{
    public const int TopicLength = 500;

    public int Id { get; private set; }
    public int MeetingId { get; private set; }
    public int? ProblemId { get; private set; }
    public string Topic { get; private set; } = "";
    public int SortOrder { get; private set; }
    public string AddedBy { get; private set; } = "";

    private MeetingItem()
    {
    }

    public MeetingItem(int meetingId, int? problemId, string topic, int sortOrder, string by)
    {
        (MeetingId, ProblemId, Topic, SortOrder, AddedBy) = (meetingId, problemId, TextLimit.Cut(topic, TopicLength), sortOrder, TextLimit.Cut(by, TextLimit.Actor));
    }
}

public enum DecisionStatus
{
    Open,
    Done,
}

/// <summary>
/// A decision a meeting made (议定事项): what is to be done, by which department, by when; followed until done.
/// A decision on an agenda problem is done when the problem is closed out.
/// </summary>
public sealed class MeetingDecision
{
    public const int TextLength = 1000;

    public int Id { get; private set; }
    public int MeetingId { get; private set; }
    public int? ItemId { get; private set; }
    public int? ProblemId { get; private set; }
    public string Text { get; private set; } = "";
    public int? OwnerDepartmentId { get; private set; }
    public DateOnly DueOn { get; private set; }
    public DecisionStatus Status { get; private set; }
    public DateOnly? DoneOn { get; private set; }
    public string? DoneNote { get; private set; }
    public string? DoneBy { get; private set; }
    public string DecidedBy { get; private set; } = "";
    public int Version { get; private set; }

    private MeetingDecision()
    {
    }

    public MeetingDecision(int meetingId, int? itemId, int? problemId, string text, int? ownerDepartmentId, DateOnly dueOn, string by)
    {
        (MeetingId, ItemId, ProblemId, Text, OwnerDepartmentId, DueOn, Status, DecidedBy, Version) =
            (meetingId, itemId, problemId, TextLimit.Cut(text, TextLength), ownerDepartmentId, dueOn, DecisionStatus.Open, TextLimit.Cut(by, TextLimit.Actor), 1);
    }

    public void Complete(string? note, string by, DateOnly on)
    {
        (Status, DoneNote, DoneBy, DoneOn) = (DecisionStatus.Done, TextLimit.Cut(note, TextLength), TextLimit.Cut(by, TextLimit.Actor), on);
        Version++;
    }

    public void Reopen()
    {
        (Status, DoneNote, DoneBy, DoneOn) = (DecisionStatus.Open, null, null, null);
        Version++;
    }

    public int DaysLate(DateOnly today) => Status == DecisionStatus.Open && today > DueOn ? today.DayNumber - DueOn.DayNumber : 0;
}
