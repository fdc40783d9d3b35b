using Tiaodu.Core.Meetings;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>Meetings over HTTP: call one, assemble and edit its agenda, record decisions, mark it held, download its minutes; decisions followed until done.</summary>
internal static class MeetingsApi
{
    public sealed record TopicBody(string? Topic);

    public sealed record DecideBody(int? ItemId, string? Text, int? Owner, DateOnly? Due);

    public sealed record HoldBody(string? Summary, int Version);

    public sealed record DoneBody(string? Note, int Version);

    public sealed record MeetingDto(int Id, string Kind, string Title, int Session, int RegionId, DateOnly HeldOn, string? Place, string? Chair, string? Attendees,
        string Status, string? Summary, int Version)
    {
        public static MeetingDto From(Meeting m) => new(m.Id, m.Kind.ToString(), m.Title, m.Session, m.RegionId, m.HeldOn, m.Place, m.Chair, m.Attendees, m.Status.ToString(), m.Summary, m.Version);
    }

    public sealed record DetailDto(MeetingDto Meeting, string Region, IReadOnlyList<AgendaRow> Agenda, IReadOnlyList<DecisionRow> General);

    public sealed record DecisionDto(int Id, int MeetingId, int? ItemId, int? ProblemId, string Text, int? OwnerDepartmentId, DateOnly DueOn, string Status, DateOnly? DoneOn, string? DoneNote, int Version)
    {
        public static DecisionDto From(MeetingDecision d) => new(d.Id, d.MeetingId, d.ItemId, d.ProblemId, d.Text, d.OwnerDepartmentId, d.DueOn, d.Status.ToString(), d.DoneOn, d.DoneNote, d.Version);
    }

    public static void MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/meetings").WithTags("会议");
        api.MapGet("", async (int? page, int? pageSize, MeetingQueries queries, CancellationToken ct) =>
            {
                var (rows, total) = await queries.ListAsync(page ?? 1, pageSize ?? 50, ct);
                return TypedResults.Ok(new { rows, total });
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("管辖范围内各区域的会议（联席会议、专题会议、常务会议、调度会、推进会），新的在前");
        api.MapPost("", async (MeetingInput body, ManageMeetings meetings, CancellationToken ct) => TypedResults.Ok(MeetingDto.From(await meetings.CreateAsync(body, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("召开会议：类型 kind、区域 region、日期 heldOn、地点、主持人、出席人员；期数按区域、类型、年份自动编排");
        api.MapGet("/{id:int}", async (int id, MeetingQueries queries, CancellationToken ct) =>
            {
                var d = await queries.GetAsync(id, ct);
                return TypedResults.Ok(new DetailDto(MeetingDto.From(d.Meeting), d.Region, d.Agenda, d.General));
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("一次会议：议程（含提级到本层级的问题）及各议题的议定事项");
        api.MapPost("/{id:int}/agenda/assemble", async (int id, ManageMeetings meetings, CancellationToken ct) =>
                TypedResults.Ok(new { added = await meetings.AssembleAgendaAsync(id, ct) }))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("按会议层级汇集议题：本区域提级到该层级、尚未列入其他待开会议的未解决问题");
        api.MapPost("/{id:int}/agenda", async (int id, TopicBody body, ManageMeetings meetings, CancellationToken ct) =>
            {
                var item = await meetings.AddItemAsync(id, body.Topic, ct);
                return TypedResults.Ok(new { item.Id, item.Topic, item.SortOrder });
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("手工添加议题");
        api.MapDelete("/{id:int}/agenda/{itemId:int}", async (int id, int itemId, ManageMeetings meetings, CancellationToken ct) =>
            {
                await meetings.RemoveItemAsync(id, itemId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("移出议题（会议召开前，且尚无议定事项）");
        api.MapPost("/{id:int}/decisions", async (int id, DecideBody body, ManageMeetings meetings, CancellationToken ct) =>
                TypedResults.Ok(DecisionDto.From(await meetings.DecideAsync(id, body.ItemId, body.Text, body.Owner, body.Due, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("记录议定事项：议题 itemId（可不填）、内容、责任单位 owner、完成时限 due；针对问题的议题同时交办该单位并以此为问题解决时限");
        api.MapPost("/{id:int}/held", async (int id, HoldBody body, ManageMeetings meetings, CancellationToken ct) =>
                TypedResults.Ok(MeetingDto.From(await meetings.HoldAsync(id, body.Summary, body.Version, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("标记会议已召开（可填会议概要）；此后议程不再变动");
        api.MapGet("/{id:int}/minutes", async (int id, string? format, MeetingMinutes minutes, Core.Documents.OfficeConverter office, CancellationToken ct) =>
            {
                var (name, content) = await minutes.BuildAsync(id, ct);
                return await BulletinsApi.SendAsync(Path.ChangeExtension(name, null), content, format, office, ct);
            })
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("会议纪要（Word 文档，公文格式），或 format=pdf 转换的 PDF（服务器装有 LibreOffice 时）；下载记入审计");

        var decisions = app.MapGroup("/api/decisions").WithTags("会议");
        decisions.MapGet("", async (DecisionFilter? filter, int? page, int? pageSize, MeetingQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.DecisionsAsync(filter ?? DecisionFilter.Open, page ?? 1, pageSize ?? 50, ct)))
            .RequireAuthorization(Policies.ViewLedger)
            .WithSummary("议定事项跟踪：filter=Open 未完成（默认）、Overdue 逾期、Done 已完成、All；责任部门账号只看到本部门的");
        decisions.MapPost("/{id:int}/done", async (int id, DoneBody body, ManageMeetings meetings, CancellationToken ct) =>
                TypedResults.Ok(DecisionDto.From(await meetings.CompleteAsync(id, body.Note, body.Version, ct))))
            .RequireAuthorization(Policies.CarryOutDecisions)
            .WithSummary("报告议定事项已落实（责任单位或调度中心）；针对问题的议定事项随问题销号自动完成");
    }
}
