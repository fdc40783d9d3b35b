using Tiaodu.Core;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>
/// Accountability over HTTP: projects breaking the 包保领导 / 服务秘书 rules, the 企业服务日 calendar and its
/// iCalendar feed, service officers' visit logs and their compliance, leaders' visits to companies, task forces.
/// </summary>
internal static class AccountabilityApi
{
    public sealed record LogBody(ServiceLogKind Kind, DateOnly? On, string? Note, IReadOnlyList<RaisedProblem>? Problems);

    public sealed record LogDto(int Id, int ProjectId, ServiceLogKind Kind, DateOnly On, string Note, int? OfficerId, string RecordedBy, DateTime RecordedAt, int Version)
    {
        public static LogDto From(ServiceLog l) => new(l.Id, l.ProjectId, l.Kind, l.On, l.Note, l.OfficerId, l.RecordedBy, l.RecordedAt, l.Version);
    }

    public sealed record CorrectionBody(ServiceLogKind Kind, DateOnly? On, string? Note, int Version);

    public sealed record PlanBody(int ProjectId, int? LeaderId, DateOnly? On, string? Purpose);

    public sealed record DoneBody(string? Note, IReadOnlyList<RaisedProblem>? Problems, int Version);

    public sealed record CancelBody(string? Reason, int Version);

    public sealed record VisitDto(int Id, int ProjectId, int LeaderId, DateOnly On, string Purpose, VisitStatus Status, string? Note, int Version)
    {
        public static VisitDto From(LeaderVisit v) => new(v.Id, v.ProjectId, v.LeaderId, v.On, v.Purpose, v.Status, v.Note, v.Version);
    }

    public sealed record TaskForceBody(string? Name, int? RegionId, int? LeaderId, string? Duty, bool? IsActive, int Version);

    public sealed record MemberBody(int? PersonId, int? AccountId, string? Duty);

    public sealed record FollowBody(int ProjectId);

    public sealed record TaskForceDto(int Id, string Name, int RegionId, int? LeaderId, string? Duty, bool IsActive, int Version)
    {
        public static TaskForceDto From(TaskForce t) => new(t.Id, t.Name, t.RegionId, t.LeaderId, t.Duty, t.IsActive, t.Version);
    }

    /// <summary>The address calendar apps subscribe to, as the user reached this site (behind the proxy: https).</summary>
    internal static string SubscriptionUrl(HttpRequest request, string secret) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/api/service-days/subscription/{secret}.ics";

