namespace Tiaodu.Core.Reports;

/// <summary>
/// The figures an approved report had before a correction (更正) or before an earlier month's correction
/// moved its running totals, with the reason, who and when: approved figures are never overwritten silently.
/// </summary>
public sealed class ReportRevision
{
    public const int ReasonLength = 500;

    public long Id { get; private set; }
    public int ReportId { get; private set; }
    public decimal MonthBefore { get; private set; }
    public decimal YtdBefore { get; private set; }
    public decimal SinceStartBefore { get; private set; }
    public decimal MonthAfter { get; private set; }
    public decimal YtdAfter { get; private set; }
    public decimal SinceStartAfter { get; private set; }
    public string Reason { get; private set; } = "";
    public string Actor { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    private ReportRevision()
    {
    }

    public ReportRevision(int reportId, (decimal Month, decimal Ytd, decimal SinceStart) before, (decimal Month, decimal Ytd, decimal SinceStart) after, string reason, string actor, DateTime at)
    {
        ReportId = reportId;
        (MonthBefore, YtdBefore, SinceStartBefore) = before;
        (MonthAfter, YtdAfter, SinceStartAfter) = after;
        Reason = reason.Length <= ReasonLength ? reason : reason[..ReasonLength];
        Actor = actor.Length <= 50 ? actor : actor[..50];
        CreatedAt = at;
    }
}
