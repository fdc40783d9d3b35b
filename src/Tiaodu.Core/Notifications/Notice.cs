namespace Tiaodu.Core.Notifications;

/// <summary>An in-app notice to one account: what happened, where to look, whether it was read.</summary>
public sealed class Notice
{
    public const int TitleLength = 100;
    public const int BodyLength = 1000;

    public long Id { get; private set; }
    public int AccountId { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";

    /// <summary>A local path to open ("/projects/12/reports/2026/11"); never an outside address.</summary>
    public string? Link { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime? ReadAt { get; private set; }

    private Notice()
    {
    }

    public Notice(int accountId, string title, string body, string? link, DateTime at)
    {
        AccountId = accountId;
        Title = title.Length <= TitleLength ? title : title[..TitleLength];
        Body = body.Length <= BodyLength ? body : body[..BodyLength];
        Link = link is { Length: > 0 } l && l.StartsWith('/') && !l.StartsWith("//", StringComparison.Ordinal) ? l : null;
        CreatedAt = at;
    }

    public void MarkRead(DateTime at) => ReadAt ??= at;
}

public enum ChannelKind
{
    /// <summary>企业微信群机器人.</summary>
    WeCom,

    /// <summary>钉钉群机器人 (加签 when a secret is set).</summary>
    DingTalk,

    /// <summary>飞书群机器人 (签名校验 when a secret is set).</summary>
    Feishu,
}

/// <summary>A group robot the dispatch office sends summaries to (deadline reminders, red lights), for a region's subtree or everywhere.</summary>
public sealed class NotificationChannel
{
    public const int NameLength = 50;
    public const int UrlLength = 500;

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public ChannelKind Kind { get; private set; }
    public string WebhookUrl { get; private set; } = "";

    /// <summary>The robot's signing secret, encrypted like personal data; null when the robot does not sign.</summary>
    public string? Secret { get; private set; }

    public int? RegionId { get; private set; }
    public bool Enabled { get; private set; } = true;
    public int Version { get; private set; }

    private NotificationChannel()
    {
    }

    public NotificationChannel(string name, ChannelKind kind, string webhookUrl, string? secret, int? regionId)
    {
        (Name, Kind, WebhookUrl, Secret, RegionId, Version) = (name, kind, webhookUrl, secret, regionId, 1);
    }

    public void Change(string name, string webhookUrl, string? secret, int? regionId, bool enabled)
    {
        (Name, WebhookUrl, Secret, RegionId, Enabled) = (name, webhookUrl, secret, regionId, enabled);
        Version++;
    }
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// A message waiting to leave: written in the same transaction as what caused it, sent by the background
/// sender, retried with growing delays, and kept with its answer for the administrators.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxAttempts = 6;

    public long Id { get; private set; }
    public int ChannelId { get; private set; }
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";
    public OutboxStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public string? LastError { get; private set; }
    public int Version { get; private set; }

    private OutboxMessage()
    {
    }

    public OutboxMessage(int channelId, string title, string text, DateTime at) =>
        (ChannelId, Title, Text, Status, CreatedAt, NextAttemptAt, Version) = (channelId, title, text.Length <= 4000 ? text : text[..4000], OutboxStatus.Pending, at, at, 1);

    public void Sent(DateTime at)
    {
        (Status, SentAt, LastError) = (OutboxStatus.Sent, at, null);
        Attempts++;
        Version++;
    }

    public void Failed(string error, DateTime at)
    {
        Attempts++;
        LastError = error.Length <= 1000 ? error : error[..1000];
        Status = Attempts >= MaxAttempts ? OutboxStatus.Failed : OutboxStatus.Pending;
        NextAttemptAt = at.AddMinutes(Math.Pow(2, Attempts));
        Version++;
    }
}
