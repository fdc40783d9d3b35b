using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reports;

namespace Tiaodu.Core.Notifications;

public sealed record NoticeList(IReadOnlyList<Notice> Items, int Total, int Unread, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The signed-in account's own notices.</summary>
public sealed class NoticeQueries(TiaoduDb db, ICurrentUser user, TimeProvider clock)
{
    public async Task<int> UnreadAsync(CancellationToken ct) =>
        user.AccountId is { } id ? await db.Notices.CountAsync(n => n.AccountId == id && n.ReadAt == null, ct) : 0;

    public async Task<NoticeList> ListAsync(bool unreadOnly, int page, int pageSize, CancellationToken ct)
    {
        var id = user.AccountId ?? -1;
        var mine = db.Notices.AsNoTracking().Where(n => n.AccountId == id);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var shown = unreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        pageSize = Math.Clamp(pageSize, 1, 100);
        var total = await shown.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var items = await shown.OrderByDescending(n => n.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new NoticeList(items, total, unread, page, pageSize);
    }

    /// <summary>Marks one notice (or, with null, all) of the account as read.</summary>
    public async Task MarkReadAsync(long? noticeId, CancellationToken ct)
    {
        var id = user.AccountId ?? -1;
        var now = clock.GetUtcNow().UtcDateTime;
        var notices = await db.Notices.Where(n => n.AccountId == id && n.ReadAt == null && (noticeId == null || n.Id == noticeId)).ToListAsync(ct);
        notices.ForEach(n => n.MarkRead(now));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Writes notices and outgoing robot messages in the caller's unit of work.</summary>
public sealed class Notifier(TiaoduDb db, TimeProvider clock)
{
    /// <summary>The accounts that answer for a project's reports: assigned accounts and the accounts of its service officer.</summary>
    public async Task<List<int>> ReportersOfAsync(int projectId, CancellationToken ct)
    {
        var officer = await db.Projects.Where(p => p.Id == projectId).Select(p => p.ServiceOfficerId).FirstOrDefaultAsync(ct);
        return await db.Accounts.Where(a => a.IsActive
                && (db.AccountProjects.Any(x => x.AccountId == a.Id && x.ProjectId == projectId) || (officer != null && a.PersonId == officer)))
            .Select(a => a.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Tells accounts about something, each the way it chose for the topic (or its roles' default): an in-app
    /// notice, an e-mail queued for the sender (when the account has an address and the mail server is on), both
    /// or neither. Returns how many accounts were reached either way.
    /// </summary>
    public async Task<int> NotifyAsync(NoticeTopic topic, IEnumerable<int> accountIds, string title, string body, string? link, CancellationToken ct)
    {
        var ids = accountIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var accounts = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id) && a.IsActive)
            .Select(a => new { a.Id, HasEmail = a.Email != null, Roles = a.Roles.Select(r => r.Role).ToList() }).ToListAsync(ct);
        var own = await db.AccountNoticeSettings.AsNoTracking().Where(s => s.Topic == topic && ids.Contains(s.AccountId)).ToDictionaryAsync(s => s.AccountId, ct);
        var roles = await db.RoleNoticeSettings.AsNoTracking().Where(s => s.Topic == topic).ToListAsync(ct);
        var mail = await db.MailSettings.AsNoTracking().FirstOrDefaultAsync(ct);
        var site = mail?.SiteUrl?.TrimEnd('/');
        var reached = 0;
        foreach (var a in accounts)
        {
            var delivery = NoticeTopics.Resolve(own.GetValueOrDefault(a.Id), roles.Where(r => a.Roles.Contains(r.Role)));
            if (delivery.InApp)
            {
                db.Notices.Add(new Notice(a.Id, title, body, link, now));
            }

            var emailed = delivery.Email && a.HasEmail && mail is { Enabled: true };
            if (emailed)
            {
                var text = body + (link is null ? "" : "\n\n" + (site is null ? "请登录重点项目调度平台查看：" + link : "查看：" + site + link))
                    + "\n\n——重点项目调度平台（本邮件由系统发送，请勿直接回复；可在“我的账号”中设置提醒方式）";
                db.MailMessages.Add(new MailMessage(a.Id, title, text, now));
            }

            reached += delivery.InApp || emailed ? 1 : 0;
        }

        return reached;
    }

    /// <summary>Queues a message for every enabled robot; <paramref name="text"/> gets the channel's region (null = all) to cut its content.</summary>
    public async Task<int> BroadcastAsync(string title, Func<int?, Task<string?>> text, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var queued = 0;
        foreach (var channel in await db.NotificationChannels.AsNoTracking().Where(c => c.Enabled).ToListAsync(ct))
        {
            if (await text(channel.RegionId) is { Length: > 0 } body)
            {
                db.OutboxMessages.Add(new OutboxMessage(channel.Id, title, body, now));
                queued++;
            }
        }

        return queued;
    }
}

/// <summary>
/// Reminds before the report deadline: every account answering for a project not yet reported gets a notice,
/// and each robot a summary of its region's missing reports. Run once a month by the scheduler, from the
/// reminder day (deadline minus the setting's days) on.
/// </summary>
public sealed class SendReportReminders(TiaoduDb db, Notifier notifier, TimeProvider clock)
{
    public async Task<(int Projects, int Notices, int Messages)> HandleAsync(int year, int month, CancellationToken ct)
    {
        var settings = await db.ReportSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new ReportSettings();
        var due = settings.DueDate(year, month);
        var missing = await (from y in db.ProjectYears.AsNoTracking()
                             join p in db.Projects.AsNoTracking() on y.ProjectId equals p.Id
                             where y.Year == year && !p.IsDeleted
                                   && !db.MonthlyReports.Any(r => r.ProjectId == p.Id && r.Year == year && r.Month == month
                                                                  && (r.Status == Ledger.ReportStatus.Submitted || r.Status == Ledger.ReportStatus.Approved))
                             select new { p.Id, p.Name, p.RegionId }).ToListAsync(ct);
        var notices = 0;
        foreach (var p in missing)
        {
            var accounts = await notifier.ReportersOfAsync(p.Id, ct);
            notices += await notifier.NotifyAsync(NoticeTopic.ReportReminder, accounts, $"{month}月月报将于{due.Month}月{due.Day}日截止",
                $"「{p.Name}」{month}月月报尚未报送，请在截止日前填报并提交。", $"/projects/{p.Id}/reports/{year}/{month}", ct);
        }

        var regions = await db.Regions.AsNoTracking().Select(r => new { r.Id, r.Path }).ToDictionaryAsync(r => r.Id, r => r.Path, ct);
        var messages = await notifier.BroadcastAsync($"{year}年{month}月月报截止提醒", async regionId =>
        {
            var prefix = regionId is { } r && regions.TryGetValue(r, out var path) ? path : null;
            var mine = missing.Where(p => prefix is null || (regions.TryGetValue(p.RegionId, out var pp) && pp.StartsWith(prefix, StringComparison.Ordinal))).ToList();
            await Task.CompletedTask;
            return mine.Count == 0 ? null
                : $"{month}月月报将于{due.Month}月{due.Day}日截止，尚有{mine.Count}个项目未报送：" + string.Join("、", mine.Take(20).Select(p => p.Name))
                  + (mine.Count > 20 ? $" 等{mine.Count}个" : "") + "。";
        }, ct);
        await db.SaveChangesAsync(ct);
        return (missing.Count, notices, messages);
    }

    /// <summary>Whether reminders are due today for the current month (from the reminder day to the deadline).</summary>
    public async Task<(bool Due, int Year, int Month)> DueTodayAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var settings = await db.ReportSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new ReportSettings();
        var due = settings.DueDate(today.Year, today.Month);
        return (today >= due.AddDays(-settings.ReminderDays) && today <= due, today.Year, today.Month);
    }
}

/// <summary>Robots as the dispatch office sets them up.</summary>
public sealed class ManageChannels(TiaoduDb db, ICurrentUser user, PersonalData personalData, SecurityPolicy policy, TimeProvider clock)
{
    public sealed record ChannelInput(string? Name, ChannelKind Kind, string? WebhookUrl, string? Secret, string? RegionKey, bool Enabled, int Version);

    private void Require()
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以设置消息推送");
        }
    }

    public async Task<List<NotificationChannel>> ListAsync(CancellationToken ct)
    {
        Require();
        return await db.NotificationChannels.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
    }

    public async Task<NotificationChannel> SaveAsync(int? id, ChannelInput input, CancellationToken ct)
    {
        Require();
        var errors = new ValidationErrors();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > NotificationChannel.NameLength)
        {
            errors.Add(nameof(input.Name), $"请填写名称（不超过{NotificationChannel.NameLength}个字）");
        }

        var url = input.WebhookUrl?.Trim() ?? "";
        if (url.Length > NotificationChannel.UrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add(nameof(input.WebhookUrl), "Webhook 地址应为 http:// 或 https:// 开头的完整地址");
        }

        int? regionId = null;
        if (!string.IsNullOrWhiteSpace(input.RegionKey))
        {
            regionId = await db.Regions.Where(r => r.Key == input.RegionKey).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
            if (regionId is null)
            {
                errors.Add(nameof(input.RegionKey), "区域不存在");
            }
        }

        errors.ThrowIfAny();
        var profile = (await policy.CurrentAsync(db, ct)).CryptoProfile;
        var secret = string.IsNullOrWhiteSpace(input.Secret) ? null : personalData.Protect(input.Secret.Trim(), profile);
        NotificationChannel channel;
        if (id is { } existing)
        {
            channel = await db.NotificationChannels.FirstOrDefaultAsync(c => c.Id == existing, ct) ?? throw new NotFoundException("推送渠道不存在");
            ConcurrencyGuard.Expect(db, channel, channel.Version, input.Version);
            channel.Change(name, url, secret ?? channel.Secret, regionId, input.Enabled);
        }
        else
        {
            channel = new NotificationChannel(name, input.Kind, url, secret, regionId);
            db.NotificationChannels.Add(channel);
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
        return channel;
    }

    /// <summary>Queues a test message for one robot.</summary>
    public async Task TestAsync(int id, CancellationToken ct)
    {
        Require();
        var channel = await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("推送渠道不存在");
        db.OutboxMessages.Add(new OutboxMessage(channel.Id, "测试消息", $"这是重点项目调度平台发往「{channel.Name}」的测试消息。", clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }
}
