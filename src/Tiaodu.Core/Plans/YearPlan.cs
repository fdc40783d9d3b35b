namespace Tiaodu.Core.Plans;

/// <summary>
/// A year's plan as approved: once approved it is frozen as a baseline (<see cref="PlanBaselineLine"/>) and
/// every later change to a project's plan figures is a new version with a reason (<see cref="PlanChange"/>).
/// One plan per year for the installation (a city, or a province on PostgreSQL).
/// </summary>
public sealed class YearPlan
{
    public int Year { get; private set; }
    public DateTime ApprovedAt { get; private set; }
    public string ApprovedBy { get; private set; } = "";
    public int Projects { get; private set; }
    public decimal AnnualPlan { get; private set; }

    private YearPlan()
    {
    }

    public YearPlan(int year, DateTime at, string by, int projects, decimal annualPlan) =>
        (Year, ApprovedAt, ApprovedBy, Projects, AnnualPlan) = (year, at, by.Length <= 50 ? by : by[..50], projects, annualPlan);
}

/// <summary>A project's plan line as it stood when the year's plan was approved.</summary>
public sealed class PlanBaselineLine
{
    public long Id { get; private set; }
    public int Year { get; private set; }
    public int ProjectId { get; private set; }
    public bool InPlan { get; private set; }
    public decimal? AnnualPlan { get; private set; }
    public int? PlannedStartMonth { get; private set; }
    public string? PlanCurve { get; private set; }

    private PlanBaselineLine()
    {
    }

    public PlanBaselineLine(int year, int projectId, bool inPlan, decimal? annualPlan, int? plannedStartMonth, string? planCurve) =>
        (Year, ProjectId, InPlan, AnnualPlan, PlannedStartMonth, PlanCurve) = (year, projectId, inPlan, annualPlan, plannedStartMonth, planCurve);
}

/// <summary>A change to a project's plan figures after the year's plan was approved: the new version, what changed, and why.</summary>
public sealed class PlanChange
{
    public const int ReasonLength = 500;

    public long Id { get; private set; }
    public int Year { get; private set; }
    public int ProjectId { get; private set; }

    /// <summary>The plan version this change makes (the baseline is version 1).</summary>
    public int Version { get; private set; }

    public string Summary { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public string Actor { get; private set; } = "";
    public DateTime At { get; private set; }

    private PlanChange()
    {
    }

    public PlanChange(int year, int projectId, int version, string summary, string reason, string actor, DateTime at) =>
        (Year, ProjectId, Version, Summary, Reason, Actor, At) = (year, projectId, version, summary.Length <= 500 ? summary : summary[..500], reason, actor.Length <= 50 ? actor : actor[..50], at);
}
