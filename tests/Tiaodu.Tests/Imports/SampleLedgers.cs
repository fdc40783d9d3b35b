using Tiaodu.Tests.Excel;

namespace Tiaodu.Tests.Imports;

/// <summary>A row of the government-style sample ledger, in the units the file shows (亿元, 亩).</summary>
internal sealed record SampleRow(string Name, string Region, decimal TotalYi, decimal AnnualPlanWan, decimal YtdWan, decimal SinceStartWan,
    decimal LandMu, string Started, object? StartedOn, string Spring, string? Leader, string? Problem, string? Code = null);

/// <summary>
/// Builds the table offices really send (DOMAIN §7): a merged title, a unit/as-of line, two header rows
/// with the 投资完成情况 group, section rows by 建设性质, a 合计 row and a note.
/// </summary>
internal static class SampleLedgers
{
    public static readonly string[] Headers =
        ["序号", "项目名称", "项目代码", "所属区域", "总投资（亿元）", "年度计划投资", "投资完成情况", null!, "用地面积（亩）", "是否开复工", "开复工时间", "春季开复工项目", "包保领导", "存在问题"];

    public static LedgerFileBuilder Government(string title, string asOfLine, IReadOnlyList<(string Section, IReadOnlyList<SampleRow> Rows)> sections, bool traditional = false)
    {
        var b = new LedgerFileBuilder();
        var s = b.Sheet(traditional ? "重點項目" : "重点项目");
        var last = Headers.Length - 1;
        s.Row(title).Merge(0, last);
        var unit = new object?[Headers.Length];
        unit[0] = traditional ? "單位：萬元" : "单位：万元";
        unit[last - 2] = asOfLine;
        s.Row(unit);
        var top = Headers.Select(h => (object?)h).ToArray();
        var sub = new object?[Headers.Length];
        sub[6] = "1-10月完成投资";
        sub[7] = "开工累计完成投资";
        if (traditional)
        {
            top = top.Select(h => h is string t ? (object?)ToTraditionalHeader(t) : null).ToArray();
            sub[6] = "1-10月完成投資";
            sub[7] = "開工累計完成投資";
        }

        s.Row(top);
        s.Row(sub);
        // Rows 3 and 4 (1-based): 投资完成情况 spans G:H; every other header spans both rows.
        s.Merge(3, 3, 6, 7);
        for (var c = 0; c < Headers.Length; c++)
        {
            if (c is not 6 and not 7)
            {
                s.Merge(3, 4, c, c);
            }
        }

        var n = 0;
        string[] ordinals = ["一", "二", "三", "四"];
        for (var i = 0; i < sections.Count; i++)
        {
            var (section, rows) = sections[i];
            s.Row($"{ordinals[i]}、{section}项目（{rows.Count}个）");
            foreach (var r in rows)
            {
                s.Row(++n, r.Name, r.Code, r.Region, r.TotalYi, r.AnnualPlanWan, r.YtdWan, r.SinceStartWan, r.LandMu, r.Started, r.StartedOn, r.Spring, r.Leader, r.Problem);
            }
        }

        var all = sections.SelectMany(x => x.Rows).ToList();
        s.Row(null, traditional ? "合計" : "合计", null, null, all.Sum(r => r.TotalYi), all.Sum(r => r.AnnualPlanWan), all.Sum(r => r.YtdWan), all.Sum(r => r.SinceStartWan), all.Sum(r => r.LandMu));
        s.Row("注：1.本表由各县（市）区发改局填报；2.金额单位为万元，总投资为亿元。");
        return b;
    }

    private static string ToTraditionalHeader(string h) => h switch
    {
        "项目名称" => "項目名稱",
        "项目代码" => "項目代碼",
        "所属区域" => "所屬區域",
        "总投资（亿元）" => "總投資（億元）",
        "年度计划投资" => "年度計劃投資",
        "投资完成情况" => "投資完成情況",
        "用地面积（亩）" => "用地面積（畝）",
        "是否开复工" => "是否開復工",
        "开复工时间" => "開復工時間",
        "春季开复工项目" => "春季開復工項目",
        "包保领导" => "包保領導",
        "存在问题" => "存在問題",
        _ => h,
    };
}
