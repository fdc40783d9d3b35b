using Tiaodu.Core.Problems;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>
/// Problems over HTTP: the dispatch office raises, assigns, sets and extends deadlines, escalates, supervises
/// (督办), resolves, closes out and reopens; a responsible department reads its inbox, replies, reports a problem
/// solved and answers 督办单.
/// </summary>
internal static class ProblemsApi
{
    public sealed record ProblemDto(int Id, int ProjectId, string Description, string Source, string Status, DateOnly RaisedOn, DateOnly? DueOn, int DaysLate,
        DateOnly? ResolvedOn, string? Resolution, string? ResolvedBy, int Version, int? CategoryId = null, string? RaisedBy = null, string? Level = null, int? LeadDepartmentId = null)
    {
        public static ProblemDto From(Problem p, DateOnly today) => new(p.Id, p.ProjectId, p.Description, p.Source.ToString(), p.Status.ToString(), p.RaisedOn, p.DueOn,
            p.DaysLate(today), p.ResolvedOn, p.Resolution, p.ResolvedBy, p.Version, p.CategoryId, p.RaisedBy, p.Level.ToString(), p.LeadDepartmentId);
    }

    public sealed record RaiseBody(int? CategoryId, string? Description, ProblemSource Source, DateOnly? RaisedOn, DateOnly? Due, int? Lead = null, int[]? Assisting = null);

    public sealed record DeadlineBody(DateOnly? Due, int Version, string? Reason = null);

    public sealed record AssignBody(int? Lead, int[]? Assisting, int Version);

    public sealed record EscalateBody(ProblemLevel Level, string? Reason, int Version);

    public sealed record SuperviseBody(DateOnly? Due, string? Reason);

    public sealed record ReplyBody(string? Text);

    public sealed record AnswerBody(string? Answer, int Version);

    public sealed record ReopenBody(int Version, string? Reason = null);

    public sealed record SettingsBody(bool AutoSupervise, int NoticeDays, int EscalateAfter, int Version);

    public sealed record NoticeDto(int Id, int ProblemId, string Number, DateOnly IssuedOn, DateOnly DueOn, DateOnly? ProblemDueOn, string? Reason, bool Automatic,
        DateOnly? AnsweredOn, string? Answer, string? AnsweredBy, int Version)
    {
        public static NoticeDto From(SupervisionNotice n) =>
            new(n.Id, n.ProblemId, n.Number, n.IssuedOn, n.DueOn, n.ProblemDueOn, n.Reason, n.Automatic, n.AnsweredOn, n.Answer, n.AnsweredBy, n.Version);
    }

    public sealed record DetailDto(ProblemDto Problem, string ProjectName, string Region, string? Category, string Level, string? Lead, IReadOnlyList<string> Assisting,
        DateOnly? ClosedOn, IReadOnlyList<NoticeDto> Notices, IReadOnlyList<TimelineEntry> Timeline);

    public sealed record ResolveBody(string? Resolution, int Version);

    public static void MapProblemsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projects/{id:int}/problems", async (int id, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok((await problems.ForProjectAsync(id, ct)).Select(p => ProblemDto.From(p, problems.Today)).ToList()))
            .WithTags("问题").RequireAuthorization(Policies.ViewLedger)
            .WithSummary("项目的问题（未解决在前，按解决时限），含逾期天数");

        app.MapGet("/api/problems", async (ProblemFilter? filter, string? region, string? q, int? department, ProblemLevel? level, int? page, int? pageSize, ProblemQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(filter ?? ProblemFilter.Open, new ProblemCriteria(region, q, department, level), page ?? 1, pageSize ?? 50, ct)))
            .WithTags("问题").RequireAuthorization(Policies.ViewLedger)
            .WithSummary("管辖范围内的问题：filter=Overdue 逾期、DueSoon 7日内到期、Open 未解决（默认）、Resolved 已办结、All；department 牵头或配合单位、level 协调层级；附按区域、类别、牵头单位、层级的办结率与按期办结率。责任部门账号只看到本部门的问题");

        app.MapGet("/api/problems/export", (ProblemFilter? filter, string? region, string? q, int? department, ProblemLevel? level, string? format, ExportProblems export, CancellationToken ct) =>
                ExportFile.SendAsync(format, (kind, buffer) => export.HandleAsync(filter ?? ProblemFilter.Open, new ProblemCriteria(region, q, department, level), kind, buffer, ct)))
            .WithTags("问题").RequireAuthorization(Policies.ViewLedger)
            .WithSummary("导出问题清单（逾期、未解决、已办结分组，附办结率；format=xlsx 或 csv）；导出记入审计");

