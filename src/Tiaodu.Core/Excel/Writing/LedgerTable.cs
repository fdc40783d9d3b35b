namespace Tiaodu.Core.Excel;

public enum CellKind
{
    Text,
    Money,
    Area,
    Date,
    WholeNumber,
    YesNo,
    Number,
}

/// <summary>
/// A column of an exported ledger. <see cref="Group"/> is the merged header above adjacent columns of the
/// same group (null: the header spans both header rows). <see cref="Sum"/> columns are totalled in the
/// section and 合计 rows.
/// </summary>
public sealed record TableColumn(string Header, CellKind Kind, string? Group = null, double? Width = null, bool Sum = false);

/// <summary>A block of rows under a section row such as "一、续建项目（96个）"; <see cref="Name"/> is "续建".</summary>
public sealed record TableSection(string Name, IReadOnlyList<object?[]> Rows);

/// <summary>
/// What an export writes: title, unit line, as-of line, columns, sections of rows (cells aligned with the
/// columns: string, decimal, int, long, DateOnly, bool or null) and notes below. When the first column is
/// headed 序号 the writer numbers the rows 1…N straight through the sections. Without <see cref="Summaries"/>
/// the workbook has neither section rows nor the 合计 row: a table of regions (a ranking) is not a list of projects.
/// </summary>
public sealed record LedgerTable(string Title, string UnitLine, string? AsOfLine, IReadOnlyList<TableColumn> Columns,
    IReadOnlyList<TableSection> Sections, string SheetName = "项目台账", IReadOnlyList<string>? Notes = null, bool Summaries = true)
{
    public bool Numbered => Columns.Count > 0 && Columns[0].Header == "序号";

    public bool TwoLevel => Columns.Any(c => c.Group is not null);
}

/// <summary>Formula injection: text a spreadsheet could take for a formula gets a leading apostrophe (the importer removes it).</summary>
public static class CellSafety
{
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}

internal static class Ordinals
{
    private static readonly string[] Digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>一, 二 … 十, 十一 … 九十九.</summary>
    public static string Chinese(int n) => n switch
    {
        < 1 => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        < 10 => Digits[n],
        10 => "十",
        < 20 => "十" + Digits[n % 10],
        < 100 => Digits[n / 10] + "十" + Digits[n % 10],
        _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
