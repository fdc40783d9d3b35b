using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Security;

namespace Tiaodu.Core.Imports;

/// <summary>
/// Writes a confirmed import in one transaction: every row, or none. Each project it creates or changes is
/// recorded with its state before (for rollback) and audited like any other change, and the batch gets one
/// import record in the audit trail. A file that matches the ledger changes nothing.
/// </summary>
public sealed class ApplyImport(TiaoduDb db, TimeProvider clock, PersonalData personalData, SecurityPolicy policy, ILogger<ApplyImport>? log = null)
{
    /// <summary>
    /// Moves a previewed batch to the queue for a worker; with <paramref name="runNow"/> the caller claims it at
    /// once (no worker sees it queued) and then runs <see cref="HandleAsync"/> with <c>claimed</c>.
    /// </summary>
    public async Task<ImportBatch> ConfirmAsync(int batchId, int expectedVersion, ICurrentUser user, CancellationToken ct, bool runNow = false)
    {
        var batch = await ImportAccess.LoadAsync(db, batchId, user, track: true, ct);
        ConcurrencyGuard.Expect(db, batch, batch.Version, expectedVersion);
        batch.Queue();
        if (runNow)
        {
            batch.Start(clock.GetUtcNow().UtcDateTime);
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
        return batch;
    }

    /// <param name="claimed">True after <see cref="ConfirmAsync"/> with <c>runNow</c>; false for a worker, which claims the queued batch under the version check.</param>
    public async Task<ImportBatch> HandleAsync(int batchId, ICurrentUser user, Action<int>? progress, CancellationToken ct, bool claimed = false)
    {
        ImportBatch? batch = null;
        if (!claimed)
        {
            // Not claimed yet: a refusal here leaves the batch as it was (another worker may have taken it).
            batch = await ImportAccess.LoadAsync(db, batchId, user, track: true, ct);
            ImportAccess.Require(user);
            batch.Start(clock.GetUtcNow().UtcDateTime);
            await ConcurrencyGuard.SaveAsync(db, ct);
        }

        // Claimed: whatever happens from here on is recorded on the batch.
        try
        {
            if (claimed)
            {
                batch = await ImportAccess.LoadAsync(db, batchId, user, track: true, ct);
                ImportAccess.Require(user);
                if (batch.Status != ImportStatus.Applying)
                {
                    throw new ConflictException($"导入当前状态为「{ImportText.Status(batch.Status)}」，不能写入");
                }
            }

            return await WriteAsync(batch!, user, progress, ct);
        }
        catch (OperationCanceledException)
        {
            // A cancelled request or a stopping service: recorded, so the batch is not left "being written".
            await FailAsync(batchId, ImportClaims.Interrupted, "被中断");
            throw;
        }
        catch (Exception e)
        {
            var known = e is ImportRejectedException or ConflictException or ValidationFailedException or Excel.ExcelFileException or NotFoundException or ForbiddenException;
            return await FailAsync(batchId, (known ? e.Message : "写入数据库时出错（" + e.GetType().Name + "）") + "；未写入任何数据", e.Message)
                ?? throw new InvalidOperationException("The failed import could not be recorded.", e);
        }
    }

    /// <summary>Marks the batch failed (nothing was written) and audits it, whatever the state of the request's cancellation; null when the database refuses even that (the claim is then released as after a crash).</summary>
    private async Task<ImportBatch?> FailAsync(int batchId, string message, string auditReason)
    {
        try
        {
            db.ChangeTracker.Clear();
            var failed = await db.ImportBatches.FirstAsync(b => b.Id == batchId, CancellationToken.None);
            failed.Fail(message);
            await db.SaveChangesAsync(CancellationToken.None);
            await db.RecordAuditAsync(AuditAction.Import, nameof(ImportBatch), batchId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"导入「{failed.FileName}」失败：{auditReason}", AuditResult.Failure, CancellationToken.None);
            return failed;
        }
        catch (Exception e)
        {
            // The database refuses even this: the claim is released by the next start (SQLite) or sweep (PostgreSQL).
            log?.LogError(e, "Could not record the failure of import batch {Id}", batchId);
            return null;
        }
    }

    private async Task<ImportBatch> WriteAsync(ImportBatch batch, ICurrentUser user, Action<int>? progress, CancellationToken ct)
    {
        var content = await db.ImportFiles.AsNoTracking().Where(f => f.BatchId == batch.Id).Select(f => f.Content).FirstAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = await policy.CurrentAsync(db, ct);
        using var run = await ImportRun.OpenAsync(db, content, batch.FileName, ImportOptions.FromJson(batch.OptionsJson), await user.ScopeAsync(ct), today, ct);
        if (run.HasFileErrors)
        {
            throw new ImportRejectedException(run.FileIssues.First(i => i.Severity == IssueSeverity.Error).Message);
        }

        var planner = new ImportPlanner(db, run.Reference, personalData, run.Year, run.AsOf, today);
        var people = new Dictionary<(PersonRole, string), int>();
        int created = 0, updated = 0, unchanged = 0, problems = 0;
        var batchId = batch.Id;
        var fileName = batch.FileName;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ImportClaims.HoldAsync(db, "ImportBatches", batchId, ct);
        await run.RunAsync(planner, track: true, async plans =>
        {
            if (plans.Find(p => p.Action == RowAction.Invalid) is { } bad)
            {
                var issue = bad.Row.Issues.First(i => i.Severity == IssueSeverity.Error);
                throw new ImportRejectedException($"第{bad.Row.RowNumber}行：{issue.Message}（数据可能在预览之后有变化，请重新预览）");
            }

            await AddPeopleAsync(plans, people, batchId, ct);
            var writes = plans.Where(p => p.Action is RowAction.Create or RowAction.Update).ToList();
            unchanged += plans.Count - writes.Count;
            var creates = writes.Where(p => p.Existing is null).ToList();
            var newProblems = await CreateAsync(creates, people, settings.CryptoProfile, run.Year, run.AsOf ?? today, batchId, now, ct);
            created += creates.Count;
            problems += newProblems;

            var updates = writes.Where(p => p.Existing is not null).ToList();
            var before = updates.ToDictionary(p => p, Snapshot);
            foreach (var p in updates.Where(p => p.DetailsChanged))
            {
                p.Existing!.Project.Update(Stored(p, people, settings.CryptoProfile), now);
            }

            await db.SaveChangesAsync(ct);
            var reportIds = updates.Where(p => p.ReportChanged).Select(p => p.Existing!.Project.Id).ToList();
            var approved = (reportIds.Count == 0 ? new List<MonthlyReport>() : await db.MonthlyReports
                .Where(r => reportIds.Contains(r.ProjectId) && r.Year == run.Year && r.Status == ReportStatus.Approved).ToListAsync(ct))
                .ToLookup(r => r.ProjectId);
            foreach (var p in updates)
            {
                var project = p.Existing!.Project;
                var (line, report) = WriteYear(p, project, approved[project.Id], run.Year, now, e => db.Add(e));
                foreach (var text in p.NewProblems)
                {
                    db.Problems.Add(new Problem(project.Id, text, ProblemSource.Import, run.AsOf ?? today, now, batchId));
                    problems++;
                }

                var versions = new ImportVersions(project.Version, line?.Version, p.Report?.Month, report?.Version);
                db.ImportChanges.Add(new ImportChange(batchId, p.Row.RowNumber, project.Id, ImportChangeKind.Updated, before[p].ToJson(), versions.ToJson()));
                updated++;
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }, progress, ct);

        var done = await db.ImportBatches.FirstAsync(b => b.Id == batchId, ct);
        done.Applied(created, updated, unchanged, problems, now);
        await db.SaveChangesAsync(ct);
        await db.RecordAuditAsync(AuditAction.Import, nameof(ImportBatch), batchId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"导入「{fileName}」（SHA-256 {done.FileHash[..16]}…）：新增{created}个、更新{updated}个、无变化{unchanged}个项目，新增问题{problems}条", AuditResult.Success, ct);
        await tx.CommitAsync(ct);
        return done;
    }

    /// <summary>
    /// The chunk's new projects with their year lines, tags, month reports, problems and import records, written
    /// in bulk (<see cref="BulkRows"/>) instead of through the change tracker, with the same audit
    /// records and ledger sequence stamp a save through EF writes. Returns the number of problems opened.
    /// </summary>
    private async Task<int> CreateAsync(List<RowPlan> creates, Dictionary<(PersonRole, string), int> people, CryptoProfile profile, int year, DateOnly raisedOn, int batchId, DateTime now, CancellationToken ct)
    {
        if (creates.Count == 0)
        {
            return 0;
        }

        var projects = new List<Project>(creates.Count);
        var lines = new List<ProjectYear>(creates.Count);
        var reports = new List<MonthlyReport>();
        var problems = new List<Problem>();
        var changes = new List<ImportChange>(creates.Count);
        var projectIds = await BulkRows.NextIdsAsync<Project>(db, creates.Count, ct);
        var written = new List<(RowPlan Plan, Project Project, ProjectYear? Line, MonthlyReport? Report)>(creates.Count);
        for (var i = 0; i < creates.Count; i++)
        {
            var p = creates[i];
            var project = new Project(Stored(p, people, profile), now);
            BulkRows.Set(project, nameof(Project.Id), (int)projectIds[i]);
            projects.Add(project);
            var (line, report) = WriteYear(p, project, [], year, now, e =>
            {
                switch (e)
                {
                    case ProjectYear y:
                        lines.Add(y);
                        break;
                    case MonthlyReport r:
                        reports.Add(r);
                        break;
                }
            });
            problems.AddRange(p.NewProblems.Select(text => new Problem(project.Id, text, ProblemSource.Import, raisedOn, now, batchId)));
            written.Add((p, project, line, report));
        }

        SetIds(lines, await BulkRows.NextIdsAsync<ProjectYear>(db, lines.Count, ct));
        SetIds(reports, await BulkRows.NextIdsAsync<MonthlyReport>(db, reports.Count, ct));
        SetIds(problems, await BulkRows.NextIdsAsync<Problem>(db, problems.Count, ct));
        var tags = new List<ProjectYearTag>();
        foreach (var line in lines)
        {
            foreach (var tag in line.Tags)
            {
                BulkRows.Set(tag, nameof(ProjectYearTag.ProjectYearId), line.Id);
                tags.Add(tag);
            }
        }

        foreach (var (p, project, line, report) in written)
        {
            var versions = new ImportVersions(project.Version, line?.Version, p.Report?.Month, report?.Version);
            changes.Add(new ImportChange(batchId, p.Row.RowNumber, project.Id, ImportChangeKind.Created, null, versions.ToJson()));
        }

        var changeIds = await BulkRows.NextIdsAsync<ImportChange>(db, changes.Count, ct);
        for (var i = 0; i < changes.Count; i++)
        {
            BulkRows.Set(changes[i], nameof(ImportChange.Id), changeIds[i]);
        }

        // As a save through EF: the audit head first, then the ledger sequence, whose value stamps the new rows.
        var head = await AuditChain.LockHeadAsync(db, ct);
        var seq = await LedgerSequence.NextAsync(db, ct);
        foreach (var project in projects)
        {
            BulkRows.Set(project, nameof(Project.ChangeSeq), seq);
        }

        foreach (var line in lines)
        {
            BulkRows.Set(line, nameof(ProjectYear.ChangeSeq), seq);
        }

        // The audit records are described and chained on a worker while the rows are written: both only read the
        // new rows, which nothing changes from here on.
        var (requestActor, at) = db.AuditStamp;
        var actor = FixedActor.Of(requestActor);
        var model = db.Model;
        var chaining = Task.Run(() =>
        {
            var events = new List<AuditEvent>(projects.Count + lines.Count + reports.Count + problems.Count);
            events.AddRange(projects.Select(x => AuditCapture.Created(model, x, null, at, actor, personalData)));
            events.AddRange(lines.Select(x => AuditCapture.Created(model, x, [.. x.Tags.Select(t => t.TagId).Distinct().Order()], at, actor, personalData)));
            events.AddRange(reports.Select(x => AuditCapture.Created(model, x, null, at, actor, personalData)));
            events.AddRange(problems.Select(x => AuditCapture.Created(model, x, null, at, actor, personalData)));
            return AuditChain.Link(head, events);
        }, CancellationToken.None);
        try
        {
            await BulkRows.InsertAsync(db, projects, ct);
            await BulkRows.InsertAsync(db, lines, ct);
            await BulkRows.InsertAsync(db, tags, ct);
            await BulkRows.InsertAsync(db, reports, ct);
            await BulkRows.InsertAsync(db, problems, ct);
            await BulkRows.InsertAsync(db, changes, ct);
        }
        catch
        {
            await ImportRun.Settle(chaining);
            throw;
        }

        await AuditChain.WriteAsync(db, await chaining, ct);
        return problems.Count;
    }

    private static void SetIds<T>(List<T> rows, long[] ids)
        where T : class
    {
        for (var i = 0; i < rows.Count; i++)
        {
            BulkRows.Set(rows[i], "Id", (int)ids[i]);
        }
    }

    private async Task AddPeopleAsync(List<RowPlan> plans, Dictionary<(PersonRole, string), int> people, int batchId, CancellationToken ct)
    {
        var added = new List<(PersonRole, string, Person)>();
        foreach (var p in plans)
        {
            foreach (var (role, name) in new[] { (PersonRole.Leader, p.NewLeader), (PersonRole.ServiceOfficer, p.NewOfficer) })
            {
                if (name is not null && !people.ContainsKey((role, name)) && !added.Exists(a => a.Item1 == role && a.Item2 == name))
                {
                    var person = new Person(name, "", role, p.Region!.Id, batchId);
                    db.People.Add(person);
                    added.Add((role, name, person));
                }
            }
        }

        if (added.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            foreach (var (role, name, person) in added)
            {
                people[(role, name)] = person.Id;
            }
        }
    }

    private ProjectDetails Stored(RowPlan p, Dictionary<(PersonRole, string), int> people, CryptoProfile profile)
    {
        var d = p.Details!;
        if (p.NewLeader is { } leader)
        {
            d = d with { LeaderId = people[(PersonRole.Leader, leader)] };
        }

        if (p.NewOfficer is { } officer)
        {
            d = d with { ServiceOfficerId = people[(PersonRole.ServiceOfficer, officer)] };
        }

        var stored = p.Existing?.Project.ContactPhone;
        return d.ContactPhone is { } phone && phone != stored ? d with { ContactPhone = personalData.Protect(phone, profile) } : d;
    }

    private static ImportSnapshot Snapshot(RowPlan p)
    {
        var e = p.Existing!;
        var year = e.Line is { } l ? new YearPlan(l.InPlan, l.NatureId, l.AnnualPlan, l.PlannedStartMonth, l.StartedOn, [.. l.Tags.Select(t => t.TagId).Order()]) : null;
        var report = e.Report is { } r ? new ReportBefore(r.InvestmentMonth, r.InvestmentYtd, r.InvestmentSinceStart, r.Progress, r.Status) : null;
        return new ImportSnapshot(e.Project.ToDetails(), year, p.Report?.Month, report);
    }

    private static (ProjectYear? Line, MonthlyReport? Report) WriteYear(RowPlan p, Project project, IEnumerable<MonthlyReport> approved, int year, DateTime now, Action<object> add)
    {
        if (!p.YearChanged && !p.ReportChanged)
        {
            return (p.Existing?.Line, p.Existing?.Report);
        }

        var line = p.Existing?.Line;
        if (line is null)
        {
            line = new ProjectYear(project.Id, year);
            add(line);
            line.RebuildFigures([], p.Existing?.OpeningSinceStart ?? 0m);
        }

        if (p.YearChanged)
        {
            var y = p.Year!;
            line.SetPlan(y.InPlan, y.NatureId, y.AnnualPlan, y.PlannedStartMonth, y.StartedOn);
            line.SetTags(y.TagIds);
        }

        var report = p.Existing?.Report;
        if (p.ReportChanged && p.Report is { } r)
        {
            if (report is null)
            {
                report = new MonthlyReport(project.Id, year, r.Month, r.InvestmentMonth, r.Ytd, r.SinceStart, r.Progress, now);
                report.MarkApproved(now);
                add(report);
            }
            else
            {
                report.SetFigures(r.InvestmentMonth, r.Ytd, r.SinceStart, r.Progress);
                if (report.Status != ReportStatus.Approved)
                {
                    report.MarkApproved(now);
                }
            }

            var reports = approved.Where(a => a.Month != r.Month).Append(report).ToList();
            line.RebuildFigures(reports, p.Existing?.OpeningSinceStart ?? 0m);
        }

        project.Touch(now);
        return (line, report);
    }
}

/// <summary>The file cannot be applied as it stands; the message says which row and why.</summary>
public sealed class ImportRejectedException(string message) : Exception(message);
