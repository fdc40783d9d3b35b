using System.Globalization;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;

namespace Tiaodu.Core.Dispatch;

/// <summary>
/// A round as the table a dispatch meeting reads (调度情况表): red, then yellow, then the rest, with the YTD,
/// what moved since the previous round, the lights' reasons, open problems and the dispatch comment. Only the
/// reader's projects; audited as an export.
/// </summary>
public sealed class ExportDispatchRound(TiaoduDb db, DispatchQueries queries)
{
    public async Task<(string FileName, int Rows)> HandleAsync(int roundId, string? region, string? q, RoundFilter filter, ExportFormat format, Stream output, CancellationToken ct)
    {
        var (view, items) = await queries.AllAsync(roundId, region, q, filter, ct);
        var round = view.Round;
        var months = items.Count > 0 ? items[0].YtdMonths : 0;
        TableColumn[] columns =
        [
            new("序号", CellKind.WholeNumber, Width: 6),
            new("项目名称", CellKind.Text, Width: 36),
            new("所属区域", CellKind.Text, Width: 12),
            new("年度计划投资", CellKind.Money, "投资完成情况", 14, Sum: true),
            new(months == 0 ? "累计完成投资" : $"1-{months}月完成投资", CellKind.Money, "投资完成情况", 14, Sum: true),
            new("较上期增加", CellKind.Money, "投资完成情况", 12, Sum: true),
            new("完成年度计划（%）", CellKind.Number, "投资完成情况", 10),
            new("亮灯", CellKind.Text, Width: 6),
            new("亮灯原因", CellKind.Text, Width: 40),
            new("未解决问题", CellKind.Text, Width: 40),
            new("本月月报", CellKind.Text, Width: 10),
            new("调度意见", CellKind.Text, Width: 30),
        ];
        object?[] Row(DispatchItem i) =>
        [
            null, i.ProjectName, i.RegionName, i.InPlan ? i.AnnualPlan : null, i.Ytd, i.PreviousYtd is { } p ? i.Ytd - p : null,
            i.InPlan && i.AnnualPlan is > 0 ? decimal.Round(i.Ytd / i.AnnualPlan.Value * 100m, 1) : null,
            ColorName(i.Color), i.LightText, i.OpenProblems > 0 ? i.ProblemsText : null, ReportName(i.Report), i.Comment,
        ];
        TableSection Section(string name, Func<DispatchItem, bool> which) => new(name, [.. items.Where(which).Select(Row)]);
        var sections = new[]
        {
            Section("红灯", i => i.Color == LightColor.Red),
            Section("黄灯", i => i.Color == LightColor.Yellow),
            Section("正常推进", i => i.Color == LightColor.None),
        }.Where(s => s.Rows.Count > 0).ToList();
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"注：共{items.Count}个项目，红灯{items.Count(i => i.Color == LightColor.Red)}个、黄灯{items.Count(i => i.Color == LightColor.Yellow)}个；较上期以{view.PreviousTitle ?? "上期（无）"}为准。"),
        };
        if (!string.IsNullOrWhiteSpace(view.Summary))
        {
            notes.Add("总体调度意见：" + view.Summary);
        }

        var title = $"{round.Region}{round.Title}情况表";
        var state = round.Status == RoundStatus.Published ? "已发布" : "草稿";
        var table = new LedgerTable(title, "单位：万元", $"截至{round.AsOf:yyyy年M月d日}（{state}）", columns, sections, "调度情况", notes);
        var fileName = TableFile.Write(table, format, output);

        await db.RecordAuditAsync(AuditAction.Export, nameof(DispatchRound), roundId.ToString(CultureInfo.InvariantCulture),
            $"导出{title}{items.Count}个项目（{TableFile.FormatName(format)}）", AuditResult.Success, ct);
        return (fileName, items.Count);
    }

    public static string ColorName(LightColor c) => c switch
    {
        LightColor.Red => "红灯",
        LightColor.Yellow => "黄灯",
        _ => "",
    };

    public static string ReportName(ReportStatus? s) => s switch
    {
        null => "未填报",
        ReportStatus.Draft => "草稿",
        ReportStatus.Submitted => "已提交",
        ReportStatus.Returned => "被退回",
        _ => "已通过",
    };
}
