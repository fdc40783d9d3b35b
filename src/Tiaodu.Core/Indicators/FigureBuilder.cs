using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Core.Indicators;

/// <summary>Turns grouped facts into the figures of DOMAIN §4, each with its drill-down filter.</summary>
internal sealed class FigureBuilder(ProjectFilter baseFilter, IReadOnlyList<FactGroup> groups, decimal ytdLastYear, int month)
{
    private readonly List<Figure> _figures = [];

    public List<Figure> Build()
    {
        var all = groups.ToList();
        var newOnes = all.Where(g => g.NatureGroup == 1).ToList();
        var continuing = all.Where(g => g.NatureGroup == 2).ToList();
        var planned = all.Where(g => g.InPlan).ToList();
        var startedInPlan = planned.Where(g => g.Started).ToList();
        var started = all.Where(g => g.Started).ToList();

        var count = Count(all);
        Add(K.Projects, count, FigureUnit.Count, Drill());
        Add(K.ProjectsNew, Count(newOnes), FigureUnit.Count, Drill(nature: LookupMeaning.New));
        Add(K.ProjectsContinuing, Count(continuing), FigureUnit.Count, Drill(nature: LookupMeaning.Continuing));
        Add(K.NewShare, IndicatorFormulas.Ratio(Count(newOnes), count), FigureUnit.Ratio, Drill(nature: LookupMeaning.New));

        var plannedNew = planned.Where(g => g.NatureGroup == 1).ToList();
        var plannedContinuing = planned.Where(g => g.NatureGroup == 2).ToList();
        var startedNew = Count(plannedNew.Where(g => g.Started));
        var resumed = Count(plannedContinuing.Where(g => g.Started));
        Add(K.Planned, Count(planned), FigureUnit.Count, Drill(inPlan: true));
        Add(K.PlannedNew, Count(plannedNew), FigureUnit.Count, Drill(inPlan: true, nature: LookupMeaning.New));
        Add(K.PlannedContinuing, Count(plannedContinuing), FigureUnit.Count, Drill(inPlan: true, nature: LookupMeaning.Continuing));
        Add(K.StartedNew, startedNew, FigureUnit.Count, Drill(inPlan: true, started: true, nature: LookupMeaning.New));
        Add(K.ResumedContinuing, resumed, FigureUnit.Count, Drill(inPlan: true, started: true, nature: LookupMeaning.Continuing));
        Add(K.StartedInPlan, Count(startedInPlan), FigureUnit.Count, Drill(inPlan: true, started: true));
        Add(K.StartRate, IndicatorFormulas.StartRate(startedNew, resumed, Count(planned)), FigureUnit.Ratio, Drill(inPlan: true, started: true));
        Add(K.NewStartRate, IndicatorFormulas.Ratio(startedNew, Count(plannedNew)), FigureUnit.Ratio, Drill(inPlan: true, started: true, nature: LookupMeaning.New));
        Add(K.ResumeRate, IndicatorFormulas.Ratio(resumed, Count(plannedContinuing)), FigureUnit.Ratio, Drill(inPlan: true, started: true, nature: LookupMeaning.Continuing));
        Add(K.StartedOffPlan, Count(started.Where(g => !g.InPlan)), FigureUnit.Count, Drill(inPlan: false, started: true));
        Add(K.StartedTotal, Count(started), FigureUnit.Count, Drill(started: true));
        Add(K.StartedVsPlan, IndicatorFormulas.Ratio(Count(started), Count(planned)), FigureUnit.Ratio, Drill(started: true));

        AddInvestment(all);
        AddLandAndStats(all, started);
        AddBands(all);
        return _figures;
    }

    private void AddInvestment(List<FactGroup> all)
    {
        var total = all.Sum(g => g.TotalInvestment);
        var annualPlan = all.Sum(g => g.AnnualPlan);
        var ytd = all.Sum(g => g.Ytd);
        var sinceStart = all.Sum(g => g.SinceStart);
        var completion = IndicatorFormulas.Ratio(ytd, annualPlan);
        Add(K.TotalInvestment, total, FigureUnit.Wan, Drill());
        Add(K.AnnualPlan, annualPlan, FigureUnit.Wan, Drill());
        Add(K.Ytd, ytd, FigureUnit.Wan, Drill());
        Add(K.SinceStart, sinceStart, FigureUnit.Wan, Drill());
        Add(K.CompletionRate, completion, FigureUnit.Ratio, Drill());
        Add(K.TimeProgress, IndicatorFormulas.TimeProgress(month), FigureUnit.Ratio, null);
        Add(K.CompletionVsTime, IndicatorFormulas.PointsAgainstTimeProgress(completion, month), FigureUnit.Points, Drill());
        Add(K.ProjectCompletionRate, IndicatorFormulas.Ratio(sinceStart, total), FigureUnit.Ratio, Drill());
        Add(K.YtdLastYear, ytdLastYear, FigureUnit.Wan, LastYearDrill());
        Add(K.YearOnYear, IndicatorFormulas.YearOnYear(ytd, ytdLastYear), FigureUnit.Ratio, Drill());
        var industrialYtd = all.Where(g => g.Industrial).Sum(g => g.Ytd);
        Add(K.IndustrialYtd, industrialYtd, FigureUnit.Wan, Drill(industrial: true));
        Add(K.IndustrialShare, IndicatorFormulas.Ratio(industrialYtd, ytd), FigureUnit.Ratio, Drill(industrial: true));
    }

