namespace Tiaodu.Core.Reports;

/// <summary>
/// A monthly report as a form or the API sends it. Either this month's investment or the year-to-date
/// total is enough; the other is derived (YTD(m) = YTD(m−1) + month(m)). The since-start total may be
/// given only while the year has no earlier approved month to chain from.
/// </summary>
public sealed record ReportInput
{
    public decimal? InvestmentMonth { get; init; }
    public decimal? InvestmentYtd { get; init; }
    public decimal? InvestmentSinceStart { get; init; }
    public decimal? ConstructionWork { get; init; }
    public decimal? InstallationWork { get; init; }
    public decimal? EquipmentPurchase { get; init; }
    public decimal? OtherWork { get; init; }
    public decimal? FundsFiscal { get; init; }
    public decimal? FundsLoan { get; init; }
    public decimal? FundsSelf { get; init; }
    public decimal? FundsOther { get; init; }
    public string? Progress { get; init; }
    public int? WorkersOnSite { get; init; }
    public DateOnly? StartedOn { get; init; }
    public string? Problems { get; init; }
    public string? Explanation { get; init; }

    /// <summary>The report's version when the form was opened; null for a new report.</summary>
    public int? Version { get; init; }
}
