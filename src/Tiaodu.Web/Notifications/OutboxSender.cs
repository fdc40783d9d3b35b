using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Notifications;

namespace Tiaodu.Web.Notifications;

/// <summary>
/// Sends queued robot messages: takes each due message under its version (so two instances never send the
/// same one), posts it in the robot's format, records the answer, and retries failures with growing delays.
/// </summary>
public sealed class OutboxSender(IServiceScopeFactory scopes, IHttpClientFactory http, IConfiguration config, TimeProvider clock, ILogger<OutboxSender> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Jobs:Enabled", true))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
                await SendDueMailAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Sending queued messages failed; retried at the next round");
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Max(5, config.GetValue("Jobs:OutboxSeconds", 30))), clock, stoppingToken);
        }
    }

    /// <summary>Sends every message due now; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
        var personalData = scope.ServiceProvider.GetRequiredService<PersonalData>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now).OrderBy(m => m.Id).Take(50).Select(m => m.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var message = await db.OutboxMessages.FirstAsync(m => m.Id == id, ct);
            var channel = await db.NotificationChannels.AsNoTracking().FirstAsync(c => c.Id == message.ChannelId, ct);
            string? error;
            try
            {
                var secret = channel.Secret is null ? null : personalData.Reveal(channel.Secret);
                var (url, json) = RobotPayloads.Build(channel.Kind, channel.WebhookUrl, secret, message.Title, message.Text, clock.GetUtcNow());
                using var client = http.CreateClient(nameof(OutboxSender));
                using var response = await client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                error = response.IsSuccessStatusCode && RobotPayloads.Accepted(channel.Kind, body) ? null : $"HTTP {(int)response.StatusCode}: {body}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or System.Security.Cryptography.CryptographicException)
            {
                error = e.GetType().Name + ": " + e.Message;
            }

            if (error is null)
            {
                message.Sent(clock.GetUtcNow().UtcDateTime);
                sent++;
            }
            else
            {
                message.Failed(error, clock.GetUtcNow().UtcDateTime);
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance handled this message at the same time.
            }
        }

        return sent;
    }

    /// <summary>Sends every e-mail due now over the configured server; returns how many were sent.</summary>
    public async Task<int> SendDueMailAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
        var personalData = scope.ServiceProvider.GetRequiredService<PersonalData>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.MailMessages.Where(m => m.Status == MailStatus.Pending && m.NextAttemptAt <= now).OrderBy(m => m.Id).Take(50).Select(m => m.Id).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var settings = await db.MailSettings.AsNoTracking().FirstAsync(ct);
        var password = personalData.Reveal(settings.Password);
        var sent = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var message = await db.MailMessages.FirstAsync(m => m.Id == id, ct);
            if (message.Status != MailStatus.Pending || message.NextAttemptAt > now)
            {
                continue;
            }

            // Claimed before sending, so a second instance never sends the same e-mail.
            message.Claim(now.AddMinutes(10));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue;
            }

            var stored = await db.Accounts.Where(a => a.Id == message.AccountId).Select(a => a.Email).FirstOrDefaultAsync(ct);
            string? error = null;
            var final = false;
            if (!settings.Enabled || settings.Host is null || settings.FromAddress is null)
            {
                (error, final) = ("邮件服务器未启用", true);
            }
            else if (personalData.Reveal(stored) is not { } to)
            {
                (error, final) = ("账号未填写邮箱", true);
            }
            else
            {
                try
                {
                    await SmtpMailer.SendAsync(settings.Host, settings.Port, settings.Security, settings.UserName, password,
                        new OutgoingMail(settings.FromAddress, settings.FromName, to, message.Subject, message.Body), SmtpMailer.DefaultTimeout, ct);
                }
                catch (MailDeliveryException e)
                {
                    (error, final) = (e.Message, e.Permanent);
                }
            }

            if (error is null)
            {
                message.Sent(clock.GetUtcNow().UtcDateTime);
                sent++;
            }
            else
            {
                message.Failed(error, clock.GetUtcNow().UtcDateTime, final);
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance handled this message at the same time.
            }
        }

        return sent;
    }
}

/// <summary>Sends the report deadline reminders once a month (claimed per month across instances) from the reminder day on.</summary>
public sealed class ReminderJob(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<ReminderJob> log)
    : Infrastructure.ClaimedJob(scopes, config, clock, log)
{
    public const string Name = "reports.reminder";

    protected override string JobName => Name;

    protected override async Task<string?> DuePeriodAsync(IServiceProvider services, DateOnly today, CancellationToken ct)
    {
        var (isDue, year, month) = await services.GetRequiredService<SendReportReminders>().DueTodayAsync(ct);
        return isDue ? $"{year:0000}-{month:00}" : null;
    }

    protected override async Task<string> WorkAsync(IServiceProvider services, DateOnly today, CancellationToken ct)
    {
        var (projects, notices, messages) = await services.GetRequiredService<SendReportReminders>().HandleAsync(today.Year, today.Month, ct);
        return $"{today.Year}年{today.Month}月：{projects}个项目未报送，站内提醒{notices}条，群消息{messages}条";
    }
}
