using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Accountability;

/// <summary>
/// Both accountability lists in one table (包保责任落实情况): the ≥10亿 projects without an active 包保领导,
/// then the ≥5000万 projects without an active 服务秘书; only the reader's projects; audited as an export.
/// </summary>
public sealed class ExportAccountabilityGaps(TiaoduDb db, AccountabilityGaps gaps, TimeProvider clock)
{
    public async Task<(string FileName, int Rows)> HandleAsync(string? region, string? q, ExportFormat format, Stream output, CancellationToken ct)
    {
        var leaders = await gaps.AllAsync(GapKind.Leader, region, q, ct);
        var officers = await gaps.AllAsync(GapKind.Officer, region, q, ct);
        TableColumn[] columns =
        [
            new("序号", CellKind.WholeNumber, Width: 6),
            new("项目名称", CellKind.Text, Width: 36),
            new("所属区域", CellKind.Text, Width: 14),
            new("总投资", CellKind.Money, Width: 14),
            new("问题", CellKind.Text, Width: 16),
            new("现责任人", CellKind.Text, Width: 10),
        ];
        object?[] Row(GapKind kind, GapRow r) => [null, r.Name, r.Region, r.TotalInvestment, AccountabilityGaps.ReasonName(kind, r.Reason), r.Person];
        var sections = new[]
        {
            new TableSection("10亿元以上项目未落实包保领导", [.. leaders.Select(r => Row(GapKind.Leader, r))]),
            new TableSection("5000万元以上项目未落实服务秘书", [.. officers.Select(r => Row(GapKind.Officer, r))]),
        }.Where(s => s.Rows.Count > 0).ToList();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var table = new LedgerTable("重点项目包保责任落实情况", "单位：万元", $"截至{today:yyyy年M月d日}", columns, sections, "包保责任",
            [$"注：10亿元以上项目未落实包保领导{leaders.Count}个，5000万元以上项目未落实服务秘书{officers.Count}个。"]);
        var fileName = TableFile.Write(table, format, output);

        var rows = leaders.Count + officers.Count;
        await db.RecordAuditAsync(AuditAction.Export, nameof(Project), null,
            $"导出包保责任落实情况{rows}个项目（{TableFile.FormatName(format)}）", AuditResult.Success, ct);
        return (fileName, rows);
    }
}
