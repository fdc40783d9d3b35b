using Tiaodu.Core.Dispatch;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>Half-monthly dispatch rounds (半月调度) and the weekly watch list (周监测) over HTTP.</summary>
internal static class DispatchApi
{
    public sealed record TakeBody(int Year, int Month, int Half, string? Region);

    public sealed record CommentsBody(int Version, string? Summary, Dictionary<long, string?>? Comments);

    public sealed record VersionBody(int Version);

    public sealed record WatchBody(int ProjectId, string? Focus);

    public sealed record CheckBody(WatchStatus Status, int? Workers, string? Note, int? Version);

    public sealed record RoundDto(int Id, string Title, RoundStatus Status, DateOnly AsOf, int Version)
    {
        public static RoundDto From(DispatchRound r) => new(r.Id, r.Title, r.Status, r.AsOf, r.Version);
    }

    public static void MapDispatchApi(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/api/dispatch/rounds").WithTags("半月调度");

        rounds.MapGet("/", async (int? year, int? page, int? pageSize, DispatchQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(year, page ?? 1, pageSize ?? 50, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("调度轮次列表（调度中心可见草稿，其他角色只见已发布）；各项计数只含管辖范围内的项目");

        rounds.MapPost("/", async (TakeBody body, RunDispatchRound run, CancellationToken ct) =>
                TypedResults.Ok(RoundDto.From(await run.TakeAsync(body.Year, body.Month, body.Half, body.Region, ct))))
            .RequireAuthorization(Policies.ReviewReports)
            .WithSummary("生成（或重新生成草稿的）半月调度快照：half=1 上半月（截至15日）、2 下半月（截至月末）；region 默认为管辖范围的最上级区域");

        rounds.MapGet("/{id:int}", async (int id, string? region, string? q, RoundFilter? filter, int? page, int? pageSize, DispatchQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.GetAsync(id, region, q, filter ?? RoundFilter.All, page ?? 1, pageSize ?? 50, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("调度快照：各项目的投资、亮灯、未解决问题、月报状态及较上期变化；filter=Changed/Red/Yellow/Problems/Unreported/Commented");

        rounds.MapGet("/{id:int}/export", (int id, string? region, string? q, RoundFilter? filter, string? format, ExportDispatchRound export, CancellationToken ct) =>
                ExportFile.SendAsync(format, (kind, buffer) => export.HandleAsync(id, region, q, filter ?? RoundFilter.All, kind, buffer, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("导出调度情况表（红灯、黄灯、正常分组；format=xlsx 或 csv）；导出记入审计");

        rounds.MapPut("/{id:int}/comments", async (int id, CommentsBody body, RunDispatchRound run, CancellationToken ct) =>
            {
                await run.CommentAsync(id, body.Version, body.Summary, body.Comments ?? [], ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ReviewReports)
            .WithSummary("保存草稿的总体调度意见和各项目调度意见（comments：调度项目 id → 意见，空则清除）");

        rounds.MapPost("/{id:int}/publish", async (int id, VersionBody body, RunDispatchRound run, CancellationToken ct) =>
            {
                await run.PublishAsync(id, body.Version, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ReviewReports)
            .WithSummary("发布调度（此后冻结，不能再改）");

        rounds.MapDelete("/{id:int}", async (int id, int version, RunDispatchRound run, CancellationToken ct) =>
            {
                await run.DiscardAsync(id, version, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ReviewReports)
            .WithSummary("删除未发布的调度草稿");

        var watch = app.MapGroup("/api/dispatch/watch").WithTags("周监测");

        watch.MapGet("/", async (DateOnly? week, string? region, string? q, bool? @unchecked, int? page, int? pageSize, ManageWatch manage, CancellationToken ct) =>
                TypedResults.Ok(await manage.WeekAsync(week, region, q, @unchecked ?? false, page ?? 1, pageSize ?? 50, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("某周（week=该周任一天，默认本周）的周监测清单：监测重点、本周与上周填报情况、当月亮灯；unchecked=true 只列未填报的");

        watch.MapPost("/", async (WatchBody body, ManageWatch manage, CancellationToken ct) =>
            {
                var entry = await manage.AddAsync(body.ProjectId, body.Focus, ct);
                return TypedResults.Ok(new { entry.Id, entry.ProjectId, entry.Focus, entry.Version });
            })
            .RequireAuthorization(Policies.ReviewReports)
            .WithSummary("把项目列入周监测（调度中心），须填写监测重点");

        watch.MapDelete("/{entryId:int}", async (int entryId, int version, ManageWatch manage, CancellationToken ct) =>
            {
                await manage.RemoveAsync(entryId, version, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ReviewReports)
            .WithSummary("移出周监测（以往各周的填报保留）");

        watch.MapPut("/{projectId:int}/checks/{week}", async (int projectId, DateOnly week, CheckBody body, ManageWatch manage, CancellationToken ct) =>
            {
                var check = await manage.RecordAsync(projectId, week, body.Status, body.Workers, body.Note, body.Version, ct);
                return TypedResults.Ok(new { check.Id, check.WeekOf, check.Status, check.Workers, check.Note, check.Version });
            })
            .RequireAuthorization(Policies.ReportProgress)
            .WithSummary("填报（或更正）监测项目某周的推进情况：OnTrack 正常推进、Behind 进度滞后、Stopped 停工、NeedsHelp 需协调（后三者须说明）");
    }
}
