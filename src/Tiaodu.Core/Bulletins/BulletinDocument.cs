using System.Globalization;
using Tiaodu.Core.Documents;

namespace Tiaodu.Core.Bulletins;

/// <summary>
/// A bulletin's content as an official document (.docx in the GB/T 9704 layout) with its two charts: the
/// same content always gives the same document, so a published bulletin's file can be made again from its
/// frozen content and the preview shows exactly what will be issued.
/// </summary>
public static class BulletinDocument
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static byte[] ToBytes(BulletinContent c) => OfficialDocumentWriter.ToBytes(Compose(c));

    public static string FileName(BulletinContent c) => $"{c.RegionName}{c.Year}年{c.Month}月重点项目建设情况通报";

    public static byte[] RankingChart(BulletinContent c) =>
        BulletinCharts.Ranking($"{c.Year}年1—{c.MonthsElapsed}月各地区投资完成率", [.. c.Ranking.Select(r => (r.Region, r.CompletionRate))], c.Headline.TimeProgress);

    public static byte[] TrendChart(BulletinContent c) =>
        BulletinCharts.Trend($"{c.RegionName}重点项目累计完成投资", c.Year, c.MonthsElapsed, c.Trend.ThisYear, c.Trend.LastYear);

    public static OfficialDocument Compose(BulletinContent c)
    {
        var h = c.Headline;
        var body = new List<DocumentBlock>
        {
            new Paragraph($"现将{c.Year}年{c.Month}月{c.RegionName}重点项目建设情况通报如下："),
            new Heading("一、总体情况"),
            new Paragraph(Overview(c)),
            new ImageBlock(TrendChart(c), 15, $"图1 {c.RegionName}重点项目累计完成投资（亿元）"),
        };
        var lines = Highlights(c);
        if (lines.Count > 0)
        {
            body.Add(new Heading("（一）工作亮点", 2));
            body.Add(new Paragraph(string.Join("\n", lines)));
        }

        body.Add(new Heading("二、各地区进展"));
        if (c.Ranking.Count == 0)
        {
            body.Add(new Paragraph($"{c.RegionName}无下级地区，不作排名。"));
        }
        else
        {
            body.Add(new Paragraph($"按年度投资完成率排序，各地区进展如下（序时进度{Percent(h.TimeProgress)}；“快”“慢”为高于或低于序时进度的百分点）。"));
            body.Add(new Table(["排名", "地区", "项目数", "年度计划投资（万元）", "累计完成投资（万元）", "完成率", "序时进度", "快/慢"],
                [.. c.Ranking.Select(r => (IReadOnlyList<string>)[r.Rank.ToString(C), r.Region, r.Projects.ToString(C), Wan(r.AnnualPlan), Wan(r.Ytd),
                    Percent(r.CompletionRate), Percent(r.TimeProgress), Points(r.PointsVsTime)])],
                [3, 6, 3, 6, 6, 4, 4, 4]));
            body.Add(new ImageBlock(RankingChart(c), 15, "图2 各地区投资完成率与序时进度"));
            var behind = c.Ranking.Where(r => r.PointsVsTime < 0m).Select(r => r.Region).ToList();
            body.Add(new Paragraph(behind.Count == 0 ? "各地区投资完成率均达到序时进度。"
                : $"{string.Join("、", behind)}共{behind.Count}个地区投资完成率低于序时进度，请加快推进。"));
        }

        if (c.Assessment is { } a)
        {
            body.Add(new Heading("（一）督导考评", 2));
            body.Add(new Paragraph(AssessmentLine(c)));
            body.Add(new Table(["名次", "地区", "得分", "备注"],
                [.. a.Rows.Select(r => (IReadOnlyList<string>)[r.Rank.ToString(C), r.Region, r.Total.ToString("0.##", C), r.Note ?? ""])], [3, 8, 4, 10]));
        }

        body.Add(new Heading("三、亮灯情况"));
        body.Add(new Paragraph($"{c.Year}年{c.Month}月，{c.RegionName}亮红灯项目{c.Lights.RedProjects}个、黄灯项目{c.Lights.YellowProjects}个。"
            + (c.Lights.Red.Count == 0 ? "" : "红灯项目如下：")));
        if (c.Lights.Red.Count > 0)
        {
            body.Add(new Table(["序号", "项目名称", "地区", "亮灯原因"],
                [.. c.Lights.Red.Select((r, i) => (IReadOnlyList<string>)[(i + 1).ToString(C), r.Project, r.Region, r.Explanation])], [2, 8, 4, 10]));
        }

        body.Add(new Heading("四、逾期问题"));
        body.Add(new Paragraph($"截至{OfficialDocument.ChineseDate(c.IssuedOn)}，{c.RegionName}重点项目未解决问题{c.Problems.Open}个，其中超过办理时限{c.Problems.Overdue}个。"
            + (c.Problems.OverdueList.Count == 0 ? "" : "逾期问题如下：")));
        if (c.Problems.OverdueList.Count > 0)
        {
            body.Add(new Table(["序号", "项目名称", "问题", "牵头单位", "逾期天数"],
                [.. c.Problems.OverdueList.Select((p, i) => (IReadOnlyList<string>)[(i + 1).ToString(C), p.Project + "（" + p.Region + "）", p.Description, p.Lead ?? "未交办", p.DaysLate.ToString(C)])],
                [2, 7, 10, 5, 3]));
        }

        body.Add(new Heading("五、下步工作"));
        body.Add(new Paragraph(c.NextSteps));
        return new OfficialDocument(c.Issuer, c.Title, body, c.Issuer, c.IssuedOn)
        {
            Number = c.Number,
            Addressee = "各有关地区、部门：",
        };
    }

    /// <summary>The overall paragraph: projects, starts, investment against plan and 序时进度, year on year.</summary>
    public static string Overview(BulletinContent c)
    {
        var h = c.Headline;
        var text = $"截至{OfficialDocument.ChineseDate(c.AsOf)}，{c.RegionName}{c.Year}年重点项目{h.Projects}个，其中列入年度计划{h.Planned}个，已开复工{h.Started}个，开复工率{Percent(h.StartRate)}。"
            + $"年度计划投资{Yi(h.AnnualPlan)}亿元";
        if (c.MonthsElapsed == 0)
        {
            return text + "，本年尚无已结束月份的投资数据。";
        }

        text += $"，1—{c.MonthsElapsed}月累计完成投资{Yi(h.Ytd)}亿元，完成率{Percent(h.CompletionRate)}";
        text += h.PointsVsTime is { } p ? $"，{(p >= 0m ? "快于" : "慢于")}序时进度（{Percent(h.TimeProgress)}）{Math.Abs(p).ToString("0.0", C)}个百分点" : "";
        text += h.YearOnYear is { } y ? $"；同比{(y >= 0m ? "增长" : "下降")}{Math.Abs(y * 100m).ToString("0.0", C)}%（上年同期{Yi(h.YtdLastYear)}亿元）。" : "。";
        return text;
    }

    /// <summary>The sentence before the assessment table.</summary>
    public static string AssessmentLine(BulletinContent c) =>
        c.Assessment is { } a ? $"按《{a.Scheme}》，{c.Year}年{c.Month}月各地区督导考评结果（{OfficialDocument.ChineseDate(a.PublishedOn)}发布）如下：" : "";

    /// <summary>Top regions, projects started in the month, the biggest investment so far.</summary>
    public static List<string> Highlights(BulletinContent c)
    {
        var lines = new List<string>();
        var x = c.Highlights;
        if (x.TopRegions.Count > 0)
        {
            lines.Add("投资完成率居前的地区：" + string.Join("、", x.TopRegions.Select(r => $"{r.Region}（{Percent(r.CompletionRate)}）")) + "。");
        }

        if (x.StartedThisMonth.Count > 0)
        {
            lines.Add($"本月新开复工项目{x.StartedThisMonth.Count}个：" + string.Join("、", x.StartedThisMonth.Select(p => p.Project)) + "。");
        }

        if (x.BiggestYtd.Count > 0)
        {
            lines.Add("累计完成投资居前的项目：" + string.Join("、", x.BiggestYtd.Select(p => $"{p.Project}（{Yi(p.Ytd ?? 0m)}亿元）")) + "。");
        }

        return lines;
    }

    public static string Percent(decimal? ratio) => ratio is { } r ? (r * 100m).ToString("0.0", C) + "%" : "—";

    /// <summary>"快5.2" or "慢3.0" percentage points against 序时进度.</summary>
    public static string Points(decimal? points) => points is { } p ? (p >= 0m ? "快" : "慢") + Math.Abs(p).ToString("0.0", C) : "—";

    public static string Wan(decimal wan) => wan.ToString("#,0", C);

    public static string Yi(decimal wan) => (wan / 10_000m).ToString("0.00", C);
}
