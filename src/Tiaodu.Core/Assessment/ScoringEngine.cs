using System.Globalization;

namespace Tiaodu.Core.Assessment;

/// <summary>A region's figures for the period, by metric (null: the figure has no value, e.g. no annual plan).</summary>
public sealed record RegionFigures(string RegionKey, string RegionName, IReadOnlyDictionary<Metric, decimal?> Values);

/// <summary>The points one rule gave one region, and why.</summary>
public sealed record ScoredPoint(string Section, string Rule, decimal Points, string Explanation);

/// <summary>A region's score: total, rank among the regions, its points, and the note for the top or bottom.</summary>
public sealed record RegionScore(string RegionKey, string RegionName, decimal Total, int Rank, IReadOnlyList<ScoredPoint> Points, string? Note);

/// <summary>
/// Applies a scheme's rules to the regions' figures (DOMAIN §5): capped linear scores, rank points, count bonuses
/// and penalties, each point explained with the rule and the figures used; totals ranked, ties sharing a rank.
/// Pure arithmetic on the figures handed in, so it is checked on the published worked examples.
/// </summary>
public static class ScoringEngine
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IReadOnlyList<RegionScore> Score(IReadOnlyList<RuleLine> rules, IReadOnlyList<RegionFigures> regions, decimal timeProgress, int rewardTop = 0, int demoteBottom = 0)
    {
        var points = regions.ToDictionary(r => r.RegionKey, _ => new List<ScoredPoint>(), StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.Kind == RuleKind.Rank)
            {
                foreach (var (key, point) in RankPoints(rule, regions))
                {
                    points[key].Add(point);
                }

                continue;
            }

            foreach (var region in regions)
            {
                var value = region.Values.GetValueOrDefault(rule.Metric);
                points[region.RegionKey].Add(rule.Kind switch
                {
                    RuleKind.Capped => Capped(rule, value, timeProgress),
                    RuleKind.Bonus => Count(rule, value, +1),
                    _ => Count(rule, value, -1),
                });
            }
        }

        var totals = regions.Select(r => (Region: r, Total: decimal.Round(points[r.RegionKey].Sum(p => p.Points), 2))).OrderByDescending(x => x.Total)
            .ThenBy(x => x.Region.RegionKey, StringComparer.Ordinal).ToList();
        var scores = new List<RegionScore>(totals.Count);
        for (var i = 0; i < totals.Count; i++)
        {
            var rank = i > 0 && totals[i].Total == totals[i - 1].Total ? scores[i - 1].Rank : i + 1;
            var note = rank <= rewardTop ? "排名前列，予以通报表扬"
                : totals.Count - rank < demoteBottom ? "排名靠后，约谈主要负责人，年度考核降档" : null;
            scores.Add(new RegionScore(totals[i].Region.RegionKey, totals[i].Region.RegionName, totals[i].Total, rank, points[totals[i].Region.RegionKey], note));
        }

        return scores;
    }

    /// <summary>
    /// Full points at or above the target; each percentage point below takes <see cref="RuleLine.Slope"/> off; never
    /// below zero. A negative target means that many times 序时进度.
    /// </summary>
    public static ScoredPoint Capped(RuleLine rule, decimal? value, decimal timeProgress)
    {
        var target = rule.Target is { } t ? (t < 0 ? -t * timeProgress : t) : 1m;
        var slope = rule.Slope ?? 0m;
        if (value is not { } v)
        {
            return new ScoredPoint(rule.Section, rule.Name, 0m, $"{Label(rule.Metric)}无数据（如无年度计划），得0分");
        }

        var gap = (target - v) * 100m;
        var score = gap <= 0 ? rule.Points : Math.Max(0m, rule.Points - (slope * gap));
        score = decimal.Round(score, 2);
        var targetText = rule.Target is < 0 ? $"序时进度{Percent(target)}" : Percent(target);
        return new ScoredPoint(rule.Section, rule.Name, score,
            $"{Label(rule.Metric)}{Percent(v)}，目标{targetText}；满分{Num(rule.Points)}，每低1个百分点扣{Num(slope)}分 → {Num(score)}分");
    }

    public static ScoredPoint Count(RuleLine rule, decimal? value, int sign)
    {
        var count = (int)(value ?? 0m);
        var raw = count * rule.Points;
        var capped = rule.Cap is { } cap ? Math.Min(raw, cap) : raw;
        var score = sign * capped;
        var capText = rule.Cap is { } c2 && raw > c2 ? $"，封顶{Num(c2)}分" : "";
        return new ScoredPoint(rule.Section, rule.Name, score,
            $"{Label(rule.Metric)}{(rule.Tag is null ? "" : "（" + rule.Tag + "）")}{count}个 × {(sign > 0 ? "加" : "扣")}{Num(rule.Points)}分{capText} → {Num(score)}分");
    }

    /// <summary>Regions ranked by the metric (largest first, ties share a rank, no value ranks last) and given their band's points.</summary>
    public static IEnumerable<(string Key, ScoredPoint Point)> RankPoints(RuleLine rule, IReadOnlyList<RegionFigures> regions)
    {
        var bands = rule.RankBands();
        var ordered = regions.OrderByDescending(r => r.Values.GetValueOrDefault(rule.Metric).HasValue)
            .ThenByDescending(r => r.Values.GetValueOrDefault(rule.Metric) ?? 0m).ThenBy(r => r.RegionKey, StringComparer.Ordinal).ToList();
        var rank = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var value = ordered[i].Values.GetValueOrDefault(rule.Metric);
            if (i == 0 || value != ordered[i - 1].Values.GetValueOrDefault(rule.Metric))
            {
                rank = i + 1;
            }

            var points = value is null ? 0m : bands.FirstOrDefault(b => rank >= b.From && rank <= b.To).Points;
            yield return (ordered[i].RegionKey, new ScoredPoint(rule.Section, rule.Name, points,
                value is null ? $"{Label(rule.Metric)}无数据，不参与排名，得0分"
                    : $"{Label(rule.Metric)}{Format(rule.Metric, value.Value)}，在{ordered.Count}个地区中排第{rank}名 → {Num(points)}分"));
        }
    }

    public static string Label(Metric m) => m switch
    {
        Metric.Completion => "投资完成率",
        Metric.StartRate => "开复工率",
        Metric.Projects => "项目数",
        Metric.NewProjects => "新建项目数",
        Metric.IndustrialShare => "产业投资占比",
        Metric.YearOnYear => "同比增长",
        Metric.Investment => "累计完成投资",
        Metric.ProblemsOnTime => "问题按期办结率",
        Metric.NotStarted => "计划开工未开工项目",
        Metric.NotInStats => "未按时入库项目",
        Metric.Tagged => "项目",
        _ => m.ToString(),
    };

    private static string Format(Metric m, decimal v) => m switch
    {
        Metric.Projects or Metric.NewProjects or Metric.NotStarted or Metric.NotInStats or Metric.Tagged => Num(v) + "个",
        Metric.Investment => Num(v) + "万元",
        _ => Percent(v),
    };

    private static string Percent(decimal ratio) => (ratio * 100m).ToString("0.0", C) + "%";

    private static string Num(decimal v) => v.ToString("0.##", C);
}
