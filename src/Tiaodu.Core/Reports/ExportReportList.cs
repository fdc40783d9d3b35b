using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Reports;

/// <summary>
/// A month's reporting status as the table offices circulate (月报报送情况表): sections by state with counts,
/// not-yet-reported first, with the deadline and overdue mark. Audited as an export.
/// </summary>
public sealed class ExportReportList(TiaoduDb db, ReportQueries queries)
{
    private static readonly ReportState[] Order = [ReportState.Missing, ReportState.Returned, ReportState.Draft, ReportState.Submitted, ReportState.Approved];

    public async Task<(string FileName, int Rows)> HandleAsync(int year, int month, string? region, string? q, ExportFormat format, Stream output, CancellationToken ct)
    {
        var (due, rows) = await queries.AllAsync(year, month, region, q, ct);
        TableColumn[] columns =
        [
            new("序号", CellKind.WholeNumber, Width: 6),
            new("项目名称", CellKind.Text, Width: 36),
            new("所属区域", CellKind.Text, Width: 14),
            new("服务秘书", CellKind.Text, Width: 10),
            new("报送状态", CellKind.Text, Width: 10),
            new("是否逾期", CellKind.YesNo, Width: 8),
            new("本月完成投资", CellKind.Money, "投资完成情况", 14, Sum: true),
            new($"1-{month}月完成投资", CellKind.Money, "投资完成情况", 14, Sum: true),
            new("提交日期", CellKind.Date, Width: 12),
        ];
        var sections = Order.Select(s => new TableSection(StateName(s), [.. rows.Where(r => r.State == s).Select(r => new object?[]
            {
                null, r.Name, r.Region, r.ServiceOfficer, StateName(r.State), r.Overdue, r.InvestmentMonth, r.InvestmentYtd,
                r.SubmittedAt is { } at ? DateOnly.FromDateTime(at) : null,
            })])).Where(s => s.Rows.Count > 0).ToList();
        var notReported = rows.Count(r => r.State is ReportState.Missing or ReportState.Draft or ReportState.Returned);
        var table = new LedgerTable($"{year}年{month}月重点项目月报报送情况", "单位：万元", $"报送截止日期：{due:yyyy年M月d日}", columns, sections, "月报报送情况",
            [$"注：共{rows.Count}个项目，未报送{notReported}个（未填报、草稿或被退回）。"]);
        var fileName = TableFile.Write(table, format, output);

        await db.RecordAuditAsync(AuditAction.Export, nameof(MonthlyReport), null,
            $"导出{year}年{month}月月报报送情况{rows.Count}个项目（{TableFile.FormatName(format)}）", AuditResult.Success, ct);
        return (fileName, rows.Count);
    }

    public static string StateName(ReportState s) => s switch
    {
        ReportState.Missing => "未填报",
        ReportState.Draft => "草稿",
        ReportState.Submitted => "已提交",
        ReportState.Returned => "被退回",
        _ => "已通过",
    };
}
