using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>The project ledger over HTTP: list/filter/search, read, create, update, soft delete and restore.</summary>
internal static class ProjectsApi
{
    public sealed record ProjectWrite
    {
        public required ProjectDetails Project { get; init; }

        /// <summary>The version the client read; required for updates.</summary>
        public int? Version { get; init; }
    }

    public static void MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/projects").WithTags("项目台账");

        api.MapGet("/", async (QueryFilter filter, ListProjects list, CancellationToken ct) =>
                TypedResults.Ok(await list.HandleAsync(filter.Value, ct)))
            .WithMetadata(new ProjectFilterParameters())
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("按条件分页查询项目（区域含下级、行业、类别、建设性质、阶段、规模、标签、年度、领导、专班、是否开工；q 支持简繁体、全拼和首字母）");

        api.MapGet("/{id:int}", async (int id, GetProject get, CancellationToken ct) =>
                TypedResults.Ok(ProjectDto.From(await get.HandleAsync(id, ct))))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("项目详情（含各年度计划与月度投资；联系电话脱敏显示）");

        api.MapPost("/{id:int}/contact-phone", async (int id, RevealPersonalData reveal, CancellationToken ct) =>
                TypedResults.Ok(new { phone = await reveal.ProjectPhoneAsync(id, ct) }))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("查看联系电话完整号码（需“查看完整个人信息”权限；每次查看记入审计）");

        api.MapPost("/", async Task<Created<ProjectDto>> (ProjectWrite body, SaveProject save, GetProject get, CancellationToken ct) =>
            {
                var project = await save.CreateAsync(body.Project, ct);
                return TypedResults.Created($"/api/projects/{project.Id}", ProjectDto.From(await get.HandleAsync(project.Id, ct)));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("新建项目");

        api.MapPut("/{id:int}", async (int id, ProjectWrite body, SaveProject save, GetProject get, CancellationToken ct) =>
            {
                await save.UpdateAsync(id, body.Project, body.Version ?? -1, ct);
                return TypedResults.Ok(ProjectDto.From(await get.HandleAsync(id, ct)));
            })
            .RequireAuthorization(Policies.ReportProgress)
            .WithSummary("修改项目（企业填报员、服务秘书、专班只能改进度字段）；version 须为读取时的版本，否则返回 409");

        api.MapDelete("/{id:int}", async (int id, [FromQuery] int version, DeleteProject delete, CancellationToken ct) =>
            {
                await delete.DeleteAsync(id, version, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("删除项目（移入回收站，可恢复）");

        api.MapPost("/{id:int}/restore", async (int id, [FromQuery] int version, DeleteProject delete, GetProject get, CancellationToken ct) =>
            {
                await delete.RestoreAsync(id, version, ct);
                return TypedResults.Ok(ProjectDto.From(await get.HandleAsync(id, ct)));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("从回收站恢复项目");

        api.MapPut("/{id:int}/years/{year:int}", async (int id, int year, ProjectYearInput body, SaveProjectYear save, GetProject get, CancellationToken ct) =>
            {
                await save.HandleAsync(id, year, body, ct);
                return TypedResults.Ok(ProjectDto.From(await get.HandleAsync(id, ct)));
            })
            .RequireAuthorization(Policies.ReportProgress)
            .WithSummary("新增或修改项目的年度计划行（计划内/计划外、年度计划投资、计划开工月份、开复工日期、标签）");
    }
}
