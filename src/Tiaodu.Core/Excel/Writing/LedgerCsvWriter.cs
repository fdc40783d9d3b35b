using System.Globalization;
using System.Text;

namespace Tiaodu.Core.Excel;

/// <summary>
/// The same table as a plain CSV: UTF-8 with a byte-order mark (so Excel opens it as UTF-8), CRLF, one
/// header row and the data rows — no title, section or total rows, which a CSV reader would take for
/// data. Money headers carry their unit ("总投资（万元）"); text is neutralised against formula injection;
/// numbers stay numbers, dates are yyyy-MM-dd, yes/no 是/否.
/// </summary>
public static class LedgerCsvWriter
{
    public static void WriteCsv(LedgerTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true) { NewLine = "\r\n" };
        // Headers are neutralised too: some are named by users (an assessment scheme's rules).
        writer.WriteLine(string.Join(",", table.Columns.Select(c => Quote(CellSafety.Neutralise(Header(c))))));
        var n = 0;
        foreach (var section in table.Sections)
        {
            foreach (var row in section.Rows)
            {
                n++;
                var cells = new string[table.Columns.Count];
                for (var i = 0; i < cells.Length; i++)
                {
                    var value = i == 0 && table.Numbered ? n : i < row.Length ? row[i] : null;
                    cells[i] = Format(value);
                }

                writer.WriteLine(string.Join(",", cells));
            }
        }
    }

    private static string Header(TableColumn c) =>
        c.Kind == CellKind.Money && !c.Header.Contains('元', StringComparison.Ordinal) ? c.Header + "（万元）" : c.Header;

    private static string Format(object? value) => value switch
    {
        null => "",
        string s => Quote(CellSafety.Neutralise(s)),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        _ => Quote(CellSafety.Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")),
    };

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
