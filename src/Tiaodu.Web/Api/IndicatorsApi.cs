using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

internal static class IndicatorsApi
{
    /// <summary>A figure as the API shows it: with the link to the projects behind it.</summary>
    public sealed record FigureDto(string Key, decimal? Value, FigureUnit Unit, string? Projects, string? ProjectsApi);

    /// <summary><see cref="OnBaseline"/>: the plan figures are the approved baseline's (asked for with baseline=true, and the year has one).</summary>
    public sealed record IndicatorSetDto(int Year, DateOnly AsOf, int MonthsElapsed, IReadOnlyList<FigureDto> Figures, bool OnBaseline = false);

    public static IndicatorSetDto ToDto(IndicatorSet set) => new(set.Year, set.AsOf, set.MonthsElapsed,
        set.Figures.Select(f => new FigureDto(f.Key, f.Value, f.Unit,
            f.Drill is null ? null : "/projects?" + f.Drill.ToQueryString(),
            f.Drill is null ? null : "/api/projects?" + f.Drill.ToQueryString())).ToList(), set.OnBaseline);

    public static void MapIndicatorsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/indicators", async (QueryFilter filter, ComputeIndicators indicators, CancellationToken ct) =>
                TypedResults.Ok(ToDto(await indicators.HandleAsync(filter.Value, ct))))
            .WithMetadata(new ProjectFilterParameters())
            .WithTags("指标")
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("指标集（开复工率、投资完成率、同比、产业投资占比、投资强度、规模分档等），每个数字附其项目清单链接");
    }
}
