using Tiaodu.Core.Accounts;

namespace Tiaodu.Core.Notifications;

/// <summary>What a notice is about; each topic can go in-app, by e-mail, both or neither.</summary>
public enum NoticeTopic
{
    /// <summary>A monthly report was returned with a reason (to the project's reporters).</summary>
    ReportReturned,

    /// <summary>The monthly report deadline is near and the project has not reported (to its reporters).</summary>
    ReportReminder,

    /// <summary>A half-monthly dispatch round was published (to the dispatch office and leaders of the region).</summary>
    RoundPublished,

    /// <summary>A leader gave an instruction (批示) on a project or problem (to the people responsible), or it was answered (to the leader).</summary>
    Instruction,

    /// <summary>A monthly bulletin (通报) was published (to the dispatch office, leaders and supervision of the region).</summary>
    BulletinPublished,
}

/// <summary>How one topic reaches someone: in the platform's notices, by e-mail.</summary>
public sealed record Delivery(bool InApp, bool Email)
{
    /// <summary>Without any setting: in-app only.</summary>
    public static readonly Delivery Default = new(true, false);
}

/// <summary>A role's default for a topic, set by the system administrator.</summary>
public sealed class RoleNoticeSetting
{
    public Role Role { get; private set; }
    public NoticeTopic Topic { get; private set; }
    public bool InApp { get; private set; }
    public bool Email { get; private set; }

    private RoleNoticeSetting()
    {
    }

    public RoleNoticeSetting(Role role, NoticeTopic topic, bool inApp, bool email) => (Role, Topic, InApp, Email) = (role, topic, inApp, email);

    public void Set(bool inApp, bool email) => (InApp, Email) = (inApp, email);
}

/// <summary>One account's own choice for a topic, overriding its roles' defaults.</summary>
public sealed class AccountNoticeSetting
{
    public int AccountId { get; private set; }
    public NoticeTopic Topic { get; private set; }
    public bool InApp { get; private set; }
    public bool Email { get; private set; }

    private AccountNoticeSetting()
    {
    }

    public AccountNoticeSetting(int accountId, NoticeTopic topic, bool inApp, bool email) => (AccountId, Topic, InApp, Email) = (accountId, topic, inApp, email);

    public void Set(bool inApp, bool email) => (InApp, Email) = (inApp, email);
}

public static class NoticeTopics
{
    public static readonly IReadOnlyList<NoticeTopic> All = Enum.GetValues<NoticeTopic>();

    public static string Name(NoticeTopic t) => t switch
    {
        NoticeTopic.ReportReturned => "月报被退回",
        NoticeTopic.ReportReminder => "月报截止提醒",
        NoticeTopic.Instruction => "领导批示",
        NoticeTopic.BulletinPublished => "月度通报发布",
        _ => "半月调度发布",
    };

    /// <summary>
    /// The delivery that applies: the account's own choice, else the most generous of its roles' defaults
    /// (a role that e-mails wins over one that does not), else in-app only.
    /// </summary>
    public static Delivery Resolve(AccountNoticeSetting? own, IEnumerable<RoleNoticeSetting> roleDefaults)
    {
        if (own is not null)
        {
            return new Delivery(own.InApp, own.Email);
        }

        var roles = roleDefaults.ToList();
        return roles.Count == 0 ? Delivery.Default : new Delivery(roles.Exists(r => r.InApp), roles.Exists(r => r.Email));
    }
}
