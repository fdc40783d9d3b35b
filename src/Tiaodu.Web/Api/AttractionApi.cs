using Microsoft.AspNetCore.Mvc;
using Tiaodu.Core.Attraction;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>The investment-attraction pipeline (招商引资): leads, their moves, events, figures and the 招商台账 export.</summary>
internal static class AttractionApi
{
    public sealed record LeadBody(LeadDetails Lead, DateOnly? On = null, int Version = 0);

    public sealed record MoveBody(LeadStage Stage, DateOnly? On, decimal? Contract, int? CeremonyId, string? Note, int Version);

    public sealed record DropBody(string? Reason, int Version);

    public sealed record ReviveBody(string? Note, int Version);

    public sealed record VersionBody(int Version);

    public sealed record EventBody(EventInput Event, int Version = 0);

    public sealed record ImportDto(int Id, string FileName, string Sha256, string By, DateTime At, LeadImportStatus Status, int Created, int Updated, int Unchanged,
        string? Message = null, int Version = 0)
    {
        public static ImportDto From(LeadImport i) => new(i.Id, i.FileName, i.Sha256, i.By, i.At, i.Status, i.Created, i.Updated, i.Unchanged, i.Message, i.Version);
    }

    public sealed record PreviewDto(int Id, LeadImportPreview Preview, LeadImportStatus Status = LeadImportStatus.Previewed, int Version = 0)
    {
        public static PreviewDto From(LeadImport i, LeadImportPreview p) => new(i.Id, p, i.Status, i.Version);
    }

    /// <summary>Columns mapped by hand: column index (0 = A) → field name (see <see cref="LeadColumn"/>) or "Ignore"; with SaveAs, kept as a named mapping.</summary>
    public sealed record ColumnsBody(Dictionary<int, string> Columns, string? SaveAs = null);

    public sealed record MappingDto(int Id, string Name, DateTime CreatedAt);

    public sealed record DocumentDto(int Id, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, DateTime UploadedAt)
    {
        public static DocumentDto From(Core.Files.StoredFile f) => new(f.Id, f.FileName, f.ContentType, f.Size, f.Sha256, f.UploadedBy, f.UploadedAt);
    }

    public sealed record StepDto(LeadStepKind Kind, LeadStage? From, LeadStage To, DateOnly On, string By, string? Note);

    public sealed record LeadDto(int Id, string Name, string Investor, string? Origin, bool FromPartner, int RegionId, string Region, int? IndustryId, string? Industry,
        decimal IntendedInvestment, decimal? ContractInvestment, decimal? FundsInPlace, string? ContactName, string? ContactPhone, int? OfficerId, string? Officer,
        string? Notes, LeadStage Stage, DateOnly StageOn, bool IsDropped, string? DropReason, int? SourceEventId, string? SourceEvent, int? CeremonyId, string? Ceremony,
        int? ProjectId, string? ProjectName, int Version, IReadOnlyList<StepDto> Steps)
    {
        public static LeadDto From(LeadView v)
        {
            var l = v.Lead;
            return new(l.Id, l.Name, l.Investor, l.Origin, l.FromPartner, l.RegionId, v.Region, l.IndustryId, v.Industry, l.IntendedInvestment, l.ContractInvestment,
                l.FundsInPlace, l.ContactName, v.ContactPhoneMasked, l.OfficerId, v.Officer, l.Notes, l.Stage, l.StageOn, l.IsDropped, l.DropReason,
                l.SourceEventId, v.SourceEvent, l.CeremonyId, v.Ceremony, l.ProjectId, v.ProjectName, l.Version,
                [.. l.Steps.OrderBy(s => s.At).ThenBy(s => s.Id).Select(s => new StepDto(s.Kind, s.From, s.To, s.On, s.By, s.Note))]);
        }
    }

