using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Tiaodu.Core.Documents;

/// <summary>
/// Writes an <see cref="OfficialDocument"/> as a .docx in the GB/T 9704 layout: A4, margins 37/35/28/26 mm,
/// body in 仿宋 三号 on a fixed 28.9 pt line, headings in 黑体 and 楷体, the issuer in red 小标宋. Every run
/// declares its East Asian font and the zh-CN language, so LibreOffice picks Chinese glyphs (with the
/// language missing it falls back to Japanese forms); fonts absent on a machine are substituted by the reader.
/// </summary>
public static class OfficialDocumentWriter
{
    private const string Song = "方正小标宋简体";
    private const string FangSong = "仿宋_GB2312";
    private const string Hei = "黑体";
    private const string Kai = "楷体_GB2312";
    private const string SongTi = "宋体";
    private const string Red = "E60012";

    /// <summary>Half-points: 初号 84, 二号 44, 三号 32, 四号 28.</summary>
    private const int IssuerSize = 84, TitleSize = 44, BodySize = 32, SmallSize = 28;

    /// <summary>Twentieths of a point: a fixed 28.9 pt line, 22 lines a page.</summary>
    private const int LineTwips = 578;

    public static byte[] ToBytes(OfficialDocument document)
    {
        using var stream = new MemoryStream();
        Write(document, stream);
        return stream.ToArray();
    }

