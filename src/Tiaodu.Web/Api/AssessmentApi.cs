using Tiaodu.Core.Assessment;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>District assessment (督导考评): live and published scores, and the year's scoring scheme.</summary>
internal static class AssessmentApi
{
    public sealed record ViewDto(string Region, string RegionKey, PeriodKind Kind, int Year, int Number, string Period, DateOnly AsOf, string Scheme, bool DefaultScheme,
        bool Published, IReadOnlyList<RegionScore> Scores);

    public sealed record PublishBody(string? Region, PeriodKind Kind, int Year, int Number);

    public sealed record SchemeDto(int Year, string Name, bool Default, int RewardTop, int DemoteBottom, string Text);

    public sealed record SchemeBody(string? Name, int RewardTop, int DemoteBottom, string? Text);

    public sealed record PublishedDto(int Id, string Region, PeriodKind Kind, int Year, int Number, DateOnly AsOf, string Scheme, string By, DateTime At);

    public static ViewDto ToDto(AssessmentView v) => new(v.Region.Name, v.Region.Key, v.Kind, v.Year, v.Number, v.PeriodName, v.AsOf, v.SchemeName, v.DefaultScheme,
        v.Published is not null, v.Scores);

    /// <summary>The period number a request without one means: this month, or this quarter.</summary>
    public static int CurrentNumber(PeriodKind? kind, DateTimeOffset today) => kind == PeriodKind.Quarter ? ((today.Month - 1) / 3) + 1 : today.Month;

    public static void MapAssessmentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assessment").WithTags("督导考评");
        api.MapGet("", async (string? region, PeriodKind? kind, int? year, int? number, AssessDistricts assess, TimeProvider clock, CancellationToken ct) =>
            {
                var today = clock.GetLocalNow();
                return TypedResults.Ok(ToDto(await assess.HandleAsync(region ?? Pages.IndexModel.DefaultRegion, kind ?? PeriodKind.Month, year ?? today.Year,
                    number ?? CurrentNumber(kind, today), ct)));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("下级地区的考评得分与排名（kind=Month/Quarter/Year，number 为月或季度）：每项得分附规则与所用数据；已发布的返回发布时冻结的结果；须管辖整个地区");
        api.MapGet("/export", (string? region, PeriodKind? kind, int? year, int? number, string? format, ExportAssessment export, TimeProvider clock, CancellationToken ct) =>
            {
                var today = clock.GetLocalNow();
                return ExportFile.SendAsync(format, (type, buffer) => export.HandleAsync(region ?? Pages.IndexModel.DefaultRegion, kind ?? PeriodKind.Month,
                    year ?? today.Year, number ?? CurrentNumber(kind, today), type, buffer, ct));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("考评得分排名表（format=xlsx 默认，或 csv）：名次、地区、各项得分、总分与备注；已发布的为冻结结果；须管辖整个地区，记入审计");
        api.MapPost("/publish", async (PublishBody body, AssessDistricts assess, CancellationToken ct) =>
            {
                var result = await assess.PublishAsync(body.Region, body.Kind, body.Year, body.Number, ct);
                return TypedResults.Ok(result.Id);
            })
            .RequireAuthorization(Policies.AssessDistricts)
            .WithSummary("发布并冻结考评结果（每个地区每期一次），记入审计");
        api.MapGet("/published", async (AssessDistricts assess, CancellationToken ct) =>
                TypedResults.Ok((await assess.PublishedAsync(ct)).Select(p => new PublishedDto(p.Result.Id, p.Region, p.Result.Kind, p.Result.Year, p.Result.Number,
                    p.Result.AsOf, p.Result.SchemeName, p.Result.PublishedBy, p.Result.PublishedAt))))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("已发布的考评结果（管辖范围覆盖的地区）");
        api.MapGet("/schemes/{year:int}", async (int year, AssessDistricts assess, CancellationToken ct) =>
            {
                var (name, isDefault, rules, top, bottom) = await assess.SchemeAsync(year, ct);
                return TypedResults.Ok(new SchemeDto(year, name, isDefault, top, bottom, SchemeText.Write(rules)));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("某年的评分办法（未设定时为内置默认方案），规则为制表符分隔的文本");
        api.MapPut("/schemes/{year:int}", async (int year, SchemeBody body, AssessDistricts assess, CancellationToken ct) =>
            {
                var scheme = await assess.SaveSchemeAsync(year, body.Name, body.RewardTop, body.DemoteBottom, body.Text, ct);
                return TypedResults.Ok(new SchemeDto(year, scheme.Name, false, scheme.RewardTop, scheme.DemoteBottom, SchemeText.Write(scheme.Rules.OrderBy(r => r.SortOrder).Select(r => r.Line))));
            })
            .RequireAuthorization(Policies.AssessDistricts)
            .WithSummary("设定某年的评分办法（整体替换规则；每行的错误都会指出），记入审计");
    }
}
