using System.Globalization;
using SkiaSharp;

namespace Tiaodu.Core.Bulletins;

/// <summary>
/// The bulletin's charts as PNG pictures drawn on the server, for the .docx and the preview alike: the same
/// figures give the same bytes. Chinese labels use a CJK face found on the machine; where there is none the
/// chart is still drawn (labels may then show the default face's fallback glyphs).
/// </summary>
public static class BulletinCharts
{
    private const int Width = 1600, Height = 900;
    private const float Left = 150, Right = 60, Top = 110, Bottom = 190;

    private static readonly SKColor Bar = new(0x2F, 0x6F, 0xB5), Behind = new(0xD9, 0x53, 0x4F), Line = new(0xE6, 0x00, 0x12),
        Grid = new(0xDD, 0xDD, 0xDD), Ink = new(0x33, 0x33, 0x33), LastYear = new(0x99, 0x99, 0x99);

    private static readonly Lazy<SKTypeface> Face = new(FindFace);

    private static readonly string[] Families = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC"];

    private static readonly decimal[] Steps = [1m, 2m, 5m, 10m];

    /// <summary>Whether a face with Chinese glyphs was found (labels render in it).</summary>
    public static bool HasChineseFace => HasChinese(Face.Value);

    /// <summary>Completion rate by region as bars (red where behind 序时进度), with 序时进度 as a line across.</summary>
    public static byte[] Ranking(string title, IReadOnlyList<(string Region, decimal? Rate)> rows, decimal timeProgress)
    {
        using var surface = Surface(out var canvas);
        using var font = new SKFont(Face.Value, 40);
        using var small = new SKFont(Face.Value, 28);
        using var ink = Paint(Ink);
        canvas.DrawText(title, Width / 2f, 60, SKTextAlign.Center, font, ink);

        var max = Math.Max(1m, Math.Max(timeProgress, rows.Select(r => r.Rate ?? 0m).DefaultIfEmpty(0m).Max()));
        var top = Math.Ceiling(max * 5m) / 5m; // the axis ends at the next 20%
        Axis(canvas, small, top, v => Percent(v, 0));

        var plotWidth = Width - Left - Right;
        var slot = rows.Count == 0 ? plotWidth : plotWidth / rows.Count;
        var barWidth = Math.Min(90f, slot * 0.6f);
        using var bar = Paint(Bar);
        using var behind = Paint(Behind);

        // One way for every label: level, on two lines, or slanted when some name fits neither.
        var layout = rows.Select(r => LabelRows(small, r.Region, slot)).DefaultIfEmpty(1).Max();
        for (var i = 0; i < rows.Count; i++)
        {
            var (region, rate) = rows[i];
            var x = Left + slot * i + slot / 2;
            if (rate is { } r)
            {
                var y = Y(r, top);
                canvas.DrawRect(new SKRect(x - barWidth / 2, y, x + barWidth / 2, Height - Bottom), r < timeProgress ? behind : bar);
                canvas.DrawText(Percent(r, slot < 110 ? 0 : 1), x, y - 10, SKTextAlign.Center, small, ink);
            }

            Label(canvas, small, ink, region, x, layout);
        }

        using var line = Paint(Line, stroke: 4);
        var ty = Y(timeProgress, top);
        canvas.DrawLine(Left, ty, Width - Right, ty, line);
        using var red = Paint(Line);
        canvas.DrawText("序时进度 " + Percent(timeProgress, 1), Width - Right, ty - 12, SKTextAlign.Right, small, red);
        return Png(surface);
    }

    /// <summary>Year-to-date investment (万元, shown in 亿元) at each month end, this year against last year.</summary>
    public static byte[] Trend(string title, int year, int monthsElapsed, IReadOnlyList<decimal> thisYear, IReadOnlyList<decimal> lastYear)
    {
        using var surface = Surface(out var canvas);
        using var font = new SKFont(Face.Value, 40);
        using var small = new SKFont(Face.Value, 28);
        using var ink = Paint(Ink);
        canvas.DrawText(title, Width / 2f, 60, SKTextAlign.Center, font, ink);

        var shown = Math.Clamp(monthsElapsed, 0, 12);
        var values = thisYear.Take(shown).Concat(lastYear.Take(12)).DefaultIfEmpty(0m);
        var max = Math.Max(1m, values.Max() / 10_000m);
        var step = Nice(max / 5m);
        var top = Math.Ceiling(max / step) * step;
        Axis(canvas, small, top, v => v.ToString("0.#", CultureInfo.InvariantCulture), unit: "亿元");

        var slot = (Width - Left - Right) / 12f;
        for (var m = 1; m <= 12; m++)
        {
            canvas.DrawText(m.ToString(CultureInfo.InvariantCulture) + "月", Left + slot * (m - 0.5f), Height - Bottom + 40, SKTextAlign.Center, small, ink);
        }

        Series(canvas, [.. lastYear.Take(12)], top, slot, LastYear);
        Series(canvas, [.. thisYear.Take(shown)], top, slot, Bar);

        using var grey = Paint(LastYear);
        using var blue = Paint(Bar);
        var legendY = Height - 60f;
        canvas.DrawRect(new SKRect(Width / 2f - 380, legendY - 22, Width / 2f - 340, legendY - 4), blue);
        canvas.DrawText((year).ToString(CultureInfo.InvariantCulture) + "年累计", Width / 2f - 330, legendY, SKTextAlign.Left, small, ink);
        canvas.DrawRect(new SKRect(Width / 2f + 40, legendY - 22, Width / 2f + 80, legendY - 4), grey);
        canvas.DrawText((year - 1).ToString(CultureInfo.InvariantCulture) + "年同期", Width / 2f + 90, legendY, SKTextAlign.Left, small, ink);
        return Png(surface);
    }

