using System.Globalization;

namespace Tiaodu.Core.Assessment;

/// <summary>How a rule turns a figure into points (DOMAIN §5).</summary>
public enum RuleKind
{
    /// <summary>Full points at the target, ± points per percentage point away from it, never below 0 nor above full.</summary>
    Capped,

    /// <summary>Points by rank among the regions assessed ("1-3:5,4-6:3,7-9:1").</summary>
    Rank,

    /// <summary>Points for each counted project, up to a cap.</summary>
    Bonus,

    /// <summary>Points off for each counted project, up to a cap.</summary>
    Penalty,
}

/// <summary>The figures a region is scored on, each taken from the service that owns it.</summary>
public enum Metric
{
    /// <summary>投资完成率 (YTD ÷ annual plan), compared with the target (1 = 100%; "序时" targets use 序时进度).</summary>
    Completion,

    /// <summary>开复工率.</summary>
    StartRate,

    /// <summary>Projects on the ledger.</summary>
    Projects,

    /// <summary>New projects (新建).</summary>
    NewProjects,

    /// <summary>产业投资占比.</summary>
    IndustrialShare,

    /// <summary>同比增长.</summary>
    YearOnYear,

    /// <summary>Year-to-date investment (万元).</summary>
    Investment,

    /// <summary>问题按期办结率.</summary>
    ProblemsOnTime,

    /// <summary>Projects with the not-started-on-time red light (计划开工未开工) in the period's month.</summary>
    NotStarted,

    /// <summary>Projects lit for not being in the statistics database on time (未按时入库).</summary>
    NotInStats,

    /// <summary>Projects carrying a tag (e.g. 集中开工) in the year.</summary>
    Tagged,
}

/// <summary>
/// One line of a scoring scheme, as data: its section (数量, 结构质量, 进度, 投资, 问题与服务, 加分, 扣分), name, kind,
/// metric and parameters. <see cref="Target"/> of a capped rule of a rate is a ratio (1 = 100%); "序时进度" targets
/// are written as a negative number meaning "序时进度 times its absolute value" (−1 = 序时进度).
/// </summary>
public sealed class ScoringRule
{
    public int Id { get; private set; }
    public int SchemeId { get; private set; }
    public int SortOrder { get; private set; }
    public string Section { get; private set; } = "";
    public string Name { get; private set; } = "";
    public RuleKind Kind { get; private set; }
    public Metric Metric { get; private set; }

    /// <summary>Full points (capped), points per project (bonus, penalty); unused for rank rules.</summary>
    public decimal Points { get; private set; }

    public decimal? Target { get; private set; }

    /// <summary>Points per percentage point away from the target (capped rules).</summary>
    public decimal? Slope { get; private set; }

    /// <summary>Most points a bonus or penalty rule gives or takes.</summary>
    public decimal? Cap { get; private set; }

    /// <summary>Rank bands: "1-3:5,4-6:3,7-9:1".</summary>
    public string? Bands { get; private set; }

    /// <summary>The tag counted by a <see cref="Metric.Tagged"/> rule, by name.</summary>
    public string? Tag { get; private set; }

    private ScoringRule()
    {
    }

    public ScoringRule(RuleLine line, int order)
    {
        SortOrder = order;
        Section = line.Section;
        Name = line.Name;
        Kind = line.Kind;
        Metric = line.Metric;
        Points = line.Points;
        Target = line.Target;
        Slope = line.Slope;
        Cap = line.Cap;
        Bands = line.Bands;
        Tag = line.Tag;
    }

    public RuleLine Line => new(Section, Name, Kind, Metric, Points, Target, Slope, Cap, Bands, Tag);
}

/// <summary>A rule as written in a scheme file or form, before it is stored.</summary>
public sealed record RuleLine(string Section, string Name, RuleKind Kind, Metric Metric, decimal Points, decimal? Target, decimal? Slope, decimal? Cap, string? Bands, string? Tag)
{
    /// <summary>The rank bands parsed: (first rank, last rank, points).</summary>
    public IReadOnlyList<(int From, int To, decimal Points)> RankBands()
    {
        var bands = new List<(int, int, decimal)>();
        foreach (var part in (Bands ?? "").Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split([':', '：'], 2, StringSplitOptions.TrimEntries);
            var range = pair[0].Split(['-', '—', '~'], 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(range.Length == 2 ? range[1] : range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                || !decimal.TryParse(pair[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var points) || from < 1 || to < from)
            {
                throw new FormatException(part);
            }

            bands.Add((from, to, points));
        }

        return bands;
    }
}
