using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Imports;

/// <summary>
/// Undoes an applied import in one transaction: projects it created are removed, projects it changed get
/// their details, year line and month's report back, problems it opened are removed, and so are the people it
/// created unless they have been put to use since. Refused, naming the
/// rows, when anything it wrote has been changed since — a later edit is never silently lost.
/// </summary>
public sealed class RollbackImport(TiaoduDb db, TimeProvider clock)
{
    public async Task<ImportBatch> HandleAsync(int batchId, int expectedVersion, ICurrentUser user, CancellationToken ct)
    {
        var batch = await ImportAccess.LoadAsync(db, batchId, user, track: true, ct);
        ConcurrencyGuard.Expect(db, batch, batch.Version, expectedVersion);
        if (batch.Status != ImportStatus.Applied)
        {
            throw new ConflictException($"导入当前状态为「{ImportText.Status(batch.Status)}」，只有已导入的批次可以撤销");
        }

        var scope = await user.ScopeAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var year = ImportYear(batch);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changes = await db.ImportChanges.AsNoTracking().Where(c => c.BatchId == batchId).OrderByDescending(c => c.Id).ToListAsync(ct);
        var conflicts = new List<string>();
        var knownPeople = new Dictionary<int, bool>();
        foreach (var change in changes)
        {
            var versions = ImportVersions.FromJson(change.AfterVersionsJson);
            var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == change.ProjectId, ct);
            if (project is null || !scope.Allows(project))
            {
                conflicts.Add($"第{change.RowNumber}行：项目已不存在或不在您的管辖范围内");
                continue;
            }

            var lines = await db.ProjectYears.Include(y => y.Tags).Where(y => y.ProjectId == project.Id).ToListAsync(ct);
            var line = lines.Find(l => l.Year == year);
            var reports = await db.MonthlyReports.Where(r => r.ProjectId == project.Id).ToListAsync(ct);
            var report = versions.ReportMonth is { } m ? reports.Find(r => r.Year == year && r.Month == m) : null;
            var problems = await db.Problems.Where(p => p.ProjectId == project.Id).ToListAsync(ct);
            var mine = problems.Where(p => p.ImportBatchId == batchId).ToList();
            if (project.Version != versions.Project || line?.Version != versions.Year || report?.Version != versions.Report
                || mine.Exists(p => p.Status != ProblemStatus.Open || p.Version != 1))
            {
                conflicts.Add($"第{change.RowNumber}行「{project.Name}」：导入后已被修改");
                continue;
            }

            db.Problems.RemoveRange(mine);
            if (change.Kind == ImportChangeKind.Created)
            {
                if (lines.Exists(l => l.Year != year) || reports.Exists(r => r != report) || problems.Count != mine.Count)
                {
                    conflicts.Add($"第{change.RowNumber}行「{project.Name}」：导入后又添加了年度计划、月报或问题");
                    continue;
                }

                db.MonthlyReports.RemoveRange(reports);
                db.ProjectYears.RemoveRange(lines);
                db.Projects.Remove(project);
                continue;
            }

            var before = ImportSnapshot.FromJson(change.BeforeJson!);
            if (await MissingPersonAsync(before.Details, knownPeople, ct))
            {
                conflicts.Add($"第{change.RowNumber}行「{project.Name}」：导入前的包保领导或服务秘书已被删除");
                continue;
            }

            var opening = lines.Find(l => l.Year == year - 1)?.SinceStart[12] ?? 0m;
            Restore(before, project, line, report, reports, year, opening, now);
        }

        if (conflicts.Count > 0)
        {
            throw new ConflictException("以下项目在导入后已被修改，不能撤销本次导入（请先处理这些修改）：" + string.Join("；", conflicts.Take(20))
                + (conflicts.Count > 20 ? $" 等{conflicts.Count}处" : ""));
        }

