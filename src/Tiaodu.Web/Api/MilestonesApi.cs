using Tiaodu.Core.Files;
using Tiaodu.Core.Milestones;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>Milestone plans over HTTP: templates, a project's plan and nodes, recording a node, evidence files, the wall chart.</summary>
internal static class MilestonesApi
{
    public sealed record NodeDto(int Id, int SortOrder, string Name, int Days, bool IsApproval, DateOnly PlannedOn, DateOnly? DoneOn, string State, int DaysLate,
        string? Owner, string? DocumentNumber, bool Deferred, string? OwedItems, DateOnly? OwedBy, int Version, IReadOnlyList<FileDto> Files)
    {
        public static NodeDto From(Milestone m, DateOnly today, IEnumerable<StoredFile> files) => new(
            m.Id, m.SortOrder, m.Name, m.Days, m.IsApproval, m.PlannedOn, m.DoneOn, m.StateOn(today).ToString(), m.DaysLate(today),
            m.Owner, m.DocumentNumber, m.Deferred, m.OwedItems, m.OwedBy, m.Version, [.. files.Where(f => f.OwnerId == m.Id).Select(FileDto.From)]);
    }

    public sealed record FileDto(int Id, string FileName, long Size, string Sha256, string UploadedBy, DateTime UploadedAt)
    {
        public static FileDto From(StoredFile f) => new(f.Id, f.FileName, f.Size, f.Sha256, f.UploadedBy, f.UploadedAt);
    }

    public sealed record PlanDto(int? TemplateId, string TargetNode, DateOnly TargetOn, bool StartOnLand, DateOnly? LandOn, int Version);

    public sealed record ProjectMilestonesDto(int ProjectId, string ProjectName, PlanDto? Plan, IReadOnlyList<NodeDto> Nodes)
    {
        public static ProjectMilestonesDto From(ProjectMilestones p, DateOnly today) => new(p.ProjectId, p.ProjectName,
            p.Plan is { } x ? new PlanDto(x.TemplateId, x.TargetNode, x.TargetOn, x.StartOnLand, x.LandOn, x.Version) : null,
            [.. p.Nodes.Select(n => NodeDto.From(n, today, p.Files))]);
    }

    public sealed record TemplateDto(int Id, string Name, IReadOnlyList<TemplateNodeDto> Nodes, bool IsActive = true, int Version = 0)
    {
        public static TemplateDto From(MilestoneTemplate t) =>
            new(t.Id, t.Name, [.. t.Nodes.OrderBy(n => n.SortOrder).Select(n => new TemplateNodeDto(n.SortOrder, n.Name, n.Days, n.IsApproval))], t.IsActive, t.Version);
    }

    public sealed record TemplateNodeDto(int SortOrder, string Name, int Days, bool IsApproval);

    public static void MapMilestonesApi(this IEndpointRouteBuilder app)
    {
        static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

        app.MapGet("/api/milestone-templates", async (MilestoneQueries queries, CancellationToken ct) =>
                TypedResults.Ok((await queries.TemplatesAsync(ct)).Select(TemplateDto.From).ToList()))
            .WithTags("节点计划")
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("启用中的节点模板（全生命周期各节点及典型用时天数）");

        app.MapPost("/api/milestone-templates", async (TemplateInput body, ManageMilestoneTemplates manage, CancellationToken ct) =>
                TypedResults.Ok(TemplateDto.From(await manage.SaveAsync(null, body, ct))))
            .WithTags("节点计划")
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("新增节点模板：名称与按顺序的节点（名称、距上一节点的典型天数、是否前期手续），2至40个节点");

        app.MapPut("/api/milestone-templates/{id:int}", async (int id, TemplateInput body, ManageMilestoneTemplates manage, CancellationToken ct) =>
                TypedResults.Ok(TemplateDto.From(await manage.SaveAsync(id, body, ct))))
            .WithTags("节点计划")
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("修改节点模板（isActive=false 停用）；已排好的项目计划保留原节点，修改只影响此后倒排的计划");

        app.MapGet("/api/projects/{id:int}/milestones", async (int id, MilestoneQueries queries, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(ProjectMilestonesDto.From(await queries.ForProjectAsync(id, ct), Today(clock))))
            .WithTags("节点计划")
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("项目倒排工期计划：各节点计划完成日期、完成情况、状态（完成/临期/逾期/容缺）与佐证材料");

        app.MapPost("/api/projects/{id:int}/milestones/plan", async (int id, MilestonePlanInput body, PlanMilestones plan, MilestoneQueries queries, TimeProvider clock, CancellationToken ct) =>
            {
                await plan.PlanAsync(id, body, ct);
                return TypedResults.Ok(ProjectMilestonesDto.From(await queries.ForProjectAsync(id, ct), Today(clock)));
            })
            .WithTags("节点计划")
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("按模板从目标节点和目标日期倒排各节点期限（已完成的节点保留完成情况；拿地即开工时前期手续期限不晚于拿地日期）");

        app.MapPut("/api/milestones/{id:int}", async (int id, MilestoneInput body, PlanMilestones plan, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(NodeDto.From(await plan.SaveAsync(id, body, ct), Today(clock), [])))
            .WithTags("节点计划")
            .RequireAuthorization(Policies.ReportProgress)
            .WithSummary("填报节点：完成日期、责任人、批复文号、容缺后补（后补材料与期限）；只有调度中心可改计划完成日期");

        app.MapPost("/api/milestones/{id:int}/files", async (int id, IFormFile file, FileStore files, CancellationToken ct) =>
            {
                var stored = await files.AddMilestoneFileAsync(id, file.FileName, await file.ReadAllBytesAsync(ct), ct);
                return TypedResults.Created($"/api/milestone-files/{stored.Id}", FileDto.From(stored));
            })
            .WithTags("节点计划")
            .RequireAuthorization(Policies.ReportProgress)
            .WithSummary("上传节点佐证材料（PDF、JPG、PNG、Word/Excel，按文件内容识别，最大20MB）");

        app.MapGet("/api/milestone-files/{id:int}", async (int id, FileStore files, CancellationToken ct) =>
            {
                var file = await files.FindMilestoneFileAsync(id, ct);
                return Results.File(files.Open(file), file.ContentType, file.FileName);
            })
            .WithTags("节点计划")
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("下载节点佐证材料（下载记入审计）");

        app.MapGet("/api/milestones", async (string? region, string? q, bool? late, int? page, int? pageSize, MilestoneQueries queries, TimeProvider clock, CancellationToken ct) =>
            {
                var wall = await queries.WallAsync(region, q, late ?? false, page ?? 1, pageSize ?? 30, ct);
                var today = Today(clock);
                return TypedResults.Ok(new
                {
                    wall.Total, wall.Page, wall.PageSize, wall.Overdue, wall.DueSoon,
                    Rows = wall.Rows.Select(r => new { r.ProjectId, r.Name, r.Region, Nodes = r.Nodes.Select(n => NodeDto.From(n, today, [])) }),
                });
            })
            .WithTags("节点计划")
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("挂图作战：有节点计划的项目及其节点状态，逾期多的在前（late=true 只看有逾期节点的项目）");
    }
}
