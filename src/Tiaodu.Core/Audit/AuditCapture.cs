using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Audit;

/// <summary>
/// Turns the tracked changes of one save into audit events: creations with every value, updates with the
/// changed values before → after, soft delete and restore of a project as Delete/Restore, hard deletes
/// with every old value. A year line's tags are recorded on the year line as "TagIds".
/// Runs after the rows are written but before the changes are accepted, so generated ids and original
/// values are both still at hand.
/// </summary>
internal static class AuditCapture
{
    private const string TagIds = "TagIds";

    private static readonly HashSet<Type> Audited =
        [typeof(Project), typeof(ProjectYear), typeof(ProjectYearTag), typeof(MonthlyReport), typeof(Region), typeof(Lookup), typeof(Tag), typeof(Person),
        typeof(Account), typeof(AccountRole), typeof(AccountProject), typeof(SecuritySettings), typeof(Problems.Problem), typeof(Imports.ImportMapping),
        typeof(Reports.ReportRevision), typeof(Reports.ReportSettings), typeof(Lights.LightRule), typeof(Lights.LightExemption),
        typeof(Milestones.MilestoneTemplate), typeof(Milestones.MilestoneTemplateNode), typeof(Milestones.Milestone), typeof(Milestones.MilestonePlan), typeof(Files.StoredFile),
        typeof(Plans.YearPlan), typeof(Plans.PlanChange), typeof(Notifications.NotificationChannel),
        typeof(Dispatch.DispatchRound), typeof(Dispatch.WatchEntry), typeof(Dispatch.WeeklyCheck),
        typeof(Notifications.RoleNoticeSetting), typeof(Notifications.AccountNoticeSetting), typeof(Notifications.MailSettings),
        typeof(Problems.ProblemDepartment), typeof(Problems.ProblemAction), typeof(Problems.SupervisionNotice), typeof(Problems.SupervisionSettings),
        typeof(Meetings.Meeting), typeof(Meetings.MeetingItem), typeof(Meetings.MeetingDecision), typeof(Instructions.Instruction), typeof(Instructions.InstructionReply),
        typeof(Accountability.ServiceLog), typeof(Accountability.ServiceLogProblem), typeof(Accountability.LeaderVisit), typeof(Accountability.LeaderVisitProblem),
        typeof(Accountability.TaskForce), typeof(Accountability.TaskForceMember), typeof(Accountability.TaskForceProject),
        typeof(Attraction.Lead), typeof(Attraction.LeadStep), typeof(Attraction.AttractionEvent),
        typeof(Assessment.ScoringScheme), typeof(Assessment.ScoringRule)];

