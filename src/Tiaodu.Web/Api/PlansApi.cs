using Tiaodu.Core.Plans;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>Year plans over HTTP: baseline against current by region with the changes since, and approval.</summary>
internal static class PlansApi
{
    public static void MapPlansApi(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/plans").WithTags("年度计划");

        plans.MapGet("/{year:int}", async (int year, string? region, int? page, int? pageSize, ApprovePlan plans, CancellationToken ct) =>
                TypedResults.Ok(await plans.ViewAsync(year, region, page ?? 1, pageSize ?? 50, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("年度计划：是否已批准、基线与当前版本（按下级区域的项目数和年度计划投资）、批准后的调整记录及原因");

        plans.MapPost("/{year:int}/approve", async (int year, ApprovePlan plans, CancellationToken ct) =>
                TypedResults.Ok(await plans.HandleAsync(year, ct)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("批准年度计划并冻结为基线（全域调度中心；每年一次）；此后调整计划须填写原因");
    }
}