    public static void MapAccountabilityApi(this IEndpointRouteBuilder app)
    {
        var gaps = app.MapGroup("/api/accountability").WithTags("包保责任");
        gaps.MapGet("/gaps", async (GapKind? kind, string? region, string? q, int? page, int? pageSize, AccountabilityGaps query, CancellationToken ct) =>
                TypedResults.Ok(await query.ListAsync(kind ?? GapKind.Leader, region, q, page ?? 1, pageSize ?? 50, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("未落实包保责任的项目：kind=Leader 10亿元以上无（在岗）包保领导，kind=Officer 5000万元以上无（在岗）服务秘书；按总投资从大到小");
        gaps.MapGet("/gaps/export", (string? region, string? q, string? format, ExportAccountabilityGaps export, CancellationToken ct) =>
                ExportFile.SendAsync(format, (kind, buffer) => export.HandleAsync(region, q, kind, buffer, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("导出包保责任落实情况表（两类问题分组；format=xlsx 或 csv）；导出记入审计");

        var days = app.MapGroup("/api/service-days").WithTags("企业服务日");
        days.MapGet("/", async (int? year, int? month, ServiceCalendar calendar, TimeProvider clock, CancellationToken ct) =>
            {
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                return TypedResults.Ok(await calendar.MonthAsync(year ?? today.Year, month ?? today.Month, ct));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("某月的企业服务日（每月第一、第三个星期二）及当月安排的领导走访（管辖范围内的项目）；默认本月");
        days.MapGet("/calendar.ics", (int? from, int? to, ServiceCalendar calendar, TimeProvider clock) =>
            {
                var year = DateOnly.FromDateTime(clock.GetLocalNow().DateTime).Year;
                var text = calendar.Feed(from ?? year, to ?? from ?? year + 1);
                return Results.Text(text, "text/calendar; charset=utf-8", System.Text.Encoding.UTF8);
            })
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("企业服务日 iCalendar 日历（RFC 5545；from、to 为起止年份，最多5年，默认今明两年）；需登录");

        days.MapGet("/subscription/{token}.ics", async (string token, CalendarSubscription subscriptions, TiaoduDb db, HttpContext http, IServiceProvider services, TimeProvider clock, CancellationToken ct) =>
            {
                var account = await subscriptions.FindAsync(token, ct) ?? throw new NotFoundException("订阅链接无效或已停用");
                var reader = new AccountUser(await AccountAccess.LoadAsync(db, account, ct));
                var calendar = new ServiceCalendar(ActivatorUtilities.CreateInstance<LeaderVisits>(services, reader), clock);
                var year = DateOnly.FromDateTime(clock.GetLocalNow().DateTime).Year;
                var text = await calendar.PersonalFeedAsync(year - 1, year + 1, reader.Has(Permission.ViewLedger), ct);
                http.Response.Headers.CacheControl = "private, no-store";
                return Results.Text(text, "text/calendar; charset=utf-8", System.Text.Encoding.UTF8);
            })
            .AllowAnonymous()
            .WithSummary("日历订阅链接（供手机和电脑日历应用订阅，无需登录）：去年至明年的企业服务日，以及订阅账号管辖范围内安排或已完成的领导走访；链接在“我的账号”生成");

        var link = app.MapGroup("/api/me/calendar-link").WithTags("企业服务日");
        link.MapPost("/", async (CurrentUser user, CalendarSubscription subscriptions, HttpContext http, CancellationToken ct) =>
            {
                var secret = await subscriptions.RenewAsync(user.AccountId ?? throw new ForbiddenException("需要登录账号"), ct);
                return TypedResults.Ok(new { Url = SubscriptionUrl(http.Request, secret) });
            })
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("生成本人的日历订阅链接（只显示这一次；原有链接随即失效）");
        link.MapDelete("/", async (CurrentUser user, CalendarSubscription subscriptions, CancellationToken ct) =>
            {
                await subscriptions.RemoveAsync(user.AccountId ?? throw new ForbiddenException("需要登录账号"), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("停用本人的日历订阅链接");

        var logs = app.MapGroup("/api").WithTags("服务秘书走访");
        logs.MapGet("/projects/{id:int}/service-logs", async (int id, int? take, ManageServiceLogs manage, CancellationToken ct) =>
                TypedResults.Ok((await manage.ForProjectAsync(id, take ?? 100, ct)).Logs.Select(l => new
                {
                    l.Id, l.Kind, l.On, l.Note, l.Officer, l.RecordedBy, l.RecordedAt, l.Version,
                    Photos = l.Photos.Select(f => f.Id), Problems = l.Problems.Select(p => p.Id),
                })))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("项目的服务秘书走访/联系记录（新的在前），含照片编号和提出的问题编号");
        logs.MapPost("/projects/{id:int}/service-logs", async (int id, LogBody body, ManageServiceLogs manage, CancellationToken ct) =>
                TypedResults.Ok(LogDto.From(await manage.RecordAsync(id, body.Kind, body.On, body.Note, body.Problems ?? [], ct))))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("记录走访：kind=SiteVisit 现场走访、Contact 电话/微信联系；日期、情况，可同时提出问题（categoryId、description）；项目的服务秘书或可填报进度的人员");
        logs.MapPut("/service-logs/{id:int}", async (int id, CorrectionBody body, ManageServiceLogs manage, CancellationToken ct) =>
                TypedResults.Ok(LogDto.From(await manage.CorrectAsync(id, body.Version, body.Kind, body.On, body.Note, ct))))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("更正走访记录的方式、日期和情况（version 为读到的版本，已被他人修改时 409）；照片和提出的问题不变；记入审计");
        logs.MapDelete("/service-logs/{id:int}", async (int id, int? version, ManageServiceLogs manage, CancellationToken ct) =>
            {
                await manage.RemoveAsync(id, version, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("删除误记的走访记录及其照片记录（?version=）；它提出的问题仍留在项目上；记入审计");
        logs.MapPost("/service-logs/{id:int}/photos", async (int id, IFormFile photo, IFormFile? thumb, ManageServiceLogs manage, CancellationToken ct) =>
            {
                var stored = await manage.AddPhotoAsync(id, photo.FileName, await photo.ReadAllBytesAsync(ct), thumb is null ? null : await thumb.ReadAllBytesAsync(ct), ct);
                return TypedResults.Created($"/api/service-log-photos/{stored.Id}", new { stored.Id, stored.FileName, stored.Size, stored.Sha256 });
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("上传走访照片（JPG/PNG；表单字段 photo，可附小图 thumb；每条记录最多9张）");
        logs.MapGet("/service-log-photos/{id:int}", async (int id, bool? thumb, ManageServiceLogs manage, Core.Files.FileStore files, CancellationToken ct) =>
            {
                var file = await manage.FindPhotoAsync(id, thumb ?? false, ct);
                return Results.File(files.Open(file), file.ContentType);
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("走访照片（thumb=true 取小图）");
        logs.MapGet("/service-logs/compliance", async (int? year, int? month, string? region, string? q, bool? behind, int? page, int? pageSize,
                ServiceCompliance compliance, TimeProvider clock, CancellationToken ct) =>
            {
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                return TypedResults.Ok(await compliance.ListAsync(year ?? today.Year, month ?? today.Month, region, q, behind ?? false, page ?? 1, pageSize ?? 50, ct));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("某月服务秘书履职情况：每半月至少现场走访一次、每周（周一至周日，周四所在月）至少联系一次；只计已结束的时段；缺得多的在前；behind=true 只列未达标的");

        var visits = app.MapGroup("/api/leader-visits").WithTags("领导走访");
        visits.MapGet("/", async (int? year, int? month, LeaderVisits manage, TimeProvider clock, CancellationToken ct) =>
            {
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                return TypedResults.Ok(await manage.InMonthAsync(year ?? today.Year, month ?? today.Month, ct));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("某月的领导走访企业安排（管辖范围内的项目）");
        visits.MapPost("/", async (PlanBody body, LeaderVisits manage, CancellationToken ct) =>
                TypedResults.Ok(VisitDto.From(await manage.PlanAsync(body.ProjectId, body.LeaderId, body.On, body.Purpose, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("安排领导走访企业（调度中心）：项目、领导、日期（一般为企业服务日）、事由");
        visits.MapPost("/{id:int}/done", async (int id, DoneBody body, LeaderVisits manage, CancellationToken ct) =>
                TypedResults.Ok(VisitDto.From(await manage.CompleteAsync(id, body.Note, body.Problems ?? [], body.Version, ct))))
            .RequireAuthorization(Policies.ReportProgress)
            .WithSummary("记录领导走访情况，可同时提出问题（企业服务日当天为「企业服务日」来源，否则为「领导交办」）");
        visits.MapPost("/{id:int}/cancel", async (int id, CancelBody body, LeaderVisits manage, CancellationToken ct) =>
                TypedResults.Ok(VisitDto.From(await manage.CancelAsync(id, body.Reason, body.Version, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("取消领导走访（须填写原因）");

        var forces = app.MapGroup("/api/task-forces").WithTags("专班");
        forces.MapGet("/", async (string? region, string? q, bool? retired, int? page, int? pageSize, ManageTaskForces manage, CancellationToken ct) =>
                TypedResults.Ok(await manage.ListAsync(region, q, retired ?? false, page ?? 1, pageSize ?? 50, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("专班列表：管辖区域内的专班，以及跟踪管辖范围内项目的专班；retired=true 含已撤销的");
        forces.MapGet("/{id:int}", async (int id, ManageTaskForces manage, CancellationToken ct) => TypedResults.Ok(await manage.GetAsync(id, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("专班：牵头领导、成员及职责分工、跟踪的项目（只列管辖范围内的，附本月亮灯）");
        forces.MapPost("/", async (TaskForceBody body, ManageTaskForces manage, CancellationToken ct) =>
                TypedResults.Ok(TaskForceDto.From(await manage.CreateAsync(new TaskForceInput(body.Name, body.RegionId, body.LeaderId, body.Duty), ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("新建专班（调度中心，区域须在管辖范围内）");
        forces.MapPut("/{id:int}", async (int id, TaskForceBody body, ManageTaskForces manage, CancellationToken ct) =>
                TypedResults.Ok(TaskForceDto.From(await manage.UpdateAsync(id, new TaskForceInput(body.Name, body.RegionId, body.LeaderId, body.Duty, body.IsActive ?? true), body.Version, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("修改专班名称、区域、牵头领导、职责；isActive=false 撤销");
        forces.MapPost("/{id:int}/members", async (int id, MemberBody body, ManageTaskForces manage, CancellationToken ct) =>
            {
                var member = await manage.AddMemberAsync(id, body.PersonId, body.AccountId, body.Duty, ct);
                return TypedResults.Ok(new { member.Id, member.PersonId, member.AccountId, member.Duty });
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("添加专班成员：personId（人员）或 accountId（账号）其一，及职责分工");
        forces.MapDelete("/{id:int}/members/{memberId:int}", async (int id, int memberId, ManageTaskForces manage, CancellationToken ct) =>
            {
                await manage.RemoveMemberAsync(id, memberId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("移除专班成员");
        forces.MapPost("/{id:int}/projects", async (int id, FollowBody body, ManageTaskForces manage, CancellationToken ct) =>
            {
                await manage.AddProjectAsync(id, body.ProjectId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("专班跟踪一个项目");
        forces.MapDelete("/{id:int}/projects/{projectId:int}", async (int id, int projectId, ManageTaskForces manage, CancellationToken ct) =>
            {
                await manage.RemoveProjectAsync(id, projectId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("专班不再跟踪该项目");
    }
}
