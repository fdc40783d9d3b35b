using Tiaodu.Core.Notifications;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>Notices and group robots over HTTP.</summary>
internal static class NotificationsApi
{
    public sealed record ChannelDto(int Id, string Name, string Kind, string WebhookUrl, bool HasSecret, int? RegionId, bool Enabled, int Version)
    {
        public static ChannelDto From(NotificationChannel c) => new(c.Id, c.Name, c.Kind.ToString(), c.WebhookUrl, c.Secret is not null, c.RegionId, c.Enabled, c.Version);
    }

    public sealed record ReadBody(long? Id);

    public static void MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notices", async (bool? unread, int? page, NoticeQueries notices, CancellationToken ct) =>
                TypedResults.Ok(await notices.ListAsync(unread ?? false, page ?? 1, 50, ct)))
            .WithTags("消息").RequireAuthorization(Policies.SignedIn)
            .WithSummary("本人的站内消息（unread=true 只看未读）");

        app.MapPost("/api/notices/read", async (ReadBody body, NoticeQueries notices, CancellationToken ct) =>
            {
                await notices.MarkReadAsync(body.Id, ct);
                return TypedResults.NoContent();
            })
            .WithTags("消息").RequireAuthorization(Policies.SignedIn)
            .WithSummary("标记站内消息为已读（id 为空时全部标记）");

        var channels = app.MapGroup("/api/channels").WithTags("消息");
        channels.MapGet("/", async (ManageChannels manage, CancellationToken ct) => TypedResults.Ok((await manage.ListAsync(ct)).Select(ChannelDto.From).ToList()))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("群机器人推送渠道（企业微信、钉钉、飞书）；密钥只显示是否已设置");
        channels.MapPost("/", async (ManageChannels.ChannelInput body, ManageChannels manage, CancellationToken ct) =>
                TypedResults.Ok(ChannelDto.From(await manage.SaveAsync(null, body, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("新增群机器人（Webhook 地址、加签密钥、推送区域）");
        channels.MapPut("/{id:int}", async (int id, ManageChannels.ChannelInput body, ManageChannels manage, CancellationToken ct) =>
                TypedResults.Ok(ChannelDto.From(await manage.SaveAsync(id, body, ct))))
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("修改群机器人（密钥留空表示不变）");
        channels.MapPost("/{id:int}/test", async (int id, ManageChannels manage, CancellationToken ct) =>
            {
                await manage.TestAsync(id, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditLedger)
            .WithSummary("向群机器人发送一条测试消息（进入发送队列）");
    }
}
