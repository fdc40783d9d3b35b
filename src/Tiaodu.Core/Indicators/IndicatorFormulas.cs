namespace Tiaodu.Core.Indicators;

/// <summary>The DOMAIN §4 formulas, on plain numbers, so each is tested on the published worked examples.</summary>
public static class IndicatorFormulas
{
    /// <summary>Square metres in one 亩.</summary>
    public const decimal SquareMetresPerMu = 10_000m / 15m;

    /// <summary>A share or rate; null when the denominator is zero (shown as "—", never as 0%).</summary>
    public static decimal? Ratio(decimal numerator, decimal denominator) =>
        denominator == 0 ? null : numerator / denominator;

    /// <summary>开复工率 = (new started + continuing resumed) ÷ projects on the plan.</summary>
    public static decimal? StartRate(int newStarted, int continuingResumed, int planned) =>
        Ratio(newStarted + continuingResumed, planned);

    /// <summary>序时进度 = months elapsed ÷ 12.</summary>
    public static decimal TimeProgress(int monthsElapsed) => Math.Clamp(monthsElapsed, 0, 12) / 12m;

    /// <summary>同比增长 = this year's YTD ÷ last year's same period − 1.</summary>
    public static decimal? YearOnYear(decimal ytd, decimal ytdLastYear) =>
        ytdLastYear == 0 ? null : (ytd / ytdLastYear) - 1m;

    /// <summary>投资强度 in 元/m² from total investment in 万元 and land in m².</summary>
    public static decimal? IntensityYuanPerSquareMetre(decimal investmentWan, decimal landSquareMetres) =>
        landSquareMetres <= 0 ? null : investmentWan * 10_000m / landSquareMetres;

    /// <summary>投资强度 in 万元/亩.</summary>
    public static decimal? IntensityWanPerMu(decimal investmentWan, decimal landSquareMetres) =>
        landSquareMetres <= 0 ? null : investmentWan / (landSquareMetres / SquareMetresPerMu);

    /// <summary>Progress against the time benchmark in percentage points (positive = ahead).</summary>
    public static decimal? PointsAgainstTimeProgress(decimal? completionRate, int monthsElapsed) =>
        completionRate is null ? null : (completionRate.Value - TimeProgress(monthsElapsed)) * 100m;
}
