using Tiaodu.Core.Lights;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>Warning lights over HTTP: a month's lit projects, a project's lights, the year's rules, valid reasons, evaluating on demand.</summary>
internal static class LightsApi
{
    public sealed record RuleDto(int Id, int Year, string Kind, string Name, bool Enabled, decimal? Yellow, decimal? Red, int Consecutive, int? RegionId, int Version)
    {
        public static RuleDto From(LightRule r) => new(r.Id, r.Year, r.Kind.ToString(), LightRule.KindName(r.Kind), r.Enabled, r.Yellow, r.Red, r.Consecutive, r.RegionId, r.Version);
    }

    public sealed record LightDto(int Year, int Month, string Kind, string Color, int Streak, string Explanation, int? ExemptionId);

    public sealed record ExemptionDto(int Id, string Kind, string Reason, int FromYear, int FromMonth, int? ToYear, int? ToMonth, string CreatedBy, DateTime CreatedAt, DateTime? RevokedAt, int Version)
    {
        public static ExemptionDto From(LightExemption e)
        {
            var (fy, fm) = LightExemption.FromKey(e.FromPeriod);
            (int Year, int Month)? to = e.ToPeriod is { } t ? LightExemption.FromKey(t) : null;
            return new(e.Id, e.Kind.ToString(), e.Reason, fy, fm, to?.Year, to?.Month, e.CreatedBy, e.CreatedAt, e.RevokedAt, e.Version);
        }
    }

    public sealed record ProjectLightsDto(int ProjectId, int Year, IReadOnlyList<LightDto> Lights, IReadOnlyList<ExemptionDto> Exemptions);

    public sealed record ExemptionBody(LightKind Kind, string? Reason, int FromYear, int FromMonth, int? ToYear, int? ToMonth);

    public sealed record VersionBody(int Version);

    public sealed record RegionRuleBody(LightKind Kind, string? Region);

    public static void MapLightsApi(this IEndpointRouteBuilder app)
    {
        var lights = app.MapGroup("/api/lights").WithTags("亮灯");

        lights.MapGet("/", async (int? year, int? month, string? region, string? q, LightFilter? filter, LightKind? kind, int? page, int? pageSize,
                LightQueries queries, TimeProvider clock, CancellationToken ct) =>
            {
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                return TypedResults.Ok(await queries.ListAsync(year ?? today.Year, month ?? today.Month, region, q, filter ?? LightFilter.Lit, kind, page ?? 1, pageSize ?? 50, ct));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("某月亮灯的项目（filter：Lit 全部亮灯、Red、Yellow、Explained 已说明正当理由、Watch 观察中），含红黄灯项目数和每盏灯的说明");

        lights.MapPost("/evaluate", async (int? year, int? month, ManageLights manage, TimeProvider clock, CancellationToken ct) =>
            {
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                await manage.EvaluateAsync(year ?? today.Year, month ?? today.Month, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("立即重新评估某月亮灯（默认本月；每日任务会自动评估本月和上月）");

        lights.MapGet("/rules/{year:int}", async (int year, EvaluateLights evaluate, CancellationToken ct) =>
                TypedResults.Ok((await evaluate.RulesAsync(year, ct)).Select(RuleDto.From).ToList()))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("某年度亮灯规则（首次读取时按默认规则或上年度规则生成）");

        lights.MapPut("/rules/{year:int}", async (int year, List<LightRuleInput> body, ManageLights manage, CancellationToken ct) =>
                TypedResults.Ok((await manage.SaveRulesAsync(year, body, ct)).Select(RuleDto.From).ToList()))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("修改某年度亮灯规则（启用、黄灯与红灯阈值、连续月数；全部保存或全部不保存）");

        lights.MapPost("/rules/{year:int}/regions", async (int year, RegionRuleBody body, ManageLights manage, CancellationToken ct) =>
            {
                var rule = await manage.AddRegionRuleAsync(year, body.Kind, body.Region, ct);
                return TypedResults.Ok(new { rule.Id, rule.Kind, rule.RegionId, rule.Version });
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("为某区域单独设一条亮灯规则（从全域规则复制，之后可单独改阈值；该区域及下级适用最具体的规则）");

        lights.MapDelete("/rules/{id:int}", async (int id, int version, ManageLights manage, CancellationToken ct) =>
            {
                await manage.RemoveRegionRuleAsync(id, version, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("删除区域单独规则（全域规则重新适用）；全域规则不能删除");

        app.MapGet("/api/projects/{id:int}/lights", async (int id, int? year, LightQueries queries, TimeProvider clock, CancellationToken ct) =>
            {
                var y = year ?? clock.GetLocalNow().Year;
                var found = await queries.ForProjectAsync(id, y, ct);
                return TypedResults.Ok(new ProjectLightsDto(id, y,
                    [.. found.Lights.Select(l => new LightDto(l.Year, l.Month, l.Kind.ToString(), l.Color.ToString(), l.Streak, l.Explanation, l.ExemptionId))],
                    [.. found.Exemptions.Select(ExemptionDto.From)]));
            })
            .WithTags("亮灯")
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("项目某年度各月亮灯及正当理由记录");

        app.MapPost("/api/projects/{id:int}/light-exemptions", async (int id, ExemptionBody body, ManageLights manage, CancellationToken ct) =>
                TypedResults.Ok(ExemptionDto.From(await manage.ExemptAsync(id, body.Kind, body.Reason, body.FromYear, body.FromMonth, body.ToYear, body.ToMonth, ct))))
            .WithTags("亮灯")
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("记录正当理由：所涉月份内该类亮灯显示为已说明，不计入红黄灯");

        app.MapPost("/api/light-exemptions/{id:int}/revoke", async (int id, VersionBody body, ManageLights manage, CancellationToken ct) =>
            {
                await manage.RevokeAsync(id, body.Version, ct);
                return TypedResults.NoContent();
            })
            .WithTags("亮灯")
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("撤销正当理由");
    }
}
