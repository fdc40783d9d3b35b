using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Assessment;
using Tiaodu.Core.Data;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Core.Bulletins;

/// <summary>Which bulletin: a region (key or code) and a month; the text of 下步工作 the author wrote.</summary>
public sealed record BulletinRequest(string? Region, int Year, int Month, string? NextSteps = null);

/// <summary>
/// Composes the monthly bulletin of a region from the services every other page uses — the indicator set
/// (headline), the region ranking (each line the indicator set of a district), the month's lights, the
/// overdue problems, the ledger list (highlights) and the YTD trend — so no figure is computed twice. The
/// figures are as of the month's end, or today while the month is still running. Only the dispatch office,
/// for a region its jurisdiction covers entirely, composes one.
/// </summary>
public sealed class ComposeBulletin(TiaoduDb db, ComputeIndicators indicators, RegionRanking ranking, LightQueries lights, ProblemQueries problems,
    ListProjects projects, BulletinAccess access, TimeProvider clock)
{
    public const int NextStepsLength = 4000;
    private const int ListedRows = 20;
    private const int HighlightRows = 5;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<BulletinContent> HandleAsync(BulletinRequest request, CancellationToken ct)
    {
        access.RequirePublisher();
        var region = await access.RegionForAsync(request.Region, ct);
        var (year, month) = (request.Year, request.Month);
        var today = Today;
        var errors = new ValidationErrors();
        if (month is < 1 or > 12 || year < SaveProjectYear.MinYear || year > today.Year || (year == today.Year && month > today.Month))
        {
            errors.Add("month", "通报月份不正确（不能晚于本月）");
        }

        if (request.NextSteps?.Trim().Length > NextStepsLength)
        {
            errors.Add("nextSteps", $"下步工作不能超过{NextStepsLength}个字");
        }

        errors.ThrowIfAny();
        var monthEnd = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var asOf = monthEnd < today ? monthEnd : today;
        var filter = new ProjectFilter { Region = region.Key, Year = year, AsOf = asOf };

        var set = await indicators.HandleAsync(filter, ct);
        var headline = new BulletinHeadline(Count(set, K.Projects), Count(set, K.Planned), Count(set, K.StartedInPlan), set.Value(K.StartRate),
            set.Value(K.AnnualPlan) ?? 0m, set.Value(K.Ytd) ?? 0m, set.Value(K.CompletionRate), set.Value(K.TimeProgress) ?? 0m,
            set.Value(K.CompletionVsTime), set.Value(K.YtdLastYear) ?? 0m, set.Value(K.YearOnYear));

        var ranked = await ranking.HandleAsync(filter, ct);
        var rows = ranked.Rows.Select(r => new BulletinRankingRow(r.Rank, r.Region.Key, r.Region.Name, r.Projects, r.AnnualPlan, r.Ytd,
            r.CompletionRate, ranked.TimeProgress, r.PointsVsTime)).ToList();

        var lit = await lights.ListAsync(year, month, region.Key, null, LightFilter.Red, null, 1, ListedRows, ct);
        var red = lit.Rows.GroupBy(l => l.ProjectId)
            .Select(g => new BulletinLightRow(g.First().Name, g.First().Region, string.Join("；", g.Select(l => l.Explanation)))).ToList();

        // Problems past their deadline as of the bulletin's date, so a bulletin composed later still reports its month.
        var (overdueCount, overdueRows) = await problems.OverdueAsync(new ProblemCriteria(region.Key), asOf, ListedRows, ct);
        var open = (await problems.CountsAsync(new ProblemCriteria(region.Key), ct)).Open;
        var late = overdueRows.Select(p => new BulletinProblemRow(p.ProjectName, p.Region, p.Description, p.DueOn, p.DaysLate, p.LeadDepartment)).ToList();

        var (started, biggest) = await HighlightsAsync(filter, new DateOnly(year, month, 1), asOf, ct);
        var trend = await indicators.TrendAsync(filter, ct);
        var number = await access.NextNumberAsync(region.Id, year, ct);
        var place = region.Kind switch
        {
            RegionKind.Province => "全省",
            RegionKind.City => "全市",
            RegionKind.District or RegionKind.County or RegionKind.CountyCity => "全" + (region.Name.EndsWith('县') ? "县" : region.Name.EndsWith('市') ? "市" : "区"),
            _ => region.Name,
        };
        var regions = await RegionDirectory.LoadAsync(db, ct);
        return new BulletinContent(region.Key, region.Name, year, month, asOf, today, set.MonthsElapsed,
            Problems.SupervisionDocument.IssuerOf(regions, region.Id), number,
            $"关于{year}年{month}月{place}重点项目建设情况的通报",
            headline, rows, new BulletinLights(lit.RedProjects, lit.YellowProjects, red),
            new BulletinProblems(open, overdueCount, late),
            new BulletinHighlights([.. rows.Where(r => r.CompletionRate is not null).Take(3)], started, biggest),
            new BulletinTrend([.. trend.ThisYear.Take(trend.MonthsElapsed)], [.. trend.LastYear]),
            string.IsNullOrWhiteSpace(request.NextSteps) ? DefaultNextSteps : request.NextSteps.Trim(),
            await AssessmentAsync(region.Id, year, month, ct));
    }

    /// <summary>The month's assessment of the region's districts, if it was published.</summary>
    private async Task<BulletinAssessment?> AssessmentAsync(int regionId, int year, int month, CancellationToken ct)
    {
        var published = await db.AssessmentResults.AsNoTracking()
            .FirstOrDefaultAsync(r => r.RegionId == regionId && r.Kind == PeriodKind.Month && r.Year == year && r.Number == month, ct);
        if (published is null)
        {
            return null;
        }

        var publishedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(published.PublishedAt, DateTimeKind.Utc), clock.LocalTimeZone));
        return new BulletinAssessment(published.SchemeName, publishedOn,
            [.. published.ReadScores().OrderBy(s => s.Rank).Select(s => new BulletinAssessmentRow(s.Rank, s.RegionName, s.Total, s.Note))]);
    }

    /// <summary>What 下步工作 says until the author writes it.</summary>
    public const string DefaultNextSteps =
        "各地区要对照年度计划和序时进度，逐项目查找差距，倒排工期、挂图作战；亮红灯的项目由包保领导牵头专题调度，限期整改；逾期问题由牵头单位主要负责同志亲自过问，按期销号。";

    /// <summary>The year's projects (from the ledger list) that started in the month, and the five with the most investment this year.</summary>
    private async Task<(List<BulletinProjectRow> Started, List<BulletinProjectRow> Biggest)> HighlightsAsync(ProjectFilter filter, DateOnly from, DateOnly asOf, CancellationToken ct)
    {
        var all = new List<ProjectListItem>();
        for (var page = 1; ; page++)
        {
            var items = await projects.HandleAsync(filter with { Page = page, PageSize = ListProjects.MaxPageSize, Sort = "name" }, ct);
            all.AddRange(items.Items);
            if (page >= items.Pages)
            {
                break;
            }
        }

        var started = all.Where(p => p.StartedOn is { } s && s >= from && s <= asOf)
            .OrderBy(p => p.StartedOn).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new BulletinProjectRow(p.Name, p.Region, p.Ytd, p.StartedOn)).Take(ListedRows).ToList();
        var biggest = all.Where(p => p.Ytd > 0m).OrderByDescending(p => p.Ytd).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new BulletinProjectRow(p.Name, p.Region, p.Ytd, p.StartedOn)).Take(HighlightRows).ToList();
        return (started, biggest);
    }

    private static int Count(IndicatorSet set, string key) => (int)(set.Value(key) ?? 0m);
}
