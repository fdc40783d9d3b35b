using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tiaodu.Core.Notifications;

/// <summary>
/// The group robots' message formats: 企业微信 {"msgtype":"markdown","markdown":{"content"}}, 钉钉
/// {"msgtype":"markdown","markdown":{"title","text"}} with 加签 (timestamp and sign as URL parameters,
/// sign = Base64(HMAC-SHA256(secret, timestamp + "\n" + secret))), 飞书 {"msg_type":"text","content":{"text"}}
/// with timestamp and sign in the body (sign = Base64(HMAC-SHA256 keyed by timestamp + "\n" + secret over
/// nothing)). Timestamps: 钉钉 in milliseconds, 飞书 in seconds.
/// </summary>
public static class RobotPayloads
{
    public static (Uri Url, string Json) Build(ChannelKind kind, string webhookUrl, string? secret, string title, string text, DateTimeOffset now)
    {
        switch (kind)
        {
            case ChannelKind.WeCom:
                return (new Uri(webhookUrl), new JsonObject
                {
                    ["msgtype"] = "markdown",
                    ["markdown"] = new JsonObject { ["content"] = $"**{title}**\n{text}" },
                }.ToJsonString(Options));

            case ChannelKind.DingTalk:
            {
                var url = webhookUrl;
                if (!string.IsNullOrEmpty(secret))
                {
                    var timestamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                    var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
                    url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "timestamp=" + timestamp + "&sign=" + Uri.EscapeDataString(sign);
                }

                return (new Uri(url), new JsonObject
                {
                    ["msgtype"] = "markdown",
                    ["markdown"] = new JsonObject { ["title"] = title, ["text"] = $"### {title}\n{text}" },
                }.ToJsonString(Options));
            }

            default:
            {
                var body = new JsonObject
                {
                    ["msg_type"] = "text",
                    ["content"] = new JsonObject { ["text"] = title + "\n" + text },
                };
                if (!string.IsNullOrEmpty(secret))
                {
                    var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                    body["timestamp"] = timestamp;
                    body["sign"] = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(timestamp + "\n" + secret), Array.Empty<byte>()));
                }

                return (new Uri(webhookUrl), body.ToJsonString(Options));
            }
        }
    }

    /// <summary>Whether the robot's answer says the message was taken (all three answer 200 with an error code inside).</summary>
    public static bool Accepted(ChannelKind kind, string responseBody)
    {
        try
        {
            using var doc = JsonDocument.Parse(responseBody);
            var root = doc.RootElement;
            var code = kind == ChannelKind.Feishu
                ? root.TryGetProperty("code", out var c) ? c : root.TryGetProperty("StatusCode", out var s) ? s : default
                : root.TryGetProperty("errcode", out var e) ? e : default;
            return code.ValueKind == JsonValueKind.Number && code.GetInt32() == 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };
}
