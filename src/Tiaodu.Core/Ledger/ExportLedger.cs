using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Ledger;

public enum ExportFormat
{
    Xlsx,
    Csv,
}

/// <summary>
/// The filtered ledger as the table offices hand to their leaders: grouped by 建设性质, every field of the
/// project and its year line, headers this platform's importer reads back to the same values (land in m²
/// so nothing is lost to 亩 rounding; phones masked, as on screen). Audited as an export.
/// </summary>
public sealed class ExportLedger(TiaoduDb primary, ReadDb read, PersonalData personalData)
{
    // The rows are read where heavy reads go (a replica when configured); the audit record is written to the primary.
    private readonly TiaoduDb db = read.Db;
    private readonly LedgerQueryBuilder ledger = read.Ledger;

    public const int MaxRows = 200_000;

    public async Task<(string FileName, int Rows)> HandleAsync(ProjectFilter filter, ExportFormat format, Stream output, CancellationToken ct)
    {
        var table = await BuildAsync(filter, ct);
        var rows = table.Sections.Sum(s => s.Rows.Count);
        var fileName = TableFile.Write(table, format, output);

        await primary.RecordAuditAsync(AuditAction.Export, nameof(Project), null,
            $"导出项目台账{rows}个项目（{TableFile.FormatName(format)}，{table.Title}）", AuditResult.Success, ct);
        return (fileName, rows);
    }

    public async Task<LedgerTable> BuildAsync(ProjectFilter filter, CancellationToken ct)
    {
        var query = await ledger.BuildAsync(filter, ct);
        var total = await query.Counted.CountAsync(ct);
        if (total > MaxRows)
        {
            throw ValidationFailedException.For("", $"一次最多导出{MaxRows}个项目（当前{total}个），请缩小筛选范围");
        }

        var projects = await query.Projects.OrderBy(p => p.RegionId).ThenBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(ct);
        var years = (await db.ProjectYears.AsNoTracking().Include(y => y.Tags)
            .Where(y => y.Year == query.Year && query.Projects.Select(p => p.Id).Contains(y.ProjectId)).ToListAsync(ct))
            .ToDictionary(y => y.ProjectId);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var month = query.Month;
        var tags = years.Values.SelectMany(y => y.Tags.Select(t => t.TagId)).Distinct()
            .Select(id => names.Tags.GetValueOrDefault(id)).OfType<Tag>().OrderBy(t => t.SortOrder).ThenBy(t => t.Name).ToList();
        var columns = Columns(month, tags);
        var sections = projects
            .Select(p => (Project: p, Year: years.GetValueOrDefault(p.Id)))
            .GroupBy(x => x.Year?.NatureId ?? x.Project.NatureId)
            .OrderBy(g => g.Key is { } id && names.Lookups.TryGetValue(id, out var l) ? l.SortOrder : int.MaxValue)
            .Select(g => new TableSection(names.Lookup(g.Key) ?? "未分类", [.. g.Select(x => Row(x.Project, x.Year, month, tags, names))]))
            .ToList();
        var scopeName = await ScopeNameAsync(filter, ct);
        var monthEnd = month == 0 ? query.AsOf : new DateOnly(query.Year, month, DateTime.DaysInMonth(query.Year, month));
        return new LedgerTable(
            $"{scopeName}{query.Year}年重点项目台账",
            "单位：万元",
            month == 0 ? null : $"截至{monthEnd.Year}年{monthEnd.Month}月{monthEnd.Day}日",
            columns,
            sections,
            "项目台账",
            [$"注：共{projects.Count}个项目；用地面积单位为平方米；联系电话已脱敏。导出时间以系统审计记录为准。"]);
    }

