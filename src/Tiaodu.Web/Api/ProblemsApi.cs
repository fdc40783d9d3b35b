using Tiaodu.Core.Problems;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>A project's problems over HTTP: list, deadline, resolve, reopen.</summary>
internal static class ProblemsApi
{
    public sealed record ProblemDto(int Id, int ProjectId, string Description, string Source, string Status, DateOnly RaisedOn, DateOnly? DueOn, int DaysLate,
        DateOnly? ResolvedOn, string? Resolution, string? ResolvedBy, int Version, int? CategoryId = null, string? RaisedBy = null)
    {
        public static ProblemDto From(Problem p, DateOnly today) => new(p.Id, p.ProjectId, p.Description, p.Source.ToString(), p.Status.ToString(), p.RaisedOn, p.DueOn,
            p.DaysLate(today), p.ResolvedOn, p.Resolution, p.ResolvedBy, p.Version, p.CategoryId, p.RaisedBy);
    }

    public sealed record RaiseBody(int? CategoryId, string? Description, ProblemSource Source, DateOnly? RaisedOn, DateOnly? Due);

    public sealed record DeadlineBody(DateOnly? Due, int Version);

    public sealed record ResolveBody(string? Resolution, int Version);

    public sealed record VersionBody(int Version);

    public static void MapProblemsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projects/{id:int}/problems", async (int id, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok((await problems.ForProjectAsync(id, ct)).Select(p => ProblemDto.From(p, problems.Today)).ToList()))
            .WithTags("问题").RequireAuthorization(Policies.ViewLedger)
            .WithSummary("项目的问题（未解决在前，按解决时限），含逾期天数");

        app.MapGet("/api/problems", async (ProblemFilter? filter, string? region, string? q, int? page, int? pageSize, ProblemQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(filter ?? ProblemFilter.Open, region, q, page ?? 1, pageSize ?? 50, ct)))
            .WithTags("问题").RequireAuthorization(Policies.ViewLedger)
            .WithSummary("管辖范围内的问题：filter=Overdue 逾期、DueSoon 7日内到期、Open 未解决（默认）、Resolved 已办结、All；附各下级区域的办结率与按期办结率");

        app.MapGet("/api/problems/export", (ProblemFilter? filter, string? region, string? q, string? format, ExportProblems export, CancellationToken ct) =>
                ExportFile.SendAsync(format, (kind, buffer) => export.HandleAsync(filter ?? ProblemFilter.Open, region, q, kind, buffer, ct)))
            .WithTags("问题").RequireAuthorization(Policies.ViewLedger)
            .WithSummary("导出问题清单（逾期、未解决、已办结分组，附办结率；format=xlsx 或 csv）；导出记入审计");

        app.MapPost("/api/projects/{id:int}/problems", async (int id, RaiseBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.RaiseAsync(id, body.CategoryId, body.Description, body.Source, body.RaisedOn, body.Due, ct), problems.Today)))
            .WithTags("问题").RequireAuthorization(Policies.ReportProgress)
            .WithSummary("提出问题（现场走访 SiteVisit、企业服务日 ServiceDay、会议 Meeting、12345 热线 Hotline、领导交办 Leader）：类别、描述、提出日期；解决时限仅调度中心可同时设定");

        var api = app.MapGroup("/api/problems").WithTags("问题");
        api.MapPut("/{id:int}/deadline", async (int id, DeadlineBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.SetDeadlineAsync(id, body.Due, body.Version, ct), problems.Today)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("设定（或取消）问题解决时限；逾期未解决的问题按亮灯规则亮灯");
        api.MapPost("/{id:int}/resolve", async (int id, ResolveBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.ResolveAsync(id, body.Resolution, body.Version, ct), problems.Today)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("问题办结，须填写办结情况");
        api.MapPost("/{id:int}/reopen", async (int id, VersionBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.ReopenAsync(id, body.Version, ct), problems.Today)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("重新打开已办结的问题");
    }
}