    private static void Series(SKCanvas canvas, IReadOnlyList<decimal> wan, decimal topYi, float slot, SKColor color)
    {
        if (wan.Count == 0)
        {
            return;
        }

        using var line = Paint(color, stroke: 5);
        using var dot = Paint(color);
        var previous = (SKPoint?)null;
        for (var i = 0; i < wan.Count; i++)
        {
            var point = new SKPoint(Left + slot * (i + 0.5f), Y(wan[i] / 10_000m, topYi));
            if (previous is { } p)
            {
                canvas.DrawLine(p, point, line);
            }

            canvas.DrawCircle(point, 8, dot);
            previous = point;
        }
    }

    /// <summary>Five grid lines from 0 to <paramref name="top"/> with their labels at the left.</summary>
    private static void Axis(SKCanvas canvas, SKFont font, decimal top, Func<decimal, string> label, string? unit = null)
    {
        using var grid = Paint(Grid, stroke: 2);
        using var ink = Paint(Ink);
        for (var i = 0; i <= 5; i++)
        {
            var v = top * i / 5m;
            var y = Y(v, top);
            canvas.DrawLine(Left, y, Width - Right, y, grid);
            canvas.DrawText(label(v), Left - 14, y + 10, SKTextAlign.Right, font, ink);
        }

        if (unit is not null)
        {
            canvas.DrawText(unit, Left - 14, Top - 30, SKTextAlign.Right, font, ink);
        }
    }

    /// <summary>How a name fits its slot: 1 = one line, 2 = two lines, 3 = only slanted.</summary>
    private static int LabelRows(SKFont font, string text, float slot)
    {
        var half = (text.Length + 1) / 2;
        return font.MeasureText(text) <= slot - 8 ? 1
            : Math.Max(font.MeasureText(text[..half]), font.MeasureText(text[half..])) <= slot - 8 ? 2 : 3;
    }

    /// <summary>A region's name under its bar, in the layout all the chart's names share.</summary>
    private static void Label(SKCanvas canvas, SKFont font, SKPaint ink, string text, float x, int layout)
    {
        var y = Height - Bottom + 40;
        if (layout == 1)
        {
            canvas.DrawText(text, x, y, SKTextAlign.Center, font, ink);
            return;
        }

        var half = (text.Length + 1) / 2;
        if (layout == 2)
        {
            canvas.DrawText(text[..half], x, y, SKTextAlign.Center, font, ink);
            canvas.DrawText(text[half..], x, y + 34, SKTextAlign.Center, font, ink);
            return;
        }

        // Slanted under the bar, shortened to what the bottom margin holds.
        var room = (Bottom - 30) / MathF.Sin(MathF.PI / 4);
        while (text.Length > 2 && font.MeasureText(text) > room)
        {
            text = text[..^2] + "…";
        }

        canvas.Save();
        canvas.RotateDegrees(-45, x + 6, y - 24);
        canvas.DrawText(text, x + 6, y - 24, SKTextAlign.Right, font, ink);
        canvas.Restore();
    }

    private static float Y(decimal value, decimal top) =>
        (float)(Height - Bottom - (double)(Math.Clamp(value, 0m, top) / top) * (Height - Top - Bottom));

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    private static decimal Nice(decimal rough)
    {
        var power = 1m;
        while (power * 10 <= rough)
        {
            power *= 10;
        }

        while (power > rough && power > 0.1m)
        {
            power /= 10;
        }

        return Steps.Select(f => f * power).First(v => v >= rough);
    }

    private static string Percent(decimal ratio, int decimals) =>
        (ratio * 100m).ToString(decimals == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + "%";

    private static SKSurface Surface(out SKCanvas canvas)
    {
        var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        return surface;
    }

    private static SKPaint Paint(SKColor color, float stroke = 0) => new()
    {
        Color = color,
        IsAntialias = true,
        Style = stroke > 0 ? SKPaintStyle.Stroke : SKPaintStyle.Fill,
        StrokeWidth = stroke,
    };

    private static byte[] Png(SKSurface surface)
    {
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static bool HasChinese(SKTypeface face)
    {
        using var font = new SKFont(face);
        return font.ContainsGlyph('中');
    }

    /// <summary>A Simplified Chinese face: Noto Sans CJK SC when installed, else any face with '中', else the default.</summary>
    private static SKTypeface FindFace()
    {
        try
        {
            var fonts = SKFontManager.Default;
            foreach (var family in Families)
            {
                if (fonts.MatchFamily(family) is { } face && HasChinese(face))
                {
                    return face;
                }
            }

            return fonts.MatchCharacter(null, SKFontStyle.Normal, ["zh-CN"], '中') ?? SKTypeface.Default;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or InvalidOperationException)
        {
            return SKTypeface.Default;
        }
    }
}
