using Tiaodu.Core.Indicators;

namespace Tiaodu.Tests.Indicators;

/// <summary>The DOMAIN §4 formulas on the figures the seed articles publish.</summary>
public sealed class IndicatorFormulaTests
{
    [Fact]
    public void Start_rate_of_34_new_and_94_resumed_out_of_142_planned_is_90_point_1_percent()
    {
        var rate = IndicatorFormulas.StartRate(34, 94, 142)!.Value;
        decimal.Round(rate * 100, 1).ShouldBe(90.1m);
    }

    [Fact]
    public void New_share_of_75_out_of_143_is_52_point_4_percent()
    {
        var share = IndicatorFormulas.Ratio(75, 143)!.Value;
        decimal.Round(share * 100, 1).ShouldBe(52.4m);
    }

    [Fact]
    public void Started_141_against_a_plan_of_125_is_112_point_8_percent()
    {
        decimal.Round(IndicatorFormulas.Ratio(141, 125)!.Value * 100, 1).ShouldBe(112.8m);
    }

    [Fact]
    public void Intensity_of_4370_yuan_per_square_metre_on_6_point_2_square_kilometres()
    {
        // Seed 004: 6.2 km² at 4370 元/m² is 2,709,400 万元 of investment.
        var land = 6.2m * 1_000_000m;
        IndicatorFormulas.IntensityYuanPerSquareMetre(2_709_400m, land).ShouldBe(4370m);
        decimal.Round(IndicatorFormulas.IntensityWanPerMu(2_709_400m, land)!.Value, 2).ShouldBe(291.33m);
    }

    [Fact]
    public void Time_progress_is_months_elapsed_over_twelve_and_clamped()
    {
        IndicatorFormulas.TimeProgress(6).ShouldBe(0.5m);
        IndicatorFormulas.TimeProgress(0).ShouldBe(0m);
        IndicatorFormulas.TimeProgress(14).ShouldBe(1m);
    }

    [Fact]
    public void Year_on_year_growth_of_61_point_4_yi_at_plus_49_percent()
    {
        // Seed 003: 61.4亿 this year, up 49%: last year's same period was 61.4 / 1.49 ≈ 41.21亿.
        var growth = IndicatorFormulas.YearOnYear(614_000m, 412_080.54m)!.Value;
        decimal.Round(growth * 100, 0).ShouldBe(49m);
    }

    [Fact]
    public void Ratios_with_a_zero_denominator_are_unknown_not_zero()
    {
        IndicatorFormulas.Ratio(5, 0).ShouldBeNull();
        IndicatorFormulas.YearOnYear(100m, 0m).ShouldBeNull();
        IndicatorFormulas.IntensityYuanPerSquareMetre(100m, 0m).ShouldBeNull();
    }

    [Fact]
    public void Points_against_time_progress_are_negative_when_behind()
    {
        // YTD at 31% of plan in August (序时进度 66.7%) is 35.7 points behind.
        decimal.Round(IndicatorFormulas.PointsAgainstTimeProgress(0.31m, 8)!.Value, 1).ShouldBe(-35.7m);
    }
}

public sealed class CompleteMonthsTests
{
    [Theory]
    [InlineData(2026, "2026-06-30", 6)]
    [InlineData(2026, "2026-06-29", 5)]
    [InlineData(2026, "2026-01-15", 0)]
    [InlineData(2026, "2026-12-31", 12)]
    [InlineData(2024, "2024-02-29", 2)]
    [InlineData(2025, "2026-03-01", 12)]
    [InlineData(2027, "2026-12-31", 0)]
    public void A_month_counts_from_its_last_day(int year, string asOf, int months) =>
        Tiaodu.Core.Ledger.LedgerQueryBuilder.CompleteMonths(year, DateOnly.ParseExact(asOf, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(months);
}