    private async Task<string> ScopeNameAsync(ProjectFilter filter, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(filter.Region) ? ""
        : await db.Regions.AsNoTracking().Where(r => r.Key == filter.Region || r.Code == filter.Region).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? "";

    private static List<TableColumn> Columns(int month, List<Tag> tags)
    {
        var list = new List<TableColumn>
        {
            new("序号", CellKind.WholeNumber, Width: 6),
            new("项目代码", CellKind.Text, Width: 26),
            new("项目名称", CellKind.Text, Width: 36),
            new("所属区域", CellKind.Text, Width: 14),
            new("建设性质", CellKind.Text, Width: 8),
            new("项目类别", CellKind.Text, Width: 10),
            new("所属行业", CellKind.Text, Width: 14),
            new("所属专班", CellKind.Text, Width: 14),
            new("项目阶段", CellKind.Text, Width: 8),
            new("项目级别", CellKind.Text, Width: 10),
            new("业主单位", CellKind.Text, Width: 24),
            new("建设内容及规模", CellKind.Text, Width: 40),
            new("总投资", CellKind.Money, Sum: true),
            new("年度计划投资", CellKind.Money, Sum: true),
        };
        if (month > 0)
        {
            list.Add(new($"1-{month}月完成投资", CellKind.Money, "投资完成情况", Sum: true));
            list.Add(new("开工累计完成投资", CellKind.Money, "投资完成情况", Sum: true));
        }

        list.AddRange(
        [
            new("是否计划内", CellKind.YesNo, "年度计划"),
            new("计划开工月份", CellKind.WholeNumber, "年度计划"),
            new("是否开复工", CellKind.YesNo, "年度计划"),
            new("开复工日期", CellKind.Date, "年度计划"),
            new("计划开工时间", CellKind.Date, "计划时间"),
            new("计划竣工时间", CellKind.Date, "计划时间"),
            new("计划投产时间", CellKind.Date, "计划时间"),
            new("实际开工时间", CellKind.Date, "实际时间"),
            new("实际竣工时间", CellKind.Date, "实际时间"),
            new("实际投产时间", CellKind.Date, "实际时间"),
            new("用地面积（平方米）", CellKind.Area, Sum: true),
            new("预计年产值", CellKind.Money, Sum: true),
            new("预计年税收", CellKind.Money, Sum: true),
            new("经度", CellKind.Number),
            new("纬度", CellKind.Number),
            new("包保领导", CellKind.Text),
            new("服务秘书", CellKind.Text),
            new("入库时间", CellKind.Date),
            new("联系人", CellKind.Text),
            new("联系电话", CellKind.Text, Width: 14),
        ]);
        list.AddRange(tags.Select(t => new TableColumn(t.Name, CellKind.YesNo, "标签")));
        return list;
    }

    private object?[] Row(Project p, ProjectYear? y, int month, List<Tag> tags, ReferenceNames names)
    {
        var cells = new List<object?>
        {
            null, p.Code, p.Name, RegionText(p.RegionId, names), names.Lookup(y?.NatureId ?? p.NatureId), names.Lookup(p.CategoryId),
            names.Lookup(p.IndustryId), names.Lookup(p.SectorId), names.Lookup(p.StageId), names.Lookup(p.LevelId),
            p.OwnerCompany, p.Content, p.TotalInvestment, y?.AnnualPlan,
        };
        if (month > 0)
        {
            cells.Add(y?.Ytd[month]);
            cells.Add(y?.SinceStart[month]);
        }

        cells.AddRange(
        [
            y?.InPlan, y?.PlannedStartMonth, y is null ? null : y.StartedOn is not null, y?.StartedOn,
            p.PlannedStart, p.PlannedCompletion, p.PlannedProduction, p.ActualStart, p.ActualCompletion, p.ActualProduction,
            p.LandArea, p.ExpectedOutput, p.ExpectedTax,
            p.Longitude is { } lng ? (decimal)lng : null, p.Latitude is { } lat ? (decimal)lat : null,
            names.Person(p.LeaderId), names.Person(p.ServiceOfficerId), p.InStatsOn, p.ContactName,
            p.ContactPhone is null ? null : personalData.MaskedPhone(p.ContactPhone),
        ]);
        cells.AddRange(tags.Select(t => y is null ? null : (object?)y.Tags.Exists(x => x.TagId == t.Id)));
        return [.. cells];
    }

    /// <summary>The region's name, prefixed by its parent's when the name alone is shared (经开区), so the importer reads it back to the same region.</summary>
    private static string RegionText(int regionId, ReferenceNames names)
    {
        var region = names.Regions.ById(regionId);
        if (region is null)
        {
            return "";
        }

        if (names.Regions.Resolve(region.Name).Match?.Id == region.Id)
        {
            return region.Name;
        }

        var parent = region.ParentId is { } pid ? names.Regions.ById(pid) : null;
        var prefixed = parent is null ? region.Name : parent.Name + region.Name;
        return names.Regions.Resolve(prefixed).Match?.Id == region.Id ? prefixed : region.Code ?? region.Key;
    }
}
