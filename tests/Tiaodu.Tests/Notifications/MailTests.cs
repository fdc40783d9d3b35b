using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
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

/// <summary>
/// A local SMTP server for the tests: speaks enough of RFC 5321 (EHLO with AUTH PLAIN/LOGIN, MAIL, RCPT, DATA,
/// QUIT), records every conversation, and refuses recipients at the domain "refused.test" with a 550.
/// </summary>
internal sealed class FakeSmtpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public FakeSmtpServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public sealed record Received(string From, string To, string? Auth, string Data);

    public ConcurrentQueue<Received> Mail { get; } = new();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
        await Say("220 fake.smtp ESMTP");
        string? from = null, to = null, auth = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            var upper = line.ToUpperInvariant();
            if (upper.StartsWith("EHLO", StringComparison.Ordinal))
            {
                await Say("250-fake.smtp");
                await Say("250-AUTH LOGIN PLAIN");
                await Say("250 8BITMIME");
            }
            else if (upper.StartsWith("AUTH PLAIN ", StringComparison.Ordinal))
            {
                auth = Encoding.UTF8.GetString(Convert.FromBase64String(line[11..])).Replace('\0', '|');
                await Say(auth == "|mailer|s3cret" ? "235 ok" : "535 authentication failed");
            }
            else if (upper.StartsWith("MAIL FROM:", StringComparison.Ordinal))
            {
                from = line[10..].Trim('<', '>');
                await Say("250 ok");
            }
            else if (upper.StartsWith("RCPT TO:", StringComparison.Ordinal))
            {
                to = line[8..].Trim('<', '>');
                await Say(to.EndsWith("@refused.test", StringComparison.Ordinal) ? "550 no such user" : "250 ok");
            }
            else if (upper == "DATA")
            {
                await Say("354 go ahead");
                var data = new StringBuilder();
                while (await reader.ReadLineAsync() is { } d && d != ".")
                {
                    data.Append(d).Append('\n');
                }

                Mail.Enqueue(new Received(from!, to!, auth, data.ToString()));
                await Say("250 queued");
            }
            else if (upper == "QUIT")
            {
                await Say("221 bye");
                return;
            }
            else
            {
                await Say("502 not implemented");
            }
        }
    }

    /// <summary>The decoded subject and body of a recorded message.</summary>
    public static (string Subject, string Body) Decode(string data)
    {
        var headerEnd = data.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = data[..headerEnd].Replace("\n ", " ", StringComparison.Ordinal).Split('\n');
        var subject = headers.First(h => h.StartsWith("Subject: ", StringComparison.Ordinal))[9..];
        var decoded = string.Concat(subject.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Encoding.UTF8.GetString(Convert.FromBase64String(w["=?UTF-8?B?".Length..^2]))));
        var body = Encoding.UTF8.GetString(Convert.FromBase64String(data[(headerEnd + 2)..].Replace("\n", "", StringComparison.Ordinal)));
        return (decoded, body);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Dispose();
        _stop.Dispose();
    }
}

