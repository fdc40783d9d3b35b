using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Notifications;

/// <summary>One topic as an account sees it: its own choice (null = follow the roles), the roles' default, what applies.</summary>
public sealed record TopicChoice(NoticeTopic Topic, string Name, Delivery? Own, Delivery RoleDefault, Delivery Effective);

public sealed record MyNoticeSettings(string? MaskedEmail, bool MailEnabled, IReadOnlyList<TopicChoice> Topics);

/// <summary>A topic's choice as sent: <see cref="FollowRoles"/> drops the account's own setting.</summary>
public sealed record TopicInput(NoticeTopic Topic, bool FollowRoles, bool InApp, bool Email);

public sealed record RoleTopicInput(Role Role, NoticeTopic Topic, bool InApp, bool Email);

public sealed record MailSettingsView(bool Enabled, string? Host, int Port, MailSecurity Security, string? UserName, bool HasPassword, string? FromAddress, string? FromName, string? SiteUrl, int Version,
    int Pending, int Failed, DateTime? LastSentAt);

/// <summary>Null <see cref="Password"/> keeps the stored one; an empty one clears it.</summary>
public sealed record MailSettingsInput(bool Enabled, string? Host, int Port, MailSecurity Security, string? UserName, string? Password, string? FromAddress, string? FromName, string? SiteUrl, int Version);

/// <summary>
/// How notices reach people: every account chooses per topic (in-app, e-mail) and keeps its e-mail address;
/// the system administrator sets each role's defaults and the outgoing mail server.
/// </summary>
public sealed class ManageNoticeSettings(TiaoduDb db, ICurrentUser user, PersonalData personalData, SecurityPolicy policy)
{
    private static readonly IReadOnlyList<Role> NoticeRoles = [.. Roles.All.Where(r => !Roles.Administrators.Contains(r))];

    public static IReadOnlyList<Role> RolesWithNotices => NoticeRoles;

    public async Task<MyNoticeSettings> MineAsync(CancellationToken ct)
    {
        var id = user.AccountId ?? throw new ForbiddenException("请先登录");
        var account = await db.Accounts.AsNoTracking().Include(a => a.Roles).FirstAsync(a => a.Id == id, ct);
        var own = await db.AccountNoticeSettings.AsNoTracking().Where(s => s.AccountId == id).ToDictionaryAsync(s => s.Topic, ct);
        var roles = account.RoleSet.ToHashSet();
        var defaults = await db.RoleNoticeSettings.AsNoTracking().ToListAsync(ct);
        var mail = await db.MailSettings.AsNoTracking().FirstOrDefaultAsync(ct);
        return new MyNoticeSettings(account.Email is null ? null : personalData.MaskedEmail(account.Email), mail?.Enabled == true,
            [.. NoticeTopics.All.Select(t =>
            {
                var roleDefault = NoticeTopics.Resolve(null, defaults.Where(d => d.Topic == t && roles.Contains(d.Role)));
                var mine = own.GetValueOrDefault(t);
                return new TopicChoice(t, NoticeTopics.Name(t), mine is null ? null : new Delivery(mine.InApp, mine.Email), roleDefault, NoticeTopics.Resolve(mine, defaults.Where(d => d.Topic == t && roles.Contains(d.Role))));
            })]);
    }

