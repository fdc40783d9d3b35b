using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NPOI.HSSF.UserModel;
using NPOI.POIFS.FileSystem;
using NPOI.SS.Util;

namespace Tiaodu.Tests.Excel;

/// <summary>A formula cell: the workbook stores the formula and its cached result.</summary>
public sealed record Formula(string Text, double Cached);

/// <summary>
/// Builds workbooks in memory from a readable description — sheets of rows (strings, numbers, DateTime
/// date cells, bools, formulas, nulls) and merged ranges — as .xlsx (shared strings, as Excel writes
/// them), .xls (Excel 97–2003) or .csv in any encoding, plus hostile files.
/// </summary>
public sealed class LedgerFileBuilder
{
    private readonly List<SheetBuilder> _sheets = [];

    public SheetBuilder Sheet(string name)
    {
        var sheet = new SheetBuilder(name);
        _sheets.Add(sheet);
        return sheet;
    }

    public byte[] ToXlsx()
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            var strings = wb.AddNewPart<SharedStringTablePart>();
            var table = new SharedStringTable();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 2 });
            var sheets = new Sheets();
            uint id = 1;
            foreach (var s in _sheets)
            {
                var part = wb.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < s.Rows.Count; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < s.Rows[r].Length; c++)
                    {
                        if (XlsxCell(s.Rows[r][c], $"{Letter(c)}{r + 1}", table, index) is { } cell)
                        {
                            row.Append(cell);
                        }
                    }

                    data.Append(row);
                }

                var ws = new Worksheet(data);
                if (s.Merges.Count > 0)
                {
                    ws.Append(new MergeCells(s.Merges.Select(m => new MergeCell { Reference = $"{Letter(m.FirstColumn)}{m.FirstRow}:{Letter(m.LastColumn)}{m.LastRow}" })));
                }

                part.Worksheet = ws;
                sheets.Append(new Sheet { Id = wb.GetIdOfPart(part), SheetId = id++, Name = s.Name });
            }

            strings.SharedStringTable = table;
            wb.Workbook = new Workbook(sheets);
        }

        return stream.ToArray();
    }

    private static Cell? XlsxCell(object? value, string reference, SharedStringTable table, Dictionary<string, int> index)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                if (!index.TryGetValue(s, out var i))
                {
                    i = index[s] = index.Count;
                    table.Append(new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(s) { Space = SpaceProcessingModeValues.Preserve }));
                }

                return new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(i.ToString(CultureInfo.InvariantCulture)) };
            case bool b:
                return new Cell { CellReference = reference, DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") };
            case DateTime t:
                return new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(t.ToOADate().ToString(CultureInfo.InvariantCulture)) };
            case Formula f:
                return new Cell { CellReference = reference, CellFormula = new CellFormula(f.Text.TrimStart('=')), CellValue = new CellValue(f.Cached.ToString(CultureInfo.InvariantCulture)) };
            default:
                return new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)) };
        }
    }

    public byte[] ToXls()
    {
        var book = new HSSFWorkbook();
        var dateStyle = book.CreateCellStyle();
        dateStyle.DataFormat = book.CreateDataFormat().GetFormat("yyyy-mm-dd");
        foreach (var s in _sheets)
        {
            var sheet = book.CreateSheet(s.Name);
            for (var r = 0; r < s.Rows.Count; r++)
            {
                var row = sheet.CreateRow(r);
                for (var c = 0; c < s.Rows[r].Length; c++)
                {
                    var value = s.Rows[r][c];
                    if (value is null)
                    {
                        continue;
                    }

                    var cell = row.CreateCell(c);
                    switch (value)
                    {
                        case string text: cell.SetCellValue(text); break;
                        case bool b: cell.SetCellValue(b); break;
                        case DateTime t: cell.SetCellValue(t); cell.CellStyle = dateStyle; break;
                        case Formula f: cell.SetCellFormula(f.Text.TrimStart('=')); break;
                        default: cell.SetCellValue(Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
                    }
                }
            }

            foreach (var m in s.Merges)
            {
                sheet.AddMergedRegion(new CellRangeAddress(m.FirstRow - 1, m.LastRow - 1, m.FirstColumn, m.LastColumn));
            }
        }

        using var stream = new MemoryStream();
        book.Write(stream);
        return stream.ToArray();
    }

    public byte[] ToCsv(Encoding encoding, bool bom = false, int sheet = 0, char separator = ',')
    {
        var text = new StringBuilder();
        foreach (var row in _sheets[sheet].Rows)
        {
            text.Append(string.Join(separator, row.Select(v => CsvCell(v, separator)))).Append("\r\n");
        }

        var body = encoding.GetBytes(text.ToString());
        return bom ? [.. encoding.GetPreamble(), .. body] : body;
    }

    private static string CsvCell(object? value, char separator)
    {
        var s = value switch
        {
            null => "",
            string t => t,
            DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            bool b => b ? "是" : "否",
            Formula f => f.Cached.ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return s.IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }

    public static string Letter(int index)
    {
        var s = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            s = (char)('A' + ((i - 1) % 26)) + s;
        }

        return s;
    }

    /// <summary>Random bytes that no format claims.</summary>
    public static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0;
        return bytes;
    }

    /// <summary>A package that looks like an .xlsx whose sheet unpacks to <paramref name="unpackedMb"/> MB of spaces from a few kilobytes.</summary>
    public static byte[] ZipBomb(int unpackedMb = 64)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Write(zip, "xl/workbook.xml", "<?xml version=\"1.0\"?><workbook/>");
            var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize);
            using var s = entry.Open();
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)' ');
            for (var i = 0; i < unpackedMb; i++)
            {
                s.Write(block);
            }
        }

        return stream.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        using var s = zip.CreateEntry(name).Open();
        s.Write(Encoding.UTF8.GetBytes(content));
    }

    /// <summary>What Excel saves with "Encrypt with password": an OLE container with EncryptionInfo and EncryptedPackage streams.</summary>
    public static byte[] EncryptedXlsx()
    {
        var fs = new POIFSFileSystem();
        fs.CreateDocument(new MemoryStream(Garbage(512)), "EncryptionInfo");
        fs.CreateDocument(new MemoryStream(Garbage(4096)), "EncryptedPackage");
        using var stream = new MemoryStream();
        fs.WriteFileSystem(stream);
        return stream.ToArray();
    }

    /// <summary>A plain one-header ledger of <paramref name="rows"/> rows, written row by row.</summary>
    public static byte[] LargeXlsx(int rows)
    {
        var b = new LedgerFileBuilder();
        var s = b.Sheet("Sheet1");
        s.Row("序号", "项目名称", "所属区域", "总投资", "年度计划投资", "建设性质");
        for (var i = 1; i <= rows; i++)
        {
            s.Row(i, $"大表项目{i:D6}", "朝阳区", 5_000 + i, 1_000, "新建");
        }

        return b.ToXlsx();
    }
}

public sealed class SheetBuilder(string name)
{
    public string Name { get; } = name;

    internal List<object?[]> Rows { get; } = [];

    internal List<Tiaodu.Core.Excel.MergedRange> Merges { get; } = [];

    public RowHandle Row(params object?[] cells)
    {
        Rows.Add(cells);
        return new RowHandle(this, Rows.Count);
    }

    /// <summary>Merges 1-based rows <paramref name="firstRow"/>–<paramref name="lastRow"/> and 0-based columns.</summary>
    public SheetBuilder Merge(int firstRow, int lastRow, int firstColumn, int lastColumn)
    {
        Merges.Add(new(firstRow, lastRow, firstColumn, lastColumn));
        return this;
    }
}

public sealed class RowHandle(SheetBuilder sheet, int row)
{
    /// <summary>Merges this row across columns <paramref name="firstColumn"/>–<paramref name="lastColumn"/> (0-based).</summary>
    public RowHandle Merge(int firstColumn, int lastColumn)
    {
        sheet.Merge(row, row, firstColumn, lastColumn);
        return this;
    }
}