        app.MapPost("/api/projects/{id:int}/problems", async (int id, RaiseBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.RaiseAsync(id, body.CategoryId, body.Description, body.Source, body.RaisedOn, body.Due, ct, body.Lead, body.Assisting), problems.Today)))
            .WithTags("问题").RequireAuthorization(Policies.ReportProgress)
            .WithSummary("提出问题（现场走访 SiteVisit、企业服务日 ServiceDay、会议 Meeting、12345 热线 Hotline、领导交办 Leader）：类别、描述、提出日期；解决时限仅调度中心可同时设定");

        var api = app.MapGroup("/api/problems").WithTags("问题");
        api.MapGet("/{id:int}", async (int id, ReadProblem details, CancellationToken ct) =>
            {
                var d = await details.GetAsync(id, ct);
                return TypedResults.Ok(new DetailDto(ProblemDto.From(d.Problem, d.Today), d.ProjectName, d.Region, d.Category, d.Problem.Level.ToString(), d.Lead, d.Assisting,
                    d.Problem.ClosedOn, [.. d.Notices.Select(NoticeDto.From)], d.Timeline));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("一个问题：牵头与配合单位、协调层级、督办单和办理记录");
        api.MapPut("/{id:int}/deadline", async (int id, DeadlineBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.SetDeadlineAsync(id, body.Due, body.Version, ct, body.Reason), problems.Today)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("设定（或取消）问题解决时限；调整已设定的时限（延期）须填写理由 reason；逾期未解决的问题按亮灯规则亮灯");
        api.MapPut("/{id:int}/departments", async (int id, AssignBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.AssignAsync(id, body.Lead, body.Assisting ?? [], body.Version, ct), problems.Today)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("交办：牵头单位 lead 与配合单位 assisting（基础数据中的责任部门）");
        api.MapPost("/{id:int}/escalate", async (int id, EscalateBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.EscalateAsync(id, body.Level, body.Reason, body.Version, ct), problems.Today)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("调整协调层级（TaskForce 专班、JointMeeting 联席会议、Thematic 专题会议、Executive 常务会议），须填写理由");
        api.MapPost("/{id:int}/supervise", async (int id, SuperviseBody body, SuperviseProblems supervise, CancellationToken ct) =>
                TypedResults.Ok(NoticeDto.From(await supervise.IssueAsync(id, body.Due, body.Reason, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("对逾期未解决的问题下发督办单（新的督办时限、督办事由）");
        api.MapPost("/{id:int}/close-out", async (int id, ResolveBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.CloseOutAsync(id, body.Resolution, body.Version, ct), problems.Today)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("销号：责任部门已申请销号的问题，或调度中心确认已解决的问题（须填写办结情况）");
        api.MapGet("/supervision-settings", async (SuperviseProblems supervise, CancellationToken ct) => TypedResults.Ok(await supervise.SettingsAsync(ct)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("督办设置：是否每日自动督办、督办时限天数、逾期几次自动提级");
        api.MapPut("/supervision-settings", async (SettingsBody body, SuperviseProblems supervise, CancellationToken ct) =>
                TypedResults.Ok(await supervise.SaveSettingsAsync(body.AutoSupervise, body.NoticeDays, body.EscalateAfter, body.Version, ct)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("修改督办设置");

        api.MapGet("/inbox", async (bool? done, int? page, int? pageSize, AnswerProblems answer, CancellationToken ct) =>
                TypedResults.Ok(await answer.InboxAsync(done ?? false, page ?? 1, pageSize ?? 50, ct)))
            .RequireAuthorization(Policies.AnswerProblems)
            .WithSummary("本部门待办：牵头或配合的问题，逾期和临近时限的在前；done=true 为已办结");
        api.MapPost("/{id:int}/reply", async (int id, ReplyBody body, AnswerProblems answer, CancellationToken ct) =>
            {
                var action = await answer.ReplyAsync(id, body.Text, ct);
                return TypedResults.Ok(new TimelineEntry(action.Kind, action.At, action.By, null, action.Text, null, null, null));
            })
            .RequireAuthorization(Policies.AnswerProblems)
            .WithSummary("责任部门反馈办理情况（牵头或配合单位）");
        api.MapPost("/{id:int}/propose-close", async (int id, ResolveBody body, AnswerProblems answer, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await answer.ProposeCloseAsync(id, body.Resolution, body.Version, ct), answer.Today)))
            .RequireAuthorization(Policies.AnswerProblems)
            .WithSummary("牵头单位报告已办结、申请销号（由调度中心销号）");
        api.MapGet("/notices/{id:int}/document", async (int id, string? format, SupervisionDocument document, Core.Documents.OfficeConverter office, CancellationToken ct) =>
            {
                var (name, content) = await document.BuildAsync(id, ct);
                return await BulletinsApi.SendAsync(Path.ChangeExtension(name, null), content, format, office, ct);
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("督办单（Word 文档，公文格式），或 format=pdf 转换的 PDF（服务器装有 LibreOffice 时）；下载记入审计");
        api.MapPost("/notices/{id:int}/answer", async (int id, AnswerBody body, AnswerProblems answer, CancellationToken ct) =>
                TypedResults.Ok(NoticeDto.From(await answer.AnswerNoticeAsync(id, body.Answer, body.Version, ct))))
            .RequireAuthorization(Policies.AnswerProblems)
            .WithSummary("牵头单位反馈督办单");
        api.MapPost("/{id:int}/resolve", async (int id, ResolveBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.ResolveAsync(id, body.Resolution, body.Version, ct), problems.Today)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("问题办结，须填写办结情况");
        api.MapPost("/{id:int}/reopen", async (int id, ReopenBody body, ManageProblems problems, CancellationToken ct) =>
                TypedResults.Ok(ProblemDto.From(await problems.ReopenAsync(id, body.Version, ct, body.Reason), problems.Today)))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("重新打开已办结或已销号的问题（可填写理由）");
    }
}
