using Microsoft.AspNetCore.Mvc;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reports;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>Monthly reports over HTTP: a month's list (and who has not reported), one report, save/submit, approve/return/correct, the deadline.</summary>
internal static class ReportsApi
{
    public sealed record ReportDto(
        int Id, int ProjectId, int Year, int Month, string Status,
        decimal InvestmentMonth, decimal InvestmentYtd, decimal InvestmentSinceStart,
        decimal? ConstructionWork, decimal? InstallationWork, decimal? EquipmentPurchase, decimal? OtherWork,
        decimal? FundsFiscal, decimal? FundsLoan, decimal? FundsSelf, decimal? FundsOther,
        string? Progress, int? WorkersOnSite, DateOnly? StartedOn, string? Problems, string? Explanation,
        DateTime? SubmittedAt, string? SubmittedBy, DateTime? ApprovedAt, string? ReviewedBy, DateTime? ReturnedAt, string? ReturnReason, int Version)
    {
        public static ReportDto From(MonthlyReport r) => new(
            r.Id, r.ProjectId, r.Year, r.Month, r.Status.ToString(), r.InvestmentMonth, r.InvestmentYtd, r.InvestmentSinceStart,
            r.ConstructionWork, r.InstallationWork, r.EquipmentPurchase, r.OtherWork, r.FundsFiscal, r.FundsLoan, r.FundsSelf, r.FundsOther,
            r.Progress, r.WorkersOnSite, r.StartedOn, r.ProblemsText, r.Explanation,
            r.SubmittedAt, r.SubmittedBy, r.ApprovedAt, r.ReviewedBy, r.ReturnedAt, r.ReturnReason, r.Version);
    }

    public sealed record RevisionDto(decimal MonthBefore, decimal YtdBefore, decimal SinceStartBefore, decimal MonthAfter, decimal YtdAfter, decimal SinceStartAfter, string Reason, string Actor, DateTime At);

    /// <summary>One project's month: the report (null when none yet), what it chains from, its deadline and corrections.</summary>
    public sealed record ReportViewDto(
        int ProjectId, string ProjectName, string Region, int Year, int Month, DateOnly DueDate, string State, bool Overdue,
        decimal PreviousYtd, decimal? PreviousSinceStart, int PreviousMonth, ReportDto? Report, IReadOnlyList<RevisionDto> Revisions)
    {
        public static ReportViewDto From(ReportView v, DateOnly today) => new(
            v.ProjectId, v.ProjectName, v.Region, v.Year, v.Month, v.DueDate, v.State.ToString(), v.Overdue(today),
            v.Base.Ytd, v.Base.SinceStart, v.Base.PreviousMonth, v.Report is null ? null : ReportDto.From(v.Report),
            [.. v.Revisions.Select(x => new RevisionDto(x.MonthBefore, x.YtdBefore, x.SinceStartBefore, x.MonthAfter, x.YtdAfter, x.SinceStartAfter, x.Reason, x.Actor, x.CreatedAt))]);
    }

    public sealed record VersionBody(int Version);

    public sealed record ReturnBody(int Version, string? Reason);

    public sealed record CorrectBody(ReportInput Report, string? Reason);

    public sealed record SettingsBody(int DeadlineDay, int ReminderDays, int Version);

    public sealed record SettingsDto(int DeadlineDay, int ReminderDays, int Version)
    {
        public static SettingsDto From(ReportSettings s) => new(s.DeadlineDay, s.ReminderDays, s.Version);
    }

    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("月报");

