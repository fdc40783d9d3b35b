using Tiaodu.Core.Excel;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Attraction;

/// <summary>The columns a 招商台账 can carry.</summary>
public enum LeadColumn
{
    Name,
    Investor,
    Origin,
    Partner,
    Industry,
    Region,
    Intended,
    Contract,
    Funds,
    Stage,
    StageOn,
    SourceEvent,
    Ceremony,
    Officer,
    ContactName,
    ContactPhone,
    Notes,
}

/// <summary>A column found in the header: where, what it said, what it means and the money unit it is in.</summary>
public sealed record LeadSheetColumn(int Index, string Header, LeadColumn Field, UnitConversion Unit);

/// <summary>A header cell as the preview shows it for mapping: where, what it says, the field it is read as (none: not imported) and whether a person chose that.</summary>
public sealed record LeadSheetHeader(int Index, string Letter, string Header, LeadColumn? Field, bool ByUser);

/// <summary>Columns chosen by hand: by position in this file, and by header text (a saved mapping, keyed by <see cref="LeadSheetReader.Key"/>).</summary>
public sealed record LeadColumnChoices(IReadOnlyDictionary<int, LeadColumn?> ByIndex, IReadOnlyDictionary<string, LeadColumn?> ByHeader)
{
    public static readonly LeadColumnChoices None = new(new Dictionary<int, LeadColumn?>(), new Dictionary<string, LeadColumn?>());
}

/// <summary>A data row of the sheet: its number and its cells by field.</summary>
public sealed record LeadSheetRow(int Number, IReadOnlyDictionary<LeadColumn, object?> Cells);

/// <summary>
/// What the sheet holds: title, the header rows found, the columns understood, every header cell with its mapping,
/// the data rows, and what is wrong with the table as a whole (a required column missing or mapped twice).
/// </summary>
public sealed record LeadSheet(string? Title, int HeaderRow, IReadOnlyList<LeadSheetColumn> Columns, IReadOnlyList<string> Ignored, IReadOnlyList<LeadSheetRow> Rows,
    IReadOnlyList<LeadSheetHeader> Headers, IReadOnlyList<string> FileErrors, IReadOnlyList<string> FileWarnings);

/// <summary>
/// Reads a 招商台账 as offices lay it out — a title, a unit line (单位：万元/亿元), one or two header rows (a merged
/// group such as 投资额（万元） over 意向投资额 and 签约额), section rows (一、签约（12个）), 合计 rows and notes —
/// through the ledger importer's hardened workbook reader. Header names vary; units in a header or its group
/// header win over the unit line.
/// </summary>
public static class LeadSheetReader
{
    public const int MaxRows = 20_000;

    private static readonly (LeadColumn Field, string[] Names)[] Synonyms =
    [
        (LeadColumn.Name, ["项目名称", "项目全称", "名称", "招商项目", "签约项目", "项目"]),
        (LeadColumn.Investor, ["投资方", "投资主体", "投资企业", "签约企业", "客商", "企业名称", "投资商"]),
        (LeadColumn.Origin, ["投资方来源地", "来源地", "客商来源地", "投资方所在地", "来源", "所在地(投资方)", "资金来源地"]),
        (LeadColumn.Partner, ["对口合作", "是否对口合作"]),
        (LeadColumn.Industry, ["所属行业", "行业", "产业类别", "产业", "行业类别"]),
        (LeadColumn.Region, ["落地区域", "所属区域", "县(市)区", "县市区", "拟落地区域", "落地地区", "承接地", "区域"]),
        (LeadColumn.Intended, ["意向投资额", "意向投资", "拟投资额", "计划投资", "拟投资", "投资额"]),
        (LeadColumn.Contract, ["签约额", "签约投资额", "协议投资额", "合同投资额", "签约金额"]),
        (LeadColumn.Funds, ["到位资金", "资金到位", "实际到位资金", "到位额"]),
        (LeadColumn.Stage, ["所处阶段", "阶段", "项目阶段", "推进阶段", "项目进展", "进展阶段", "项目状态"]),
        (LeadColumn.StageOn, ["阶段日期", "日期", "推进日期", "签约时间", "签约日期"]),
        (LeadColumn.SourceEvent, ["来源活动", "招商活动", "活动名称", "来源渠道"]),
        (LeadColumn.Ceremony, ["签约活动", "集中签约活动", "签约仪式"]),
        (LeadColumn.Officer, ["招商专员", "责任人", "招商责任人", "跟踪人", "对接人"]),
        (LeadColumn.ContactName, ["联系人", "企业联系人"]),
        (LeadColumn.ContactPhone, ["联系电话", "联系方式", "电话", "手机"]),
        (LeadColumn.Notes, ["备注", "说明", "情况说明"]),
    ];

