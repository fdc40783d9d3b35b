using System.Globalization;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Imports;

/// <summary>A column as the import uses it: the user's mapping over the detected one.</summary>
public sealed record ImportColumn(int Index, string Header, ColumnTarget? Target, UnitConversion Unit, int? YtdMonth, bool MappedByUser)
{
    /// <summary>Excel's column letter (A, B … AA), for messages.</summary>
    public string Letter => ColumnLetter(Index);

    public static string ColumnLetter(int index)
    {
        var s = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            s = (char)('A' + ((i - 1) % 26)) + s;
        }

        return s;
    }
}

/// <summary>Reads one data row into an <see cref="ImportRow"/>, converting units and resolving names, with a Chinese message for every cell it cannot use.</summary>
internal sealed class LedgerRowParser(IReadOnlyList<ImportColumn> columns, ImportReference reference, Region? defaultRegion, IReadOnlyDictionary<string, string> regionChoices)
{
    private readonly ImportColumn[] _mapped = [.. columns.Where(c => c.Target is not null)];

    /// <summary>Region names that fit several regions, with their candidates, for the preview to ask about.</summary>
    public Dictionary<string, IReadOnlyList<Region>> Ambiguous { get; } = new(StringComparer.Ordinal);

    public ImportRow Parse(SheetRow sheetRow, string? section)
    {
        var row = new ImportRow { RowNumber = sheetRow.Number, Section = section };
        foreach (var column in _mapped)
        {
            var cell = column.Index < sheetRow.Cells.Length ? sheetRow.Cells[column.Index] : null;
            if (cell is null || (cell is string s && string.IsNullOrWhiteSpace(s)))
            {
                continue;
            }

            Read(row, column, cell);
        }

        if (row.Region is null && defaultRegion is not null && !row.Issues.Exists(i => i.Column == "所属区域"))
        {
            row.Region = defaultRegion;
        }

        ApplySection(row);
        return row;
    }

    private void Read(ImportRow row, ImportColumn column, object cell)
    {
        var target = column.Target!;
        var label = $"{column.Letter}列「{column.Header}」";
        switch (target.Field)
        {
            case ImportField.SequenceNumber:
                return;
            case ImportField.Code:
                var code = ProjectCode.Normalize(CellValues.Stated(cell));
                if (code is not null && !ProjectCode.IsValid(code))
                {
                    row.Error(column.Header, $"{label}：项目代码「{CellValues.Text(cell)}」格式不正确，应为24位，如 2103-220104-04-01-123456");
                }
                else
                {
                    row.Code = code;
                }

                return;
            case ImportField.Name:
                var name = CellValues.Text(cell);
                if (name is not null && CellValues.IsNothing(name))
                {
                    row.Error(column.Header, $"{label}：「{name}」不是项目名称");
                }
                else
                {
                    row.Name = name;
                }

                return;
            case ImportField.OwnerCompany: row.OwnerCompany = CellValues.Stated(cell); return;
            case ImportField.ContactName: row.ContactName = CellValues.Stated(cell); return;
            case ImportField.ContactPhone: row.ContactPhone = CellValues.Stated(cell); return;
            case ImportField.Content: row.Content = CellValues.StatedLong(cell); return;
            case ImportField.Progress: row.Progress = CellValues.StatedLong(cell); return;
            case ImportField.Leader: row.LeaderName = CellValues.Stated(cell); return;
            case ImportField.ServiceOfficer: row.OfficerName = CellValues.Stated(cell); return;
            case ImportField.Problem:
                if (CellValues.StatedLong(cell) is { } problem)
                {
                    row.Problems.Add(problem);
                }

                return;
            case ImportField.Region: ReadRegion(row, column, CellValues.Text(cell)); return;
            case ImportField.Sector: row.SectorId = LookupId(row, label, LookupKind.Sector, "专班", cell); return;
            case ImportField.Industry: row.IndustryId = LookupId(row, label, LookupKind.Industry, "行业", cell); return;
            case ImportField.Category: row.CategoryId = LookupId(row, label, LookupKind.Category, "项目类别", cell); return;
            case ImportField.Nature: row.NatureId = LookupId(row, label, LookupKind.Nature, "建设性质", cell); return;
            case ImportField.Stage: row.StageId = LookupId(row, label, LookupKind.Stage, "项目阶段", cell); return;
            case ImportField.Level: row.LevelId = LookupId(row, label, LookupKind.Level, "项目级别", cell); return;
            case ImportField.TotalInvestment: row.TotalInvestment = Money(row, column, label, cell); return;
            case ImportField.AnnualPlan: row.AnnualPlan = Money(row, column, label, cell); return;
            case ImportField.InvestmentYtd: row.InvestmentYtd = Money(row, column, label, cell); return;
            case ImportField.InvestmentSinceStart: row.InvestmentSinceStart = Money(row, column, label, cell); return;
            case ImportField.ExpectedOutput: row.ExpectedOutput = Money(row, column, label, cell); return;
            case ImportField.ExpectedTax: row.ExpectedTax = Money(row, column, label, cell); return;
            case ImportField.LandArea: row.LandArea = Area(row, column, label, cell); return;
            case ImportField.Longitude: row.Longitude = Coordinate(row, label, cell); return;
            case ImportField.Latitude: row.Latitude = Coordinate(row, label, cell); return;
            case ImportField.PlannedStart: row.PlannedStart = Date(row, label, cell); return;
            case ImportField.PlannedCompletion: row.PlannedCompletion = Date(row, label, cell); return;
            case ImportField.PlannedProduction: row.PlannedProduction = Date(row, label, cell); return;
            case ImportField.ActualStart: row.ActualStart = Date(row, label, cell); return;
            case ImportField.ActualCompletion: row.ActualCompletion = Date(row, label, cell); return;
            case ImportField.ActualProduction: row.ActualProduction = Date(row, label, cell); return;
            case ImportField.InStatsOn: row.InStatsOn = Date(row, label, cell); return;
            case ImportField.StartedOn: row.StartedOn = Date(row, label, cell); return;
            case ImportField.InPlan: row.InPlan = YesNo(row, label, cell); return;
            case ImportField.Started: row.Started = YesNo(row, label, cell); return;
            case ImportField.Tag:
                if (YesNo(row, label, cell) is { } tagged && target.TagName is { } tag)
                {
                    row.Tags[tag] = tagged;
                }

                return;
            case ImportField.PlannedStartMonth:
                var month = CellValues.Month(cell);
                if (month.IsError)
                {
                    row.Error(column.Header, $"{label}：{month.Error}");
                }
                else if (month.HasValue)
                {
                    row.PlannedStartMonth = month.Value;
                }

                return;
            default:
                return;
        }
    }