    public static void MapAttractionApi(this IEndpointRouteBuilder app)
    {
        var leads = app.MapGroup("/api/leads").WithTags("招商引资");
        leads.MapGet("", async ([AsParameters] LeadQuery q, LeadQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ListAsync(q.Filter, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("管辖范围内的招商项目：region 落地区域（含下级）、q 名称或投资方、stage 阶段、industry 行业、origin 来源地、officer 招商专员、event 来源或签约活动、dropped 是否放弃、contracted 已签约");
        leads.MapGet("/figures", async ([AsParameters] LeadQuery q, int? year, PipelineFigures figures, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(await figures.HandleAsync(q.Filter, year ?? clock.GetLocalNow().Year, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("招商指标：按阶段、行业、来源地、专员、活动的个数与金额；签约项目的履约率、落地率、开工率、资金到位率；year 年内逐月各阶段累计到达数（转化漏斗）");
        leads.MapGet("/export", ([AsParameters] LeadQuery q, string? format, ExportLeads export, CancellationToken ct) =>
                ExportFile.SendAsync(format, (kind, buffer) => export.HandleAsync(q.Filter, kind, buffer, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("导出招商台账（按阶段分组，合计意向投资额与签约额；format=xlsx 或 csv）；导出记入审计");
        leads.MapGet("/{id:int}", async (int id, LeadQueries queries, CancellationToken ct) => TypedResults.Ok(LeadDto.From(await queries.GetAsync(id, ct))))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("招商项目及其全部进展记录");
        leads.MapPost("", async (LeadBody body, ManageLeads manage, LeadQueries queries, CancellationToken ct) =>
                TypedResults.Ok(LeadDto.From(await queries.GetAsync((await manage.CreateAsync(Required(body.Lead), body.On, ct)).Id, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("登记招商项目（投资方、来源地、行业、落地区域、意向投资额、联系人、招商专员、来源活动、初始阶段）");
        leads.MapPut("/{id:int}", async (int id, LeadBody body, ManageLeads manage, LeadQueries queries, CancellationToken ct) =>
                TypedResults.Ok(LeadDto.From(await queries.GetAsync((await manage.UpdateAsync(id, Required(body.Lead), body.Version, ct)).Id, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("修改招商项目信息（阶段用 move 推进）");
        leads.MapPost("/{id:int}/move", async (int id, MoveBody body, ManageLeads manage, LeadQueries queries, CancellationToken ct) =>
                TypedResults.Ok(LeadDto.From(await queries.GetAsync((await manage.MoveAsync(id, body.Stage, body.On, body.Contract, body.CeremonyId, body.Note, body.Version, ct)).Id, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("推进阶段（线索→在谈→拟签约→签约→注册→选址落位→开工，只能向后）；签约须填签约额，可注明集中签约活动");
        leads.MapPost("/{id:int}/drop", async (int id, DropBody body, ManageLeads manage, LeadQueries queries, CancellationToken ct) =>
                TypedResults.Ok(LeadDto.From(await queries.GetAsync((await manage.DropAsync(id, body.Reason, body.Version, ct)).Id, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("放弃招商项目（须填原因，可恢复）");
        leads.MapPost("/{id:int}/revive", async (int id, ReviveBody body, ManageLeads manage, LeadQueries queries, CancellationToken ct) =>
                TypedResults.Ok(LeadDto.From(await queries.GetAsync((await manage.ReviveAsync(id, body.Note, body.Version, ct)).Id, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("恢复已放弃的招商项目");
        leads.MapPost("/{id:int}/convert", async (int id, VersionBody body, ManageLeads manage, LeadQueries queries, CancellationToken ct) =>
                TypedResults.Ok(LeadDto.From(await queries.GetAsync((await manage.ConvertAsync(id, body.Version, ct)).Id, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("已签约项目转入项目台账（保留关联，其后开工与投资计入招商指标）");

        leads.MapGet("/{id:int}/documents", async (int id, LeadDocuments documents, CancellationToken ct) =>
                TypedResults.Ok((await documents.ListAsync(id, ct)).Select(DocumentDto.From)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("招商项目的材料（意向书、协议、合同、企业介绍等）");
        leads.MapPost("/{id:int}/documents", async (int id, IFormFile file, LeadDocuments documents, CancellationToken ct) =>
            {
                var stored = await documents.AddAsync(id, file.FileName, await file.ReadAllBytesAsync(ct), ct);
                return TypedResults.Created($"/api/lead-documents/{stored.Id}", DocumentDto.From(stored));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("上传招商项目材料（PDF、JPG、PNG、Word/Excel，按文件内容识别，最大20MB，每个项目最多30份）");
        var documentFiles = app.MapGroup("/api/lead-documents").WithTags("招商引资");
        documentFiles.MapGet("/{id:int}", async (int id, LeadDocuments documents, Core.Files.FileStore files, CancellationToken ct) =>
            {
                var file = await documents.FindAsync(id, ct);
                return Results.File(files.Open(file), file.ContentType, file.FileName);
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("下载招商项目材料（下载记入审计）");
        documentFiles.MapDelete("/{id:int}", async (int id, LeadDocuments documents, CancellationToken ct) =>
            {
                await documents.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("删除招商项目材料");

        var imports = app.MapGroup("/api/lead-imports").WithTags("招商引资");
        imports.MapGet("", async (ImportLeads import, CancellationToken ct) =>
                TypedResults.Ok((await import.ListAsync(ct)).Select(ImportDto.From)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("本人上传的招商台账导入记录");
        imports.MapPost("", async (IFormFile file, [FromForm] string? region, [FromForm] int? mappingId, ImportLeads import, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var (saved, preview) = await import.UploadAsync(stream, file.FileName, string.IsNullOrWhiteSpace(region) ? null : region.Trim(), ct, mappingId);
                return TypedResults.Ok(PreviewDto.From(saved, preview));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("上传招商台账（.xlsx、.xls、.csv）并预览（试导入，不改变数据）：每行新增、更新、无变化或错误原因，按阶段与活动的合计，表头各列的对应；region 为文件中地区名称的参照地区，mappingId 为已保存的列对应方案");
        imports.MapGet("/mappings", async (ImportLeads import, CancellationToken ct) =>
                TypedResults.Ok((await import.MappingsAsync(ct)).Select(m => new MappingDto(m.Id, m.Name, m.CreatedAt))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("已保存的招商台账列对应方案");
        imports.MapGet("/{id:int}", async (int id, ImportLeads import, CancellationToken ct) =>
            {
                var (saved, preview) = await import.PreviewAsync(id, ct);
                return TypedResults.Ok(PreviewDto.From(saved, preview));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("按当前数据重新预览已上传的招商台账");
        imports.MapPut("/{id:int}/columns", async (int id, ColumnsBody body, ImportLeads import, CancellationToken ct) =>
            {
                var (saved, preview) = await import.MapAsync(id, body.Columns ?? [], body.SaveAs, ct);
                return TypedResults.Ok(PreviewDto.From(saved, preview));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("按列指定对应（列序号从0起 → 字段名或 Ignore），返回新的预览；SaveAs 给出名称时按表头保存为列对应方案");
        imports.MapPost("/{id:int}/commit", async (int id, ImportLeads import, CancellationToken ct) =>
            {
                var (saved, preview) = await import.ApplyAsync(id, ct);
                return TypedResults.Ok(PreviewDto.From(saved, preview));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("确认导入：整个文件在一个事务中写入，有错误行则不写入任何数据；同一文件再次导入不产生变化");
        imports.MapPost("/{id:int}/rollback", async (int id, ImportLeads import, CancellationToken ct) =>
            {
                var saved = await import.RollbackAsync(id, ct);
                return TypedResults.Ok(ImportDto.From(saved));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("撤销导入：删除其新增的项目和活动、恢复其修改的项目；导入后已被修改的不能撤销");

        var events = app.MapGroup("/api/attraction-events").WithTags("招商引资");
        events.MapGet("", async (EventKind? kind, int? year, ManageEvents manage, CancellationToken ct) => TypedResults.Ok(await manage.ListAsync(kind, year, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("招商活动（走出去 Outbound、请进来 Inbound、集中签约 Ceremony）及其产生或签约的项目个数与金额");
        events.MapPost("", async (EventBody body, ManageEvents manage, CancellationToken ct) => TypedResults.Ok((await manage.CreateAsync(Required(body.Event), ct)).Id))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("登记招商活动");
        events.MapPut("/{id:int}", async (int id, EventBody body, ManageEvents manage, CancellationToken ct) => TypedResults.Ok((await manage.UpdateAsync(id, Required(body.Event), body.Version, ct)).Id))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("修改招商活动");
    }

    private static T Required<T>(T? part) where T : class =>
        part ?? throw Core.ValidationFailedException.For(typeof(T) == typeof(LeadDetails) ? "lead" : "event", "请求内容缺少项目或活动信息");

    /// <summary>The list's query parameters.</summary>
    public sealed class LeadQuery
    {
        public string? Region { get; set; }
        public string? Q { get; set; }
        public LeadStage? Stage { get; set; }
        public int? Industry { get; set; }
        public string? Origin { get; set; }
        public int? Officer { get; set; }
        public int? Event { get; set; }
        public bool? Dropped { get; set; }
        public bool? Contracted { get; set; }
        public int? Page { get; set; }
        public int? PageSize { get; set; }

        public LeadFilter Filter => new()
        {
            Region = Region, Q = Q, Stage = Stage, Industry = Industry, Origin = Origin, Officer = Officer, Event = Event, Dropped = Dropped,
            Contracted = Contracted, Page = Page ?? 1, PageSize = PageSize ?? 50,
        };
    }
}
