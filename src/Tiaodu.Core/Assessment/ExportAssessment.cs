using System.Globalization;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Assessment;

/// <summary>
/// The assessment of a period as the table offices send round (督导考评得分排名表): rank, region, the points of every
/// rule under its section, total and note — the live scores, or the frozen ones once published. Only a reader whose
/// jurisdiction covers the whole region may have it (as for the page); audited as an export.
/// </summary>
public sealed class ExportAssessment(TiaoduDb db, AssessDistricts assess, TimeProvider clock)
{
    public async Task<(string FileName, int Rows)> HandleAsync(string? region, PeriodKind kind, int year, int number, ExportFormat format, Stream output, CancellationToken ct)
    {
        var view = await assess.HandleAsync(region, kind, year, number, ct);

        // Columns from the points themselves, in their order: a published result keeps its points but not its scheme.
        var rules = view.Scores.SelectMany(s => s.Points).Select(p => (p.Section, p.Rule)).Distinct().ToList();
        var columns = new List<TableColumn> { new("名次", CellKind.WholeNumber, Width: 6), new("地区", CellKind.Text, Width: 28) };
        columns.AddRange(rules.Select(r => new TableColumn(r.Rule, CellKind.Number, r.Section, Width: Math.Max(10, r.Rule.Length * 2.2))));
        columns.Add(new TableColumn("总分", CellKind.Number, Width: 10));
        columns.Add(new TableColumn("备注", CellKind.Text, Width: 40));
        var rows = view.Scores.OrderBy(s => s.Rank).Select(s =>
        {
            var row = new object?[columns.Count];
            row[0] = s.Rank;
            row[1] = s.RegionName;
            for (var i = 0; i < rules.Count; i++)
            {
                var points = s.Points.Where(p => p.Section == rules[i].Section && p.Rule == rules[i].Rule).ToList();
                row[2 + i] = points.Count == 0 ? null : points.Sum(p => p.Points);
            }

            row[^2] = s.Total;
            row[^1] = s.Note;
            return row;
        }).ToList();

        var state = view.Published is { } p
            ? $"已于{TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(p.PublishedAt, DateTimeKind.Utc), clock.LocalTimeZone):yyyy年M月d日}发布"
            : "未发布，为实时计算结果";
        var table = new LedgerTable($"{view.Region.Name}{view.PeriodName}重点项目督导考评得分排名", "单位：分", $"截至{view.AsOf:yyyy年M月d日}",
            columns, [new TableSection("参评地区", rows)], "考评排名", [$"注：评分办法「{view.SchemeName}」；{state}。"], Summaries: false);
        var fileName = TableFile.Write(table, format, output);

        await db.RecordAuditAsync(AuditAction.Export, nameof(AssessmentResult), view.Published?.Id.ToString(CultureInfo.InvariantCulture),
            $"导出{view.Region.Name}{view.PeriodName}考评排名{rows.Count}个地区（{TableFile.FormatName(format)}）", AuditResult.Success, ct);
        return (fileName, rows.Count);
    }
}
