namespace Tiaodu.Core.Ledger;

public enum ReportStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
}

/// <summary>
/// A project's monthly figures (月报): drafted and submitted by the enterprise or its service officer,
/// approved or returned by the dispatch office. Only approved reports feed the indicators; a correction
/// after approval keeps the figures it replaced as a <see cref="Reports.ReportRevision"/>.
/// </summary>
public sealed class MonthlyReport
{
    public const int ProgressLength = 4000;
    public const int ProblemsLength = 2000;
    public const int NoteLength = 500;

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

    /// <summary>This month's investment by kind (建筑工程/安装工程/设备购置/其他), 万元, when the reporter splits it.</summary>
    public decimal? ConstructionWork { get; private set; }

    public decimal? InstallationWork { get; private set; }
    public decimal? EquipmentPurchase { get; private set; }
    public decimal? OtherWork { get; private set; }

    /// <summary>Funds put in place this month by source (财政资金/银行贷款/企业自筹/其他), 万元.</summary>
    public decimal? FundsFiscal { get; private set; }

    public decimal? FundsLoan { get; private set; }
    public decimal? FundsSelf { get; private set; }
    public decimal? FundsOther { get; private set; }

    /// <summary>The date the project started or resumed, when this report says so.</summary>
    public DateOnly? StartedOn { get; private set; }

    /// <summary>Problems raised, one per line; each becomes an open problem when the report is approved.</summary>
    public string? ProblemsText { get; private set; }

    /// <summary>The reporter's explanation (e.g. why the since-start figure exceeds the total investment).</summary>
    public string? Explanation { get; private set; }

    public ReportStatus Status { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public string? SubmittedBy { get; private set; }
    public DateTime? ApprovedAt { get; private set; }

    /// <summary>Who approved or returned it last.</summary>
    public string? ReviewedBy { get; private set; }

    public DateTime? ReturnedAt { get; private set; }
    public string? ReturnReason { get; private set; }
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

    /// <summary>Replaces everything the reporter fills in; the figures are already checked and chained.</summary>
    public void Fill(ReportFigures f)
    {
        (InvestmentMonth, InvestmentYtd, InvestmentSinceStart) = (f.Month, f.Ytd, f.SinceStart);
        (ConstructionWork, InstallationWork, EquipmentPurchase, OtherWork) = (f.Construction, f.Installation, f.Equipment, f.Other);
        (FundsFiscal, FundsLoan, FundsSelf, FundsOther) = (f.FundsFiscal, f.FundsLoan, f.FundsSelf, f.FundsOther);
        (Progress, WorkersOnSite, StartedOn, ProblemsText, Explanation) = (f.Progress, f.WorkersOnSite, f.StartedOn, f.Problems, f.Explanation);
        Version++;
    }

    /// <summary>Moves the chained totals (an earlier month was approved or corrected).</summary>
    public void Rechain(decimal ytd, decimal sinceStart)
    {
        (InvestmentYtd, InvestmentSinceStart) = (ytd, sinceStart);
        Version++;
    }

    public void Submit(DateTime at, string by)
    {
        if (Status is not (ReportStatus.Draft or ReportStatus.Returned))
        {
            throw new ConflictException(Status == ReportStatus.Approved ? "月报已审核通过，不能再提交" : "月报已提交，正在等待审核");
        }

        (Status, SubmittedAt, SubmittedBy) = (ReportStatus.Submitted, at, by);
        Version++;
    }

    public void Approve(DateTime at, string by)
    {
        if (Status != ReportStatus.Submitted)
        {
            throw new ConflictException("只有已提交的月报可以审核通过");
        }

        (Status, ApprovedAt, ReviewedBy, ReturnReason, ReturnedAt) = (ReportStatus.Approved, at, by, null, null);
        Version++;
    }

    public void Return(DateTime at, string by, string reason)
    {
        if (Status != ReportStatus.Submitted)
        {
            throw new ConflictException("只有已提交的月报可以退回");
        }

        (Status, ReturnedAt, ReviewedBy, ReturnReason) = (ReportStatus.Returned, at, by, reason);
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

/// <summary>What a report says, checked and with its year-to-date and since-start totals chained.</summary>
public sealed record ReportFigures(
    decimal Month,
    decimal Ytd,
    decimal SinceStart,
    decimal? Construction = null,
    decimal? Installation = null,
    decimal? Equipment = null,
    decimal? Other = null,
    decimal? FundsFiscal = null,
    decimal? FundsLoan = null,
    decimal? FundsSelf = null,
    decimal? FundsOther = null,
    string? Progress = null,
    int? WorkersOnSite = null,
    DateOnly? StartedOn = null,
    string? Problems = null,
    string? Explanation = null);
