using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Core.Assessment;

/// <summary>An assessment of the regions below a region for a period, live or as published.</summary>
public sealed record AssessmentView(Region Region, PeriodKind Kind, int Year, int Number, DateOnly AsOf, string SchemeName, bool DefaultScheme,
    IReadOnlyList<RuleLine> Rules, IReadOnlyList<RegionScore> Scores, AssessmentResult? Published)
{
    public string PeriodName => Kind switch
    {
        PeriodKind.Month => $"{Year}年{Number}月",
        PeriodKind.Quarter => $"{Year}年第{Number}季度",
        _ => $"{Year}年度",
    };
}

/// <summary>
/// Scores the districts and zones below a region for a month, quarter or year (督导考评): the figures come from the
/// indicator service (through the ranking, so each equals that district's dashboard as of the period's end), problem
/// rates, stored lights and tags; the year's scheme (or the shipped default) turns them into explained points.
/// Only a jurisdiction covering the whole region sees or publishes it; a published result is frozen.
/// </summary>
public sealed class AssessDistricts(TiaoduDb db, RegionRanking ranking, ComputeIndicators indicators, ProblemQueries problems, LedgerQueryBuilder ledger,
    ICurrentUser user, TimeProvider clock)
{
    public async Task<AssessmentView> HandleAsync(string? regionKey, PeriodKind kind, int year, int number, CancellationToken ct)
    {
        var (region, regions) = await RegionAsync(regionKey, ct);
        var (y, n, asOf) = Period(kind, year, number);
        var published = await db.AssessmentResults.AsNoTracking()
            .FirstOrDefaultAsync(r => r.RegionId == region.Id && r.Kind == kind && r.Year == y && r.Number == n, ct);
        if (published is not null)
        {
            return new AssessmentView(region, kind, y, n, published.AsOf, published.SchemeName, false, [],
                published.ReadScores(), published);
        }

        var (name, isDefault, rules, top, bottom) = await SchemeAsync(y, ct);
        var filter = new ProjectFilter { Region = region.Key, Year = y, AsOf = asOf };
        var ranked = await ranking.HandleAsync(filter, ct);
        var children = regions.Children(region.Id).ToList();
        var lights = await LightCountsAsync(filter, y, asOf.Month, children, regions, ct);
        var rates = (await problems.ListAsync(ProblemFilter.All, new ProblemCriteria(region.Key), 1, 1, ct)).Regions.ToDictionary(r => r.Key ?? "", StringComparer.Ordinal);
        var tags = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Name, t => t.Id, ct);
        var figures = new List<RegionFigures>();
        foreach (var row in ranked.Rows)
        {
            var s = row.Set;
            var values = new Dictionary<Metric, decimal?>
            {
                [Metric.Completion] = s.Value(K.CompletionRate),
                [Metric.StartRate] = s.Value(K.StartRate),
                [Metric.Projects] = s.Value(K.Projects),
                [Metric.NewProjects] = s.Value(K.ProjectsNew),
                [Metric.IndustrialShare] = s.Value(K.IndustrialShare),
                [Metric.YearOnYear] = s.Value(K.YearOnYear),
                [Metric.Investment] = s.Value(K.Ytd),
                [Metric.ProblemsOnTime] = rates.TryGetValue(row.Region.Key, out var r) ? r.OnTimeRate : null,
                [Metric.NotStarted] = lights.GetValueOrDefault((row.Region.Id, LightKind.NotStarted)),
                [Metric.NotInStats] = lights.GetValueOrDefault((row.Region.Id, LightKind.NotInStats)),
            };
            var tagged = rules.FirstOrDefault(x => x.Metric == Metric.Tagged);
            if (tagged?.Tag is { } tagName)
            {
                values[Metric.Tagged] = tags.TryGetValue(tagName, out var tagId)
                    ? (await indicators.HandleAsync(filter with { Region = row.Region.Key, Tag = tagId }, ct)).Value(K.Projects) : 0m;
            }

            figures.Add(new RegionFigures(row.Region.Key, row.Region.Name, values));
        }

        var scores = ScoringEngine.Score(rules, figures, ranked.TimeProgress, top, bottom);
        return new AssessmentView(region, kind, y, n, asOf, name, isDefault, rules, scores, null);
    }

    /// <summary>Freezes the live assessment of a period as published, once; audited.</summary>
    public async Task<AssessmentResult> PublishAsync(string? regionKey, PeriodKind kind, int year, int number, CancellationToken ct)
    {
        if (!user.Has(Permission.AssessDistricts))
        {
            throw new ForbiddenException("您的角色不能发布考评结果");
        }

        var view = await HandleAsync(regionKey, kind, year, number, ct);
        if (view.Published is not null)
        {
            throw new ConflictException($"{view.Region.Name}{view.PeriodName}的考评结果已发布");
        }

        if (view.Scores.Count == 0)
        {
            throw new ConflictException("该地区没有下级地区可考评");
        }

        var result = new AssessmentResult(view.Region.Id, kind, view.Year, view.Number, view.AsOf, view.SchemeName, JsonSerializer.Serialize(view.Scores),
            user.Name, clock.GetUtcNow().UtcDateTime);
        db.AssessmentResults.Add(result);
        await db.SaveChangesAsync(ct);
        await db.RecordAuditAsync(AuditAction.Create, nameof(AssessmentResult), result.Id.ToString(CultureInfo.InvariantCulture),
            $"发布{view.Region.Name}{view.PeriodName}督导考评结果（{view.Scores.Count}个地区，第一名{view.Scores[0].RegionName}{view.Scores[0].Total}分）", AuditResult.Success, ct);
        return result;
    }

    /// <summary>The published assessments of regions the viewer may see, latest first.</summary>
    public async Task<IReadOnlyList<(AssessmentResult Result, string Region)>> PublishedAsync(CancellationToken ct)
    {
        var scope = await ledger.ViewScopeAsync(ct);
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var all = await db.AssessmentResults.AsNoTracking().OrderByDescending(r => r.PublishedAt).Take(200).ToListAsync(ct);
        return [.. all.Where(r => regions.ById(r.RegionId) is { } region && scope.Covers(regions.Subtree(region).Select(x => x.Id)))
            .Select(r => (r, regions.ById(r.RegionId)!.Name))];
    }

    /// <summary>The year's stored scheme, or the shipped default (with one commended and one admonished).</summary>
    public async Task<(string Name, bool Default, IReadOnlyList<RuleLine> Rules, int Top, int Bottom)> SchemeAsync(int year, CancellationToken ct)
    {
        var stored = await db.ScoringSchemes.AsNoTracking().Include(s => s.Rules).FirstOrDefaultAsync(s => s.Year == year, ct);
        return stored is null
            ? ($"{year}年重点项目督导考评评分办法（默认）", true, SchemeText.Default(), 3, 1)
            : (stored.Name, false, [.. stored.Rules.OrderBy(r => r.SortOrder).Select(r => r.Line)], stored.RewardTop, stored.DemoteBottom);
    }

    /// <summary>Saves a year's scheme from its text form, replacing the rules; every bad line is reported.</summary>
    public async Task<ScoringScheme> SaveSchemeAsync(int year, string? name, int rewardTop, int demoteBottom, string? text, CancellationToken ct)
    {
        if (!user.Has(Permission.AssessDistricts))
        {
            throw new ForbiddenException("您的角色不能修改评分办法");
        }

        var errors = new ValidationErrors();
        if (year is < 2000 or > 2100) errors.Add("year", "年份应在2000至2100之间");
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100) errors.Add("name", "请填写方案名称（不超过100字）");
        if (rewardTop is < 0 or > 20 || demoteBottom is < 0 or > 20) errors.Add("rewardTop", "表扬和约谈的名次数应在0至20之间");
        var (rules, problems) = SchemeText.Parse(text ?? "");
        foreach (var p in problems)
        {
            errors.Add("rules", p);
        }

        errors.ThrowIfAny();
        var scheme = await db.ScoringSchemes.Include(s => s.Rules).FirstOrDefaultAsync(s => s.Year == year, ct);
        if (scheme is null)
        {
            db.ScoringSchemes.Add(scheme = new ScoringScheme(year, name!, rewardTop, demoteBottom, rules));
        }
        else
        {
            scheme.Replace(name!, rewardTop, demoteBottom, rules);
        }

        await db.SaveChangesAsync(ct);
        return scheme;
    }

    /// <summary>The year, number and last day of a period, today at most for a period still running.</summary>
    public (int Year, int Number, DateOnly AsOf) Period(PeriodKind kind, int year, int number)
    {
        var errors = new ValidationErrors();
        if (year is < 2000 or > 2100) errors.Add("year", "年份应在2000至2100之间");
        if (kind == PeriodKind.Month && number is < 1 or > 12) errors.Add("number", "月份应在1至12之间");
        if (kind == PeriodKind.Quarter && number is < 1 or > 4) errors.Add("number", "季度应在1至4之间");
        errors.ThrowIfAny();
        var lastMonth = kind switch { PeriodKind.Month => number, PeriodKind.Quarter => number * 3, _ => 12 };
        var end = new DateOnly(year, lastMonth, DateTime.DaysInMonth(year, lastMonth));
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (new DateOnly(year, kind == PeriodKind.Year ? 1 : kind == PeriodKind.Quarter ? lastMonth - 2 : lastMonth, 1) > today)
        {
            throw ValidationFailedException.For("number", "考评期尚未开始");
        }

        return (year, kind == PeriodKind.Year ? 0 : number, end < today ? end : today);
    }

    private async Task<(Region Region, RegionDirectory Regions)> RegionAsync(string? key, CancellationToken ct)
    {
        var scope = await ledger.ViewScopeAsync(ct);
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var region = regions.ByKey(key) ?? regions.All.FirstOrDefault(r => r.Code == key?.Trim());
        if (region is null || !scope.Covers(regions.Subtree(region).Select(r => r.Id)))
        {
            throw new NotFoundException("地区不存在，或不在您的管辖范围内（考评须管辖整个地区）");
        }

        return (region, regions);
    }

    /// <summary>Projects lit (not explained) for a kind in the month, by the child region they lie under.</summary>
    private async Task<Dictionary<(int Child, LightKind Kind), decimal?>> LightCountsAsync(ProjectFilter filter, int year, int month, List<Region> children,
        RegionDirectory regions, CancellationToken ct)
    {
        var projects = (await ledger.BuildAsync(filter with { Year = null }, ct)).ProjectsIgnoringYear;
        var lit = await (from l in db.ProjectLights.AsNoTracking()
                         join p in projects on l.ProjectId equals p.Id
                         where l.Year == year && l.Month == month && l.ExemptionId == null && l.Color != LightColor.None
                               && (l.Kind == LightKind.NotStarted || l.Kind == LightKind.NotInStats)
                         select new { l.ProjectId, l.Kind, p.RegionId }).Distinct().ToListAsync(ct);
        return lit.GroupBy(x => (Child: regions.Under(children, x.RegionId) ?? 0, x.Kind))
            .ToDictionary(g => g.Key, g => (decimal?)g.Select(x => x.ProjectId).Distinct().Count());
    }
}
