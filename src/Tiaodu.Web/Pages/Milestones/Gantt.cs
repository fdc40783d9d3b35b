using System.Globalization;
using Tiaodu.Core.Milestones;

namespace Tiaodu.Web.Pages.Milestones;

/// <summary>
/// The geometry of a wall chart (挂图作战): a time axis over the nodes' dates with month ticks and today's line,
/// one row per node or per project; drawn as SVG by the pages, so it prints as it shows.
/// </summary>
public sealed class Gantt
{
    public const double Width = 1000;
    public const double Left = 170;
    public const double RowHeight = 26;
    public const double Top = 28;

    private readonly int _from;
    private readonly int _to;

    public Gantt(IEnumerable<DateOnly> dates, DateOnly today)
    {
        var all = dates.Append(today).ToList();
        var min = all.Min();
        var max = all.Max();
        From = new DateOnly(min.Year, min.Month, 1);
        To = new DateOnly(max.Year, max.Month, 1).AddMonths(1);
        (_from, _to) = (From.DayNumber, To.DayNumber);
        Today = today;
    }

    public DateOnly From { get; }
    public DateOnly To { get; }
    public DateOnly Today { get; }

    public double X(DateOnly d) => Math.Round(Left + ((Width - Left - 10) * (d.DayNumber - _from) / Math.Max(1, _to - _from)), 1);

    public static double Y(int row) => Top + (row * RowHeight) + (RowHeight / 2);

    public static double Height(int rows) => Top + (rows * RowHeight) + 8;

    /// <summary>Month starts on the axis, labelled every month or every few months when the span is long.</summary>
    public IEnumerable<(DateOnly Month, bool Labelled)> Months()
    {
        var count = ((To.Year - From.Year) * 12) + To.Month - From.Month;
        var step = count <= 14 ? 1 : count <= 36 ? 3 : 6;
        for (var (m, i) = (From, 0); m < To; m = m.AddMonths(1), i++)
        {
            yield return (m, i % step == 0);
        }
    }

    /// <summary>"2027年1月" at a year's start or the first tick, "5月" otherwise.</summary>
    public string MonthLabel(DateOnly m) => m.Month == 1 || m == From ? m.ToString("yyyy年M月", CultureInfo.InvariantCulture) : m.ToString("M月", CultureInfo.InvariantCulture);

    public static string Color(MilestoneState s) => s switch
    {
        MilestoneState.Done => "#198754",
        MilestoneState.Overdue or MilestoneState.DeferredLate => "#dc3545",
        MilestoneState.DueSoon => "#fd7e14",
        MilestoneState.Deferred => "#0d6efd",
        _ => "#6c757d",
    };

    public static string Badge(MilestoneState s) => s switch
    {
        MilestoneState.Done => "text-bg-success",
        MilestoneState.Overdue or MilestoneState.DeferredLate => "text-bg-danger",
        MilestoneState.DueSoon => "text-bg-warning",
        MilestoneState.Deferred => "text-bg-primary",
        _ => "text-bg-light border",
    };

    public static string Num(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>An SVG text element with its content encoded (Razor reserves the &lt;text&gt; tag for itself).</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Text(double x, double y, string fill, string content, string? title = null)
    {
        var e = System.Text.Encodings.Web.HtmlEncoder.Default;
        var tooltip = title is null ? "" : "<title>" + e.Encode(title) + "</title>";
        return new Microsoft.AspNetCore.Html.HtmlString($"<text x=\"{Num(x)}\" y=\"{Num(y)}\" fill=\"{e.Encode(fill)}\">{e.Encode(content)}{tooltip}</text>");
    }
}
