using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Notifications;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Reports;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Notifications;

namespace Tiaodu.Tests.Notifications;

/// <summary>A local stand-in for the robots' webhook servers: records each request and answers like the robot.</summary>
internal sealed class FakeRobotServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public FakeRobotServer()
    {
        BaseUrl = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public ConcurrentQueue<(string PathAndQuery, string Body)> Received { get; } = new();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Url!.PathAndQuery;
            Received.Enqueue((path, body));
            var answer = path.Contains("refuse", StringComparison.Ordinal) ? "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}"
                : path.Contains("feishu", StringComparison.Ordinal) ? "{\"code\":0,\"msg\":\"success\"}"
                : "{\"errcode\":0,\"errmsg\":\"ok\"}";
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
    }
}

/// <summary>Notices, deadline reminders once a month across instances, robot messages in their real formats, retries.</summary>
public sealed class NotificationTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    [Fact]
    public async Task Deadline_reminders_reach_reporters_and_every_robot_in_its_own_format_once()
    {
        using var robots = new FakeRobotServer();
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var project = await app.CreateProjectAsync(new ProjectDetails { Name = "消息提醒测试项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 9_000m, NatureId = nature });
        await app.SetYearAsync(project.Id, 2026, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 100m });
        await app.CreateAccountAsync("notice.enterprise", [Role.EnterpriseReporter], projectIds: [project.Id]);

        using var office = app.Api();
        async Task Channel(string name, string kind, string path, string? secret, string? region = null) =>
            await (await office.PostAsJsonAsync("/api/channels", new { name, kind, webhookUrl = robots.BaseUrl + path, secret, regionKey = region, enabled = true, version = 0 }, Json.Options)).EnsureSuccessAsync();
        await Channel("企业微信调度群", "WeCom", "cgi-bin/webhook/send?key=abc", null);
        await Channel("钉钉调度群", "DingTalk", "robot/send?access_token=xyz", "SECdingtalk-secret");
        await Channel("飞书调度群", "Feishu", "open-apis/bot/v2/hook/feishu", "feishu-secret");
        await Channel("拒收的群", "DingTalk", "robot/refuse", null);
        await Channel("净月区群", "WeCom", "cgi-bin/webhook/send?key=jingyue", null, "220172");
        (await office.PostAsJsonAsync("/api/channels", new { name = "坏地址", kind = "WeCom", webhookUrl = "ftp://x", enabled = true, version = 0 }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // 22 November is within three days of the 25th: reminders are due; two instances, one sending.
        await using var second = app.StartSecondInstance();
        var jobs = new[] { app.Services.GetRequiredService<ReminderJob>(), second.Services.GetRequiredService<ReminderJob>() };
        var ran = await Task.WhenAll(jobs.Select(j => j.RunOnceAsync(CancellationToken.None)));
        ran.Count(r => r).ShouldBe(1);
        (await jobs[0].RunOnceAsync(CancellationToken.None)).ShouldBeFalse("this month's reminders are sent");

        using var enterprise = app.ClientFor("notice.enterprise");
        var notices = (await enterprise.GetFromJsonAsync<JsonElement>("/api/notices?unread=true", Json.Options));
        notices.GetProperty("unread").GetInt32().ShouldBe(1);
        notices.GetProperty("items")[0].GetProperty("link").GetString().ShouldBe($"/projects/{project.Id}/reports/2026/11");

        var sent = await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        sent.ShouldBe(3, "three robots take it; the one for 净月 has nothing of its region, the refusing one fails");
        var received = robots.Received.ToList();
        var wecom = received.Single(r => r.PathAndQuery.Contains("key=abc", StringComparison.Ordinal));
        using (var doc = JsonDocument.Parse(wecom.Body))
        {
            doc.RootElement.GetProperty("msgtype").GetString().ShouldBe("markdown");
            doc.RootElement.GetProperty("markdown").GetProperty("content").GetString()!.ShouldContain("2026年11月月报截止提醒");
            doc.RootElement.GetProperty("markdown").GetProperty("content").GetString()!.ShouldContain("消息提醒测试项目");
        }

        var ding = received.Single(r => r.PathAndQuery.StartsWith("/robot/send", StringComparison.Ordinal));
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(robots.BaseUrl.TrimEnd('/') + ding.PathAndQuery).Query);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("SECdingtalk-secret"), Encoding.UTF8.GetBytes(query["timestamp"] + "\n" + "SECdingtalk-secret")));
        query["sign"].ShouldBe(expected);
        JsonDocument.Parse(ding.Body).RootElement.GetProperty("markdown").GetProperty("title").GetString().ShouldBe("2026年11月月报截止提醒");

        var feishu = received.Single(r => r.PathAndQuery.Contains("feishu", StringComparison.Ordinal));
        using (var doc = JsonDocument.Parse(feishu.Body))
        {
            doc.RootElement.GetProperty("msg_type").GetString().ShouldBe("text");
            var ts = doc.RootElement.GetProperty("timestamp").GetString()!;
            doc.RootElement.GetProperty("sign").GetString().ShouldBe(Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ts + "\n" + "feishu-secret"), Array.Empty<byte>())));
        }

        var refused = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => db.NotificationChannels.Any(c => c.Id == m.ChannelId && c.Name == "拒收的群")));
        refused.Status.ShouldBe(OutboxStatus.Pending, "retried later");
        refused.Attempts.ShouldBe(1);
        refused.LastError!.ShouldContain("310000");
        (await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => db.NotificationChannels.Any(c => c.Id == m.ChannelId && c.Name == "净月区群")))).ShouldBe(0);

        // The channel list never shows a secret.
        var listed = await office.GetStringAsync("/api/channels");
        listed.ShouldNotContain("feishu-secret");
        listed.ShouldNotContain("SECdingtalk-secret");
    }

    [Fact]
    public async Task A_returned_report_tells_its_submitter_why()
    {
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var project = await app.CreateProjectAsync(new ProjectDetails { Name = "消息退回测试项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 9_000m, NatureId = nature });
        await app.SetYearAsync(project.Id, 2026, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 100m });
        await app.CreateAccountAsync("notice.reporter", [Role.EnterpriseReporter], projectIds: [project.Id]);
        using var reporter = app.ClientFor("notice.reporter");
        await (await reporter.PutAsJsonAsync($"/api/projects/{project.Id}/reports/2026/10?submit=true", new ReportInput { InvestmentMonth = 10m }, Json.Options)).EnsureSuccessAsync();
        var report = await app.WithDbAsync(db => db.MonthlyReports.SingleAsync(r => r.ProjectId == project.Id));
        using var office = app.Api();
        await (await office.PostAsJsonAsync($"/api/reports/{report.Id}/return", new { version = report.Version, reason = "请补充形象进度" }, Json.Options)).EnsureSuccessAsync();

        var notices = await reporter.GetFromJsonAsync<JsonElement>("/api/notices", Json.Options);
        var first = notices.GetProperty("items")[0];
        first.GetProperty("title").GetString().ShouldBe("10月月报被退回");
        first.GetProperty("body").GetString()!.ShouldContain("请补充形象进度");
        (await reporter.PostAsJsonAsync("/api/notices/read", new { id = (long?)null }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await reporter.GetFromJsonAsync<JsonElement>("/api/notices", Json.Options)).GetProperty("unread").GetInt32().ShouldBe(0);
    }
}
