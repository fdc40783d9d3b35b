using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Imports;

public enum RowAction
{
    Create,
    Update,
    Unchanged,
    Invalid,
}

/// <summary>A year line's plan values as the import leaves them.</summary>
internal sealed record YearPlan(bool InPlan, int? NatureId, decimal? AnnualPlan, int? PlannedStartMonth, DateOnly? StartedOn, int[] TagIds);

/// <summary>The month's figures the import records as an approved report.</summary>
internal sealed record ReportPlan(int Month, decimal InvestmentMonth, decimal Ytd, decimal SinceStart, string? Progress);

/// <summary>The state of a matched project that a row may change, loaded per chunk of rows.</summary>
internal sealed class ExistingState
{
    public required Project Project { get; init; }
    public ProjectYear? Line { get; init; }
    public MonthlyReport? Report { get; init; }
    public decimal OpeningSinceStart { get; init; }
    public HashSet<string> OpenProblems { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>What one row will do: the project's details after it, its year line, its month's report, problems to open and people to add.</summary>
internal sealed class RowPlan
{
    public required ImportRow Row { get; init; }
    public RowAction Action { get; set; }
    public ExistingState? Existing { get; init; }
    public ProjectDetails? Details { get; set; }
    public bool DetailsChanged { get; set; }
    public YearPlan? Year { get; set; }
    public bool YearChanged { get; set; }
    public ReportPlan? Report { get; set; }
    public bool ReportChanged { get; set; }
    public List<string> NewProblems { get; } = [];

    /// <summary>What an update changes, in the words of the ledger's headers (总投资, 年度计划投资 …).</summary>
    public List<string> Changes { get; } = [];

    /// <summary>Names of 包保领导 / 服务秘书 not yet known, to be added as people.</summary>
    public string? NewLeader { get; set; }
    public string? NewOfficer { get; set; }
    public Region? Region { get; set; }

    public static ProblemSource ProblemSource => ProblemSource.Import;
}
