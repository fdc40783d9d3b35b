using System.Globalization;
using Microsoft.Extensions.Localization;
using Tiaodu.Core.Indicators;

namespace Tiaodu.Web.Infrastructure;

/// <summary>How numbers read on every page: 万元 below 1亿, 亿元 above, shares to one decimal, areas with 亩.</summary>
public static class Format
{
    private static CultureInfo C => CultureInfo.InvariantCulture;

    public static string Money(decimal? wan, IStringLocalizer l) => wan switch
    {
        null => "—",
        { } v when Math.Abs(v) >= 10_000m => (v / 10_000m).ToString("#,##0.00", C) + l["Unit.Yi"],
        { } v => v.ToString("#,##0.##", C) + l["Unit.Wan"],
    };

    /// <summary>A plain 万元 number for tables whose header carries the unit.</summary>
    public static string Wan(decimal? wan) => wan?.ToString("#,##0.##", C) ?? "—";

    public static string Percent(decimal? ratio) => ratio is null ? "—" : (ratio.Value * 100m).ToString("0.0", C) + "%";

    public static string Points(decimal? points) => points is null ? "—" : points.Value.ToString("+0.0;-0.0;0.0", C);

    /// <summary>A file's size in KB below 1 MB, else in MB.</summary>
    public static string FileSize(long bytes) => bytes < 1024 * 1024
        ? Math.Max(1, (bytes + 1023) / 1024).ToString(C) + " KB"
        : (bytes / 1024.0 / 1024.0).ToString("0.0", C) + " MB";

    public static string Count(decimal? n) => n?.ToString("#,##0", C) ?? "—";

    public static string Area(decimal? m2, IStringLocalizer l) => m2 is null ? "—"
        : m2.Value.ToString("#,##0", C) + " m²（" + (m2.Value / IndicatorFormulas.SquareMetresPerMu).ToString("#,##0.#", C) + l["Unit.Mu"] + "）";

    /// <summary>A stored UTC time in the platform's zone (China Standard Time unless configured otherwise), to the minute.</summary>
    public static string LocalTime(DateTime utc, TimeZoneInfo? zone = null) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone ?? PlatformZone).ToString("yyyy-MM-dd HH:mm", C);

    /// <summary>Set at start from the configured time zone.</summary>
    public static TimeZoneInfo PlatformZone { get; set; } = TimeZoneInfo.FindSystemTimeZoneById(Core.ZonedClock.DefaultZone);

    public static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", C) ?? "";

    public static string Figure(Figure f, IStringLocalizer l) => f.Unit switch
    {
        FigureUnit.Count => Count(f.Value),
        FigureUnit.Wan => Money(f.Value, l),
        FigureUnit.Ratio => Percent(f.Value),
        FigureUnit.Points => Points(f.Value),
        FigureUnit.SquareMetre => Area(f.Value, l),
        FigureUnit.YuanPerSquareMetre => f.Value is null ? "—" : f.Value.Value.ToString("#,##0", C) + " " + l["Unit.YuanPerM2"],
        FigureUnit.WanPerMu => f.Value is null ? "—" : f.Value.Value.ToString("#,##0.0", C) + " " + l["Unit.WanPerMu"],
        _ => f.Value?.ToString(C) ?? "—",
    };
}
