using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Data;

/// <param name="auditActor">Who changes data, for the audit trail; <see cref="SystemActor"/> when the host gives none.</param>
/// <param name="clock">The time of audit records; the system clock when none is given.</param>
/// <param name="personalData">Decrypts phone and ID numbers so the trail can record them masked.</param>
public sealed class TiaoduDb(DbContextOptions<TiaoduDb> options, IAuditActor? auditActor = null, TimeProvider? clock = null, PersonalData? personalData = null)
    : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Lookup> Lookups => Set<Lookup>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectYear> ProjectYears => Set<ProjectYear>();
    public DbSet<ProjectYearTag> ProjectYearTags => Set<ProjectYearTag>();
    public DbSet<MonthlyReport> MonthlyReports => Set<MonthlyReport>();
    public DbSet<LedgerSequence> LedgerSequence => Set<LedgerSequence>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditHead> AuditHead => Set<AuditHead>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountRole> AccountRoles => Set<AccountRole>();
    public DbSet<AccountProject> AccountProjects => Set<AccountProject>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<SecuritySettings> SecuritySettings => Set<SecuritySettings>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<ImportFileContent> ImportFiles => Set<ImportFileContent>();
    public DbSet<ImportChange> ImportChanges => Set<ImportChange>();
    public DbSet<ImportMapping> ImportMappings => Set<ImportMapping>();
    public DbSet<Problem> Problems => Set<Problem>();
    public DbSet<ProblemDepartment> ProblemDepartments => Set<ProblemDepartment>();
    public DbSet<ProblemAction> ProblemActions => Set<ProblemAction>();
    public DbSet<SupervisionNotice> SupervisionNotices => Set<SupervisionNotice>();
    public DbSet<SupervisionSettings> SupervisionSettings => Set<SupervisionSettings>();
    public DbSet<Meetings.Meeting> Meetings => Set<Meetings.Meeting>();
    public DbSet<Meetings.MeetingItem> MeetingItems => Set<Meetings.MeetingItem>();
    public DbSet<Meetings.MeetingDecision> MeetingDecisions => Set<Meetings.MeetingDecision>();
    public DbSet<Instructions.Instruction> Instructions => Set<Instructions.Instruction>();
    public DbSet<Instructions.InstructionReply> InstructionReplies => Set<Instructions.InstructionReply>();
    public DbSet<Reports.ReportRevision> ReportRevisions => Set<Reports.ReportRevision>();
    public DbSet<Reports.ReportSettings> ReportSettings => Set<Reports.ReportSettings>();
    public DbSet<Lights.LightRule> LightRules => Set<Lights.LightRule>();
    public DbSet<Lights.ProjectLight> ProjectLights => Set<Lights.ProjectLight>();
    public DbSet<Lights.LightExemption> LightExemptions => Set<Lights.LightExemption>();
    public DbSet<Lights.LightMonth> LightMonths => Set<Lights.LightMonth>();
    public DbSet<Milestones.MilestoneTemplate> MilestoneTemplates => Set<Milestones.MilestoneTemplate>();
    public DbSet<Milestones.Milestone> Milestones => Set<Milestones.Milestone>();
    public DbSet<Milestones.MilestonePlan> MilestonePlans => Set<Milestones.MilestonePlan>();
    public DbSet<Files.StoredFile> StoredFiles => Set<Files.StoredFile>();
    public DbSet<Plans.YearPlan> YearPlans => Set<Plans.YearPlan>();
    public DbSet<Plans.PlanBaselineLine> PlanBaselineLines => Set<Plans.PlanBaselineLine>();
    public DbSet<Plans.PlanChange> PlanChanges => Set<Plans.PlanChange>();
    public DbSet<Notifications.Notice> Notices => Set<Notifications.Notice>();
    public DbSet<Notifications.NotificationChannel> NotificationChannels => Set<Notifications.NotificationChannel>();
    public DbSet<Notifications.OutboxMessage> OutboxMessages => Set<Notifications.OutboxMessage>();
    public DbSet<Jobs.JobRun> JobRuns => Set<Jobs.JobRun>();
    public DbSet<ProtectionKey> ProtectionKeys => Set<ProtectionKey>();
    public DbSet<LedgerRemoval> LedgerRemovals => Set<LedgerRemoval>();
    public DbSet<Imports.RunningImport> RunningImports => Set<Imports.RunningImport>();
    public DbSet<Dispatch.DispatchRound> DispatchRounds => Set<Dispatch.DispatchRound>();
    public DbSet<Dispatch.DispatchItem> DispatchItems => Set<Dispatch.DispatchItem>();
    public DbSet<Dispatch.WatchEntry> WatchEntries => Set<Dispatch.WatchEntry>();
    public DbSet<Dispatch.WeeklyCheck> WeeklyChecks => Set<Dispatch.WeeklyCheck>();
    public DbSet<Notifications.RoleNoticeSetting> RoleNoticeSettings => Set<Notifications.RoleNoticeSetting>();
    public DbSet<Notifications.AccountNoticeSetting> AccountNoticeSettings => Set<Notifications.AccountNoticeSetting>();
    public DbSet<Notifications.MailSettings> MailSettings => Set<Notifications.MailSettings>();
    public DbSet<Notifications.MailMessage> MailMessages => Set<Notifications.MailMessage>();
    public DbSet<Accountability.ServiceLog> ServiceLogs => Set<Accountability.ServiceLog>();
    public DbSet<Accountability.ServiceLogProblem> ServiceLogProblems => Set<Accountability.ServiceLogProblem>();
    public DbSet<Accountability.LeaderVisit> LeaderVisits => Set<Accountability.LeaderVisit>();
    public DbSet<Accountability.LeaderVisitProblem> LeaderVisitProblems => Set<Accountability.LeaderVisitProblem>();
    public DbSet<Accountability.TaskForce> TaskForces => Set<Accountability.TaskForce>();
    public DbSet<Accountability.TaskForceMember> TaskForceMembers => Set<Accountability.TaskForceMember>();
    public DbSet<Accountability.TaskForceProject> TaskForceProjects => Set<Accountability.TaskForceProject>();
    public DbSet<Attraction.Lead> Leads => Set<Attraction.Lead>();
    public DbSet<Attraction.LeadStep> LeadSteps => Set<Attraction.LeadStep>();
    public DbSet<Attraction.AttractionEvent> AttractionEvents => Set<Attraction.AttractionEvent>();
    public DbSet<Attraction.LeadImport> LeadImports => Set<Attraction.LeadImport>();
    public DbSet<Assessment.ScoringScheme> ScoringSchemes => Set<Assessment.ScoringScheme>();
    public DbSet<Assessment.ScoringRule> ScoringRules => Set<Assessment.ScoringRule>();
    public DbSet<Assessment.AssessmentResult> AssessmentResults => Set<Assessment.AssessmentResult>();

    /// <summary>
    /// Saves in one transaction: stamps changed ledger rows with the next <see cref="Data.LedgerSequence"/>
    /// value and appends an audit record for every changed business row, so a change and its audit record
    /// commit or fail together.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var audited = ChangeTracker.Entries().Where(AuditCapture.IsAudited).ToList();
        var changed = audited
            .Where(e => e.Entity is Project or ProjectYear or ProjectYearTag or Region or Lookup or Tag)
            .ToList();
        if (audited.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (_deferredAudit is not null && changed.Count == 0 && Database.CurrentTransaction is not null)
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            _deferredAudit.AddRange(AuditCapture.Describe(this, audited, AuditTime(), Actor, personalData));
            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }

            return saved;
        }

        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            // The audit head is always locked first, then the ledger sequence: one order, so no deadlock.
            var head = await AuditChain.LockHeadAsync(this, cancellationToken);
            var seq = changed.Count == 0 ? 0 : await Data.LedgerSequence.NextAsync(this, cancellationToken);
            foreach (var entry in changed)
            {
                var stamped = entry.Entity switch
                {
                    ProjectYearTag t => ChangeTracker.Entries<ProjectYear>().FirstOrDefault(y => y.Entity.Id == t.ProjectYearId),
                    Project or ProjectYear => entry,
                    _ => null,
                };
                if (stamped is not null && stamped.State != EntityState.Deleted)
                {
                    stamped.Property(nameof(Project.ChangeSeq)).CurrentValue = seq;
                }
                else if (entry.State == EntityState.Deleted && entry.Entity is Project or ProjectYear)
                {
                    LedgerRemovals.Add(entry.Entity is ProjectYear line ? new LedgerRemoval(seq, line.ProjectId, line.Year) : new LedgerRemoval(seq, ((Project)entry.Entity).Id, null));
                }
            }

            // Changes are accepted only after the audit records are written: if that fails, nothing is lost.
            var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            var events = AuditCapture.Describe(this, audited, AuditTime(), Actor, personalData);
            await AuditChain.AppendAsync(this, head, events, cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }

            return result;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private List<AuditEvent>? _deferredAudit;

    /// <summary>
    /// Within the caller's transaction, saves describe their audit records but keep them until
    /// <see cref="DeferredAudit.AppendAsync"/>, so a long write (a large import) locks the audit head — which every
    /// audited write must lock — only at its end instead of for its whole length. The records still commit or roll
    /// back with the rows; leaving the scope without appending drops them (the transaction is rolled back then).
    /// Saves that touch the ledger are audited at once as usual.
    /// </summary>
    public DeferredAudit DeferAudit()
    {
        if (Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Deferring the audit needs an open transaction.");
        }

        _deferredAudit = [];
        return new DeferredAudit(this);
    }

    public sealed class DeferredAudit(TiaoduDb db) : IDisposable
    {
        /// <summary>Appends the kept records to the audit chain (in the caller's transaction) and stops deferring.</summary>
        public async Task AppendAsync(CancellationToken ct)
        {
            var events = db._deferredAudit ?? [];
            db._deferredAudit = null;
            if (events.Count > 0)
            {
                var head = await AuditChain.LockHeadAsync(db, ct);
                await AuditChain.AppendAsync(db, head, events, ct);
            }
        }

        public void Dispose() => db._deferredAudit = null;
    }

    /// <summary>Only the asynchronous save writes the audit trail, so the synchronous one is closed.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync, which records the audit trail.");

    /// <summary>
    /// Records an event that changes no row here (a sign-in, an export, a refused attempt) in its own
    /// transaction, or in the caller's when one is open.
    /// </summary>
    public Task RecordAuditAsync(AuditAction action, string entityType, string? entityId, string summary, AuditResult result, CancellationToken ct) =>
        RecordAuditAsync(action, entityType, entityId, summary, result, null, ct);

    /// <param name="actor">Who acted when the request does not say yet (a sign-in attempt names the account tried).</param>
    public Task RecordAuditAsync(AuditAction action, string entityType, string? entityId, string summary, AuditResult result, string? actor, CancellationToken ct) =>
        RecordAuditAsync(new AuditEvent(AuditTime(), actor ?? "", null, action, entityType, entityId, summary, null, null, result), actor is not null, ct);

    /// <summary>Records a change to values the change tracker does not audit (a comment on a snapshot row), with the values before and after.</summary>
    public Task RecordChangeAsync(string entityType, string entityId, string summary, Dictionary<string, object?> before, Dictionary<string, object?> after, CancellationToken ct) =>
        RecordAuditAsync(new AuditEvent(AuditTime(), "", null, AuditAction.Update, entityType, entityId, summary, AuditCapture.Json(before), AuditCapture.Json(after)), false, ct);

    private async Task RecordAuditAsync(AuditEvent template, bool namedActor, CancellationToken ct)
    {
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(ct) : null;
        try
        {
            var head = await AuditChain.LockHeadAsync(this, ct);
            var actor = template.Actor;
            var who = !namedActor ? Actor.Actor : actor.Length <= AuditEntry.ActorLength ? actor : actor[..AuditEntry.ActorLength];
            var e = template with { Actor = who, RemoteAddress = Actor.RemoteAddress };
            await AuditChain.AppendAsync(this, head, [e], ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private IAuditActor Actor => auditActor ?? SystemActor.Instance;

    /// <summary>Who and when, for audit records of rows written without the change tracker (<see cref="BulkRows"/>).</summary>
    internal (IAuditActor Actor, DateTime At) AuditStamp => (Actor, AuditTime());

    private DateTime AuditTime() => (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Money and areas are exact decimals kept as scaled integers: exact, and summed natively by SQLite too.
        configurationBuilder.Properties<decimal>().HaveConversion<ScaledDecimalConverter>();
        configurationBuilder.Properties<decimal?>().HaveConversion<ScaledDecimalConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TiaoduDb).Assembly);
    }
}
