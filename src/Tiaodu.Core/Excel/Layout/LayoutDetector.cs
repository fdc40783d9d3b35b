using System.Globalization;
using System.Text.RegularExpressions;

namespace Tiaodu.Core.Excel;

/// <summary>A column as detected: Header is "group/leaf" for a two-level header; Target null when not recognised.</summary>
public sealed record DetectedColumn(int Index, string Header, ColumnTarget? Target, UnitConversion Unit, int? YtdMonth);

/// <summary>Where a sheet's table is and what it says about itself.</summary>
public sealed record SheetLayout(string? Title, string? UnitLine, int HeaderFirstRow, int HeaderLastRow, IReadOnlyList<DetectedColumn> Columns,
    DateOnly? AsOf, int? Year, UnitConversion MoneyUnit, int Score)
{
    public int? NameColumn => Columns.FirstOrDefault(c => c.Target?.Field == ImportField.Name)?.Index;

    public int? SequenceColumn => Columns.FirstOrDefault(c => c.Target?.Field == ImportField.SequenceNumber)?.Index;
}

/// <summary>
/// Finds the header row(s) of a ledger sheet in its first rows: the first row naming at least two known
/// fields including the project name; a second header row when the row below leaves the name column empty
/// (it is merged over both) and carries text. Above the header: the title and the unit / as-of line.
/// Precedence for the as-of date: "截至…" in the unit line or title, then "YYYY年1-N月" in the title;
/// a 1-N月 column header alone does not set it (the importer compares the two).
/// </summary>
public static partial class LayoutDetector
{
    public static SheetLayout? Detect(IReadOnlyList<SheetRow> topRows, IReadOnlyList<MergedRange> merges, IReadOnlyCollection<string> tagNames)
    {
        for (var i = 0; i < topRows.Count; i++)
        {
            var row = topRows[i];
            var hits = row.Cells.Select(c => CellValues.Text(c) is string t ? HeaderCatalog.Match(t) : null).ToList();
            if (hits.Count(h => h is not null) < 2 || !hits.Exists(h => h?.Field == ImportField.Name))
            {
                continue;
            }

            var nameColumn = hits.FindIndex(h => h?.Field == ImportField.Name);
            var next = i + 1 < topRows.Count ? topRows[i + 1] : null;
            var twoLevel = next is not null && next.Number == row.Number + 1 && IsSubHeader(row, next, nameColumn, merges);
            var columns = Columns(row, twoLevel ? next : null, merges, tagNames, out var moneyUnitHint);
            var above = topRows.Take(i).Select(r => string.Join(" ", r.Cells.Select(CellValues.Text).Where(t => t is not null))).Where(t => t.Length > 0).ToList();
            var unitLine = above.LastOrDefault(t => t.Contains("单位", StringComparison.Ordinal) || t.Contains("單位", StringComparison.Ordinal)
                || t.Contains("截至", StringComparison.Ordinal) || t.Contains("截止", StringComparison.Ordinal));
            var title = above.FirstOrDefault(t => t != unitLine);
            var asOf = AsOf(unitLine) ?? AsOf(title) ?? RangeInTitle(title);
            var year = asOf?.Year ?? YearIn(title);
            var money = MoneyUnit(unitLine) ?? MoneyUnit(title) ?? UnitConversion.Wan;
            columns = [.. columns.Select(c => c.Target is not null && ImportFields.KindOf(c.Target.Field) == FieldKind.Money && c.Unit == UnitConversion.None ? c with { Unit = money } : c)];
            var score = columns.Count(c => c.Target is not null) * 10 + 100;
            return new SheetLayout(title, unitLine, row.Number, twoLevel ? next!.Number : row.Number, columns, asOf, year, money, score);
        }

        return null;
    }

    private static bool IsSubHeader(SheetRow top, SheetRow next, int nameColumn, IReadOnlyList<MergedRange> merges)
    {
        var nameBelow = nameColumn < next.Cells.Length ? CellValues.Text(next.Cells[nameColumn]) : null;
        var texts = next.Cells.Select(CellValues.Text).OfType<string>().ToList();
        if (texts.Count == 0 || next.Cells.Any(c => c is double or DateTime))
        {
            return false;
        }

        var verticalName = merges.Any(m => m.FirstRow == top.Number && m.LastRow >= next.Number && m.FirstColumn <= nameColumn && m.LastColumn >= nameColumn);
        return nameBelow is null || verticalName || texts.Exists(t => HeaderCatalog.Match(t) is not null && !string.Equals(t, nameBelow, StringComparison.Ordinal));
    }

