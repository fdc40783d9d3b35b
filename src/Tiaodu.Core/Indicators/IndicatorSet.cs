using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Indicators;

public enum FigureUnit
{
    Count,

    /// <summary>万元.</summary>
    Wan,

    /// <summary>A ratio (0.901 = 90.1%).</summary>
    Ratio,

    /// <summary>Percentage points.</summary>
    Points,

    SquareMetre,
    YuanPerSquareMetre,
    WanPerMu,
}

/// <summary>One number on the dashboard, with the filter that lists the projects behind it.</summary>
public sealed record Figure(string Key, decimal? Value, FigureUnit Unit, ProjectFilter? Drill);

public sealed record IndicatorSet(int Year, DateOnly AsOf, int MonthsElapsed, IReadOnlyList<Figure> Figures)
{
    /// <summary>Whether the plan figures are the approved baseline's (asked for, and the year has one).</summary>
    public bool OnBaseline { get; init; }

    public Figure this[string key] => Figures.First(f => f.Key == key);

    public decimal? Value(string key) => this[key].Value;
}

/// <summary>Year-to-date investment (万元) at each month end; months after <see cref="MonthsElapsed"/> are not yet reported.</summary>
public sealed record YtdTrend(int Year, int MonthsElapsed, IReadOnlyList<decimal> ThisYear, IReadOnlyList<decimal> LastYear);

/// <summary>The stable keys of <see cref="IndicatorSet"/> figures (also the resource names of their labels).</summary>
public static class FigureKeys
{
    public const string Projects = "projects";
    public const string ProjectsNew = "projects.new";
    public const string ProjectsContinuing = "projects.continuing";
    public const string NewShare = "newShare";
    public const string Planned = "planned";
    public const string PlannedNew = "planned.new";
    public const string PlannedContinuing = "planned.continuing";
    public const string StartedNew = "started.new";
    public const string ResumedContinuing = "resumed.continuing";
    public const string StartedInPlan = "started.inPlan";
    public const string StartRate = "startRate";
    public const string NewStartRate = "newStartRate";
    public const string ResumeRate = "resumeRate";
    public const string StartedOffPlan = "started.offPlan";
    public const string StartedTotal = "started.total";
    public const string StartedVsPlan = "started.vsPlan";
    public const string TotalInvestment = "investment.total";
    public const string AnnualPlan = "investment.annualPlan";
    public const string Ytd = "investment.ytd";
    public const string SinceStart = "investment.sinceStart";
    public const string CompletionRate = "completionRate";
    public const string TimeProgress = "timeProgress";
    public const string CompletionVsTime = "completionVsTime";
    public const string ProjectCompletionRate = "projectCompletionRate";
    public const string YtdLastYear = "investment.ytdLastYear";
    public const string YearOnYear = "yoy";
    public const string IndustrialYtd = "investment.industrialYtd";
    public const string IndustrialShare = "industrialShare";
    public const string LandArea = "land.area";
    public const string LandInvestment = "land.investment";
    public const string IntensityYuanPerM2 = "intensity.yuanPerM2";
    public const string IntensityWanPerMu = "intensity.wanPerMu";
    public const string ExpectedOutput = "output.expected";
    public const string ExpectedTax = "tax.expected";
    public const string StartedInStats = "started.inStats";
    public const string InStatsRate = "inStatsRate";

    public static string BandCount(SizeBand band) => "band." + band + ".count";

    public static string BandInvestment(SizeBand band) => "band." + band + ".investment";
}
