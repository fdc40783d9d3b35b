using Tiaodu.Core;
using Tiaodu.Core.Bulletins;
using Tiaodu.Core.Documents;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>Monthly bulletins (通报) over HTTP: the published ones of the jurisdiction, the preview of a new one, publishing, the .docx (and PDF) and the charts.</summary>
internal static class BulletinsApi
{
    public sealed record PublishBody(string? Region, int Year, int Month, string? NextSteps);

    public sealed record BulletinDto(int Id, string Number, string Title, int Year, int Month, DateOnly AsOf, string PublishedBy, DateTime PublishedAt, BulletinContent Content);

    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static void MapBulletinsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/bulletins").WithTags("月度通报");

        api.MapGet("/", async (int? year, int? page, int? pageSize, BulletinQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(year, page ?? 1, pageSize ?? 50, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("已发布的通报（只含管辖范围完整覆盖的区域），按月份倒序");

        api.MapGet("/preview", async (string? region, int? year, int? month, string? nextSteps, ComposeBulletin compose, CancellationToken ct) =>
                TypedResults.Ok(await compose.HandleAsync(Request(compose, region, year, month, nextSteps), ct)))
            .RequireAuthorization(Policies.PublishBulletins)
            .WithSummary("预览某区域某月的通报内容（调度中心）：总体情况、各地区排名、亮灯、逾期问题、亮点；截至月末，本月则截至今天");

        api.MapGet("/preview/document", async (string? region, int? year, int? month, string? nextSteps, string? format, ComposeBulletin compose, OfficeConverter office, CancellationToken ct) =>
            {
                var content = await compose.HandleAsync(Request(compose, region, year, month, nextSteps), ct);
                return await SendAsync(BulletinDocument.FileName(content) + "（预览）", BulletinDocument.ToBytes(content), format, office, ct);
            })
            .RequireAuthorization(Policies.PublishBulletins)
            .WithSummary("预览通报的 Word 文档（format=docx，默认）或 PDF（format=pdf，服务器装有 LibreOffice 时）");

        api.MapGet("/preview/chart", async (string? region, int? year, int? month, string? kind, ComposeBulletin compose, CancellationToken ct) =>
                Chart(await compose.HandleAsync(Request(compose, region, year, month, null), ct), kind))
            .RequireAuthorization(Policies.PublishBulletins)
            .WithSummary("预览通报的图表（PNG）：kind=ranking 各地区完成率与序时进度，kind=trend 累计完成投资与上年同期");

        api.MapPost("/", async (PublishBody body, PublishBulletin publish, CancellationToken ct) =>
            {
                var bulletin = await publish.HandleAsync(new BulletinRequest(body.Region, body.Year, body.Month, body.NextSteps), ct);
                return TypedResults.Ok(new { bulletin.Id, bulletin.Number, bulletin.Title });
            })
            .RequireAuthorization(Policies.PublishBulletins)
            .WithSummary("发布通报（调度中心）：按当前数据编制并冻结，此后数据变化不影响已发布的通报；同一区域同一月份只能发布一次；记入审计并通知该区域的领导");

        api.MapGet("/{id:int}", async (int id, BulletinQueries queries, CancellationToken ct) =>
            {
                var (b, content) = await queries.GetAsync(id, ct);
                return TypedResults.Ok(new BulletinDto(b.Id, b.Number, b.Title, b.Year, b.Month, b.AsOf, b.PublishedBy, b.PublishedAt, content));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("已发布通报的内容（发布时冻结）；管辖范围未完整覆盖该区域时为 404");

        api.MapGet("/{id:int}/document", async (int id, string? format, BulletinQueries queries, OfficeConverter office, CancellationToken ct) =>
            {
                var (name, bytes) = await queries.DocumentAsync(id, ct);
                return await SendAsync(name, bytes, format, office, ct);
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("已发布通报的 Word 文档（发布时的原件），或 format=pdf 转换的 PDF（服务器装有 LibreOffice 时）；下载记入审计");

        api.MapGet("/{id:int}/chart", async (int id, string? kind, BulletinQueries queries, CancellationToken ct) =>
                Chart((await queries.GetAsync(id, ct)).Content, kind))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("已发布通报的图表（PNG，由冻结的内容绘制）：kind=ranking 或 trend");
    }

    /// <summary>The request of a preview; the month defaults to the current one.</summary>
    internal static BulletinRequest Request(ComposeBulletin compose, string? region, int? year, int? month, string? nextSteps) =>
        new(region, year ?? compose.Today.Year, month ?? compose.Today.Month, nextSteps);

    internal static IResult Chart(BulletinContent content, string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        "ranking" => TypedResults.File(BulletinDocument.RankingChart(content), "image/png"),
        "trend" => TypedResults.File(BulletinDocument.TrendChart(content), "image/png"),
        _ => throw ValidationFailedException.For("kind", "图表应为 ranking（各地区完成率）或 trend（累计完成投资）"),
    };

    /// <summary>The .docx, or its PDF when asked and LibreOffice is installed.</summary>
    internal static async Task<IResult> SendAsync(string name, byte[] docx, string? format, OfficeConverter office, CancellationToken ct)
    {
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "" or "docx":
                return TypedResults.File(docx, Docx, name + ".docx");
            case "pdf":
                if (!office.IsAvailable)
                {
                    throw new NotFoundException("服务器未安装 LibreOffice，暂不提供 PDF，请下载 Word 文档");
                }

                var pdf = await office.ConvertToPdfAsync(docx, ct);
                return pdf.Output is { } bytes ? TypedResults.File(bytes, "application/pdf", name + ".pdf") : throw new ConflictException(pdf.Failure ?? "PDF 转换失败");
            default:
                throw ValidationFailedException.For("format", "文件格式应为 docx 或 pdf");
        }
    }
}
