using Tiaodu.Core.Cockpit;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Core.Problems;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>The cockpit and the leader view as JSON, for command-centre screens and phone apps built on the API.</summary>
internal static class CockpitApi
{
    public sealed record SliceDto(string Name, int Projects, decimal Investment, string ProjectsLink);

    public sealed record StandingDto(int Rank, string Region, string RegionKey, int Projects, decimal AnnualPlan, decimal Ytd, decimal? CompletionRate, decimal? PointsVsTime, string ProjectsLink);

    public sealed record CockpitDto(string Region, IndicatorsApi.IndicatorSetDto Indicators, YtdTrend Trend, decimal TimeProgress, IReadOnlyList<StandingDto> Ranking,
        IReadOnlyList<SliceDto> Industries, IReadOnlyList<SliceDto> Categories, IReadOnlyList<SliceDto> Bands,
        int LightMonth, int RedProjects, int YellowProjects, IReadOnlyList<LightRow> Lit, int OverdueProblems, IReadOnlyList<ProblemRow> Overdue, IReadOnlyList<MapPoint> Points);

    public static void MapCockpitApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cockpit", async (string? region, DateOnly? asOf, CockpitQuery cockpit, TimeProvider clock, CancellationToken ct) =>
            {
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                var date = asOf ?? today;
                var v = await cockpit.HandleAsync(new ProjectFilter { Region = string.IsNullOrWhiteSpace(region) ? Pages.IndexModel.DefaultRegion : region, Year = date.Year, AsOf = date }, ct);
                static string Link(ProjectFilter f) => "/projects?" + f.ToQueryString();
                static List<SliceDto> Slices(IReadOnlyList<StructureSlice> s) => [.. s.Select(x => new SliceDto(x.Name, x.Projects, x.Investment, Link(x.Drill)))];
                return TypedResults.Ok(new CockpitDto(v.Region.Key, IndicatorsApi.ToDto(v.Set), v.Trend, v.Ranking.TimeProgress,
                    [.. v.Ranking.Rows.Select(r => new StandingDto(r.Rank, r.Region.Name, r.Region.Key, r.Projects, r.AnnualPlan, r.Ytd, r.CompletionRate, r.PointsVsTime, Link(r.Drill)))],
                    Slices(v.Industries), Slices(v.Categories), Slices(v.Bands),
                    v.LightMonth, v.Lights.RedProjects, v.Lights.YellowProjects, v.Lights.Rows, v.OverdueProblems, v.Overdue, v.Points));
            })
            .WithTags("驾驶舱")
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("驾驶舱：指标、逐月累计对比去年、各地区排名、按行业/类别/规模结构、亮灯、逾期问题、项目坐标；region 为地区代码，asOf 为截至日期（可取过去任一天）");

        app.MapGet("/api/leader", async (DateOnly? asOf, LeaderDesk desk, CancellationToken ct) => TypedResults.Ok(await desk.GetAsync(ct, asOf)))
            .WithTags("驾驶舱")
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("领导视图：我包保的项目及亮灯、本月红灯项目、待批示问题、最新进度照片；asOf 取过去某日的情况");
    }
}
