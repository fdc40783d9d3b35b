using Tiaodu.Core.Text;

namespace Tiaodu.Core.Dispatch;

/// <summary>
/// A project the dispatch office chose to watch every week (周监测), with what to look at. Removing it ends
/// the watch; its weekly checks stay.
/// </summary>
public sealed class WatchEntry
{
    public const int FocusLength = 200;

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public string Focus { get; private set; } = "";
    public string AddedBy { get; private set; } = "";
    public DateTime AddedAt { get; private set; }
    public DateTime? RemovedAt { get; private set; }
    public string? RemovedBy { get; private set; }
    public int Version { get; private set; }

    private WatchEntry()
    {
    }

    public WatchEntry(int projectId, string focus, string by, DateTime at) =>
        (ProjectId, Focus, AddedBy, AddedAt) = (projectId, focus, TextLimit.Cut(by, TextLimit.Actor), at);

    public void Refocus(string focus)
    {
        Focus = focus;
        Version++;
    }

    public void Remove(string by, DateTime at)
    {
        (RemovedBy, RemovedAt) = (TextLimit.Cut(by, TextLimit.Actor), at);
        Version++;
    }
}

/// <summary>How a watched project stood in a week.</summary>
public enum WatchStatus
{
    /// <summary>正常推进.</summary>
    OnTrack,

    /// <summary>进度滞后.</summary>
    Behind,

    /// <summary>停工（缓建）.</summary>
    Stopped,

    /// <summary>需协调: a problem needs someone else.</summary>
    NeedsHelp,
}

/// <summary>One week's check of a watched project: status, workers on site, a note.</summary>
public sealed class WeeklyCheck
{
    public const int NoteLength = 500;

    public long Id { get; private set; }
    public int ProjectId { get; private set; }

    /// <summary>The Monday the week starts on.</summary>
    public DateOnly WeekOf { get; private set; }

    public WatchStatus Status { get; private set; }
    public int? Workers { get; private set; }
    public string? Note { get; private set; }
    public string CheckedBy { get; private set; } = "";
    public DateTime CheckedAt { get; private set; }
    public int Version { get; private set; }

    private WeeklyCheck()
    {
    }

    public WeeklyCheck(int projectId, DateOnly weekOf) => (ProjectId, WeekOf) = (projectId, weekOf);

    public void Record(WatchStatus status, int? workers, string? note, string by, DateTime at)
    {
        (Status, Workers, Note, CheckedBy, CheckedAt) = (status, workers, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), TextLimit.Cut(by, TextLimit.Actor), at);
        Version++;
    }

    /// <summary>The Monday of the week a day falls in.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static string StatusName(WatchStatus s) => s switch
    {
        WatchStatus.OnTrack => "正常推进",
        WatchStatus.Behind => "进度滞后",
        WatchStatus.Stopped => "停工（缓建）",
        _ => "需协调",
    };
}
