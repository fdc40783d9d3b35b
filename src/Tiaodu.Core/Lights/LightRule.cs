namespace Tiaodu.Core.Lights;

/// <summary>What a rule watches (DOMAIN §5).</summary>
public enum LightKind
{
    /// <summary>Year-to-date completion of the annual plan behind 序时进度 (months elapsed ÷ 12), in points.</summary>
    Progress,

    /// <summary>A planned project not started (or resumed) N months after its planned month.</summary>
    NotStarted,

    /// <summary>Started but not in the statistics database (入库) N months after the start.</summary>
    NotInStats,

    /// <summary>No monthly report submitted by the deadline; graded by months in a row.</summary>
    ReportMissing,

    /// <summary>A milestone past its deadline, or documents owed under 容缺后补 past their date; graded by days late.</summary>
    MilestoneOverdue,

    /// <summary>An open problem past its deadline (明确解决时限); graded by days late.</summary>
    ProblemOverdue,
}

/// <summary>What progress is measured against: 序时进度 (months ÷ 12) or each project's monthly plan curve.</summary>
public enum ProgressBasis
{
    Schedule,
    Curve,
}

public enum LightColor
{
    /// <summary>The condition holds but not yet for the consecutive periods the rule asks for.</summary>
    None,
    Yellow,
    Red,
}

/// <summary>
/// One warning-light rule of one year, as the dispatch office set it: thresholds for yellow and red (points
/// behind schedule, or months late), how many consecutive months the condition must hold before the light
/// comes on, and optionally the region subtree it applies to.
/// </summary>
public sealed class LightRule
{
    public int Id { get; private set; }
    public int Year { get; private set; }
    public LightKind Kind { get; private set; }
    public bool Enabled { get; private set; }

    /// <summary>Yellow from this value on (points behind schedule, or months late); null = no yellow.</summary>
    public decimal? Yellow { get; private set; }

    /// <summary>Red above (points) or from (months) this value; null = no red.</summary>
    public decimal? Red { get; private set; }

    /// <summary>Months in a row the condition must hold before the light comes on (1 = at once).</summary>
    public int Consecutive { get; private set; } = 1;

    /// <summary>Only projects in this region's subtree; null = the whole jurisdiction.</summary>
    public int? RegionId { get; private set; }

    /// <summary>For the progress rule: against 序时进度 (null, the default) or the project's monthly plan curve.</summary>
    public ProgressBasis? Basis { get; private set; }

    public int Version { get; private set; }

    private LightRule()
    {
    }

    public LightRule(int year, LightKind kind, bool enabled, decimal? yellow, decimal? red, int consecutive, int? regionId = null)
    {
        Year = year;
        Kind = kind;
        Set(enabled, yellow, red, consecutive, regionId);
        Version = 1;
    }

    public void Change(bool enabled, decimal? yellow, decimal? red, int consecutive, int? regionId, ProgressBasis? basis = null)
    {
        Set(enabled, yellow, red, consecutive, regionId);
        Basis = Kind == LightKind.Progress && basis == ProgressBasis.Curve ? ProgressBasis.Curve : null;
        Version++;
    }

    private void Set(bool enabled, decimal? yellow, decimal? red, int consecutive, int? regionId)
    {
        var errors = new ValidationErrors();
        if (yellow < 0 || red < 0)
        {
            errors.Add(nameof(Yellow), "阈值不能为负数");
        }

        if (yellow is null && red is null)
        {
            errors.Add(nameof(Yellow), "黄灯和红灯阈值至少填写一个");
        }

        if (yellow is { } y && red is { } r && r < y)
        {
            errors.Add(nameof(Red), "红灯阈值不能小于黄灯阈值");
        }

        if (consecutive is < 1 or > 12)
        {
            errors.Add(nameof(Consecutive), "连续月数应在1至12之间");
        }

        errors.ThrowIfAny();
        (Enabled, Yellow, Red, Consecutive, RegionId) = (enabled, yellow, red, consecutive, regionId);
    }

    /// <summary>
    /// The defaults of DOMAIN §5: 10/30 points behind 序时进度, 1/3 months not started, 1/2 months not 入库, a missing
    /// report yellow (red from the third month in a row, a choice of ours), a milestone late yellow (red from 30 days),
    /// a problem past its deadline yellow (red from 15 days).
    /// </summary>
    public static IReadOnlyList<LightRule> Defaults(int year) =>
    [
        new(year, LightKind.Progress, true, 10m, 30m, 1),
        new(year, LightKind.NotStarted, true, 1m, 3m, 1),
        new(year, LightKind.NotInStats, true, 1m, 2m, 1),
        new(year, LightKind.ReportMissing, true, 1m, 3m, 1),
        new(year, LightKind.MilestoneOverdue, true, 1m, 30m, 1),
        new(year, LightKind.ProblemOverdue, true, 1m, 15m, 1),
    ];