    private static List<DetectedColumn> Columns(SheetRow top, SheetRow? sub, IReadOnlyList<MergedRange> merges, IReadOnlyCollection<string> tagNames, out UnitConversion? unitHint)
    {
        unitHint = null;
        var width = Math.Max(top.Cells.Length, sub?.Cells.Length ?? 0);
        var groups = new string?[width];
        string? carried = null;
        for (var c = 0; c < width; c++)
        {
            var text = c < top.Cells.Length ? CellValues.Text(top.Cells[c]) : null;
            var leaf = sub is not null && c < sub.Cells.Length ? CellValues.Text(sub.Cells[c]) : null;
            if (text is not null)
            {
                groups[c] = text;
                carried = leaf is not null ? text : null;
                continue;
            }

            // An empty top cell under a horizontal merge, or right of a group whose leaves continue, belongs to that group.
            var merged = merges.FirstOrDefault(m => m.FirstRow <= top.Number && m.LastRow >= top.Number && m.FirstColumn < c && m.LastColumn >= c);
            if (merged != default && merged.FirstColumn < top.Cells.Length)
            {
                groups[c] = CellValues.Text(top.Cells[merged.FirstColumn]);
            }
            else if (leaf is not null && carried is not null)
            {
                groups[c] = carried;
            }
        }

        var list = new List<DetectedColumn>(width);
        for (var c = 0; c < width; c++)
        {
            var group = groups[c];
            var leaf = sub is not null && c < sub.Cells.Length ? CellValues.Text(sub.Cells[c]) : null;
            if (group is null && leaf is null)
            {
                continue;
            }

            var header = group is not null && leaf is not null && group != leaf ? group + "/" + leaf : leaf ?? group!;
            var target = Target(leaf, tagNames) ?? (leaf is null ? Target(group, tagNames) : null);
            var field = target?.Target.Field;
            var kind = field is null ? FieldKind.Text : ImportFields.KindOf(field.Value);
            var unit = kind switch
            {
                FieldKind.Money => UnitConversion.Find(header, land: false) ?? UnitConversion.None,
                FieldKind.Area => UnitConversion.Find(header, land: true) ?? UnitConversion.Mu,
                _ => UnitConversion.None,
            };
            list.Add(new DetectedColumn(c, header, target?.Target, unit, target?.YtdMonth));
        }

        return list;
    }

    private static (ColumnTarget Target, int? YtdMonth)? Target(string? header, IReadOnlyCollection<string> tagNames)
    {
        if (header is null)
        {
            return null;
        }

        if (HeaderCatalog.MatchTag(header, tagNames) is { } tag)
        {
            return (new ColumnTarget(ImportField.Tag, tag), null);
        }

        return HeaderCatalog.Match(header) is { } m ? (new ColumnTarget(m.Field), m.YtdMonth) : null;
    }

    [GeneratedRegex(@"截[至止]\s*(?<y>\d{4})\s*[年./-]\s*(?<m>\d{1,2})\s*(?:月\s*(?:(?<d>\d{1,2})\s*[日号]|(?<end>底|末))?|[./-]\s*(?<d>\d{1,2}))?")]
    private static partial Regex AsOfText();

    [GeneratedRegex(@"(?<y>\d{4})\s*年\s*(?:1|一)\s*[-—–~～至到]\s*(?<m>\d{1,2})\s*月")]
    private static partial Regex RangeText();

    [GeneratedRegex(@"(?<y>(?:19|20|21)\d{2})\s*年")]
    private static partial Regex YearText();

    private static DateOnly? AsOf(string? text)
    {
        if (text is null || AsOfText().Match(ChineseTextLite(text)) is not { Success: true } m)
        {
            return null;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (year is < 1990 or > 2200 || month is < 1 or > 12)
        {
            return null;
        }

        var last = DateTime.DaysInMonth(year, month);
        if (m.Groups["d"].Success)
        {
            var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            return day >= 1 && day <= last ? new DateOnly(year, month, day) : null;
        }

        return new DateOnly(year, month, last);
    }

    private static DateOnly? RangeInTitle(string? title)
    {
        if (title is null || RangeText().Match(ChineseTextLite(title)) is not { Success: true } m)
        {
            return null;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        return year is >= 1990 and <= 2200 && month is >= 1 and <= 12 ? new DateOnly(year, month, DateTime.DaysInMonth(year, month)) : null;
    }

    private static int? YearIn(string? title) =>
        title is not null && YearText().Match(ChineseTextLite(title)) is { Success: true } m ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : null;

    private static UnitConversion? MoneyUnit(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var s = Text.ChineseText.ToSimplified(text);
        var at = s.IndexOf("单位", StringComparison.Ordinal);
        return at < 0 ? null : UnitConversion.Find(s[at..Math.Min(s.Length, at + 8)], land: false);
    }

    /// <summary>Simplified, half-width: what the date patterns expect.</summary>
    private static string ChineseTextLite(string s) => Text.ChineseText.ToSimplified(s.Normalize(System.Text.NormalizationForm.FormKC));
}