        reports.MapGet("/", async (int? year, int? month, string? region, string? q, ReportListFilter? filter, int? page, int? pageSize,
                ReportQueries queries, TimeProvider clock, CancellationToken ct) =>
            {
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                return TypedResults.Ok(await queries.ListAsync(year ?? today.Year, month ?? today.Month, region, q, filter ?? ReportListFilter.All, page ?? 1, pageSize ?? 50, ct));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("某月各项目的月报状态（filter=NotReported 为未上报名单：未填、草稿、被退回）；默认本月");

        reports.MapGet("/export", async (int? year, int? month, string? region, string? q, string? format, ExportReportList export, TimeProvider clock, CancellationToken ct) =>
            {
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                return await ExportFile.SendAsync(format, (kind, buffer) => export.HandleAsync(year ?? today.Year, month ?? today.Month, region, q, kind, buffer, ct));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("导出某月月报报送情况表（format=xlsx 或 csv；按状态分组，未报送在前）；导出记入审计");

        reports.MapGet("/settings", async (ReportQueries queries, CancellationToken ct) =>
                TypedResults.Ok(SettingsDto.From(await queries.SettingsAsync(ct))))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("月报截止日（每月几日）与提前提醒天数");

        reports.MapPut("/settings", async (SettingsBody body, ChangeReportSettings change, CancellationToken ct) =>
                TypedResults.Ok(SettingsDto.From(await change.HandleAsync(body.DeadlineDay, body.ReminderDays, body.Version, ct))))
            .RequireAuthorization(Policies.ReviewReports)
            .WithSummary("修改月报截止日与提醒天数（调度中心）");

        reports.MapPost("/{id:int}/approve", async (int id, VersionBody body, ReviewReport review, CancellationToken ct) =>
                TypedResults.Ok(ReportDto.From(await review.ApproveAsync(id, body.Version, ct))))
            .RequireAuthorization(Policies.ReviewReports)
            .WithSummary("审核通过月报（数据进入指标；累计数按已通过月份顺延）");

        reports.MapPost("/{id:int}/return", async (int id, ReturnBody body, ReviewReport review, CancellationToken ct) =>
                TypedResults.Ok(ReportDto.From(await review.ReturnAsync(id, body.Version, body.Reason, ct))))
            .RequireAuthorization(Policies.ReviewReports)
            .WithSummary("退回月报（须填写原因）");

        reports.MapPost("/{id:int}/correct", async (int id, CorrectBody body, ReviewReport review, CancellationToken ct) =>
                TypedResults.Ok(ReportDto.From(await review.CorrectAsync(id, body.Report, body.Reason, ct))))
            .RequireAuthorization(Policies.ReviewReports)
            .WithSummary("更正已通过的月报（须填写原因；原数据保留为修订记录，以后各月累计数随之顺延）");

        reports.MapPost("/{id:int}/photos", async (int id, IFormFile photo, IFormFile? thumb, Core.Files.FileStore files, CancellationToken ct) =>
            {
                var stored = await files.AddReportPhotoAsync(id, photo.FileName, await photo.ReadAllBytesAsync(ct), thumb is null ? null : await thumb.ReadAllBytesAsync(ct), ct);
                return TypedResults.Created($"/api/report-photos/{stored.Id}", new { stored.Id, stored.FileName, stored.Size, stored.Sha256 });
            })
            .RequireAuthorization(Policies.ReportProgress)
            .WithSummary("上传形象进度照片（JPG/PNG；表单字段 photo，可附手机生成的小图 thumb；草稿或被退回的月报，每份最多12张）");

        app.MapGet("/api/report-photos/{id:int}", async (int id, bool? thumb, Core.Files.FileStore files, CancellationToken ct) =>
            {
                var file = await files.FindReportPhotoAsync(id, thumb ?? false, ct);
                return Results.File(files.Open(file), file.ContentType);
            })
            .WithTags("月报")
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("形象进度照片（thumb=true 取小图，没有小图时为原图）");

        app.MapDelete("/api/report-photos/{id:int}", async (int id, Core.Files.FileStore files, CancellationToken ct) =>
            {
                await files.DeleteReportPhotoAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithTags("月报")
            .RequireAuthorization(Policies.ReportProgress)
            .WithSummary("删除形象进度照片（月报提交前）");

        var project = app.MapGroup("/api/projects/{id:int}/reports").WithTags("月报");

        project.MapGet("/{year:int}/{month:int}", async (int id, int year, int month, ReportQueries queries, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(ReportViewDto.From(await queries.GetAsync(id, year, month, ct), DateOnly.FromDateTime(clock.GetLocalNow().DateTime))))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("项目某月月报（无月报时 report 为空，并给出上月累计数）");

        project.MapPut("/{year:int}/{month:int}", async (int id, int year, int month, ReportInput body, [FromQuery] bool? submit,
                SaveReport save, ReportQueries queries, TimeProvider clock, CancellationToken ct) =>
            {
                await save.HandleAsync(id, year, month, body, submit ?? false, ct);
                return TypedResults.Ok(ReportViewDto.From(await queries.GetAsync(id, year, month, ct), DateOnly.FromDateTime(clock.GetLocalNow().DateTime)));
            })
            .RequireAuthorization(Policies.ReportProgress)
            .WithSummary("保存月报草稿（submit=true 时同时提交审核）；填本月完成投资或本年累计其一即可，另一项按 本年累计(m)=本年累计(m−1)+本月 计算");
    }
}