    public static void Write(OfficialDocument document, Stream output)
    {
        using var buffer = new MemoryStream();
        using (var package = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = package.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = Styles();
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = PageNumberFooter();
            var body = new Body();
            Compose(document, body, new DocxImages(main));
            body.Append(Section(main.GetIdOfPart(footer)));
            main.Document = new W.Document(body);
            main.Document.Save();
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static void Compose(OfficialDocument d, Body body, DocxImages images)
    {
        // The issuer's mark fills at most one line of the 156 mm type area (about 440 pt): long names get a smaller size.
        var issuerSize = Math.Min(IssuerSize, 880 / Math.Max(1, d.Issuer.Length) / 2 * 2);
        body.Append(Para(d.Issuer, Song, issuerSize, JustificationValues.Center, color: Red, spacing: 0, exactLine: false));
        if (d.Number is not null)
        {
            body.Append(Para("", FangSong, BodySize, JustificationValues.Center));
            body.Append(Para(d.Number, FangSong, BodySize, JustificationValues.Center, redRuleBelow: true));
        }
        else
        {
            body.Append(Para("", FangSong, BodySize, JustificationValues.Center, redRuleBelow: true));
        }

        body.Append(Para("", FangSong, BodySize, JustificationValues.Center));
        body.Append(Para(d.Title, Song, TitleSize, JustificationValues.Center, exactLine: false));
        if (d.Subtitle is not null)
        {
            body.Append(Para(d.Subtitle, Kai, BodySize, JustificationValues.Center));
        }

        body.Append(Para("", FangSong, BodySize, JustificationValues.Left));
        if (d.Addressee is not null)
        {
            body.Append(Para(d.Addressee, FangSong, BodySize, JustificationValues.Left));
        }

        foreach (var block in d.Body)
        {
            switch (block)
            {
                case Heading h:
                    body.Append(Para(h.Text, h.Level == 1 ? Hei : Kai, BodySize, JustificationValues.Both, indent: true));
                    break;
                case LabelLine l:
                    body.Append(LabelPara(l));
                    break;
                case ImageBlock image:
                    body.Append(images.Picture(image));
                    if (!string.IsNullOrWhiteSpace(image.Caption))
                    {
                        body.Append(Para(image.Caption, Kai, SmallSize, JustificationValues.Center));
                    }

                    break;
                case Table t:
                    body.Append(TableOf(t));
                    body.Append(Para("", FangSong, BodySize, JustificationValues.Left));
                    break;
                case Paragraph p:
                    foreach (var line in Clean(p.Text).Split('\n'))
                    {
                        body.Append(Para(line, FangSong, BodySize, JustificationValues.Both, indent: true));
                    }

                    break;
            }
        }

        body.Append(Para("", FangSong, BodySize, JustificationValues.Left));
        body.Append(Para(d.Signature, FangSong, BodySize, JustificationValues.Right, rightIndent: 4));
        body.Append(Para(OfficialDocument.ChineseDate(d.Date), FangSong, BodySize, JustificationValues.Right, rightIndent: 4));
        if (d.CopyTo is not null)
        {
            body.Append(Para("", FangSong, BodySize, JustificationValues.Left));
            body.Append(Para("抄送：" + d.CopyTo, FangSong, SmallSize, JustificationValues.Left, ruleAbove: true, ruleBelowThin: true));
        }
    }

    /// <summary>Drops characters XML cannot hold (control characters other than tab and line breaks).</summary>
    public static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n").Replace('\r', '\n'))
        {
            if (c is '\n' or '\t' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static RunProperties Font(string font, int size, bool bold = false, string? color = null)
    {
        // The schema's order: fonts, bold, colour, size, language.
        var half = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rp = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font, Hint = FontTypeHintValues.EastAsia });
        if (bold)
        {
            rp.Append(new Bold());
        }

        if (color is not null)
        {
            rp.Append(new Color { Val = color });
        }

        rp.Append(new FontSize { Val = half }, new FontSizeComplexScript { Val = half }, new Languages { Val = "zh-CN", EastAsia = "zh-CN" });
        return rp;
    }

    private static W.Paragraph Para(string text, string font, int size, JustificationValues align, string? color = null, bool indent = false,
        int spacing = 0, bool exactLine = true, bool redRuleBelow = false, bool ruleAbove = false, bool ruleBelowThin = false, int rightIndent = 0)
    {
        var pp = new ParagraphProperties();
        if (redRuleBelow || ruleAbove || ruleBelowThin)
        {
            var borders = new ParagraphBorders();
            if (ruleAbove)
            {
                borders.Append(new TopBorder { Val = BorderValues.Single, Size = 6, Space = 1, Color = "000000" });
            }

            if (redRuleBelow || ruleBelowThin)
            {
                borders.Append(new BottomBorder { Val = BorderValues.Single, Size = redRuleBelow ? 12U : 6U, Space = 4, Color = redRuleBelow ? Red : "000000" });
            }

            pp.Append(borders);
        }

        pp.Append(new SpacingBetweenLines { Before = "0", After = spacing.ToString(System.Globalization.CultureInfo.InvariantCulture), Line = exactLine ? LineTwips.ToString(System.Globalization.CultureInfo.InvariantCulture) : "240", LineRule = exactLine ? LineSpacingRuleValues.Exact : LineSpacingRuleValues.Auto });
        if (indent || rightIndent > 0)
        {
            // Attributes are set only when wanted: an attribute given null is written empty, which is invalid.
            var ind = new Indentation();
            if (indent)
            {
                ind.FirstLine = (BodySize * 20).ToString(System.Globalization.CultureInfo.InvariantCulture);
                ind.FirstLineChars = 200;
            }

            if (rightIndent > 0)
            {
                ind.RightChars = rightIndent * 100;
            }

            pp.Append(ind);
        }

        pp.Append(new Justification { Val = align });
        if (text.Length == 0)
        {
            // An empty line keeps the height of its font.
            pp.Append(new W.ParagraphMarkRunProperties(new RunFonts { EastAsia = font }, new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        }

        var p = new W.Paragraph(pp);
        if (text.Length > 0)
        {
            p.Append(new Run(Font(font, size, color: color), new W.Text(Clean(text).Replace('\n', ' ')) { Space = SpaceProcessingModeValues.Preserve }));
        }

        return p;
    }

    private static W.Paragraph LabelPara(LabelLine l)
    {
        var p = Para("", FangSong, BodySize, JustificationValues.Both, indent: true);
        p.ParagraphProperties!.RemoveAllChildren<W.ParagraphMarkRunProperties>();
        p.Append(new Run(Font(Hei, BodySize), new W.Text(Clean(l.Label) + "：") { Space = SpaceProcessingModeValues.Preserve }));
        p.Append(new Run(Font(FangSong, BodySize), new W.Text(Clean(l.Value).Replace('\n', ' ')) { Space = SpaceProcessingModeValues.Preserve }));
        return p;
    }

    private static W.Table TableOf(Table t)
    {
        // The type area is 156 mm wide: 8844 twentieths of a point.
        const int width = 8844;
        var columns = t.Headers.Count;
        var weights = t.Widths is { Count: > 0 } w && w.Count == columns ? w : [.. Enumerable.Repeat(1, columns)];
        var total = weights.Sum();
        var widths = weights.Select(x => width * x / total).ToList();
        var table = new W.Table(new TableProperties(
            new TableWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableJustification { Val = TableRowAlignmentValues.Center },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(widths.Select(x => new GridColumn { Width = x.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(t.Headers, widths, header: true));
        foreach (var row in t.Rows)
        {
            table.Append(Row([.. Enumerable.Range(0, columns).Select(i => i < row.Count ? row[i] : "")], widths, header: false));
        }

        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, List<int> widths, bool header)
    {
        var row = new TableRow();
        if (header)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }

        for (var i = 0; i < cells.Count; i++)
        {
            var p = new W.Paragraph(
                new ParagraphProperties(new SpacingBetweenLines { Before = "0", After = "0", Line = "360", LineRule = LineSpacingRuleValues.Exact },
                    new Justification { Val = header ? JustificationValues.Center : JustificationValues.Left }),
                new Run(Font(header ? Hei : FangSong, 24), new W.Text(Clean(cells[i]).Replace('\n', ' ')) { Space = SpaceProcessingModeValues.Preserve }));
            row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }), p));
        }

        return row;
    }

    private static Footer PageNumberFooter()
    {
        Run Plain(string text) => new(Font(SongTi, SmallSize), new W.Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return new Footer(new W.Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            Plain("— "),
            new Run(Font(SongTi, SmallSize), new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(Font(SongTi, SmallSize), new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(Font(SongTi, SmallSize), new FieldChar { FieldCharType = FieldCharValues.Separate }),
            Plain("1"),
            new Run(Font(SongTi, SmallSize), new FieldChar { FieldCharType = FieldCharValues.End }),
            Plain(" —")));
    }

    private static SectionProperties Section(string footerId)
    {
        // Millimetres to twentieths of a point.
        static UInt32Value Mm(double mm) => (uint)Math.Round(mm / 25.4 * 1440);
        return new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
            new PageSize { Width = Mm(210), Height = Mm(297) },
            new PageMargin { Top = (int)(uint)Mm(37), Bottom = (int)(uint)Mm(35), Left = Mm(28), Right = Mm(26), Header = Mm(15), Footer = Mm(20), Gutter = 0 },
            new DocGrid { Type = DocGridValues.Lines, LinePitch = LineTwips });
    }

    private static W.Styles Styles() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = FangSong, HighAnsi = FangSong, EastAsia = FangSong, ComplexScript = FangSong },
                new FontSize { Val = BodySize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                new Languages { Val = "zh-CN", EastAsia = "zh-CN" })),
            new ParagraphPropertiesDefault()),
        new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
}