    /// <summary>Saves the account's address (null keeps it, empty clears it) and its choices, together.</summary>
    public async Task SaveMineAsync(string? email, IReadOnlyList<TopicInput> topics, CancellationToken ct)
    {
        var id = user.AccountId ?? throw new ForbiddenException("请先登录");
        var account = await db.Accounts.FirstAsync(a => a.Id == id, ct);
        var errors = new ValidationErrors();
        var address = email?.Trim();
        if (!string.IsNullOrEmpty(address) && !SmtpMailer.IsValidAddress(address))
        {
            errors.Add("email", "邮箱地址格式不正确，例如 zhangsan@ccdrc.gov.cn");
        }

        if (topics.Any(t => !Enum.IsDefined(t.Topic)) || topics.GroupBy(t => t.Topic).Any(g => g.Count() > 1))
        {
            errors.Add("topics", "提醒事项不正确");
        }

        var willHaveEmail = address is null ? account.Email is not null : address.Length > 0;
        if (topics.Any(t => !t.FollowRoles && t.Email) && !willHaveEmail)
        {
            errors.Add("email", "选择邮件提醒请先填写邮箱地址");
        }

        errors.ThrowIfAny();
        if (address is not null)
        {
            var profile = (await policy.CurrentAsync(db, ct)).CryptoProfile;
            account.SetEmail(address.Length == 0 ? null : personalData.Protect(address, profile));
        }

        var own = await db.AccountNoticeSettings.Where(s => s.AccountId == id).ToListAsync(ct);
        foreach (var t in topics)
        {
            var existing = own.Find(s => s.Topic == t.Topic);
            if (t.FollowRoles)
            {
                if (existing is not null)
                {
                    db.AccountNoticeSettings.Remove(existing);
                }
            }
            else if (existing is null)
            {
                db.AccountNoticeSettings.Add(new AccountNoticeSetting(id, t.Topic, t.InApp, t.Email));
            }
            else
            {
                existing.Set(t.InApp, t.Email);
            }
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    private void RequireAdministrator()
    {
        if (!user.Has(Permission.ManageAccounts))
        {
            throw new ForbiddenException("只有系统管理员可以设置角色默认提醒方式和邮件服务器");
        }
    }

    /// <summary>Every role's default for every topic (in-app only where none was set).</summary>
    public async Task<IReadOnlyList<RoleTopicInput>> RoleDefaultsAsync(CancellationToken ct)
    {
        RequireAdministrator();
        var set = await db.RoleNoticeSettings.AsNoTracking().ToListAsync(ct);
        return [.. from r in NoticeRoles
                   from t in NoticeTopics.All
                   let s = set.Find(x => x.Role == r && x.Topic == t)
                   select new RoleTopicInput(r, t, s?.InApp ?? Delivery.Default.InApp, s?.Email ?? Delivery.Default.Email)];
    }

    public async Task SaveRoleDefaultsAsync(IReadOnlyList<RoleTopicInput> inputs, CancellationToken ct)
    {
        RequireAdministrator();
        if (inputs.Any(i => !NoticeRoles.Contains(i.Role) || !Enum.IsDefined(i.Topic)) || inputs.GroupBy(i => (i.Role, i.Topic)).Any(g => g.Count() > 1))
        {
            throw ValidationFailedException.For("roles", "角色或提醒事项不正确（管理员角色不接收业务提醒）");
        }

        var set = await db.RoleNoticeSettings.ToListAsync(ct);
        foreach (var i in inputs)
        {
            var s = set.Find(x => x.Role == i.Role && x.Topic == i.Topic);
            if (s is null)
            {
                db.RoleNoticeSettings.Add(new RoleNoticeSetting(i.Role, i.Topic, i.InApp, i.Email));
            }
            else if (s.InApp != i.InApp || s.Email != i.Email)
            {
                s.Set(i.InApp, i.Email);
            }
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    public async Task<MailSettingsView> MailAsync(CancellationToken ct)
    {
        RequireAdministrator();
        var m = await db.MailSettings.AsNoTracking().FirstAsync(ct);
        var pending = await db.MailMessages.CountAsync(x => x.Status == MailStatus.Pending, ct);
        var failed = await db.MailMessages.CountAsync(x => x.Status == MailStatus.Failed, ct);
        var last = await db.MailMessages.Where(x => x.SentAt != null).MaxAsync(x => x.SentAt, ct);
        return new MailSettingsView(m.Enabled, m.Host, m.Port, m.Security, m.UserName, m.Password is not null, m.FromAddress, m.FromName, m.SiteUrl, m.Version, pending, failed, last);
    }

    public async Task SaveMailAsync(MailSettingsInput input, CancellationToken ct)
    {
        RequireAdministrator();
        var errors = new ValidationErrors();
        var host = input.Host?.Trim();
        if (!string.IsNullOrEmpty(host) && (host.Length > 200 || Uri.CheckHostName(host) == UriHostNameType.Unknown))
        {
            errors.Add("host", "邮件服务器地址应为主机名或 IP 地址，例如 smtp.ccdrc.gov.cn");
        }

        if (input.Port is < 1 or > 65535)
        {
            errors.Add("port", "端口应在1至65535之间（常用25、465、587）");
        }

        if (!Enum.IsDefined(input.Security))
        {
            errors.Add("security", "请选择加密方式");
        }

        var from = input.FromAddress?.Trim();
        if (!string.IsNullOrEmpty(from) && !SmtpMailer.IsValidAddress(from))
        {
            errors.Add("fromAddress", "发件地址格式不正确");
        }

        var site = input.SiteUrl?.Trim().TrimEnd('/');
        if (!string.IsNullOrEmpty(site) && (site.Length > 200 || !Uri.TryCreate(site, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add("siteUrl", "平台地址应为 http:// 或 https:// 开头的完整地址");
        }

        if (input.FromName?.Trim().Length > 50 || input.UserName?.Trim().Length > 200)
        {
            errors.Add("fromName", "发件人名称不超过50个字，用户名不超过200个字符");
        }

        if (input.Enabled && (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(from)))
        {
            errors.Add("enabled", "启用邮件提醒须填写邮件服务器和发件地址");
        }

        errors.ThrowIfAny();
        var m = await db.MailSettings.FirstAsync(ct);
        ConcurrencyGuard.Expect(db, m, m.Version, input.Version);
        var profile = (await policy.CurrentAsync(db, ct)).CryptoProfile;
        var password = input.Password is null ? m.Password : input.Password.Length == 0 ? null : personalData.Protect(input.Password, profile);
        m.Change(input.Enabled, Blank(host), input.Port, input.Security, Blank(input.UserName?.Trim()), password, Blank(from), Blank(input.FromName?.Trim()), Blank(site));
        await ConcurrencyGuard.SaveAsync(db, ct);
    }

    /// <summary>Sends a test e-mail at once with the stored settings and says what the server answered; audited.</summary>
    public async Task<string> TestMailAsync(string? to, CancellationToken ct)
    {
        RequireAdministrator();
        var address = to?.Trim();
        if (!SmtpMailer.IsValidAddress(address))
        {
            throw ValidationFailedException.For("to", "请填写正确的收件邮箱");
        }

        var m = await db.MailSettings.AsNoTracking().FirstAsync(ct);
        if (string.IsNullOrEmpty(m.Host) || string.IsNullOrEmpty(m.FromAddress))
        {
            throw ValidationFailedException.For("host", "请先填写并保存邮件服务器和发件地址");
        }

        string result;
        try
        {
            await SmtpMailer.SendAsync(m.Host, m.Port, m.Security, m.UserName, personalData.Reveal(m.Password),
                new OutgoingMail(m.FromAddress, m.FromName, address!, "重点项目调度平台测试邮件", "这是重点项目调度平台发出的测试邮件。收到本邮件说明邮件服务器设置正确。"),
                SmtpMailer.DefaultTimeout, ct);
            result = "测试邮件已发出：" + address;
        }
        catch (MailDeliveryException e)
        {
            result = "测试邮件发送失败：" + e.Message;
        }

        await db.RecordAuditAsync(AuditAction.Update, nameof(MailSettings), MailSettings.SingletonId.ToString(CultureInfo.InvariantCulture),
            result.Replace(address!, Security.Masking.Email(address), StringComparison.Ordinal), result.StartsWith("测试邮件已发出", StringComparison.Ordinal) ? AuditResult.Success : AuditResult.Failure, ct);
        return result;
    }

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