    public static string KindName(LightKind kind) => kind switch
    {
        LightKind.Progress => "投资进度滞后",
        LightKind.NotStarted => "逾期未开工",
        LightKind.NotInStats => "开工未入库",
        LightKind.MilestoneOverdue => "节点逾期",
        LightKind.ProblemOverdue => "问题逾期未解决",
        _ => "月报未按时报送",
    };

    public static string Unit(LightKind kind) => kind switch
    {
        LightKind.Progress => "个百分点",
        LightKind.MilestoneOverdue or LightKind.ProblemOverdue => "天",
        _ => "个月",
    };
}

/// <summary>
/// A project's light from one rule in one month, with the figures behind it in words. Rows exist only where
/// the rule's condition holds; no row is green. Derived data: re-evaluating a month replaces its rows.
/// </summary>
public sealed class ProjectLight
{
    public long Id { get; private set; }
    public int ProjectId { get; private set; }
    public int Year { get; private set; }
    public int Month { get; private set; }
    public int RuleId { get; private set; }
    public LightKind Kind { get; private set; }
    public LightColor Color { get; private set; }

    /// <summary>Months in a row the condition has held, this one included.</summary>
    public int Streak { get; private set; }

    public string Explanation { get; private set; } = "";

    /// <summary>A recorded 正当理由 covers this month: the light is kept, shown as explained, and not counted.</summary>
    public int? ExemptionId { get; private set; }

    public DateTime EvaluatedAt { get; private set; }

    private ProjectLight()
    {
    }

    public ProjectLight(int projectId, int year, int month, LightRule rule, LightColor color, int streak, string explanation, int? exemptionId, DateTime at)
    {
        (ProjectId, Year, Month, RuleId, Kind, Color, Streak, Explanation, ExemptionId, EvaluatedAt) =
            (projectId, year, month, rule.Id, rule.Kind, color, streak, explanation.Length <= 500 ? explanation : explanation[..500], exemptionId, at);
    }

    /// <summary>Lit and not explained away.</summary>
    public bool Counts => Color != LightColor.None && ExemptionId is null;
}

/// <summary>
/// A valid reason (正当理由) the dispatch office recorded for a project and one kind of light, for a span of
/// months: while it holds, that light is shown as explained and does not count.
/// </summary>
public sealed class LightExemption
{
    public const int ReasonLength = 500;

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public LightKind Kind { get; private set; }
    public string Reason { get; private set; } = "";

    /// <summary>First month covered, as year × 12 + month − 1.</summary>
    public int FromPeriod { get; private set; }

    /// <summary>Last month covered (inclusive); null = until revoked.</summary>
    public int? ToPeriod { get; private set; }

    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public int Version { get; private set; }

    private LightExemption()
    {
    }

    public LightExemption(int projectId, LightKind kind, string reason, int fromPeriod, int? toPeriod, string by, DateTime at)
    {
        (ProjectId, Kind, Reason, FromPeriod, ToPeriod, CreatedBy, CreatedAt, Version) = (projectId, kind, reason, fromPeriod, toPeriod, by.Length <= 50 ? by : by[..50], at, 1);
    }

    public bool Covers(int period) => RevokedAt is null && period >= FromPeriod && (ToPeriod is null || period <= ToPeriod);

    public void Revoke(DateTime at)
    {
        RevokedAt = at;
        Version++;
    }

    public static int Period(int year, int month) => (year * 12) + month - 1;

    public static (int Year, int Month) FromKey(int period) => (period / 12, (period % 12) + 1);
}

/// <summary>A month evaluated for the whole ledger: when, and its totals. A month not here was never evaluated (its lights are unknown, not green).</summary>
public sealed class LightMonth
{
    public int Year { get; private set; }
    public int Month { get; private set; }
    public DateTime EvaluatedAt { get; private set; }
    public int Projects { get; private set; }
    public int Red { get; private set; }
    public int Yellow { get; private set; }

    private LightMonth()
    {
    }

    public LightMonth(int year, int month) => (Year, Month) = (year, month);

    public void Record(LightTotals totals, DateTime at) => (EvaluatedAt, Projects, Red, Yellow) = (at, totals.Projects, totals.Red, totals.Yellow);
}
