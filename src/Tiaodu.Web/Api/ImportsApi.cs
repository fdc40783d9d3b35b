using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Ledger;
using Tiaodu.Web.Accounts;
using Tiaodu.Web.Imports;

namespace Tiaodu.Web.Api;

/// <summary>
/// Ledger imports over HTTP: upload (answers with the preview — the dry run), change options and preview
/// again, commit (runs in the background; poll the batch), roll back; and the ledger export.
/// </summary>
internal static class ImportsApi
{
    public sealed record BatchDto(int Id, string FileName, string FileHash, long FileSize, string Actor, DateTime CreatedAt, ImportStatus Status, string StatusText,
        string? Message, int RowsTotal, int Created, int Updated, int Unchanged, int ProblemsOpened, int ErrorRows, int? RowsDone,
        DateTime? AppliedAt, DateTime? RolledBackAt, int Version, ImportOptions Options, ImportPreview? Preview);

    public sealed record VersionBody(int Version);

    public sealed record OptionsBody(int Version, ImportOptions Options);

    public sealed record MappingBody(string Name, int BatchId);

    public static BatchDto ToDto(ImportBatch b, int? rowsDone, bool withPreview = true) => new(
        b.Id, b.FileName, b.FileHash, b.FileSize, b.Actor, b.CreatedAt, b.Status, ImportText.Status(b.Status), b.Message, b.RowsTotal, b.Created, b.Updated,
        b.Unchanged, b.ProblemsOpened, b.ErrorRows, rowsDone, b.AppliedAt, b.RolledBackAt, b.Version,
        ImportOptions.FromJson(b.OptionsJson), withPreview ? ImportPreview.FromJson(b.PreviewJson) : null);

    /// <summary>The batch with its rows done so far, wherever it runs (<see cref="ImportProgress"/>).</summary>
    private static async Task<BatchDto> DtoAsync(ImportBatch b, ImportProgress progress, CancellationToken ct) =>
        ToDto(b, await progress.RowsDoneAsync(b.Id, ct));

    public static void MapImportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/imports").WithTags("台账导入");

        api.MapGet("/", async (int? page, ImportQueries queries, ImportProgress progress, CancellationToken ct) =>
            {
                var list = await queries.ListAsync(page ?? 1, 20, ct);
                var done = await progress.RowsDoneAsync(RunningImport.Ledger, [.. list.Items.Select(b => b.Id)], ct);
                return TypedResults.Ok(new PageOf<BatchDto>([.. list.Items.Select(b => ToDto(b, done.TryGetValue(b.Id, out var n) ? n : null, withPreview: false))],
                    list.Total, list.Page, list.PageSize));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("导入记录列表（本人及本辖区同事上传的）");

        api.MapPost("/", async (IFormFile file, [FromForm] string? asOf, [FromForm] int? year, [FromForm] string? region, [FromForm] int? sheet, [FromForm] int? mappingId,
                UploadImport upload, AnalyseImport analyse, ICurrentUser user, ImportProgress progress, CancellationToken ct) =>
            {
                var options = new ImportOptions
                {
                    AsOf = ParseDate(asOf),
                    Year = year,
                    Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim(),
                    Sheet = sheet is { } s ? s - 1 : null,
                    MappingId = mappingId,
                };
                await using var stream = file.OpenReadStream();
                var batch = await upload.HandleAsync(file.FileName, stream, options, user, ct, analyseNow: true);
                batch = await analyse.HandleAsync(batch.Id, user, null, ct, claimed: true);
                return TypedResults.Created($"/api/imports/{batch.Id}", await DtoAsync(batch, progress, ct));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("上传台账文件（.xlsx/.xls/.csv）并预览（试运行，不写入台账）：表单字段 file，可选 asOf、year、region、sheet（从1起）、mappingId");

        api.MapGet("/{id:int}", async (int id, ImportQueries queries, ImportProgress progress, CancellationToken ct) =>
                TypedResults.Ok(await DtoAsync(await queries.GetAsync(id, ct), progress, ct)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("导入批次的状态、进度与预览");

        api.MapPost("/{id:int}/options", async (int id, OptionsBody body, ImportQueries queries, AnalyseImport analyse, ICurrentUser user, ImportProgress progress, CancellationToken ct) =>
            {
                await queries.SetOptionsAsync(id, body.Version, body.Options, ct, analyseNow: true);
                return TypedResults.Ok(await DtoAsync(await analyse.HandleAsync(id, user, null, ct, claimed: true), progress, ct));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("修改截至日期、年度、默认区域、工作表、列对应与区域选择后重新预览");

        api.MapPost("/{id:int}/commit", async (int id, VersionBody body, bool? wait, ApplyImport apply, ICurrentUser user, ImportWorker worker, ImportProgress progress, CancellationToken ct) =>
            {
                var batch = await apply.ConfirmAsync(id, body.Version, user, ct, runNow: wait == true);
                if (wait == true)
                {
                    try
                    {
                        batch = await apply.HandleAsync(id, user, progress.For(id), ct, claimed: true);
                    }
                    finally
                    {
                        progress.Done(id);
                    }

                    return Results.Ok(ToDto(batch, null));
                }

                worker.Wake();
                return Results.Accepted($"/api/imports/{id}", await DtoAsync(batch, progress, ct));
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("确认导入：整份文件在一个事务中写入，要么全部成功要么不写入；默认在后台运行（202，轮询批次状态），wait=true 时等待完成");

        api.MapPost("/{id:int}/rollback", async (int id, VersionBody body, RollbackImport rollback, ICurrentUser user, CancellationToken ct) =>
                TypedResults.Ok(ToDto(await rollback.HandleAsync(id, body.Version, user, ct), null)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("撤销已完成的导入：删除其新增的项目，恢复其修改的项目；导入后被他人修改过则拒绝（409）");

        app.MapGet("/api/projects/export", (QueryFilter filter, string? format, ExportLedger export, HttpContext http, CancellationToken ct) =>
                ExportFile.SendAsync(format, (kind, buffer) => export.HandleAsync(filter.Value, kind, buffer, ct)))
            .WithMetadata(new ProjectFilterParameters())
            .WithTags("项目台账")
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("按当前筛选条件导出项目台账（format=xlsx 政府台账格式，或 csv）；仅含管辖范围内的项目，导出记入审计");

        api.MapGet("/mappings", async (TiaoduDb db, CancellationToken ct) =>
                TypedResults.Ok(await db.ImportMappings.AsNoTracking().Where(m => m.Target == ImportMapping.Ledger).OrderBy(m => m.Name)
                    .Select(m => new { m.Id, m.Name, m.CreatedAt }).ToListAsync(ct)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("已保存的列映射方案");

        api.MapPost("/mappings", async (MappingBody body, ImportQueries queries, CancellationToken ct) =>
            {
                var mapping = await queries.SaveMappingAsync(body.Name, body.BatchId, ct);
                return TypedResults.Ok(new { mapping.Id, mapping.Name });
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("把某次预览的列对应保存为映射方案（同名则覆盖）");
    }

    private static DateOnly? ParseDate(string? s) =>
        string.IsNullOrWhiteSpace(s) ? null
        : DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d
        : throw ValidationFailedException.For("asOf", "截至日期应为 yyyy-MM-dd 格式");
}
