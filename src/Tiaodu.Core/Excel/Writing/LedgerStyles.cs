using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Tiaodu.Core.Excel;

/// <summary>The cell formats of an exported ledger: 宋体 (charset 134, so every office suite picks Chinese glyphs), bordered cells, money to four decimals.</summary>
internal static class LedgerStyles
{
    public const uint Title = 1;
    public const uint UnitLine = 2;
    public const uint AsOfLine = 3;
    public const uint Header = 4;
    public const uint Text = 5;
    public const uint Money = 6;
    public const uint Integer = 7;
    public const uint Date = 8;
    public const uint Section = 9;
    public const uint TotalLabel = 10;
    public const uint TotalMoney = 11;
    public const uint Centre = 12;
    public const uint Note = 13;
    public const uint Decimal = 14;

    private const uint MoneyFormat = 164;
    private const uint DateFormat = 165;
    private const uint DecimalFormat = 166;

    public static Stylesheet Build()
    {
        var fonts = new Fonts(
            Font("宋体", 11, bold: false),
            Font("黑体", 16, bold: true),
            Font("宋体", 11, bold: true));
        fonts.Count = 3;
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDEBF7" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }));
        fills.Count = 3;
        var borders = new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(Edge<LeftBorder>(), Edge<RightBorder>(), Edge<TopBorder>(), Edge<BottomBorder>(), new DiagonalBorder()));
        borders.Count = 2;
        var formats = new NumberingFormats(
            new NumberingFormat { NumberFormatId = MoneyFormat, FormatCode = "#,##0.00##" },
            new NumberingFormat { NumberFormatId = DateFormat, FormatCode = "yyyy-mm-dd" },
            new NumberingFormat { NumberFormatId = DecimalFormat, FormatCode = "0.0#####" });
        formats.Count = 3;
        var xfs = new CellFormats(
            Xf(0, 0, 0, 0),
            Xf(1, 0, 0, 0, HorizontalAlignmentValues.Center),
            Xf(0, 0, 0, 0, HorizontalAlignmentValues.Left),
            Xf(0, 0, 0, 0, HorizontalAlignmentValues.Right),
            Xf(2, 2, 1, 0, HorizontalAlignmentValues.Center, wrap: true),
            Xf(0, 0, 1, 0, HorizontalAlignmentValues.Left, wrap: true),
            Xf(0, 0, 1, MoneyFormat),
            Xf(0, 0, 1, 1),
            Xf(0, 0, 1, DateFormat, HorizontalAlignmentValues.Center),
            Xf(2, 0, 1, 0, HorizontalAlignmentValues.Left),
            Xf(2, 0, 1, 0, HorizontalAlignmentValues.Center),
            Xf(2, 0, 1, MoneyFormat),
            Xf(0, 0, 1, 0, HorizontalAlignmentValues.Center),
            Xf(0, 0, 0, 0, HorizontalAlignmentValues.Left, wrap: true),
            Xf(0, 0, 1, DecimalFormat));
        xfs.Count = (uint)xfs.ChildElements.Count;
        return new Stylesheet(formats, fonts, fills, borders,
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            xfs,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    private static Font Font(string name, double size, bool bold)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }

        font.Append(new FontSize { Val = size }, new FontName { Val = name }, new FontFamilyNumbering { Val = 3 }, new FontCharSet { Val = 134 });
        return font;
    }

    private static T Edge<T>() where T : BorderPropertiesType, new() => new() { Style = BorderStyleValues.Thin, Color = new Color { Indexed = 64 } };

    private static CellFormat Xf(uint font, uint fill, uint border, uint format, HorizontalAlignmentValues? horizontal = null, bool wrap = false)
    {
        var xf = new CellFormat
        {
            FontId = font, FillId = fill, BorderId = border, NumberFormatId = format, FormatId = 0,
            ApplyFont = font != 0 ? true : null, ApplyFill = fill != 0 ? true : null, ApplyBorder = border != 0 ? true : null,
            ApplyNumberFormat = format != 0 ? true : null,
        };
        if (horizontal is not null || wrap)
        {
            xf.ApplyAlignment = true;
            xf.Append(new Alignment { Horizontal = horizontal, Vertical = VerticalAlignmentValues.Center, WrapText = wrap ? true : null });
        }

        return xf;
    }
}
