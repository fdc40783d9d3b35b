using System.Globalization;

namespace Tiaodu.Core.Plans;

/// <summary>
/// A monthly plan curve: the share of the annual plan due by each month end, as twelve cumulative
/// percentages ("5,10,20,…,100"). Without one the plan is even (m ÷ 12). 月度计划完成率 compares the year to
/// date with the curve: above 105% 超前, 95–105% 正常, below 95% 滞后 (DOMAIN §4).
/// </summary>
public static class PlanCurve
{
    public const int TextLength = 100;

    /// <summary>The cumulative share (0–1) of the annual plan due by the end of month <paramref name="month"/>.</summary>
    public static decimal ShareAt(string? curve, int month)
    {
        if (month <= 0)
        {
            return 0m;
        }

        var points = Parse(curve, out _);
        return points is null ? month / 12m : points[Math.Min(month, 12) - 1] / 100m;
    }

    /// <summary>The twelve percentages, or null (even curve) for empty text; <paramref name="error"/> says what is wrong otherwise.</summary>
    public static decimal[]? Parse(string? curve, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(curve))
        {
            return null;
        }

        var parts = curve.Replace('，', ',').Replace('、', ',').Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 12)
        {
            error = $"月度计划曲线应为12个月末累计百分比（逗号分隔），现有{parts.Length}个";
            return null;
        }

        var values = new decimal[12];
        for (var i = 0; i < 12; i++)
        {
            if (!decimal.TryParse(parts[i].TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out values[i]) || values[i] < 0 || values[i] > 100)
            {
                error = $"月度计划曲线第{i + 1}个值“{parts[i]}”应为0至100之间的数";
                return null;
            }

            if (i > 0 && values[i] < values[i - 1])
            {
                error = $"月度计划曲线是累计百分比，{i + 1}月不能小于{i}月";
                return null;
            }
        }

        if (values[11] != 100m)
        {
            error = "月度计划曲线12月应为100%";
            return null;
        }

        return values;
    }

    /// <summary>The curve as stored ("5,10,…,100"), or null for an even one.</summary>
    public static string? Normalize(string? curve) =>
        Parse(curve, out _) is { } v ? string.Join(",", v.Select(x => x.ToString("0.##", CultureInfo.InvariantCulture))) : null;

    /// <summary>月度计划完成率 at a month end and its reading, or null when there is no plan to compare with.</summary>
    public static (decimal Rate, string Reading)? Completion(decimal? annualPlan, string? curve, decimal ytd, int month)
    {
        if (annualPlan is not > 0 || month <= 0)
        {
            return null;
        }

        var due = annualPlan.Value * ShareAt(curve, month);
        if (due <= 0)
        {
            return null;
        }

        var rate = ytd / due;
        return (rate, rate > 1.05m ? "超前" : rate >= 0.95m ? "正常" : "滞后");
    }
}
