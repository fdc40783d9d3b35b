using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Tiaodu.Core.Excel;

/// <summary>
/// Writes a <see cref="LedgerTable"/> as offices publish it: row 1 the title merged across the table, row 2
/// the unit line at the left and the as-of line at the right, one or two header rows (groups merged across
/// their columns, other headers merged down), per section a row "一、续建项目（N个）" with its subtotals,
/// the rows, a 合计 row, then notes. Values only — never a formula. Rows are streamed (SAX), so 100,000 rows
/// need little memory; header rows are frozen and repeat on every printed page.
/// </summary>
public static class LedgerWorkbookWriter
{
    public static void WriteXlsx(LedgerTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Columns.Count == 0)
        {
            throw new ArgumentException("A table needs columns.", nameof(table));
        }

        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = LedgerStyles.Build();
        var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
        var headerLast = table.TwoLevel ? 4 : 3;
        using (var writer = OpenXmlWriter.Create(sheetPart))
        {
            new SheetWriter(writer, table, headerLast).Write();
        }

        var sheetName = SafeSheetName(table.SheetName);
        workbookPart.Workbook = new Workbook(
            new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }),
            new DefinedNames(new DefinedName($"'{sheetName}'!$3:${headerLast}") { Name = "_xlnm.Print_Titles", LocalSheetId = 0 }));
        workbookPart.Workbook.Save();
    }

    private static string SafeSheetName(string name)
    {
        var clean = new string([.. name.Where(c => c is not ('\\' or '/' or '?' or '*' or '[' or ']' or ':' or '\''))]);
        return clean.Length == 0 ? "Sheet1" : clean.Length > 31 ? clean[..31] : clean;
    }

    private sealed class SheetWriter(OpenXmlWriter w, LedgerTable table, int headerLast)
    {
        private readonly List<string> _merges = [];
        private readonly int _last = table.Columns.Count - 1;
        private int _row;

        public void Write()
        {
            w.WriteStartElement(new Worksheet());
            w.WriteStartElement(new SheetProperties());
            w.WriteElement(new PageSetupProperties { FitToPage = true });
            w.WriteEndElement();
            w.WriteStartElement(new SheetViews());
            w.WriteStartElement(new SheetView { WorkbookViewId = 0, TabSelected = true });
            w.WriteElement(new Pane
            {
                VerticalSplit = headerLast, TopLeftCell = "A" + (headerLast + 1).ToString(CultureInfo.InvariantCulture),
                ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            });
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteElement(new SheetFormatProperties { DefaultRowHeight = 18 });
            WriteWidths();
            w.WriteStartElement(new SheetData());
            WriteTop();
            WriteHeaders();
            var totals = new decimal[table.Columns.Count];
            var number = 0;
            for (var s = 0; s < table.Sections.Count; s++)
            {
                var section = table.Sections[s];
                var subtotal = new decimal[table.Columns.Count];
                foreach (var r in section.Rows)
                {
                    Add(subtotal, r);
                }

                if (table.Summaries)
                {
                    WriteSummary($"{Ordinals.Chinese(s + 1)}、{section.Name}项目（{section.Rows.Count}个）", subtotal, LedgerStyles.Section);
                }

                foreach (var r in section.Rows)
                {
                    WriteData(r, ++number);
                }

                for (var i = 0; i < totals.Length; i++)
                {
                    totals[i] += subtotal[i];
                }
            }

            if (table.Summaries)
            {
                WriteSummary("合计", totals, LedgerStyles.TotalLabel);
            }

            foreach (var note in table.Notes ?? [])
            {
                StartRow();
                TextCell(0, note, LedgerStyles.Note);
                w.WriteEndElement();
                Merge(_row, _row, 0, _last);
            }

            w.WriteEndElement();
            if (_merges.Count > 0)
            {
                w.WriteStartElement(new MergeCells { Count = (uint)_merges.Count });
                foreach (var m in _merges)
                {
                    w.WriteElement(new MergeCell { Reference = m });
                }

                w.WriteEndElement();
            }

            w.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
            w.WriteElement(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
            w.WriteEndElement();
        }

        private void WriteWidths()
        {
            w.WriteStartElement(new Columns());
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var c = table.Columns[i];
                var width = c.Width ?? c.Kind switch
                {
                    CellKind.Money or CellKind.Area => 14,
                    CellKind.Date => 12,
                    CellKind.YesNo or CellKind.WholeNumber => Math.Max(6, c.Header.Length * 2.2),
                    _ => Math.Clamp(c.Header.Length * 2.4, 10, 40),
                };
                var index = (uint)(i + 1);
                w.WriteElement(new Column { Min = index, Max = index, Width = width, CustomWidth = true });
            }

            w.WriteEndElement();
        }

        private void WriteTop()
        {
            StartRow(28);
            TextCell(0, table.Title, LedgerStyles.Title);
            w.WriteEndElement();
            Merge(1, 1, 0, _last);

            StartRow();
            TextCell(0, table.UnitLine, LedgerStyles.UnitLine);
            if (table.AsOfLine is { } asOf)
            {
                var from = Math.Max(1, _last - 3);
                TextCell(from, asOf, LedgerStyles.AsOfLine);
                if (from < _last)
                {
                    Merge(2, 2, from, _last);
                }
            }

            w.WriteEndElement();
        }

        private void WriteHeaders()
        {
            var top = ++_row;
            w.WriteStartElement(new Row { RowIndex = (uint)top, Height = 30, CustomHeight = true });
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var c = table.Columns[i];
                var startsGroup = c.Group is not null && (i == 0 || table.Columns[i - 1].Group != c.Group);
                TextCell(i, c.Group is null ? c.Header : startsGroup ? c.Group : "", LedgerStyles.Header);
                if (startsGroup)
                {
                    var end = i;
                    while (end + 1 < table.Columns.Count && table.Columns[end + 1].Group == c.Group)
                    {
                        end++;
                    }

                    if (end > i)
                    {
                        Merge(top, top, i, end);
                    }
                }
            }

            w.WriteEndElement();
            if (!table.TwoLevel)
            {
                return;
            }

            var sub = ++_row;
            w.WriteStartElement(new Row { RowIndex = (uint)sub, Height = 30, CustomHeight = true });
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var c = table.Columns[i];
                TextCell(i, c.Group is null ? "" : c.Header, LedgerStyles.Header);
                if (c.Group is null)
                {
                    Merge(top, sub, i, i);
                }
            }

            w.WriteEndElement();
        }

        private void WriteSummary(string label, decimal[] sums, uint labelStyle)
        {
            StartRow();
            var firstSum = table.Columns.ToList().FindIndex(c => c.Sum);
            var span = firstSum < 0 ? _last : Math.Max(0, firstSum - 1);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (i == 0)
                {
                    TextCell(0, label, labelStyle);
                }
                else if (table.Columns[i].Sum)
                {
                    NumberCell(i, sums[i], LedgerStyles.TotalMoney);
                }
                else
                {
                    EmptyCell(i, LedgerStyles.Text);
                }
            }

            w.WriteEndElement();
            if (span > 0)
            {
                Merge(_row, _row, 0, span);
            }
        }

        private void WriteData(object?[] cells, int number)
        {
            StartRow();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var kind = table.Columns[i].Kind;
                var value = i == 0 && table.Numbered ? number : i < cells.Length ? cells[i] : null;
                switch (value)
                {
                    case null:
                        EmptyCell(i, kind is CellKind.Money or CellKind.Area ? LedgerStyles.Money : LedgerStyles.Text);
                        break;
                    case string s:
                        TextCell(i, CellSafety.Neutralise(s), kind is CellKind.YesNo ? LedgerStyles.Centre : LedgerStyles.Text);
                        break;
                    case bool b:
                        TextCell(i, b ? "是" : "否", LedgerStyles.Centre);
                        break;
                    case DateOnly d:
                        NumberCell(i, (decimal)d.ToDateTime(TimeOnly.MinValue).ToOADate(), LedgerStyles.Date);
                        break;
                    case DateTime t:
                        NumberCell(i, (decimal)t.Date.ToOADate(), LedgerStyles.Date);
                        break;
                    case decimal m:
                        NumberCell(i, m, kind is CellKind.Number ? LedgerStyles.Decimal : kind is CellKind.WholeNumber ? LedgerStyles.Integer : LedgerStyles.Money);
                        break;
                    case int n:
                        NumberCell(i, n, kind is CellKind.Money or CellKind.Area ? LedgerStyles.Money : LedgerStyles.Integer);
                        break;
                    case long n:
                        NumberCell(i, n, kind is CellKind.Money or CellKind.Area ? LedgerStyles.Money : LedgerStyles.Integer);
                        break;
                    case double x:
                        NumberCell(i, (decimal)x, LedgerStyles.Decimal);
                        break;
                    default:
                        TextCell(i, CellSafety.Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""), LedgerStyles.Text);
                        break;
                }
            }

            w.WriteEndElement();
        }

        private static void Add(decimal[] sums, object?[] row)
        {
            for (var i = 0; i < sums.Length && i < row.Length; i++)
            {
                sums[i] += row[i] switch { decimal d => d, int n => n, long n => n, _ => 0m };
            }
        }

        private void StartRow(double? height = null)
        {
            _row++;
            var row = new Row { RowIndex = (uint)_row };
            if (height is { } h)
            {
                row.Height = h;
                row.CustomHeight = true;
            }

            w.WriteStartElement(row);
        }

        private string Ref(int column) => ImportColumnName(column) + _row.ToString(CultureInfo.InvariantCulture);

        private void TextCell(int column, string text, uint style)
        {
            w.WriteStartElement(new Cell { CellReference = Ref(column), DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString, StyleIndex = style });
            w.WriteStartElement(new InlineString());
            w.WriteElement(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = SpaceProcessingModeValues.Preserve });
            w.WriteEndElement();
            w.WriteEndElement();
        }

        private void NumberCell(int column, decimal value, uint style)
        {
            w.WriteStartElement(new Cell { CellReference = Ref(column), StyleIndex = style });
            w.WriteElement(new CellValue(value.ToString(CultureInfo.InvariantCulture)));
            w.WriteEndElement();
        }

        private void EmptyCell(int column, uint style) =>
            w.WriteElement(new Cell { CellReference = Ref(column), StyleIndex = style });

        private void Merge(int firstRow, int lastRow, int firstColumn, int lastColumn) =>
            _merges.Add(string.Create(CultureInfo.InvariantCulture, $"{ImportColumnName(firstColumn)}{firstRow}:{ImportColumnName(lastColumn)}{lastRow}"));

        private static string ImportColumnName(int index)
        {
            var s = "";
            for (var i = index + 1; i > 0; i = (i - 1) / 26)
            {
                s = (char)('A' + ((i - 1) % 26)) + s;
            }

            return s;
        }
    }
}
