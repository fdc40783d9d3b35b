using System.Globalization;
using System.Text;

namespace Tiaodu.Core.Assessment;

/// <summary>A year's scoring scheme as the dispatch office set it; a year without one is scored by the shipped default.</summary>
public sealed class ScoringScheme
{
    public int Id { get; private set; }
    public int Year { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>How many at the top are commended, and at the bottom admonished and demoted.</summary>
    public int RewardTop { get; private set; }

    public int DemoteBottom { get; private set; }
    public int Version { get; private set; }
    public List<ScoringRule> Rules { get; private set; } = [];

    private ScoringScheme()
    {
    }

    public ScoringScheme(int year, string name, int rewardTop, int demoteBottom, IReadOnlyList<RuleLine> rules)
    {
        Year = year;
        Replace(name, rewardTop, demoteBottom, rules);
    }

    public void Replace(string name, int rewardTop, int demoteBottom, IReadOnlyList<RuleLine> rules)
    {
        Name = name.Trim();
        RewardTop = rewardTop;
        DemoteBottom = demoteBottom;
        Rules.Clear();
        Rules.AddRange(rules.Select((r, i) => new ScoringRule(r, i + 1)));
        Version++;
    }
}

/// <summary>
/// Scoring schemes as text: one rule per line, tab-separated (section, name, kind, metric, points, target, slope,
/// cap, rank bands, tag), the format of the shipped default and of the editor; every bad line is named in Chinese.
/// </summary>
public static class SchemeText
{
    public const int MaxRules = 60;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static readonly string Header = "section\tname\tkind\tmetric\tpoints\ttarget\tslope\tcap\tbands\ttag";

    /// <summary>The shipped default scheme of DOMAIN §5.</summary>
    public static IReadOnlyList<RuleLine> Default()
    {
        using var stream = typeof(SchemeText).Assembly.GetManifestResourceStream("Tiaodu.Assessment.default-scheme.tsv")
            ?? throw new InvalidOperationException("Missing the default scoring scheme");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var (rules, errors) = Parse(reader.ReadToEnd());
        return errors.Count == 0 ? rules : throw new InvalidOperationException(string.Join("; ", errors));
    }

    public static (IReadOnlyList<RuleLine> Rules, IReadOnlyList<string> Errors) Parse(string text)
    {
        var rules = new List<RuleLine>();
        var errors = new List<string>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("section\t", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split('\t').Select(c => c.Trim()).ToArray();
            string Cell(int i) => i < cells.Length ? cells[i] : "";
            var where = $"第{n + 1}行";
            if (cells.Length < 5 || Cell(0).Length == 0 || Cell(1).Length == 0)
            {
                errors.Add($"{where}：至少要有 分组、名称、类型、指标、分值 五列（用制表符分隔）");
                continue;
            }

            if (!Enum.TryParse<RuleKind>(Cell(2), true, out var kind) || !Enum.IsDefined(kind))
            {
                errors.Add($"{where}：类型「{Cell(2)}」应为 Capped、Rank、Bonus 或 Penalty");
                continue;
            }

            if (!Enum.TryParse<Metric>(Cell(3), true, out var metric) || !Enum.IsDefined(metric))
            {
                errors.Add($"{where}：指标「{Cell(3)}」不认识，可用：{string.Join("、", Enum.GetNames<Metric>())}");
                continue;
            }

            decimal? Number(int i, string label)
            {
                if (Cell(i).Length == 0)
                {
                    return null;
                }

                if (decimal.TryParse(Cell(i), NumberStyles.Number, C, out var v) && Math.Abs(v) <= 1000m)
                {
                    return v;
                }

                errors.Add($"{where}：{label}「{Cell(i)}」不是有效的数");
                return null;
            }

            var count = errors.Count;
            var points = Number(4, "分值") ?? 0m;
            var rule = new RuleLine(Cell(0), Cell(1), kind, metric, points, Number(5, "目标"), Number(6, "每个百分点分值"), Number(7, "封顶"),
                Cell(8).Length == 0 ? null : Cell(8), Cell(9).Length == 0 ? null : Cell(9));
            if (errors.Count > count)
            {
                continue;
            }

            if (rule.Section.Length > 20 || rule.Name.Length > 50)
            {
                errors.Add($"{where}：分组不超过20字，名称不超过50字");
            }
            else if (points < 0)
            {
                errors.Add($"{where}：分值不能为负（扣分规则用 Penalty 类型）");
            }
            else if (kind == RuleKind.Rank && !ValidBands(rule))
            {
                errors.Add($"{where}：排名分档应写成 1-3:5,4-6:3 这样");
            }
            else if (kind == RuleKind.Capped && rule.Slope is null)
            {
                errors.Add($"{where}：Capped 规则需要“每个百分点分值”");
            }
            else if (metric == Metric.Tagged && rule.Tag is null)
            {
                errors.Add($"{where}：按标签计数的规则需要写明标签名称");
            }
            else if (rules.Exists(r => r.Name == rule.Name))
            {
                // Each rule is a column of the ranking table and a line of every explanation: two of one name could not be told apart.
                errors.Add($"{where}：规则名称「{rule.Name}」与前面的规则重复");
            }
            else
            {
                rules.Add(rule);
            }
        }

        if (rules.Count == 0 && errors.Count == 0)
        {
            errors.Add("方案中没有任何规则");
        }
        else if (rules.Count > MaxRules)
        {
            errors.Add($"规则不能超过{MaxRules}条");
        }

        return (rules, errors);
    }

    public static string Write(IEnumerable<RuleLine> rules)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in rules)
        {
            text.Append(C, $"{r.Section}\t{r.Name}\t{r.Kind}\t{r.Metric}\t{r.Points}\t{r.Target}\t{r.Slope}\t{r.Cap}\t{r.Bands}\t{r.Tag}").Append('\n');
        }

        return text.ToString();
    }

    private static bool ValidBands(RuleLine rule)
    {
        try
        {
            return rule.RankBands().Count > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