    private void AddLandAndStats(List<FactGroup> all, List<FactGroup> started)
    {
        var withLand = all.Where(g => g.HasLand).ToList();
        var land = withLand.Sum(g => g.LandArea);
        var landInvestment = withLand.Sum(g => g.TotalInvestment);
        Add(K.LandArea, land, FigureUnit.SquareMetre, Drill(hasLand: true));
        Add(K.LandInvestment, landInvestment, FigureUnit.Wan, Drill(hasLand: true));
        Add(K.IntensityYuanPerM2, IndicatorFormulas.IntensityYuanPerSquareMetre(landInvestment, land), FigureUnit.YuanPerSquareMetre, Drill(hasLand: true));
        Add(K.IntensityWanPerMu, IndicatorFormulas.IntensityWanPerMu(landInvestment, land), FigureUnit.WanPerMu, Drill(hasLand: true));
        Add(K.ExpectedOutput, all.Sum(g => g.ExpectedOutput), FigureUnit.Wan, Drill());
        Add(K.ExpectedTax, all.Sum(g => g.ExpectedTax), FigureUnit.Wan, Drill());
        var startedInStats = Count(started.Where(g => g.InStats));
        Add(K.StartedInStats, startedInStats, FigureUnit.Count, Drill(started: true, inStats: true));
        Add(K.InStatsRate, IndicatorFormulas.Ratio(startedInStats, Count(started)), FigureUnit.Ratio, Drill(started: true, inStats: true));
    }

    private void AddBands(List<FactGroup> all)
    {
        foreach (var band in Enum.GetValues<SizeBand>())
        {
            var inBand = all.Where(g => g.Band >= (int)band).ToList();
            Add(K.BandCount(band), Count(inBand), FigureUnit.Count, Drill(band: band));
            Add(K.BandInvestment(band), inBand.Sum(g => g.TotalInvestment), FigureUnit.Wan, Drill(band: band));
        }
    }

    private static int Count(IEnumerable<FactGroup> g) => g.Sum(x => x.Count);

    private void Add(string key, decimal? value, FigureUnit unit, ProjectFilter? drill) =>
        _figures.Add(new Figure(key, value, unit, drill));

    /// <summary>
    /// The base filter narrowed to a figure's subset. Where the base already fixes a condition the other way,
    /// the subset is empty and the figure is 0, so there is nothing to list.
    /// </summary>
    private ProjectFilter? Drill(bool? inPlan = null, bool? started = null, string? nature = null, bool? industrial = null,
        bool? hasLand = null, bool? inStats = null, SizeBand? band = null)
    {
        var f = baseFilter;
        if (Conflicts(f.InPlan, inPlan) || Conflicts(f.Started, started) || Conflicts(f.Industrial, industrial)
            || Conflicts(f.HasLand, hasLand) || Conflicts(f.InStats, inStats)
            || (nature is not null && f.YearNature is not null && f.YearNature != nature))
        {
            return null;
        }

        return f with
        {
            InPlan = inPlan ?? f.InPlan,
            Started = started ?? f.Started,
            YearNature = nature ?? f.YearNature,
            Industrial = industrial ?? f.Industrial,
            HasLand = hasLand ?? f.HasLand,
            InStats = inStats ?? f.InStats,
            Band = band is { } b && (f.Band is null || b > f.Band) ? b : f.Band,
        };
    }

    /// <summary>
    /// Last year's lines as of the same month end: the rows 同比 compares with. A filter that narrows this
    /// year's set by a year-level condition, or by 入库 (judged on this year's date), cannot be restated for
    /// last year, so that figure has no list.
    /// </summary>
    private ProjectFilter? LastYearDrill()
    {
        if (baseFilter.HasYearLevelConditions || baseFilter.InStats is not null || baseFilter.AsOf is not { } asOf || baseFilter.Year is not { } year)
        {
            return null;
        }

        var lastYear = year - 1;
        var lastAsOf = month == 0 ? new DateOnly(lastYear, 1, 1) : new DateOnly(lastYear, month, DateTime.DaysInMonth(lastYear, month));
        return asOf.Year == year ? baseFilter with { Year = lastYear, AsOf = lastAsOf } : baseFilter with { Year = lastYear, AsOf = asOf.AddYears(-1) };
    }

    private static bool Conflicts(bool? have, bool? want) => have is not null && want is not null && have != want;
}
