using System.Globalization;
using System.Text.RegularExpressions;

namespace Tiaodu.Core.Excel;

public enum RowKind
{
    Blank,
    Data,
    Section,
    Total,
    Note,
    RepeatedHeader,
}

/// <summary>What a row below the header is; for a section row ("一、续建项目（96个）") its name ("续建") and declared count.</summary>
public sealed record RowClass(RowKind Kind, string? Section = null, int? DeclaredCount = null);

/// <summary>Tells data rows from the section, 合计/小计, repeated-header and note rows around them.</summary>
public static partial class RowClassifier
{
    private static readonly RowClass Blank = new(RowKind.Blank);
    private static readonly RowClass Data = new(RowKind.Data);

    [GeneratedRegex(@"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])\s*(?<text>.+)$")]
    private static partial Regex SectionText();

    [GeneratedRegex(@"[（(]\s*(?:共\s*)?(?<n>\d+)\s*个(?:项目)?\s*[)）]")]
    private static partial Regex SectionCount();

    [GeneratedRegex(@"^(?:注|備註|备注|说明|說明|填报人|填表人|制表人|审核人|審核人|填报单位|填报日期|负责人|资料来源)")]
    private static partial Regex NoteText();

    public static RowClass Classify(SheetRow row, SheetLayout layout)
    {
        var texts = row.Cells.Select((c, i) => (Index: i, Text: CellValues.Text(c))).Where(x => x.Text is not null).ToList();
        if (texts.Count == 0)
        {
            return Blank;
        }

        var name = layout.NameColumn is { } n && n < row.Cells.Length ? CellValues.Text(row.Cells[n]) : null;
        var first = texts[0];
        var compact = first.Text!.Replace(" ", "", StringComparison.Ordinal);
        if (IsTotal(compact) || (name is not null && IsTotal(name.Replace(" ", "", StringComparison.Ordinal))))
        {
            return new RowClass(RowKind.Total);
        }

        if (name is null || first.Index != layout.NameColumn)
        {
            if (NoteText().IsMatch(compact) && (name is null || first.Index < (layout.NameColumn ?? 0)))
            {
                return new RowClass(RowKind.Note);
            }
        }

        var sectionCandidate = texts.FirstOrDefault(t => t.Text!.Length > 1 && !IsNumber(t.Text));
        if (sectionCandidate.Text is { } st && SectionText().Match(st) is { Success: true } sm
            && texts.Where(t => t.Index != sectionCandidate.Index).All(t => IsNumber(t.Text!)))
        {
            var body = sm.Groups["text"].Value.Trim();
            int? count = SectionCount().Match(body) is { Success: true } cm ? int.Parse(cm.Groups["n"].Value, CultureInfo.InvariantCulture) : null;
            body = SectionCount().Replace(body, "").Trim();
            if (body.EndsWith("项目", StringComparison.Ordinal) || body.EndsWith("項目", StringComparison.Ordinal))
            {
                body = body[..^2];
            }

            return new RowClass(RowKind.Section, body.Length == 0 ? null : body, count);
        }

        if (name is not null && layout.NameColumn is { } nc && layout.Columns.FirstOrDefault(c => c.Index == nc) is { } nameHeader
            && (nameHeader.Header == name || nameHeader.Header.EndsWith("/" + name, StringComparison.Ordinal)))
        {
            return new RowClass(RowKind.RepeatedHeader);
        }

        return Data;
    }

    private static bool IsTotal(string text) =>
        text is "合计" or "合計" or "小计" or "小計" or "总计" or "總計" or "总合计" or "全市合计" or "全省合计"
        || text.StartsWith("合计", StringComparison.Ordinal) || text.StartsWith("总计", StringComparison.Ordinal) || text.StartsWith("小计", StringComparison.Ordinal)
        || text.StartsWith("合計", StringComparison.Ordinal) || text.StartsWith("小計", StringComparison.Ordinal);

    private static bool IsNumber(string text) =>
        decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
