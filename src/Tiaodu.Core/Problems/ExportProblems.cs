using System.Globalization;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Problems;

/// <summary>
/// The problem list as offices circulate it (问题清单): overdue, then open, then resolved, each problem with its
/// project, category, source, dates and resolution; only the reader's projects; audited as an export.
/// </summary>
public sealed class ExportProblems(TiaoduDb db, ProblemQueries queries)
{
    public Task<(string FileName, int Rows)> HandleAsync(ProblemFilter filter, string? region, string? q, ExportFormat format, Stream output, CancellationToken ct) =>
        HandleAsync(filter, new ProblemCriteria(region, q), format, output, ct);

    public async Task<(string FileName, int Rows)> HandleAsync(ProblemFilter filter, ProblemCriteria criteria, ExportFormat format, Stream output, CancellationToken ct)
    {
        var first = await queries.ListAsync(filter, criteria, 1, ProblemQueries.MaxPageSize, ct);
        var rows = new List<ProblemRow>(first.Total);
        rows.AddRange(first.Rows);
        for (var page = 2; page <= first.Pages; page++)
        {
            rows.AddRange((await queries.ListAsync(filter, criteria, page, ProblemQueries.MaxPageSize, ct)).Rows);
        }

        TableColumn[] columns =
        [
            new("序号", CellKind.WholeNumber, Width: 6),
            new("项目名称", CellKind.Text, Width: 30),
            new("所属区域", CellKind.Text, Width: 12),
            new("问题类别", CellKind.Text, Width: 10),
            new("问题描述", CellKind.Text, Width: 40),
            new("来源", CellKind.Text, Width: 10),
            new("牵头单位", CellKind.Text, Width: 16),
            new("协调层级", CellKind.Text, Width: 14),
            new("提出日期", CellKind.Date, Width: 12),
            new("解决时限", CellKind.Date, Width: 12),
            new("逾期天数", CellKind.WholeNumber, Width: 8),
            new("办结日期", CellKind.Date, Width: 12),
            new("办结情况", CellKind.Text, Width: 30),
        ];
        object?[] Row(ProblemRow r) =>
            [null, r.ProjectName, r.Region, r.Category, r.Description, SourceName(r.Source), r.LeadDepartment, ProblemQueries.LevelName(r.Level), r.RaisedOn, r.DueOn, r.DaysLate > 0 ? r.DaysLate : null, r.ResolvedOn, r.Resolution];
        var sections = new[]
        {
            new TableSection("逾期未解决", [.. rows.Where(r => r.DaysLate > 0).Select(Row)]),
            new TableSection("未解决", [.. rows.Where(r => r.Status == ProblemStatus.Open && r.DaysLate == 0).Select(Row)]),
            new TableSection("已办结", [.. rows.Where(r => r.Status != ProblemStatus.Open).Select(Row)]),
        }.Where(s => s.Rows.Count > 0).ToList();
        var o = first.Overall;
        string Rate(decimal? x) => x is { } v ? (v * 100m).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
        var table = new LedgerTable($"{o.Region}重点项目问题清单", "", $"截至{first.Today:yyyy年M月d日}", columns, sections, "问题清单",
            [$"注：未解决{o.Open}个，其中逾期{o.Overdue}个；已到期{o.Due}个，办结率{Rate(o.ClosedRate)}，按期办结率{Rate(o.OnTimeRate)}。"]);
        var fileName = TableFile.Write(table, format, output);

        await db.RecordAuditAsync(AuditAction.Export, nameof(Problem), null, $"导出问题清单{rows.Count}个问题（{TableFile.FormatName(format)}）", AuditResult.Success, ct);
        return (fileName, rows.Count);
    }

    public static string SourceName(ProblemSource s) => s switch
    {
        ProblemSource.Report => "月报",
        ProblemSource.SiteVisit => "现场走访",
        ProblemSource.ServiceDay => "企业服务日",
        ProblemSource.Meeting => "会议",
        ProblemSource.Hotline => "12345热线",
        ProblemSource.Leader => "领导交办",
        _ => "台账导入",
    };
}