    private static readonly Dictionary<string, LeadColumn> ByName = Synonyms
        .SelectMany(s => s.Names.Select(n => (Key: Key(n), s.Field))).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.First().Field, StringComparer.Ordinal);

    public static LeadSheet Read(WorkbookFile file, LeadColumnChoices? choices = null)
    {
        choices ??= LeadColumnChoices.None;
        var rows = file.Rows(0).Take(MaxRows + 30).ToList();
        if (rows.Count > MaxRows + 20)
        {
            throw new ExcelFileException($"招商台账超过{MaxRows:N0}行，请拆分后再导入");
        }

        var (top, columns) = FindHeader(rows, choices);
        if (top < 0)
        {
            throw new ExcelFileException("没有找到表头：表头中应有“项目名称”“投资方”等列");
        }

        // Two header rows: a merged group (投资额（万元）) above sub-headers (意向投资额, 签约额); a sub-header wins.
        var below = top + 1 < rows.Count ? Recognised(rows[top + 1], choices) : [];
        var twoLevel = below.Count > 0;
        foreach (var (i, field) in below)
        {
            columns[i] = field;
        }

        var headerIndex = twoLevel ? top + 1 : top;
        var title = rows.Take(top).Select(r => r.Cells.Select(CellValues.Text).FirstOrDefault(t => t is not null)).FirstOrDefault(t => t is not null);
        var unitLine = rows.Take(top).SelectMany(r => r.Cells.Select(CellValues.Text)).FirstOrDefault(t => t is not null && t.Contains("单位", StringComparison.Ordinal));
        var sheetUnit = unitLine is null ? UnitConversion.Wan : UnitConversion.Find(unitLine, land: false) ?? UnitConversion.Wan;
        var found = new List<LeadSheetColumn>();
        var ignored = new List<string>();
        var headers = new List<LeadSheetHeader>();
        var errors = new List<string>();
        var warnings = new List<string>();
        var width = Math.Max(rows[top].Cells.Length, twoLevel ? rows[headerIndex].Cells.Length : 0);
        // Where a column's field comes from, strongest first: chosen for this file (2), the saved mapping it started
        // from (1), recognised from the header text (0).
        var cells = new List<(int Index, string Text, string? Lower, LeadColumn? Field, int Rank)>();
        for (var i = 0; i < width; i++)
        {
            var lower = twoLevel && i < rows[headerIndex].Cells.Length ? CellValues.Text(rows[headerIndex].Cells[i]) : null;
            var upper = i < rows[top].Cells.Length ? CellValues.Text(rows[top].Cells[i]) : null;
            var text = lower ?? upper;
            if (text is not null)
            {
                var (field, rank) = choices.ByIndex.TryGetValue(i, out var chosen) ? (chosen, 2)
                    : choices.ByHeader.TryGetValue(Key(text), out var saved) ? (saved, 1)
                    : (columns.TryGetValue(i, out var detected) ? detected : null, 0);
                cells.Add((i, text, lower, field, rank));
            }
        }

        // A field is read from the column that got it the strongest way; weaker claims on it are dropped quietly.
        var strongest = cells.Where(c => c.Field is not null).GroupBy(c => c.Field!.Value).ToDictionary(g => g.Key, g => g.Max(c => c.Rank));
        foreach (var (i, text, lower, claimed, rank) in cells)
        {
            var letter = ImportColumn.ColumnLetter(i);
            var byUser = rank > 0;
            var field = claimed is { } d && strongest[d] > rank ? null : claimed;
            if (field is { } f && found.Find(c => c.Field == f) is { } first)
            {
                var firstLetter = ImportColumn.ColumnLetter(first.Index);
                warnings.Add($"{letter}列「{text}」与{firstLetter}列「{first.Header}」都对应「{LeadNames.Column(f)}」，只导入{firstLetter}列");
                field = null;
            }

            headers.Add(new LeadSheetHeader(i, letter, text, field, byUser));
            if (field is { } kept)
            {
                var group = twoLevel && lower is not null ? GroupHeader(rows[top], i) : null;
                var unit = UnitConversion.Find(text, land: false) ?? (group is null ? null : UnitConversion.Find(group, land: false)) ?? sheetUnit;
                found.Add(new LeadSheetColumn(i, text, kept, unit));
            }
            else if (!text.Equals("序号", StringComparison.Ordinal))
            {
                ignored.Add(text);
            }
        }

        foreach (var required in new[] { LeadColumn.Name, LeadColumn.Investor })
        {
            if (found.TrueForAll(c => c.Field != required))
            {
                errors.Add($"没有「{LeadNames.Column(required)}」列：请在列对应中为它指定一列");
            }
        }

        var data = new List<LeadSheetRow>();
        var nameColumn = found.Find(c => c.Field == LeadColumn.Name)?.Index ?? -1;
        foreach (var row in rows.Skip(headerIndex + 1).Where(_ => nameColumn >= 0))
        {
            var texts = row.Cells.Select(CellValues.Text).ToList();
            var first = texts.FirstOrDefault(t => t is not null);
            var name = nameColumn < texts.Count ? texts[nameColumn] : null;
            if (first is null || IsTotal(first) || (name is not null && IsTotal(name)) || (first.StartsWith('注') && name is null))
            {
                continue;
            }

            // Section rows ("一、签约（12个）") carry text in one cell and no name of their own.
            if (name is null || texts.Count(t => t is not null) == 1 && IsSection(first))
            {
                continue;
            }

            data.Add(new LeadSheetRow(row.Number, found.ToDictionary(c => c.Field, c => c.Index < row.Cells.Length ? row.Cells[c.Index] : null)));
        }

        return new LeadSheet(title, headerIndex + 1, found, ignored, data, headers, errors, warnings);
    }

    /// <summary>
    /// The header row is the one (in the first 15) naming the most known columns with at least 项目名称 and 投资方; failing
    /// that, the one naming the most known columns at all, so the user can map the missing ones by hand.
    /// </summary>
    private static (int Index, Dictionary<int, LeadColumn> Columns) FindHeader(List<Excel.SheetRow> rows, LeadColumnChoices choices)
    {
        var best = (-1, new Dictionary<int, LeadColumn>());
        var partial = (-1, new Dictionary<int, LeadColumn>());
        for (var r = 0; r < Math.Min(rows.Count, 15); r++)
        {
            var columns = Recognised(rows[r], choices);
            if (columns.ContainsValue(LeadColumn.Name) && columns.ContainsValue(LeadColumn.Investor) && columns.Count > best.Item2.Count)
            {
                best = (r, columns);
            }
            else if (columns.Count > partial.Item2.Count)
            {
                partial = (r, columns);
            }
        }

        return best.Item1 >= 0 ? best : partial;
    }

    private static Dictionary<int, LeadColumn> Recognised(Excel.SheetRow row, LeadColumnChoices choices)
    {
        var columns = new Dictionary<int, LeadColumn>();
        for (var i = 0; i < row.Cells.Length; i++)
        {
            if (CellValues.Text(row.Cells[i]) is not { } text)
            {
                continue;
            }

            var key = Key(text);
            var field = choices.ByHeader.TryGetValue(key, out var chosen) ? chosen : ByName.TryGetValue(key, out var known) ? known : (LeadColumn?)null;
            if (field is { } f)
            {
                columns[i] = f;
            }
        }

        return columns;
    }

    /// <summary>The text of the merged group header above a column: the nearest non-empty cell to its left in the row above.</summary>
    private static string? GroupHeader(Excel.SheetRow group, int column)
    {
        for (var i = Math.Min(column, group.Cells.Length - 1); i >= 0; i--)
        {
            if (CellValues.Text(group.Cells[i]) is { } text)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>A header name without spaces, line breaks, a bracketed unit or traditional characters.</summary>
    public static string Key(string header)
    {
        var text = ChineseText.ToSimplified(header).Replace('（', '(').Replace('）', ')');
        var bracket = text.IndexOf('(', StringComparison.Ordinal);
        if (bracket > 0 && text[bracket..] is var unit && (unit.Contains('元') || unit.Contains('万')))
        {
            text = text[..bracket];
        }

        return new string([.. text.Where(c => !char.IsWhiteSpace(c))]);
    }

    private static bool IsTotal(string text) => text.Replace(" ", "", StringComparison.Ordinal) is "合计" or "总计" or "小计" || text.StartsWith("合计", StringComparison.Ordinal);

    private static bool IsSection(string text) => text.Length > 1 && ("一二三四五六七八九十".Contains(text[0], StringComparison.Ordinal) || text.StartsWith('(') || text.StartsWith('（'));
}
