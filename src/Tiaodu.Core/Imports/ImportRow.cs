using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Imports;

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>One problem found in a row (or, with row 0, in the file), in Chinese.</summary>
public sealed record RowIssue(int Row, string? Column, IssueSeverity Severity, string Message);

/// <summary>
/// A data row as read and checked: null means the file does not say (the column is absent or the cell
/// empty), so an import only ever changes what the file states.
/// </summary>
internal sealed class ImportRow
{
    public int RowNumber { get; init; }

    /// <summary>建设性质 of the section the row sits in ("续建" under "一、续建项目（96个）").</summary>
    public string? Section { get; init; }

    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? OwnerCompany { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public Region? Region { get; set; }
    public int? SectorId { get; set; }
    public int? IndustryId { get; set; }
    public int? CategoryId { get; set; }
    public int? NatureId { get; set; }
    public int? StageId { get; set; }
    public int? LevelId { get; set; }
    public decimal? TotalInvestment { get; set; }
    public string? Content { get; set; }
    public DateOnly? PlannedStart { get; set; }
    public DateOnly? PlannedCompletion { get; set; }
    public DateOnly? PlannedProduction { get; set; }
    public DateOnly? ActualStart { get; set; }
    public DateOnly? ActualCompletion { get; set; }
    public DateOnly? ActualProduction { get; set; }
    public decimal? LandArea { get; set; }
    public decimal? ExpectedOutput { get; set; }
    public decimal? ExpectedTax { get; set; }
    public double? Longitude { get; set; }
    public double? Latitude { get; set; }
    public string? LeaderName { get; set; }
    public string? OfficerName { get; set; }
    public DateOnly? InStatsOn { get; set; }

    public bool? InPlan { get; set; }
    public decimal? AnnualPlan { get; set; }
    public int? PlannedStartMonth { get; set; }
    public decimal? InvestmentYtd { get; set; }
    public decimal? InvestmentSinceStart { get; set; }
    public bool? Started { get; set; }
    public DateOnly? StartedOn { get; set; }
    public string? Progress { get; set; }

    /// <summary>Tag name → yes/no from a yes/no column headed by the tag.</summary>
    public Dictionary<string, bool> Tags { get; } = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    public List<RowIssue> Issues { get; } = [];

    public bool HasErrors => Issues.Exists(i => i.Severity == IssueSeverity.Error);

    public void Error(string? column, string message) => Issues.Add(new(RowNumber, column, IssueSeverity.Error, message));

    public void Warn(string? column, string message) => Issues.Add(new(RowNumber, column, IssueSeverity.Warning, message));
}
