using Tiaodu.Core.Lights;
using System.Linq.Expressions;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Dispatch;

public enum RoundStatus
{
    /// <summary>Taken and under review: the snapshot can be retaken, comments added.</summary>
    Draft,

    /// <summary>Published: frozen, readable as it was.</summary>
    Published,
}

/// <summary>
/// A half-monthly dispatch round (半月调度) of a region: a snapshot of every project on that year's ledger
/// in the region's subtree — figures, lights, open problems, this month's report — with the changes since
/// the region's previous round. The dispatch office reviews it, comments, and publishes it; from then on
/// it is frozen.
/// </summary>
public sealed class DispatchRound
{
    public const int SummaryLength = 2000;

    public int Id { get; private set; }
    public int Year { get; private set; }
    public int Month { get; private set; }

    /// <summary>1 = 上半月 (figures as of the 15th), 2 = 下半月 (as of the month's end).</summary>
    public int Half { get; private set; }

    public int RegionId { get; private set; }
    public RoundStatus Status { get; private set; }

    /// <summary>The overall comment (总体调度意见) published with the round.</summary>
    public string? Summary { get; private set; }

    /// <summary>The region's round just before this one, the base of "changes since".</summary>
    public int? PreviousRoundId { get; private set; }

    /// <summary>The day the figures were read as of.</summary>
    public DateOnly AsOf { get; private set; }

    public DateTime SnapshotAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime? PublishedAt { get; private set; }
    public string? PublishedBy { get; private set; }
    public int Version { get; private set; }

    private DispatchRound()
    {
    }

    public DispatchRound(int year, int month, int half, int regionId, string by) =>
        (Year, Month, Half, RegionId, CreatedBy, Status) = (year, month, half, regionId, TextLimit.Cut(by, TextLimit.Actor), RoundStatus.Draft);

    /// <summary>Orders rounds in time: 2026年11月下半月 → 2026112.</summary>
    public int Period => Key(Year, Month, Half);

    public static int Key(int year, int month, int half) => (year * 100 + month) * 10 + half;

    /// <summary>The last day a round's figures can be read as of.</summary>
    public static DateOnly PeriodEnd(int year, int month, int half) =>
        new(year, month, half == 1 ? 15 : DateTime.DaysInMonth(year, month));

    public string Title => $"{Year}年{Month}月{(Half == 1 ? "上半月" : "下半月")}调度";

    public void Took(DateOnly asOf, int? previousRoundId, DateTime at)
    {
        (AsOf, PreviousRoundId, SnapshotAt) = (asOf, previousRoundId, at);
        Version++;
    }

    public void Comment(string? summary)
    {
        Summary = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim();
        Version++;
    }

    public void Publish(string by, DateTime at)
    {
        (Status, PublishedBy, PublishedAt) = (RoundStatus.Published, TextLimit.Cut(by, TextLimit.Actor), at);
        Version++;
    }
}

/// <summary>One project as it stood in a round, with the same project's figures in the previous round.</summary>
public sealed class DispatchItem
{
    public const int CommentLength = 500;
    public const int TextLength = 1000;

    public long Id { get; private set; }
    public int RoundId { get; private set; }
    public int ProjectId { get; private set; }
    public string ProjectName { get; private set; } = "";
    public int RegionId { get; private set; }
    public string RegionName { get; private set; } = "";
    public bool InPlan { get; private set; }
    public decimal? AnnualPlan { get; private set; }

    /// <summary>The months the YTD covers (1–<see cref="YtdMonths"/>月), 0 when none is complete yet.</summary>
    public int YtdMonths { get; private set; }

    public decimal Ytd { get; private set; }
    public decimal SinceStart { get; private set; }
    public DateOnly? StartedOn { get; private set; }

    /// <summary>The worst counted light of the month (explained lights do not count).</summary>
    public LightColor Color { get; private set; }

    public string? LightText { get; private set; }
    public int OpenProblems { get; private set; }
    public string? ProblemsText { get; private set; }

    /// <summary>The round month's report, or null when none was started.</summary>
    public ReportStatus? Report { get; private set; }

    /// <summary>False when the project was not in the previous round (or there was none).</summary>
    public bool InPrevious { get; private set; }

    public decimal? PreviousYtd { get; private set; }
    public LightColor? PreviousColor { get; private set; }
    public int? PreviousOpenProblems { get; private set; }

    /// <summary>The dispatch office's comment on the project (调度意见).</summary>
    public string? Comment { get; private set; }

    public string? CommentBy { get; private set; }
    public DateTime? CommentAt { get; private set; }
    public int Version { get; private set; }

    private DispatchItem()
    {
    }

    public DispatchItem(int roundId, int projectId, string projectName, int regionId, string regionName)
    {
        (RoundId, ProjectId, RegionId) = (roundId, projectId, regionId);
        ProjectName = TextLimit.Cut(projectName, 200);
        RegionName = TextLimit.Cut(regionName, 50);
    }

    public void Figures(bool inPlan, decimal? annualPlan, int ytdMonths, decimal ytd, decimal sinceStart, DateOnly? startedOn, ReportStatus? report) =>
        (InPlan, AnnualPlan, YtdMonths, Ytd, SinceStart, StartedOn, Report) = (inPlan, annualPlan, ytdMonths, ytd, sinceStart, startedOn, report);

    public void Lights(LightColor color, string? text) => (Color, LightText) = (color, TextLimit.Cut(text, TextLength));

    public void Problems(int open, string? text) => (OpenProblems, ProblemsText) = (open, TextLimit.Cut(text, TextLength));

    public void Previous(DispatchItem? before)
    {
        InPrevious = before is not null;
        PreviousYtd = before?.Ytd;
        PreviousColor = before?.Color;
        PreviousOpenProblems = before?.OpenProblems;
    }

    public void Remark(string? comment, string by, DateTime at)
    {
        var blank = string.IsNullOrWhiteSpace(comment);
        Comment = blank ? null : comment!.Trim();
        CommentBy = blank ? null : TextLimit.Cut(by, TextLimit.Actor);
        CommentAt = blank ? null : at;
        Version++;
    }

    /// <summary>Keeps the comment of an item this one replaces when a draft's snapshot is retaken.</summary>
    public void KeepComment(DispatchItem old) => (Comment, CommentBy, CommentAt) = (old.Comment, old.CommentBy, old.CommentAt);

    /// <summary>有变化: new since the previous round, or its YTD, light or open problems moved — as a query condition.</summary>
    public static readonly Expression<Func<DispatchItem, bool>> IsChanged =
        i => !i.InPrevious || i.PreviousYtd != i.Ytd || i.PreviousColor != i.Color || i.PreviousOpenProblems != i.OpenProblems;

    /// <summary>未报送: the round month's report not submitted (none, a draft, or returned) — as a query condition.</summary>
    public static readonly Expression<Func<DispatchItem, bool>> IsUnreported =
        i => i.Report == null || i.Report == ReportStatus.Draft || i.Report == ReportStatus.Returned;
}
