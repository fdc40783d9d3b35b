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

    public sealed record MyNoticeBody(string? Email, List<TopicInput>? Topics);

    public sealed record TestMailBody(string? To);

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

        app.MapGet("/api/notices/settings", async (ManageNoticeSettings manage, CancellationToken ct) => TypedResults.Ok(await manage.MineAsync(ct)))
            .WithTags("消息").RequireAuthorization(Policies.SignedIn)
            .WithSummary("本人的提醒方式：各事项站内/邮件（own 为空表示沿用角色默认）与邮箱（脱敏）");

        app.MapPut("/api/notices/settings", async (MyNoticeBody body, ManageNoticeSettings manage, CancellationToken ct) =>
            {
                await manage.SaveMineAsync(body.Email, body.Topics ?? [], ct);
                return TypedResults.NoContent();
            })
            .WithTags("消息").RequireAuthorization(Policies.SignedIn)
            .WithSummary("保存本人的提醒方式与邮箱（email 为空字符串清除、不传则不变；followRoles=true 沿用角色默认）");

        var admin = app.MapGroup("/api/admin/notices").WithTags("消息");
        admin.MapGet("/roles", async (ManageNoticeSettings manage, CancellationToken ct) => TypedResults.Ok(await manage.RoleDefaultsAsync(ct)))
            .RequireAuthorization(Policies.ManageAccounts)
            .WithSummary("各角色各事项的默认提醒方式（系统管理员）");
        admin.MapPut("/roles", async (List<RoleTopicInput> body, ManageNoticeSettings manage, CancellationToken ct) =>
            {
                await manage.SaveRoleDefaultsAsync(body, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageAccounts)
            .WithSummary("保存角色默认提醒方式");
        admin.MapGet("/mail", async (ManageNoticeSettings manage, CancellationToken ct) => TypedResults.Ok(await manage.MailAsync(ct)))
            .RequireAuthorization(Policies.ManageAccounts)
            .WithSummary("邮件服务器设置（密码只显示是否已设置）与待发、失败邮件数");
        admin.MapPut("/mail", async (MailSettingsInput body, ManageNoticeSettings manage, CancellationToken ct) =>
            {
                await manage.SaveMailAsync(body, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageAccounts)
            .WithSummary("保存邮件服务器设置（password 不传则不变、空字符串清除）");
        admin.MapPost("/mail/test", async (TestMailBody body, ManageNoticeSettings manage, CancellationToken ct) =>
                TypedResults.Ok(new { result = await manage.TestMailAsync(body.To, ct) }))
            .RequireAuthorization(Policies.ManageAccounts)
            .WithSummary("用已保存的设置立即发送一封测试邮件，返回服务器的答复");

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