    /// <summary>Bookkeeping columns whose changes say nothing to an auditor.</summary>
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal) 
    {
        "SearchKey", "ChangeSeq", "Version", "UpdatedAt",
        nameof(Account.NormalizedUserName), nameof(Account.SecurityStamp), nameof(Account.LastTotpStep),
        nameof(Account.AccessFailedCount), nameof(Account.LastSignInAt),
    };

    /// <summary>Credentials: the trail says that they changed, never what they are.</summary>
    private static readonly HashSet<string> Secret = new(StringComparer.Ordinal)
    {
        nameof(Account.PasswordHash), nameof(Account.AuthenticatorKey), nameof(Account.RecoveryCodes), nameof(Account.CalendarTokenHash), nameof(SecuritySettings.SetupTokenHash),
        nameof(Notifications.NotificationChannel.Secret), nameof(Notifications.MailSettings.Password),
    };

    /// <summary>Personal data kept out of a trail that can never be purged: recorded masked (138****5678).</summary>
    private static readonly Dictionary<string, Func<PersonalData?, string?, string>> Masked = new(StringComparer.Ordinal)
    {
        [nameof(Project.ContactPhone)] = (pd, v) => pd?.MaskedPhone(v) ?? Security.Masking.Phone(v),
        [nameof(Account.Phone)] = (pd, v) => pd?.MaskedPhone(v) ?? Security.Masking.Phone(v),
        [nameof(Account.IdNumber)] = (pd, v) => pd?.MaskedIdNumber(v) ?? Security.Masking.IdNumber(v),
        [nameof(Account.Email)] = (pd, v) => pd?.MaskedEmail(v) ?? Security.Masking.Email(v),
    };

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    public static bool IsAudited(EntityEntry e) =>
        e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Audited.Contains(e.Metadata.ClrType);

    public static List<AuditEvent> Describe(DbContext db, IReadOnlyList<EntityEntry> changed, DateTime at, IAuditActor actor, PersonalData? personalData = null)
    {
        var tagChanges = changed.Where(e => e.Entity is ProjectYearTag).ToLookup(e => ((ProjectYearTag)e.Entity).ProjectYearId);
        var events = new List<AuditEvent>();
        foreach (var entry in changed.Where(e => e.Entity is not ProjectYearTag))
        {
            (int[] Before, int[] After)? tags = entry.Entity is ProjectYear year ? YearTags(db, year, tagChanges[year.Id]) : null;
            if (DescribeEntry(entry, tags, at, actor, personalData) is { } e)
            {
                events.Add(e);
            }
        }

        // Tags changed on a year line that was not itself changed: one update of that line.
        var changedYears = changed.Where(e => e.Entity is ProjectYear).Select(e => ((ProjectYear)e.Entity).Id).ToHashSet();
        var orphans = tagChanges.Where(g => !changedYears.Contains(g.Key)).ToList();
        if (orphans.Count > 0)
        {
            var tracked = db.ChangeTracker.Entries<ProjectYear>().ToDictionary(e => e.Entity.Id, e => e.Entity);
            foreach (var g in orphans)
            {
                var tags = tracked.TryGetValue(g.Key, out var y) ? YearTags(db, y, g) : TagsOf(g);
                var label = y is null ? $"年度计划「#{g.Key}」" : Label(y);
                if (!tags.Before.SequenceEqual(tags.After))
                {
                    events.Add(Event(AuditAction.Update, nameof(ProjectYear), Text(g.Key), $"修改{label}（1项）",
                        Json(new() { [TagIds] = tags.Before }), Json(new() { [TagIds] = tags.After }), at, actor));
                }
            }
        }

        return events;
    }

    private static AuditEvent? DescribeEntry(EntityEntry entry, (int[] Before, int[] After)? tags, DateTime at, IAuditActor actor, PersonalData? pd)
    {
        if (entry.Entity is AccountRole role)
        {
            var granted = entry.State == EntityState.Added;
            return Event(AuditAction.Grant, nameof(AccountRole), Text(role.AccountId) + "/" + role.Role,
                $"{(granted ? "授予" : "撤销")}账号#{role.AccountId}角色「{Roles.ChineseName(role.Role)}」",
                granted ? null : Json(new() { ["Role"] = role.Role }), granted ? Json(new() { ["Role"] = role.Role }) : null, at, actor);
        }

        var type = entry.Metadata.ClrType.Name;
        var id = string.Join('/', entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Text(entry.Property(p.Name).CurrentValue)));
        var label = Label(entry.Entity);
        switch (entry.State)
        {
            case EntityState.Added:
                var created = Values(entry, original: false, onlyChanged: false, pd);
                if (tags is { } t)
                {
                    created[TagIds] = t.After;
                }

                return Event(AuditAction.Create, type, id, $"新建{label}", null, Json(created), at, actor);

            case EntityState.Deleted:
                var deleted = Values(entry, original: true, onlyChanged: false, pd);
                if (tags is { } d)
                {
                    deleted[TagIds] = d.Before;
                }

                return Event(AuditAction.Delete, type, id, $"删除{label}", Json(deleted), null, at, actor);

            default:
                var before = Values(entry, original: true, onlyChanged: true, pd);
                var after = Values(entry, original: false, onlyChanged: true, pd);
                if (tags is { } u && !u.Before.SequenceEqual(u.After))
                {
                    before[TagIds] = u.Before;
                    after[TagIds] = u.After;
                }

                if (after.Count == 0)
                {
                    return null;
                }

                var (action, verb) = after.TryGetValue("IsDeleted", out var gone) && gone is bool isDeleted
                    ? (isDeleted ? (AuditAction.Delete, "删除") : (AuditAction.Restore, "恢复"))
                    : entry.Entity is SecuritySettings ? (AuditAction.Setting, "修改")
                    : entry.Entity is Account && (after.ContainsKey(nameof(Account.CanRevealPersonalData)) || after.ContainsKey(nameof(Account.IsActive))) ? (AuditAction.Grant, "修改")
                    : (AuditAction.Update, "修改");
                var summary = action is AuditAction.Update or AuditAction.Setting or AuditAction.Grant ? $"{verb}{label}（{after.Count}项）" : verb + label;
                return Event(action, type, id, summary, Json(before), Json(after), at, actor);
        }
    }

    /// <summary>The line's tags before and after: those in its collection plus those just removed from it.</summary>
    private static (int[] Before, int[] After) YearTags(DbContext db, ProjectYear year, IEnumerable<EntityEntry> changedTags) =>
        TagsOf(year.Tags.Select(t => (EntityEntry)db.Entry(t)).Concat(changedTags).DistinctBy(e => e.Entity));

    private static (int[] Before, int[] After) TagsOf(IEnumerable<EntityEntry> tagEntries)
    {
        var list = tagEntries.ToList();
        int[] Ids(Func<EntityState, bool> keep) =>
            [.. list.Where(t => keep(t.State)).Select(t => ((ProjectYearTag)t.Entity).TagId).Distinct().Order()];
        return (Ids(s => s != EntityState.Added), Ids(s => s != EntityState.Deleted));
    }

    /// <summary>Scalar and complex-type values by name ("Ytd.M03"), without keys and bookkeeping columns.</summary>
    private static Dictionary<string, object?> Values(EntityEntry entry, bool original, bool onlyChanged, PersonalData? pd)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Add(string name, PropertyEntry p)
        {
            if (p.Metadata.IsPrimaryKey() || Noise.Contains(p.Metadata.Name))
            {
                return;
            }

            if (onlyChanged && (!p.IsModified || Equals(p.OriginalValue, p.CurrentValue)))
            {
                return;
            }

            values[name] = Shown(name, original ? p.OriginalValue : p.CurrentValue, pd);
        }

        foreach (var p in entry.Properties)
        {
            Add(p.Metadata.Name, p);
        }

        foreach (var c in entry.ComplexProperties)
        {
            foreach (var p in c.Properties)
            {
                Add(c.Metadata.Name + "." + p.Metadata.Name, p);
            }
        }

        return values;
    }

    /// <summary>A value as the trail shows it: secrets only as set or not, personal data masked, the rest plain.</summary>
    private static object? Shown(string name, object? value, PersonalData? pd) =>
        Secret.Contains(name) ? (value is null ? null : "（已设置）")
        : Masked.TryGetValue(name, out var mask) && value is string text ? mask(pd, text)
        : Plain(value);

    /// <summary>
    /// The creation event of a row written without the change tracker (<see cref="Data.BulkRows"/>): the same
    /// values, in the same order, that a tracked creation of it records.
    /// </summary>
    public static AuditEvent Created(IModel model, object entity, int[]? tags, DateTime at, IAuditActor actor, PersonalData? pd)
    {
        var fields = Data.BulkRows.Fields(model, entity.GetType());
        var values = new Dictionary<string, object?>(fields.Count + 1, StringComparer.Ordinal);
        var keys = new List<string>(1);
        foreach (var (name, isKey, read) in fields)
        {
            if (isKey)
            {
                keys.Add(Text(read(entity)));
            }
            else if (!Noise.Contains(name))
            {
                values[name] = Shown(name, read(entity), pd);
            }
        }

        if (tags is not null)
        {
            values[TagIds] = tags;
        }

        return Event(AuditAction.Create, entity.GetType().Name, string.Join('/', keys), $"新建{Label(entity)}", null, Json(values), at, actor);
    }

    /// <summary>
    /// Decimals without the trailing zeros of their stored scale (1500, not 1500.0000); times marked UTC,
    /// as the model keeps them, whether they came from SQLite text or were just set.
    /// </summary>
    private static object? Plain(object? value) => value switch
    {
        decimal d => d / 1.0000000000000000000000000000m,
        DateTime t when t.Kind == DateTimeKind.Unspecified => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        _ => value,
    };

    private static string Label(object entity) => entity switch
    {
        Project p => $"项目「{Short(p.Name)}」",
        ProjectYear y => $"年度计划「项目#{y.ProjectId} {y.Year}年」",
        MonthlyReport r => $"月报「项目#{r.ProjectId} {r.Year}年{r.Month}月」",
        Region r => $"区域「{Short(r.Name)}」",
        Lookup l => $"基础数据「{Short(l.Name)}」",
        Tag t => $"标签「{Short(t.Name)}」",
        Person p => $"人员「{Short(p.Name)}」",
        Account a => $"账号「{Short(a.UserName)}」",
        AccountProject ap => $"账号#{ap.AccountId}负责项目#{ap.ProjectId}",
        SecuritySettings => "安全策略",
        Problems.Problem p => $"问题「项目#{p.ProjectId} {Short(p.Description)}」",
        Imports.ImportMapping m => $"导入映射方案「{Short(m.Name)}」",
        Problems.ProblemDepartment d => $"问题#{d.ProblemId}配合单位#{d.DepartmentId}",
        Problems.ProblemAction a => $"问题#{a.ProblemId}办理记录",
        Problems.SupervisionNotice n => $"督办单「{n.Number}」",
        Problems.SupervisionSettings => "督办设置",
        Meetings.Meeting m => $"会议「{Short(m.Title)}」",
        Attraction.Lead l => $"招商项目「{Short(l.Name)}」",
        Attraction.LeadStep s => $"招商项目#{s.LeadId}进展记录",
        Attraction.AttractionEvent e => $"招商活动「{Short(e.Name)}」",
        Assessment.ScoringScheme s => $"评分办法「{s.Year}年 {Short(s.Name)}」",
        Assessment.ScoringRule r => $"评分规则「{Short(r.Name)}」",
        Meetings.MeetingItem i => $"会议#{i.MeetingId}议题「{Short(i.Topic)}」",
        Meetings.MeetingDecision d => $"会议#{d.MeetingId}议定事项「{Short(d.Text)}」",
        Instructions.Instruction i => $"领导批示「项目#{i.ProjectId} {Short(i.Text)}」",
        Instructions.InstructionReply r => $"批示#{r.InstructionId}的回复",
        _ => entity.GetType().Name,
    };

    private static string Short(string s) => s.Length <= 60 ? s : s[..59] + "…";

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    internal static string Json(Dictionary<string, object?> values) => JsonSerializer.Serialize(values, JsonOptions);

    private static AuditEvent Event(AuditAction action, string type, string id, string summary, string? before, string? after, DateTime at, IAuditActor actor) =>
        new(at, actor.Actor, actor.RemoteAddress, action, type, id, summary, before, after);
}
