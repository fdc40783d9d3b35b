namespace Tiaodu.Core.Bulletins;

/// <summary>
/// Everything a monthly bulletin (通报) says, as composed from the indicator, ranking, light and problem
/// services. A published bulletin keeps this as JSON, so it reads the same whatever the data do later.
/// Money in 万元, rates as ratios (0.901 = 90.1%), points as percentage points.
/// </summary>
public sealed record BulletinContent(
    string RegionKey,
    string RegionName,
    int Year,
    int Month,
    DateOnly AsOf,
    DateOnly IssuedOn,
    int MonthsElapsed,
    string Issuer,
    string Number,
    string Title,
    BulletinHeadline Headline,
    IReadOnlyList<BulletinRankingRow> Ranking,
    BulletinLights Lights,
    BulletinProblems Problems,
    BulletinHighlights Highlights,
    BulletinTrend Trend,
    string NextSteps,
    BulletinAssessment? Assessment = null);

public sealed record BulletinHeadline(
    int Projects,
    int Planned,
    int Started,
    decimal? StartRate,
    decimal AnnualPlan,
    decimal Ytd,
    decimal? CompletionRate,
    decimal TimeProgress,
    decimal? PointsVsTime,
    decimal YtdLastYear,
    decimal? YearOnYear);

/// <summary>One region's line of the ranking against 序时进度; points are ahead (positive) or behind.</summary>
public sealed record BulletinRankingRow(int Rank, string RegionKey, string Region, int Projects, decimal AnnualPlan, decimal Ytd, decimal? CompletionRate, decimal TimeProgress, decimal? PointsVsTime);

public sealed record BulletinLightRow(string Project, string Region, string Explanation);

public sealed record BulletinLights(int RedProjects, int YellowProjects, IReadOnlyList<BulletinLightRow> Red);

public sealed record BulletinProblemRow(string Project, string Region, string Description, DateOnly? DueOn, int DaysLate, string? Lead);

public sealed record BulletinProblems(int Open, int Overdue, IReadOnlyList<BulletinProblemRow> OverdueList);

public sealed record BulletinProjectRow(string Project, string Region, decimal? Ytd, DateOnly? StartedOn);

public sealed record BulletinHighlights(IReadOnlyList<BulletinRankingRow> TopRegions, IReadOnlyList<BulletinProjectRow> StartedThisMonth, IReadOnlyList<BulletinProjectRow> BiggestYtd);

/// <summary>Year-to-date investment at each month end this year (through <see cref="BulletinContent.MonthsElapsed"/>) and last year.</summary>
public sealed record BulletinTrend(IReadOnlyList<decimal> ThisYear, IReadOnlyList<decimal> LastYear);

/// <summary>The month's district assessment (督导考评) as published and frozen; a bulletin never shows scores that were not published.</summary>
public sealed record BulletinAssessment(string Scheme, DateOnly PublishedOn, IReadOnlyList<BulletinAssessmentRow> Rows);

public sealed record BulletinAssessmentRow(int Rank, string Region, decimal Total, string? Note);
