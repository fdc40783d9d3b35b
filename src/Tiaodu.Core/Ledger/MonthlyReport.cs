namespace Tiaodu.Core.Ledger;

public enum ReportStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
}

/// <summary>A project's monthly figures (月报). Only approved reports feed the indicators.</summary>
public sealed class MonthlyReport
{
    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public int Year { get; private set; }
    public int Month { get; private set; }

    /// <summary>Completed this month, 万元.</summary>
    public decimal InvestmentMonth { get; private set; }

    /// <summary>Completed since 1 January, 万元: YTD(m) = YTD(m-1) + month(m).</summary>
    public decimal InvestmentYtd { get; private set; }

    /// <summary>Completed since the project started, 万元.</summary>
    public decimal InvestmentSinceStart { get; private set; }

    /// <summary>形象进度.</summary>
    public string? Progress { get; private set; }

    public int? WorkersOnSite { get; private set; }
    public ReportStatus Status { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public DateTime? ApprovedAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    private MonthlyReport()
    {
    }

    public MonthlyReport(int projectId, int year, int month, decimal investmentMonth, decimal ytd, decimal sinceStart, string? progress, DateTime now)
    {
        if (month is < 1 or > 12)
        {
            throw new ArgumentException("月份应在1至12之间", nameof(month));
        }

        if (investmentMonth < 0 || ytd < 0 || sinceStart < 0)
        {
            throw new ArgumentException("投资额不能为负数", nameof(investmentMonth));
        }

        ProjectId = projectId;
        Year = year;
        Month = month;
        InvestmentMonth = investmentMonth;
        InvestmentYtd = ytd;
        InvestmentSinceStart = sinceStart;
        Progress = progress;
        Status = ReportStatus.Draft;
        CreatedAt = now;
        Version = 1;
    }

    /// <summary>Replaces the figures (a ledger import correcting the month, or rolling that back).</summary>
    public void SetFigures(decimal investmentMonth, decimal ytd, decimal sinceStart, string? progress)
    {
        if (investmentMonth < 0 || ytd < 0 || sinceStart < 0)
        {
            throw new ArgumentException("投资额不能为负数", nameof(investmentMonth));
        }

        (InvestmentMonth, InvestmentYtd, InvestmentSinceStart, Progress) = (investmentMonth, ytd, sinceStart, progress);
        Version++;
    }

    /// <summary>Records figures that came in already approved (demo data, a ledger import).</summary>
    public void MarkApproved(DateTime at)
    {
        SubmittedAt ??= at;
        ApprovedAt = at;
        Status = ReportStatus.Approved;
        Version++;
    }
}
