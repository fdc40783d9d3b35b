using Tiaodu.Core.Assessment;

namespace Tiaodu.Tests.Assessment;

/// <summary>The scoring rules of DOMAIN §5 on worked examples: capped linear scores, rank bands with ties, count bonuses and penalties with caps.</summary>
public sealed class ScoringEngineTests
{
    private static RuleLine Capped(decimal points, decimal? target, decimal slope, Metric metric = Metric.Completion) =>
        new("投资", "投资完成率", RuleKind.Capped, metric, points, target, slope, null, null, null);

    private static RegionFigures Region(string key, params (Metric Metric, decimal? Value)[] values) =>
        new(key, key + "区", values.ToDictionary(v => v.Metric, v => v.Value));

    [Theory]
    [InlineData(1.0, 30.0)]
    [InlineData(1.2, 30.0)]
    [InlineData(0.825, 21.25)]
    [InlineData(0.2, 0.0)]
    public void A_capped_score_is_full_at_the_target_loses_the_slope_per_point_below_and_never_goes_below_zero(double value, double expected)
    {
        var point = ScoringEngine.Capped(Capped(30m, 1m, 0.5m), (decimal)value, 10m / 12m);
        point.Points.ShouldBe((decimal)expected);
        point.Explanation.ShouldContain("满分30，每低1个百分点扣0.5分");
    }

    [Fact]
    public void A_negative_target_is_measured_against_the_time_benchmark()
    {
        // 80% complete after ten months: 序时进度 83.3%, 3.33 points behind at 1 point each.
        var point = ScoringEngine.Capped(Capped(20m, -1m, 1m), 0.8m, 10m / 12m);
        point.Points.ShouldBe(16.67m);
        point.Explanation.ShouldContain("目标序时进度83.3%");
        ScoringEngine.Capped(Capped(20m, -1m, 1m), null, 10m / 12m).Points.ShouldBe(0m);
    }

    [Fact]
    public void Rank_points_follow_the_bands_and_tied_regions_share_a_rank()
    {
        var rule = new RuleLine("数量", "项目数排名", RuleKind.Rank, Metric.Projects, 0m, null, null, null, "1-2:5,3-4:3,5-9:1", null);
        var regions = new[]
        {
            Region("a", (Metric.Projects, 12m)), Region("b", (Metric.Projects, 30m)), Region("c", (Metric.Projects, 12m)),
            Region("d", (Metric.Projects, 30m)), Region("e", (Metric.Projects, 7m)), Region("f", (Metric.Projects, null)),
        };
        var points = ScoringEngine.RankPoints(rule, regions).ToDictionary(x => x.Key, x => x.Point.Points);
        points["b"].ShouldBe(5m);
        points["d"].ShouldBe(5m);
        points["a"].ShouldBe(3m);
        points["c"].ShouldBe(3m);
        points["e"].ShouldBe(1m);
        points["f"].ShouldBe(0m);
    }

    [Fact]
    public void Bonuses_and_penalties_count_projects_up_to_their_cap()
    {
        var bonus = new RuleLine("加分", "集中开工项目", RuleKind.Bonus, Metric.Tagged, 2m, null, null, 10m, null, "集中开工");
        ScoringEngine.Count(bonus, 3m, +1).Points.ShouldBe(6m);
        var capped = ScoringEngine.Count(bonus, 7m, +1);
        capped.Points.ShouldBe(10m);
        capped.Explanation.ShouldContain("封顶10分");
        var penalty = new RuleLine("扣分", "计划开工未开工", RuleKind.Penalty, Metric.NotStarted, 3m, null, null, 15m, null, null);
        ScoringEngine.Count(penalty, 2m, -1).Points.ShouldBe(-6m);
        ScoringEngine.Count(penalty, 9m, -1).Points.ShouldBe(-15m);
    }

    [Fact]
    public void Totals_are_ranked_with_ties_and_the_top_and_bottom_get_their_notes()
    {
        RuleLine[] rules =
        [
            Capped(30m, 1m, 1m),
            new("扣分", "未按时入库", RuleKind.Penalty, Metric.NotInStats, 3m, null, null, 15m, null, null),
        ];
        var regions = new[]
        {
            Region("a", (Metric.Completion, 1.1m), (Metric.NotInStats, 0m)),
            Region("b", (Metric.Completion, 0.9m), (Metric.NotInStats, 1m)),
            Region("c", (Metric.Completion, 0.95m), (Metric.NotInStats, 0m)),
            Region("d", (Metric.Completion, 0.93m), (Metric.NotInStats, 0m)),
        };
        var scores = ScoringEngine.Score(rules, regions, 10m / 12m, rewardTop: 1, demoteBottom: 1);
        scores.Select(s => (s.RegionKey, s.Total, s.Rank)).ShouldBe([("a", 30m, 1), ("c", 25m, 2), ("d", 23m, 3), ("b", 17m, 4)]);
        scores[0].Note.ShouldNotBeNull();
        scores[3].Note!.ShouldContain("约谈");
        scores[1].Note.ShouldBeNull();
        scores[3].Points.Select(p => p.Points).ShouldBe([20m, -3m]);
    }

    [Fact]
    public void The_default_scheme_follows_domain_section_five_and_bad_lines_are_named()
    {
        var rules = SchemeText.Default();
        decimal Max(string section) => rules.Where(r => r.Section == section)
            .Sum(r => r.Kind == RuleKind.Rank ? r.RankBands().Max(b => b.Points) : r.Points);
        (Max("数量"), Max("结构质量"), Max("进度"), Max("投资"), Max("问题与服务")).ShouldBe((20m, 15m, 20m, 30m, 15m));
        rules.ShouldContain(r => r.Kind == RuleKind.Bonus && r.Tag == "集中开工");
        rules.Count(r => r.Kind == RuleKind.Penalty).ShouldBe(2);
        SchemeText.Parse(SchemeText.Write(rules)).Rules.ShouldBe(rules);

        var (_, errors) = SchemeText.Parse("进度\t开复工率\tLinear\tStartRate\t20\t1\t0.5\n数量\t排名\tRank\tProjects\t10\t\t\t\t前三名5分\n进度\t开复工率\tCapped\tStartRate\t20\t1\n加分\t标签\tBonus\tTagged\t2\n");
        errors.Count.ShouldBe(4);
        errors[0].ShouldStartWith("第1行");
        errors[1].ShouldContain("排名分档");
        errors[2].ShouldContain("每个百分点分值");
        errors[3].ShouldContain("标签");
    }
}