    private void ReadRegion(ImportRow row, ImportColumn column, string? text)
    {
        if (text is null)
        {
            return;
        }

        if (regionChoices.TryGetValue(text, out var chosen) && reference.Regions.ByKey(chosen) is { } picked)
        {
            row.Region = picked;
            return;
        }

        var found = reference.Regions.Resolve(text, defaultRegion);
        if (found.Match is { } match)
        {
            row.Region = match;
        }
        else if (found.IsAmbiguous)
        {
            Ambiguous.TryAdd(text, found.Candidates);
            var options = string.Join("、", found.Candidates.Take(6).Select(c => $"{c.Name}（{c.Code ?? c.Key}）"));
            row.Error("所属区域", $"{column.Letter}列：区域「{text}」有多个可能：{options}，请在预览中指定");
        }
        else
        {
            row.Error("所属区域", $"{column.Letter}列：找不到区域「{text}」，请填写区县全称、简称或行政区划代码");
        }
    }

    private int? LookupId(ImportRow row, string label, LookupKind kind, string what, object cell)
    {
        var text = CellValues.Stated(cell);
        if (text is null)
        {
            return null;
        }

        if (reference.Lookup(kind, text) is { } found)
        {
            return found.Id;
        }

        row.Error(label, $"{label}：「{text}」不是已有的{what}（可在基础数据中维护后再导入）");
        return null;
    }

    private static decimal? Money(ImportRow row, ImportColumn column, string label, object cell)
    {
        var parsed = CellValues.Number(cell, column.Unit);
        if (parsed.IsError)
        {
            row.Error(column.Header, $"{label}：{parsed.Error}");
            return null;
        }

        if (!parsed.HasValue)
        {
            return null;
        }

        var value = parsed.Value;
        var rounded = decimal.Round(value, 4, MidpointRounding.AwayFromZero);
        if (rounded != value)
        {
            row.Warn(column.Header, $"{label}：{value.ToString(CultureInfo.InvariantCulture)}万元 超过4位小数，按 {rounded.ToString(CultureInfo.InvariantCulture)} 记");
        }

        return rounded;
    }

    /// <summary>Land is converted to m² and kept to 4 decimals: 亩 do not divide evenly.</summary>
    private static decimal? Area(ImportRow row, ImportColumn column, string label, object cell)
    {
        var parsed = CellValues.Number(cell, column.Unit);
        if (parsed.IsError)
        {
            row.Error(column.Header, $"{label}：{parsed.Error}");
            return null;
        }

        return parsed.HasValue ? decimal.Round(parsed.Value, 4, MidpointRounding.AwayFromZero) : null;
    }

    private static double? Coordinate(ImportRow row, string label, object cell)
    {
        var parsed = CellValues.Number(cell, UnitConversion.None);
        if (parsed.IsError)
        {
            row.Error(label, $"{label}：{parsed.Error}");
            return null;
        }

        return parsed.HasValue ? (double)parsed.Value : null;
    }

    private static DateOnly? Date(ImportRow row, string label, object cell)
    {
        var parsed = CellValues.Date(cell);
        if (parsed.IsError)
        {
            row.Error(label, $"{label}：{parsed.Error}");
            return null;
        }

        return parsed.HasValue ? parsed.Value : null;
    }

    private static bool? YesNo(ImportRow row, string label, object cell)
    {
        var parsed = CellValues.YesNo(cell);
        if (parsed.IsError)
        {
            row.Error(label, $"{label}：{parsed.Error}");
            return null;
        }

        return parsed.HasValue ? parsed.Value : null;
    }

    /// <summary>"一、续建项目（96个）" gives the rows below it their 建设性质 (or their category, "（一）产业项目") unless a column says otherwise.</summary>
    private void ApplySection(ImportRow row)
    {
        if (row.Section is not { } section)
        {
            return;
        }

        if (row.NatureId is null && reference.Lookup(LookupKind.Nature, section) is { } nature)
        {
            row.NatureId = nature.Id;
        }
        else if (row.CategoryId is null && reference.Lookup(LookupKind.Category, section) is { } category)
        {
            row.CategoryId = category.Id;
        }
    }
}