        batch.RolledBack(user.Name, now);
        await db.SaveChangesAsync(ct);
        var (removed, kept) = await RemovePeopleAsync(batchId, ct);
        var people = removed + kept == 0 ? "" : $"，删除导入时新建的{removed}名人员" + (kept > 0 ? $"（另有{kept}名已在别处使用，保留）" : "");
        await db.RecordAuditAsync(AuditAction.Import, nameof(ImportBatch), batchId.ToString(CultureInfo.InvariantCulture),
            $"撤销导入「{batch.FileName}」：删除新增的{changes.Count(c => c.Kind == ImportChangeKind.Created)}个项目，恢复{changes.Count(c => c.Kind == ImportChangeKind.Updated)}个项目{people}", AuditResult.Success, ct);
        await tx.CommitAsync(ct);
        return batch;
    }

    /// <summary>
    /// Removes the people (包保领导, 服务秘书) the import created, once its projects are gone; one whom any row now
    /// refers to (another project, an account, a service log, a visit, a task force, a lead — every foreign key
    /// to a person in the model) is kept.
    /// </summary>
    private async Task<(int Removed, int Kept)> RemovePeopleAsync(int batchId, CancellationToken ct)
    {
        var created = await db.People.Where(p => p.ImportBatchId == batchId).ToListAsync(ct);
        if (created.Count == 0)
        {
            return (0, 0);
        }

        var ids = string.Join(',', created.Select(p => p.Id.ToString(CultureInfo.InvariantCulture)));
        var used = new HashSet<int>();
        foreach (var key in db.Model.FindEntityType(typeof(Person))!.GetReferencingForeignKeys())
        {
            var table = key.DeclaringEntityType.GetTableName();
            var column = key.Properties.Single().GetColumnName();
#pragma warning disable EF1002 // Table and column names from the model, ids the database gave.
            used.UnionWith(await db.Database.SqlQueryRaw<int>($"SELECT \"{column}\" AS \"Value\" FROM \"{table}\" WHERE \"{column}\" IN ({ids})").ToListAsync(ct));
#pragma warning restore EF1002
        }

        var unused = created.Where(p => !used.Contains(p.Id)).ToList();
        db.People.RemoveRange(unused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone named one of them while this ran; the whole rollback is undone and can be asked for again.
            throw new ConflictException("导入时新建的人员刚被其他操作使用，本次撤销未执行，请重试");
        }

        return (unused.Count, created.Count - unused.Count);
    }

    /// <summary>Whether the details to restore name a leader or service officer who no longer exists (removed with an earlier rollback).</summary>
    private async Task<bool> MissingPersonAsync(ProjectDetails details, Dictionary<int, bool> known, CancellationToken ct)
    {
        foreach (var id in new[] { details.LeaderId, details.ServiceOfficerId })
        {
            if (id is not { } personId)
            {
                continue;
            }

            if (!known.TryGetValue(personId, out var exists))
            {
                known[personId] = exists = await db.People.AnyAsync(p => p.Id == personId, ct);
            }

            if (!exists)
            {
                return true;
            }
        }

        return false;
    }

    private static int ImportYear(ImportBatch batch) =>
        ImportPreview.FromJson(batch.PreviewJson)?.Year ?? throw new ConflictException("导入记录缺少预览信息，不能撤销");

    private void Restore(ImportSnapshot before, Project project, ProjectYear? line, MonthlyReport? report, List<MonthlyReport> reports, int year, decimal opening, DateTime now)
    {
        if (project.ToDetails() != before.Details)
        {
            project.Update(before.Details, now);
        }

        if (line is null)
        {
            return;
        }

        if (report is not null)
        {
            if (before.Report is { } r)
            {
                report.SetFigures(r.InvestmentMonth, r.Ytd, r.SinceStart, r.Progress);
            }
            else
            {
                db.MonthlyReports.Remove(report);
                reports.Remove(report);
            }
        }

        if (before.Year is not { } y)
        {
            db.MonthlyReports.RemoveRange(reports.Where(r => r.Year == year));
            db.ProjectYears.Remove(line);
            return;
        }

        line.SetPlan(y.InPlan, y.NatureId, y.AnnualPlan, y.PlannedStartMonth, y.StartedOn);
        line.SetTags(y.TagIds);
        line.RebuildFigures(reports.Where(r => r.Year == year && r.Status == ReportStatus.Approved), opening);
        project.Touch(now);
    }
}
