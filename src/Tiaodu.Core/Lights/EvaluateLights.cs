using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reports;

namespace Tiaodu.Core.Lights;

public sealed record LightTotals(int Year, int Month, int Projects, int Red, int Yellow, int Explained);

/// <summary>
/// Evaluates the year's light rules for one month, as of that month's end (or today, for the current month),
/// over every project on the year's ledger or one project, and stores the result in place of the month's
/// earlier evaluation. A streak continues from the month before, so "N consecutive months" works across a
/// year end too. Valid reasons (正当理由) keep a light but mark it explained.
/// </summary>
public sealed class EvaluateLights(TiaoduDb db, TimeProvider clock)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The year's rules, created from the defaults the first time a year is evaluated or edited.</summary>
    public async Task<List<LightRule>> RulesAsync(int year, CancellationToken ct)
    {
        var rules = Ordered(await db.LightRules.Where(r => r.Year == year).ToListAsync(ct));
        if (rules.Count > 0)
        {
            // A kind of light added in a later release joins a year that already has rules, with its default.
            var missing = LightRule.Defaults(year).Where(d => rules.TrueForAll(r => r.Kind != d.Kind)).ToList();
            if (missing.Count > 0)
            {
                db.LightRules.AddRange(missing);
                await db.SaveChangesAsync(ct);
                rules.AddRange(missing);
            }

            return Ordered(rules);
        }

        // The previous year's settings carry over when there are any; otherwise the defaults.
        var previous = await db.LightRules.AsNoTracking().Where(r => r.Year == year - 1).ToListAsync(ct);
        rules = previous.Count > 0
            ? [.. previous.Select(p => Copy(year, p))]
            : [.. LightRule.Defaults(year)];
        db.LightRules.AddRange(rules);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone created the year's rules at the same moment: use theirs.
            db.ChangeTracker.Clear();
            return Ordered(await db.LightRules.Where(r => r.Year == year).ToListAsync(ct));
        }

        return rules;
    }

    /// <summary>In the order of <see cref="LightKind"/>, each kind's rule for everywhere before the regions' own (the kind is stored by name).</summary>
    private static List<LightRule> Ordered(IEnumerable<LightRule> rules) =>
        [.. rules.OrderBy(r => (int)r.Kind).ThenBy(r => r.RegionId is null ? 0 : 1).ThenBy(r => r.Id)];

    private static LightRule Copy(int year, LightRule p)
    {
        var rule = new LightRule(year, p.Kind, p.Enabled, p.Yellow, p.Red, p.Consecutive, p.RegionId);
        rule.Change(p.Enabled, p.Yellow, p.Red, p.Consecutive, p.RegionId, p.Basis);
        return rule;
    }

    /// <summary>Re-evaluates the current month for one project after a change to it (in the caller's transaction).</summary>
    public async Task RefreshAsync(int projectId, CancellationToken ct)
    {
        var today = Today;
        if (await db.ProjectYears.AnyAsync(y => y.ProjectId == projectId && y.Year == today.Year, ct))
        {
            await EvaluateAsync(today.Year, today.Month, projectId, ct);
        }
    }

    /// <summary>
    /// Saves a use case's changes and re-evaluates the project's current month in the same transaction, so a
    /// change and the lights it causes are stored together.
    /// </summary>
    public async Task SaveAndRefreshAsync(int projectId, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await ConcurrencyGuard.SaveAsync(db, ct);
            await RefreshAsync(projectId, ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>Evaluates a whole month and records it in the audit trail.</summary>
    public async Task<LightTotals> HandleAsync(int year, int month, CancellationToken ct)
    {
        var totals = await EvaluateAsync(year, month, null, ct);
        var done = await db.LightMonths.FirstOrDefaultAsync(m => m.Year == year && m.Month == month, ct);
        if (done is null)
        {
            done = new LightMonth(year, month);
            db.LightMonths.Add(done);
        }

        done.Record(totals, clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance recorded the same month at the same moment; its record stands.
            db.ChangeTracker.Clear();
        }

        await db.RecordAuditAsync(AuditAction.Update, nameof(ProjectLight), string.Create(C, $"{year}-{month:00}"),
            $"评估{year}年{month}月亮灯：{totals.Projects}个项目，红灯{totals.Red}个、黄灯{totals.Yellow}个，已说明{totals.Explained}个", AuditResult.Success, ct);
        return totals;
    }

    private async Task<LightTotals> EvaluateAsync(int year, int month, int? projectId, CancellationToken ct)
    {
        var today = Today;
        if (month is < 1 or > 12 || year < SaveProjectYear.MinYear || year > today.Year || (year == today.Year && month > today.Month))
        {
            throw ValidationFailedException.For("month", "只能评估本月及以前月份的亮灯");
        }

        var monthEnd = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var asOf = monthEnd < today ? monthEnd : today;
        var complete = LedgerQueryBuilder.CompleteMonths(year, asOf);
        var period = LightExemption.Period(year, month);
        var now = clock.GetUtcNow().UtcDateTime;

        var rules = (await RulesAsync(year, ct)).Where(r => r.Enabled).ToList();
        var regionScopes = new Dictionary<int, HashSet<int>>();
        foreach (var regionId in rules.Where(r => r.RegionId is not null).Select(r => r.RegionId!.Value).Distinct())
        {
            var path = await db.Regions.Where(r => r.Id == regionId).Select(r => r.Path).FirstOrDefaultAsync(ct) ?? "\u0000";
            regionScopes[regionId] = [.. await db.Regions.Where(r => r.Path.StartsWith(path)).Select(r => r.Id).ToListAsync(ct)];
        }

        var lines = await (from y in db.ProjectYears.AsNoTracking()
                           join p in db.Projects.AsNoTracking() on y.ProjectId equals p.Id
                           where y.Year == year && !p.IsDeleted && (projectId == null || p.Id == projectId)
                           select new { Line = y, p.RegionId, p.InStatsOn }).ToListAsync(ct);
        var due = (await db.ReportSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new ReportSettings()).DueDate(year, month);
        var submitted = (await db.MonthlyReports.AsNoTracking()
                .Where(r => r.Year == year && r.Month == month && r.SubmittedAt != null && (projectId == null || r.ProjectId == projectId)
                    && (r.Status == ReportStatus.Submitted || r.Status == ReportStatus.Approved))
                .Select(r => new { r.ProjectId, r.SubmittedAt }).ToListAsync(ct))
            .ToDictionary(r => r.ProjectId, r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(r.SubmittedAt!.Value, clock.LocalTimeZone)));
        var (py, pm) = month == 1 ? (year - 1, 12) : (year, month - 1);
        var previous = (await db.ProjectLights.AsNoTracking().Where(l => l.Year == py && l.Month == pm && (projectId == null || l.ProjectId == projectId))
                .Select(l => new { l.ProjectId, l.Kind, l.Streak }).ToListAsync(ct))
            .GroupBy(l => (l.ProjectId, l.Kind)).ToDictionary(g => g.Key, g => g.Max(l => l.Streak));
        var exemptions = (await db.LightExemptions.AsNoTracking()
                .Where(e => e.RevokedAt == null && e.FromPeriod <= period && (e.ToPeriod == null || e.ToPeriod >= period) && (projectId == null || e.ProjectId == projectId))
                .Select(e => new { e.Id, e.ProjectId, e.Kind }).ToListAsync(ct))
            .GroupBy(e => (e.ProjectId, e.Kind)).ToDictionary(g => g.Key, g => g.Min(e => e.Id));

        var milestones = (await db.Milestones.AsNoTracking()
                .Where(m => (projectId == null || m.ProjectId == projectId) && ((m.DoneOn == null && m.PlannedOn < asOf) || (m.Deferred && m.OwedBy < asOf)))
                .ToListAsync(ct))
            .ToLookup(m => m.ProjectId);
        var problems = (await db.Problems.AsNoTracking()
                .Where(p => (projectId == null || p.ProjectId == projectId) && p.DueOn != null && p.DueOn < asOf
                    && p.RaisedOn <= asOf && (p.Status == Problems.ProblemStatus.Open || (p.ResolvedOn != null && p.ResolvedOn > asOf)))
                .Select(p => new { p.ProjectId, p.Description, Due = p.DueOn!.Value })
                .ToListAsync(ct))
            .ToLookup(p => p.ProjectId, p => (p.Description, p.Due));
        var lights = new List<ProjectLight>();
        foreach (var x in lines)
        {
            // The most specific rule of each kind applies: one for the project's region beats one for everywhere.
            foreach (var rule in rules.Where(r => r.RegionId is null || regionScopes[r.RegionId.Value].Contains(x.RegionId))
                         .GroupBy(r => r.Kind).Select(g => g.OrderBy(r => r.RegionId is null ? 1 : 0).ThenBy(r => regionScopes.TryGetValue(r.RegionId ?? 0, out var s) ? s.Count : int.MaxValue).First()))
            {
                var streak = (previous.TryGetValue((x.Line.ProjectId, rule.Kind), out var s) ? s : 0) + 1;
                var found = rule.Kind == LightKind.MilestoneOverdue ? CheckMilestones(rule, milestones[x.Line.ProjectId], asOf)
                    : rule.Kind == LightKind.ProblemOverdue ? CheckProblems(rule, problems[x.Line.ProjectId], asOf)
                    : Check(rule, x.Line, x.InStatsOn, asOf, complete, due, today > due, submitted.TryGetValue(x.Line.ProjectId, out var on) ? on : null, streak);
                if (found is null)
                {
                    continue;
                }

                var color = streak >= rule.Consecutive ? found.Value.Color : LightColor.None;
                var text = color == LightColor.None ? $"观察（连续{streak}个月，满{rule.Consecutive}个月亮灯）：{found.Value.Text}" : $"{(color == LightColor.Red ? "红灯" : "黄灯")}：{found.Value.Text}";
                lights.Add(new ProjectLight(x.Line.ProjectId, year, month, rule, color, streak, text,
                    exemptions.TryGetValue((x.Line.ProjectId, rule.Kind), out var ex) ? ex : null, now));
            }
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.ProjectLights.Where(l => l.Year == year && l.Month == month && (projectId == null || l.ProjectId == projectId)).ExecuteDeleteAsync(ct);
            db.ProjectLights.AddRange(lights);
            await db.SaveChangesAsync(ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }

        foreach (var l in lights)
        {
            db.Entry(l).State = EntityState.Detached;
        }

        var counted = lights.Where(l => l.Counts).GroupBy(l => l.ProjectId).Select(g => g.Max(l => l.Color)).ToList();
        return new LightTotals(year, month, lines.Count, counted.Count(c => c == LightColor.Red), counted.Count(c => c == LightColor.Yellow),
            lights.Where(l => l.ExemptionId is not null && l.Color != LightColor.None).Select(l => l.ProjectId).Distinct().Count());
    }

    /// <summary>The most overdue milestone (as of <paramref name="asOf"/>), graded by days late.</summary>
    internal static (LightColor Color, string Text)? CheckMilestones(LightRule rule, IEnumerable<Milestones.Milestone> late, DateOnly asOf)
    {
        var list = late.Select(m => (Node: m, Days: m.DoneOn is null || m.DoneOn > asOf ? asOf.DayNumber - m.PlannedOn.DayNumber : asOf.DayNumber - m.OwedBy!.Value.DayNumber))
            .Where(x => x.Days > 0).OrderByDescending(x => x.Days).ToList();
        if (list.Count == 0)
        {
            return null;
        }

        var (node, days) = list[0];
        var color = rule.Red is { } red && days >= red ? LightColor.Red : rule.Yellow is { } yellow && days >= yellow ? LightColor.Yellow : (LightColor?)null;
        if (color is null)
        {
            return null;
        }

        var what = node.DoneOn is not null && node.Deferred
            ? string.Create(C, $"「{node.Name}」容缺受理，后补材料应于{node.OwedBy:M月d日}前补齐，已逾期{days}天")
            : string.Create(C, $"「{node.Name}」计划{node.PlannedOn:yyyy年M月d日}完成，已逾期{days}天");
        return (color.Value, list.Count > 1 ? what + string.Create(C, $"；另有{list.Count - 1}个节点逾期") : what);
    }

    /// <summary>The longest-overdue open problem (as of <paramref name="asOf"/>), graded by days past its deadline.</summary>
    internal static (LightColor Color, string Text)? CheckProblems(LightRule rule, IEnumerable<(string Description, DateOnly Due)> late, DateOnly asOf)
    {
        var list = late.Select(p => (p.Description, p.Due, Days: asOf.DayNumber - p.Due.DayNumber)).Where(p => p.Days > 0).OrderByDescending(p => p.Days).ToList();
        if (list.Count == 0)
        {
            return null;
        }

        var (what, due, days) = list[0];
        var color = rule.Red is { } red && days >= red ? LightColor.Red : rule.Yellow is { } yellow && days >= yellow ? LightColor.Yellow : (LightColor?)null;
        if (color is null)
        {
            return null;
        }

        var shown = what.Length <= 30 ? what : what[..30] + "…";
        var text = string.Create(C, $"问题「{shown}」要求{due:yyyy年M月d日}前解决，已逾期{days}天");
        return (color.Value, list.Count > 1 ? text + string.Create(C, $"；另有{list.Count - 1}个问题逾期") : text);
    }

    /// <summary>Whether the rule's condition holds for a line, with the colour and the figures in words.</summary>
    internal static (LightColor Color, string Text)? Check(LightRule rule, ProjectYear line, DateOnly? inStatsOn, DateOnly asOf, int complete, DateOnly due, bool duePassed, DateOnly? submittedOn, int streak)
    {
        LightColor? Grade(decimal value, bool strictRed) =>
            rule.Red is { } red && (strictRed ? value > red : value >= red) ? LightColor.Red
            : rule.Yellow is { } yellow && value >= yellow ? LightColor.Yellow
            : null;

        switch (rule.Kind)
        {
            case LightKind.Progress when line.InPlan && line.AnnualPlan is > 0 && complete > 0:
            {
                var plan = line.AnnualPlan.Value;
                var ytd = line.Ytd[complete];
                var curve = rule.Basis == ProgressBasis.Curve;
                var schedule = curve ? Plans.PlanCurve.ShareAt(line.PlanCurve, complete) : complete / 12m;
                var ratio = ytd / plan;
                var gap = decimal.Round((schedule - ratio) * 100m, 1);
                var against = curve ? "月度计划进度" : "序时进度";
                return Grade(gap, strictRed: true) is { } c
                    ? (c, string.Create(C, $"1-{complete}月完成投资 {ReportRules.Wan(ytd)} 万元，为年度计划 {ReportRules.Wan(plan)} 万元的 {ratio * 100m:0.0}%，{against} {schedule * 100m:0.0}%，落后 {gap:0.0} 个百分点"))
                    : null;
            }

            case LightKind.NotStarted when line.InPlan && line.PlannedStartMonth is { } planned && (line.StartedOn is null || line.StartedOn > asOf):
            {
                var late = complete - planned;
                return late > 0 && Grade(late, strictRed: false) is { } c
                    ? (c, string.Create(C, $"计划{planned}月开（复）工，截至{asOf.Month}月{asOf.Day}日仍未开（复）工，已逾期{late}个月"))
                    : null;
            }

            case LightKind.NotInStats when line.StartedOn is { } started && started <= asOf && (inStatsOn is null || inStatsOn > asOf):
            {
                var months = complete - started.Month;
                return months > 0 && Grade(months, strictRed: false) is { } c
                    ? (c, string.Create(C, $"{started.Month}月{started.Day}日已开（复）工，截至{asOf.Month}月{asOf.Day}日仍未入库，已{months}个月"))
                    : null;
            }

            case LightKind.ReportMissing when duePassed && (submittedOn is null || submittedOn > due):
            {
                // Graded by months in a row without a report on time: yellow from the first, red from the red threshold.
                var text = submittedOn is { } on
                    ? string.Create(C, $"{due.Month}月月报逾期报送：{on.Month}月{on.Day}日提交，截止日为{due.Month}月{due.Day}日")
                    : string.Create(C, $"{due.Month}月月报截至{asOf.Month}月{asOf.Day}日未报送（截止日为{due.Month}月{due.Day}日）");
                var run = streak > 1 ? string.Create(C, $"，已连续{streak}个月未按时报送") : "";
                return Grade(streak, strictRed: false) is { } c ? (c, text + run) : null;
            }

            default:
                return null;
        }
    }
}