/// <summary>E-mail over SMTP and who gets what: per-account choices over per-role defaults, the mail server's settings, the sender.</summary>
public sealed class MailTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    [Fact]
    public async Task The_client_speaks_smtp_with_an_encoded_subject_and_body_and_reports_a_refusal_as_permanent()
    {
        using var server = new FakeSmtpServer();
        var subject = "10月月报被退回：「长春净月高新区某项目」请补充形象进度，并核对本月完成投资与累计数\r\nBcc: evil@x.test";
        var body = "第一行\n.以点开头的一行\n第三行";
        await SmtpMailer.SendAsync("127.0.0.1", server.Port, MailSecurity.None, "mailer", "s3cret",
            new OutgoingMail("dispatch@ccdrc.test", "调度中心", "zhang.san@ccdrc.test", subject, body), TimeSpan.FromSeconds(10), CancellationToken.None);
        server.Mail.TryDequeue(out var mail).ShouldBeTrue();
        mail!.From.ShouldBe("dispatch@ccdrc.test");
        mail.To.ShouldBe("zhang.san@ccdrc.test");
        mail.Auth.ShouldBe("|mailer|s3cret");
        mail.Data.ShouldNotContain("Bcc:");
        var (s, b) = FakeSmtpServer.Decode(mail.Data);
        s.ShouldBe(subject.ReplaceLineEndings(" "));
        b.ShouldBe(body.ReplaceLineEndings("\r\n"));

        var refused = await Should.ThrowAsync<MailDeliveryException>(() => SmtpMailer.SendAsync("127.0.0.1", server.Port, MailSecurity.None, null, null,
            new OutgoingMail("dispatch@ccdrc.test", null, "nobody@refused.test", "主题", "正文"), TimeSpan.FromSeconds(10), CancellationToken.None));
        refused.Permanent.ShouldBeTrue();
        refused.Message.ShouldContain("550");

        var wrongPassword = await Should.ThrowAsync<MailDeliveryException>(() => SmtpMailer.SendAsync("127.0.0.1", server.Port, MailSecurity.None, "mailer", "wrong",
            new OutgoingMail("dispatch@ccdrc.test", null, "zhang.san@ccdrc.test", "主题", "正文"), TimeSpan.FromSeconds(10), CancellationToken.None));
        wrongPassword.Message.ShouldContain("登录失败");

        // Nobody listening: a failure worth retrying.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        (await Should.ThrowAsync<MailDeliveryException>(() => SmtpMailer.SendAsync("127.0.0.1", port, MailSecurity.None, null, null,
            new OutgoingMail("dispatch@ccdrc.test", null, "zhang.san@ccdrc.test", "主题", "正文"), TimeSpan.FromSeconds(10), CancellationToken.None))).Permanent.ShouldBeFalse();
        SmtpMailer.IsValidAddress("a@b.cn").ShouldBeTrue();
        SmtpMailer.IsValidAddress("a@b.cn>\r\nRCPT TO:<c@d.cn").ShouldBeFalse();
        SmtpMailer.IsValidAddress("张三 <a@b.cn>").ShouldBeFalse();
    }

    private async Task<(int Project, int Report)> SubmittedReportAsync(string name, string reporter)
    {
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var project = await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 9_000m, NatureId = nature });
        await app.SetYearAsync(project.Id, 2026, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 100m });
        await app.CreateAccountAsync(reporter, [Role.EnterpriseReporter], projectIds: [project.Id]);
        using var client = app.ClientFor(reporter);
        await (await client.PutAsJsonAsync($"/api/projects/{project.Id}/reports/2026/10?submit=true", new ReportInput { InvestmentMonth = 10m }, Json.Options)).EnsureSuccessAsync();
        var report = await app.WithDbAsync(db => db.MonthlyReports.SingleAsync(r => r.ProjectId == project.Id));
        return (project.Id, report.Id);
    }

    private async Task ReturnAsync(int report)
    {
        using var office = app.Api();
        var version = await app.WithDbAsync(db => db.MonthlyReports.Where(r => r.Id == report).Select(r => r.Version).SingleAsync());
        await (await office.PostAsJsonAsync($"/api/reports/{report}/return", new { version, reason = "请补充形象进度" }, Json.Options)).EnsureSuccessAsync();
    }

    private Task<int> AccountIdAsync(string name) => app.WithDbAsync(db => db.Accounts.Where(a => a.UserName == name).Select(a => a.Id).SingleAsync());

    [Fact]
    public async Task Each_account_gets_its_notices_the_way_it_chose_or_as_its_roles_say_and_the_sender_delivers_the_emails()
    {
        using var server = new FakeSmtpServer();
        using var admin = await app.AdminClientAsync(Role.SystemAdmin);
        var mail = await admin.GetFromJsonAsync<JsonElement>("/api/admin/notices/mail", Json.Options);
        var enableWithoutServer = await admin.PutAsJsonAsync("/api/admin/notices/mail", new { enabled = true, port = 25, security = "None", version = mail.GetProperty("version").GetInt32() }, Json.Options);
        enableWithoutServer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await enableWithoutServer.Content.ReadAsStringAsync()).ShouldContain("须填写邮件服务器和发件地址");
        await (await admin.PutAsJsonAsync("/api/admin/notices/mail", new
        {
            enabled = true, host = "127.0.0.1", port = server.Port, security = "None", userName = "mailer", password = "s3cret", fromAddress = "dispatch@ccdrc.test",
            fromName = "调度中心", siteUrl = "http://10.0.0.8:5080/", version = mail.GetProperty("version").GetInt32(),
        }, Json.Options)).EnsureSuccessAsync();
        var saved = await admin.GetStringAsync("/api/admin/notices/mail");
        saved.ShouldNotContain("s3cret");
        saved.ShouldContain("\"hasPassword\":true");
        var test = await admin.PostAsJsonAsync("/api/admin/notices/mail/test", new { to = "admin@ccdrc.test" }, Json.Options);
        (await test.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString()!.ShouldStartWith("测试邮件已发出");
        server.Mail.TryDequeue(out var testMail).ShouldBeTrue();
        testMail!.To.ShouldBe("admin@ccdrc.test");

        // The reporter chooses e-mail only for returned reports; an address is required first, and must look like one.
        var (_, first) = await SubmittedReportAsync("邮件提醒测试甲项目", "mail.reporter");
        using var reporter = app.ClientFor("mail.reporter");
        var choice = new[] { new TopicInput(NoticeTopic.ReportReturned, false, false, true) };
        (await reporter.PutAsJsonAsync("/api/notices/settings", new { topics = choice }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await reporter.PutAsJsonAsync("/api/notices/settings", new { email = "不是邮箱", topics = choice }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await (await reporter.PutAsJsonAsync("/api/notices/settings", new { email = "li.si@company.test", topics = choice }, Json.Options)).EnsureSuccessAsync();
        var mine = await reporter.GetFromJsonAsync<JsonElement>("/api/notices/settings", Json.Options);
        mine.GetProperty("maskedEmail").GetString().ShouldBe("l****@company.test");

        await ReturnAsync(first);
        var me = await AccountIdAsync("mail.reporter");
        (await app.WithDbAsync(db => db.Notices.CountAsync(n => n.AccountId == me))).ShouldBe(0);
        (await app.WithDbAsync(db => db.MailMessages.CountAsync(m => m.AccountId == me && m.Status == MailStatus.Pending))).ShouldBe(1);
        (await app.Services.GetRequiredService<OutboxSender>().SendDueMailAsync(CancellationToken.None)).ShouldBe(1);
        server.Mail.TryDequeue(out var returned).ShouldBeTrue();
        returned!.To.ShouldBe("li.si@company.test");
        var (subject, body) = FakeSmtpServer.Decode(returned.Data);
        subject.ShouldBe("10月月报被退回");
        body.ShouldContain("请补充形象进度");
        body.ShouldContain("http://10.0.0.8:5080/projects/");
        (await app.WithDbAsync(db => db.MailMessages.SingleAsync(m => m.AccountId == me))).Status.ShouldBe(MailStatus.Sent);

        // A second reporter made no choice: the role's default applies — first in-app only, then e-mail as the administrator set it.
        var (_, second) = await SubmittedReportAsync("邮件提醒测试乙项目", "mail.reporter2");
        using var reporter2 = app.ClientFor("mail.reporter2");
        await (await reporter2.PutAsJsonAsync("/api/notices/settings", new { email = "wang.wu@company.test", topics = Array.Empty<TopicInput>() }, Json.Options)).EnsureSuccessAsync();
        var defaults = (await admin.GetFromJsonAsync<List<RoleTopicInput>>("/api/admin/notices/roles", Json.Options))!;
        defaults.ShouldNotContain(d => d.Role == Role.SystemAdmin);
        await (await admin.PutAsJsonAsync("/api/admin/notices/roles",
            defaults.Select(d => d.Role == Role.EnterpriseReporter && d.Topic == NoticeTopic.ReportReturned ? d with { InApp = true, Email = true } : d).ToList(), Json.Options)).EnsureSuccessAsync();
        await ReturnAsync(second);
        var other = await AccountIdAsync("mail.reporter2");
        (await app.WithDbAsync(db => db.Notices.CountAsync(n => n.AccountId == other))).ShouldBe(1);
        (await app.WithDbAsync(db => db.MailMessages.CountAsync(m => m.AccountId == other))).ShouldBe(1);

        // The address stored is encrypted, and the audit trail shows it masked.
        var stored = await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == other).Select(a => a.Email).SingleAsync());
        stored.ShouldNotBeNull();
        stored.ShouldNotContain("wang.wu");
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.After != null && a.After.Contains("wang.wu")))).ShouldBe(0);

        // Mail switched off: nothing more is queued, the account still gets its in-app notice.
        var current = await admin.GetFromJsonAsync<JsonElement>("/api/admin/notices/mail", Json.Options);
        await (await admin.PutAsJsonAsync("/api/admin/notices/mail", new
        {
            enabled = false, host = "127.0.0.1", port = server.Port, security = "None", userName = "mailer", fromAddress = "dispatch@ccdrc.test", version = current.GetProperty("version").GetInt32(),
        }, Json.Options)).EnsureSuccessAsync();
        var (_, third) = await SubmittedReportAsync("邮件提醒测试丙项目", "mail.reporter3");
        using (var reporter3 = app.ClientFor("mail.reporter3"))
        {
            await (await reporter3.PutAsJsonAsync("/api/notices/settings", new { email = "zhao.liu@company.test", topics = Array.Empty<TopicInput>() }, Json.Options)).EnsureSuccessAsync();
        }

        await ReturnAsync(third);
        var third3 = await AccountIdAsync("mail.reporter3");
        (await app.WithDbAsync(db => db.MailMessages.CountAsync(m => m.AccountId == third3))).ShouldBe(0);
        (await app.WithDbAsync(db => db.Notices.CountAsync(n => n.AccountId == third3))).ShouldBe(1);

        // The queued e-mail of the second reporter is given up at once, with the reason, while the server is off.
        await app.Services.GetRequiredService<OutboxSender>().SendDueMailAsync(CancellationToken.None);
        var given = await app.WithDbAsync(db => db.MailMessages.SingleAsync(m => m.AccountId == other));
        given.Status.ShouldBe(MailStatus.Failed);
        given.LastError.ShouldBe("邮件服务器未启用");

        // Only the system administrator sets the server and the role defaults.
        using var office = app.Api();
        (await office.GetAsync("/api/admin/notices/mail")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await office.PutAsJsonAsync("/api/admin/notices/roles", defaults, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Publishing_a_round_tells_the_office_and_leaders_whose_jurisdiction_meets_the_region()
    {
        await app.CreateAccountAsync("round.notice.city", [Role.CityLeader], "220100");
        await app.CreateAccountAsync("round.notice.district", [Role.DistrictLeader], "220104");
        await app.CreateAccountAsync("round.notice.elsewhere", [Role.DistrictLeader], "220106");
        using var office = app.Api();
        var taken = await (await office.PostAsJsonAsync("/api/dispatch/rounds", new { year = 2026, month = 10, half = 2, region = "220104" }, Json.Options)).Content.ReadFromJsonAsync<JsonElement>();
        await (await office.PostAsJsonAsync($"/api/dispatch/rounds/{taken.GetProperty("id").GetInt32()}/publish", new { version = taken.GetProperty("version").GetInt32() }, Json.Options)).EnsureSuccessAsync();
        foreach (var (who, count) in new[] { ("round.notice.city", 1), ("round.notice.district", 1), ("round.notice.elsewhere", 0) })
        {
            var id = await AccountIdAsync(who);
            (await app.WithDbAsync(db => db.Notices.CountAsync(n => n.AccountId == id && n.Title.Contains("2026年10月下半月调度已发布")))).ShouldBe(count, who);
        }
    }
}
