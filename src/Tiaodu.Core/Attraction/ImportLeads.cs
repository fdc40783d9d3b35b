using Microsoft.Extensions.Logging;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Attraction;

public enum LeadRowOutcome
{
    New,
    Update,
    Unchanged,
    Error,
}

/// <summary>One row of the file as the import reads it: what it becomes, or why it cannot.</summary>
public sealed record LeadImportRow(int Row, string? Name, string? Region, LeadStage? Stage, string? SourceEvent, string? Ceremony, decimal Amount,
    LeadRowOutcome Outcome, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>A total of the file by stage or by event, the way the office's table adds up.</summary>
public sealed record LeadImportTotal(string Name, int Leads, decimal Amount);

public sealed record LeadImportPreview(string FileName, string Sha256, string? Title, int HeaderRow, IReadOnlyList<LeadSheetColumn> Columns, IReadOnlyList<string> Ignored,
    IReadOnlyList<LeadImportRow> Rows, IReadOnlyList<LeadImportTotal> ByStage, IReadOnlyList<LeadImportTotal> ByEvent,
    IReadOnlyList<LeadSheetHeader> Headers, IReadOnlyList<string> FileErrors, IReadOnlyList<string> FileWarnings)
{
    /// <summary>Rows in error, plus one when the table itself is wrong (a required column missing) or has no data rows.</summary>
    public int Errors => Rows.Count(r => r.Outcome == LeadRowOutcome.Error) + (FileErrors.Count > 0 ? 1 : 0);
    public int New => Rows.Count(r => r.Outcome == LeadRowOutcome.New);
    public int Updated => Rows.Count(r => r.Outcome == LeadRowOutcome.Update);
    public int Unchanged => Rows.Count(r => r.Outcome == LeadRowOutcome.Unchanged);
}

/// <summary>
/// Imports a 招商台账: the preview says for every row what it becomes (new, updated, unchanged) or why it cannot;
/// applying writes the whole file in one transaction or nothing, matches leads by name within the landing region
/// (so the same file twice changes nothing), moves stages only forward, creates events named in the file, records
/// the import with its file hash, and can be rolled back until someone changes what it wrote.
/// </summary>
public sealed class ImportLeads(TiaoduDb db, ICurrentUser user, TimeProvider clock, PersonalData personalData, SecurityPolicy policy, ILogger<ImportLeads>? log = null)
{
    /// <summary>Rows written between saves (and progress reports) inside the one transaction.</summary>
    private const int WriteChunk = 200;

    private sealed record Planned(LeadImportRow Row, LeadDetails? Details, LeadStage Stage, DateOnly On, Lead? Match);

    /// <summary>Keeps the file and says what importing it would do; nothing in the pipeline changes.</summary>
    public async Task<(LeadImport Import, LeadImportPreview Preview)> UploadAsync(Stream content, string fileName, string? defaultRegion, CancellationToken ct, int? mappingId = null)
    {
        RequireImporter();
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > LeadImport.MaxBytes)
        {
            throw ValidationFailedException.For("file", "文件超过10MB，请检查是否选错了文件");
        }

        if (buffer.Length == 0)
        {
            throw ValidationFailedException.For("file", "文件是空的");
        }

        var bytes = buffer.ToArray();
        var options = new LeadImportOptions { MappingId = mappingId, Headers = mappingId is { } id ? await SavedMappingAsync(id, ct) : null };
        var (preview, _, _) = await PlanAsync(bytes, fileName, defaultRegion, options, ct);
        var import = new LeadImport(Path.GetFileName(fileName), bytes, preview.Sha256, defaultRegion, user.Name, clock.GetUtcNow().UtcDateTime, user.AccountId, options.ToJson());
        db.LeadImports.Add(import);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return (import, preview);
    }

    /// <summary>A kept file's state (for the progress panel), without working out its preview.</summary>
    public Task<LeadImport> GetAsync(int id, CancellationToken ct) => LoadAsync(id, ct);

    /// <summary>The preview of a kept file, computed again against the pipeline as it is now.</summary>
    public async Task<(LeadImport Import, LeadImportPreview Preview)> PreviewAsync(int id, CancellationToken ct)
    {
        var import = await LoadAsync(id, ct);
        return (import, (await PlanAsync(import.Content, import.FileName, import.Region, LeadImportOptions.FromJson(import.Options), ct)).Preview);
    }

    /// <summary>
    /// Maps columns by hand (column index → field name, or "Ignore"; a column left out keeps what it had) and, with a
    /// name, saves the resulting mapping by header text for next month's file; returns the new preview.
    /// </summary>
    public async Task<(LeadImport Import, LeadImportPreview Preview)> MapAsync(int id, IReadOnlyDictionary<int, string> columns, string? saveAs, CancellationToken ct)
    {
        var import = await LoadAsync(id, ct);
        var options = LeadImportOptions.FromJson(import.Options);
        var chosen = new Dictionary<int, string>(options.Columns);
        foreach (var (index, key) in columns)
        {
            if (index < 0 || !LeadImportOptions.TryParse(key, out _))
            {
                throw ValidationFailedException.For("columns", $"第{index + 1}列的对应「{key}」无法识别");
            }

            chosen[index] = string.IsNullOrWhiteSpace(key) ? LeadImportOptions.Ignore : key;
        }

        options = options with { Columns = chosen };
        import.Choose(options.ToJson());
        var preview = (await PlanAsync(import.Content, import.FileName, import.Region, options, ct)).Preview;
        if (!string.IsNullOrWhiteSpace(saveAs))
        {
            await SaveMappingAsync(saveAs.Trim(), preview, ct);
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
        return (import, preview);
    }

    /// <summary>The saved 招商台账 mappings, by name.</summary>
    public async Task<IReadOnlyList<ImportMapping>> MappingsAsync(CancellationToken ct)
    {
        RequireImporter();
        return await db.ImportMappings.AsNoTracking().Where(m => m.Target == ImportMapping.Leads).OrderBy(m => m.Name).ToListAsync(ct);
    }

    private async Task SaveMappingAsync(string name, LeadImportPreview preview, CancellationToken ct)
    {
        if (name.Length > ImportMapping.NameLength)
        {
            throw ValidationFailedException.For("saveAs", $"方案名称不能超过{ImportMapping.NameLength}个字");
        }

        var json = JsonSerializer.Serialize(preview.Headers.GroupBy(h => LeadSheetReader.Key(h.Header), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Field?.ToString() ?? LeadImportOptions.Ignore, StringComparer.Ordinal));
        var mapping = await db.ImportMappings.FirstOrDefaultAsync(m => m.Target == ImportMapping.Leads && m.Name == name, ct);
        if (mapping is null)
        {
            db.ImportMappings.Add(new ImportMapping(name, user.AccountId, json, clock.GetUtcNow().UtcDateTime, ImportMapping.Leads));
        }
        else if (mapping.AccountId is { } owner && owner == user.AccountId)
        {
            mapping.Replace(json);
        }
        else
        {
            // Others read their files with it: only the one who saved it may change it.
            throw ValidationFailedException.For("saveAs", $"已有他人保存的方案「{name}」，请换一个名称");
        }
    }

    /// <summary>Confirms from the page: checked against the pipeline now, then left to a background worker, which the user need not wait for.</summary>
    public async Task<LeadImport> QueueAsync(int id, int version, CancellationToken ct)
    {
        var import = await LoadAsync(id, ct);
        ConcurrencyGuard.Expect(db, import, import.Version, version);
        var (preview, _, _) = await PlanAsync(import.Content, import.FileName, import.Region, LeadImportOptions.FromJson(import.Options), ct);
        RequireClean(preview);
        import.Queue(preview.New + preview.Updated, user.AccountId ?? throw new ForbiddenException("只有登录的账号可以在后台导入"));
        await ConcurrencyGuard.SaveAsync(db, ct);
        return import;
    }

    /// <summary>A worker claims a queued import; false when another instance was quicker or it is no longer queued.</summary>
    public async Task<bool> ClaimAsync(int id, CancellationToken ct)
    {
        var import = await db.LeadImports.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (import is not { Status: LeadImportStatus.Queued })
        {
            return false;
        }

        import.Start(import.Rows, clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>
    /// Writes the file: the whole of it in one transaction, or nothing. The API and the command line call it on a
    /// previewed import and wait; a worker calls it on the import it claimed. Once the import is claimed, any failure
    /// — a refused row, a lost permission, a database error, a cancelled request or a stopping service — leaves it
    /// failed with the reason and nothing written, so it can be confirmed again; it is never left "being written".
    /// </summary>
    /// <param name="claimed">True for the worker that claimed the queued import with <see cref="ClaimAsync"/>.</param>
    public async Task<(LeadImport Import, LeadImportPreview Preview)> ApplyAsync(int id, CancellationToken ct, Action<int>? progress = null, bool claimed = false)
    {
        if (!claimed)
        {
            // Checked before the claim: a refusal here leaves the import as it was.
            var previewed = await LoadAsync(id, ct);
            if (previewed.Status is LeadImportStatus.Applied or LeadImportStatus.RolledBack)
            {
                throw new ConflictException("该文件已经导入过；如需再次导入，请重新上传");
            }

            var (checkedPreview, checkedPlan, checkedEvents) = await PlanAsync(previewed.Content, previewed.FileName, previewed.Region, LeadImportOptions.FromJson(previewed.Options), ct);
            RequireClean(checkedPreview);
            previewed.Start(checkedPreview.New + checkedPreview.Updated, clock.GetUtcNow().UtcDateTime);
            await ConcurrencyGuard.SaveAsync(db, ct);
            return await WriteOrFailAsync(id, async () =>
            {
                await WriteAsync(previewed, checkedPreview, checkedPlan, checkedEvents, progress, ct);
                return (previewed, checkedPreview);
            });
        }

        return await WriteOrFailAsync(id, async () =>
        {
            var import = await LoadAsync(id, ct);
            if (import.Status != LeadImportStatus.Applying)
            {
                throw new ConflictException("该导入未被领取，不能写入");
            }

            var (preview, plan, events) = await PlanAsync(import.Content, import.FileName, import.Region, LeadImportOptions.FromJson(import.Options), ct);
            RequireClean(preview);
            await WriteAsync(import, preview, plan, events, progress, ct);
            return (import, preview);
        });
    }

    private async Task<(LeadImport Import, LeadImportPreview Preview)> WriteOrFailAsync(int id, Func<Task<(LeadImport, LeadImportPreview)>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception e)
        {
            await FailAsync(id, e);
            throw;
        }
    }

    /// <summary>Records why a claimed import was not written, even when the request was cancelled or the service is stopping.</summary>
    private async Task FailAsync(int id, Exception e)
    {
        var stopped = e is OperationCanceledException;
        var known = e is ConflictException or ValidationFailedException or ForbiddenException or NotFoundException;
        var reason = stopped ? ImportClaims.Interrupted : (known ? e.Message : "写入数据库时出错（" + e.GetType().Name + "）") + "；未写入任何数据";
        try
        {
            db.ChangeTracker.Clear();
            var failed = await db.LeadImports.FirstAsync(i => i.Id == id, CancellationToken.None);
            failed.Fail(reason);
            await db.SaveChangesAsync(CancellationToken.None);
            await db.RecordAuditAsync(AuditAction.Import, nameof(LeadImport), id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"导入招商台账「{failed.FileName}」失败：{(stopped ? "被中断" : e.Message)}", AuditResult.Failure, CancellationToken.None);
        }
        catch (Exception failure)
        {
            // The database itself is failing: the claim is released by the next start (SQLite) or sweep (PostgreSQL),
            // and the caller hears of the first failure, not of this one.
            log?.LogError(failure, "Could not record the failure of lead import {Id}", id);
        }
    }

    private static void RequireClean(LeadImportPreview preview)
    {
        if (preview.Errors > 0)
        {
            throw new ConflictException(preview.FileErrors.Count > 0
                ? preview.FileErrors[0] + "；未导入任何数据"
                : $"文件有 {preview.Errors} 行错误，未导入任何数据；请修正后重新导入");
        }
    }

    private async Task WriteAsync(LeadImport import, LeadImportPreview preview, List<Planned> plan, Dictionary<string, int> events, Action<int>? progress, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ImportClaims.HoldAsync(db, "LeadImports", import.Id, ct);

        // A file that only adds leads appends the audit records at the end, so the audit head (which every audited
        // write anywhere must lock) is held for a moment rather than for the whole file. A file that also updates
        // existing leads locks the head first, as every save does: holding those leads and then waiting for the head
        // would deadlock with a user saving one of them.
        using var deferred = plan.Exists(p => p.Row.Outcome == LeadRowOutcome.Update) ? null : db.DeferAudit();
        var now = clock.GetUtcNow().UtcDateTime;
        var createdEvents = new List<AttractionEvent>();
        var eventIds = new Dictionary<string, int>(events, StringComparer.Ordinal);
        foreach (var (name, ceremony, on, region) in plan.Where(p => p.Details is not null)
                     .SelectMany(p => new[] { (p.Row.SourceEvent, false, p.On, p.Details!.RegionId), (p.Row.Ceremony, true, p.On, p.Details!.RegionId) })
                     .Where(x => x.Item1 is not null && !eventIds.ContainsKey(x.Item1)).GroupBy(x => x.Item1!).Select(g => (g.Key, g.First().Item2, g.Min(x => x.On), g.First().RegionId)))
        {
            var e = new AttractionEvent(ceremony ? EventKind.Ceremony : EventKind.Outbound, name, on, null, region, "由招商台账导入时登记");
            db.AttractionEvents.Add(e);
            createdEvents.Add(e);
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
        foreach (var e in createdEvents)
        {
            eventIds[e.Name] = e.Id;
        }

        var created = new List<Lead>();
        var updated = new List<(Lead Lead, LeadBefore Before)>();
        foreach (var p in plan.Where(p => p.Row.Outcome is LeadRowOutcome.New or LeadRowOutcome.Update))
        {
            var details = p.Details! with
            {
                SourceEventId = p.Row.SourceEvent is { } s ? eventIds[s] : p.Match?.SourceEventId,
                CeremonyId = p.Row.Ceremony is { } c ? eventIds[c] : p.Match?.CeremonyId,
            };
            if (p.Match is null)
            {
                var lead = new Lead(details with { Stage = p.Stage }, p.On, user.Name, now);
                db.Leads.Add(lead);
                created.Add(lead);
                if ((created.Count + updated.Count) % WriteChunk == 0)
                {
                    await ConcurrencyGuard.SaveAsync(db, ct);
                    progress?.Invoke(created.Count + updated.Count);
                }

                continue;
            }

            var before = new LeadBefore(p.Match.Id, p.Match.Details(), p.Match.Stage, p.Match.StageOn, 0, []);
            var steps = p.Match.Steps.Count;
            p.Match.Update(details with { ContactPhone = details.ContactPhone ?? p.Match.ContactPhone });
            if (p.Stage > p.Match.Stage)
            {
                p.Match.MoveTo(p.Stage, p.On < p.Match.StageOn ? p.Match.StageOn : p.On, user.Name, now, "招商台账导入", null);
            }

            updated.Add((p.Match, before with { StepsAdded = [steps] }));
            if ((created.Count + updated.Count) % WriteChunk == 0)
            {
                await ConcurrencyGuard.SaveAsync(db, ct);
                progress?.Invoke(created.Count + updated.Count);
            }
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
        progress?.Invoke(created.Count + updated.Count);
        var changes = new LeadImportChanges([.. created.Select(l => l.Id)], [.. createdEvents.Select(e => e.Id)],
            [.. updated.Select(u => u.Before with { VersionAfter = u.Lead.Version, StepsAdded = [.. u.Lead.Steps.Skip(u.Before.StepsAdded[0]).Select(s => s.Id)] })]);
        import.Applied(user.Name, now, created.Count, updated.Count, preview.Unchanged, JsonSerializer.Serialize(changes));
        await ConcurrencyGuard.SaveAsync(db, ct);
        if (deferred is not null)
        {
            await deferred.AppendAsync(ct);
        }
        await db.RecordAuditAsync(AuditAction.Import, nameof(LeadImport), import.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"导入招商台账「{import.FileName}」（SHA-256 {import.Sha256[..12]}…）：新增{created.Count}个，更新{updated.Count}个，无变化{preview.Unchanged}个", AuditResult.Success, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Undoes an import: deletes what it created and puts back what it changed, or refuses if any of it was changed since.</summary>
    public async Task<LeadImport> RollbackAsync(int id, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您的角色不能撤销导入");
        }

        var import = await LoadAsync(id, ct);
        if (import.Status != LeadImportStatus.Applied)
        {
            throw new ConflictException(import.Status == LeadImportStatus.RolledBack ? "该次导入已撤销" : "该文件尚未导入");
        }

        var changes = JsonSerializer.Deserialize<LeadImportChanges>(import.Changes)!;
        var scope = await user.ScopeAsync(ct);
        var ids = changes.CreatedLeads.Concat(changes.UpdatedLeads.Select(u => u.Id)).ToList();
        var leads = await db.Leads.Include(l => l.Steps).Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        if (leads.Values.Any(l => !scope.AllowsPlace(l.RegionId, null)))
        {
            throw new ForbiddenException("该次导入涉及您管辖范围以外的项目，不能撤销");
        }

        var touched = changes.UpdatedLeads.Where(u => leads.TryGetValue(u.Id, out var l) && l.Version != u.VersionAfter).Select(u => leads[u.Id].Name)
            .Concat(changes.CreatedLeads.Where(c => leads.TryGetValue(c, out var l) && (l.Version != 0 || l.ProjectId is not null)).Select(c => leads[c].Name)).ToList();
        if (touched.Count > 0)
        {
            throw new ConflictException("导入后以下项目已被修改，不能撤销：" + string.Join("、", touched.Take(10)));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Leads.RemoveRange(changes.CreatedLeads.Where(leads.ContainsKey).Select(c => leads[c]));
        foreach (var u in changes.UpdatedLeads.Where(u => leads.ContainsKey(u.Id)))
        {
            var lead = leads[u.Id];
            db.LeadSteps.RemoveRange(lead.Steps.Where(s => u.StepsAdded.Contains(s.Id)));
            lead.Restore(u.Details, u.Stage, u.StageOn);
        }

        await ConcurrencyGuard.SaveAsync(db, ct);

        // A document kept with a lead the import created would lose its lead: the user removes it first. Checked
        // after the leads are deleted, inside the transaction: a document being added holds its lead (LeadDocuments),
        // so it either committed before and is seen here, or finds the lead gone.
        var withDocuments = await db.StoredFiles.AsNoTracking().Where(f => f.OwnerType == Files.StoredFile.LeadDocumentOwner && changes.CreatedLeads.Contains(f.OwnerId))
            .Select(f => f.OwnerId).Distinct().ToListAsync(ct);
        if (withDocuments.Count > 0)
        {
            throw new ConflictException("导入后以下项目已添加材料，不能撤销：" + string.Join("、", withDocuments.Where(leads.ContainsKey).Take(10).Select(i => leads[i].Name)));
        }
        var events = await db.AttractionEvents.Where(e => changes.CreatedEvents.Contains(e.Id)).ToListAsync(ct);
        db.AttractionEvents.RemoveRange(events.Where(e => !db.Leads.Any(l => l.SourceEventId == e.Id || l.CeremonyId == e.Id)));
        import.RolledBack();
        await ConcurrencyGuard.SaveAsync(db, ct);
        await db.RecordAuditAsync(AuditAction.Restore, nameof(LeadImport), import.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"撤销招商台账导入「{import.FileName}」", AuditResult.Success, ct);
        await tx.CommitAsync(ct);
        return import;
    }

    /// <summary>The imports of the current account: the ones it uploaded (the file is theirs), latest first.</summary>
    public async Task<IReadOnlyList<LeadImport>> ListAsync(CancellationToken ct)
    {
        RequireImporter();
        var mine = user.AccountId is { } account
            ? db.LeadImports.AsNoTracking().Where(i => i.AccountId == account || (i.AccountId == null && i.By == user.Name))
            : db.LeadImports.AsNoTracking().Where(i => i.AccountId == null && i.By == user.Name);
        return await mine.OrderByDescending(i => i.Id).Take(50).ToListAsync(ct);
    }

    /// <summary>An import of the current account (another account's file is not shown, as if it did not exist).</summary>
    private async Task<LeadImport> LoadAsync(int id, CancellationToken ct)
    {
        RequireImporter();
        var import = await db.LeadImports.FirstOrDefaultAsync(i => i.Id == id, ct);
        var mine = import is not null && (import.AccountId is { } account ? account == user.AccountId : user.AccountId is null || import.By == user.Name);
        return mine ? import! : throw new NotFoundException("导入记录不存在");
    }

    private void RequireImporter()
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您的角色不能导入招商台账");
        }
    }

    private async Task<(LeadImportPreview Preview, List<Planned> Plan, Dictionary<string, int> Events)> PlanAsync(byte[] bytes, string fileName, string? defaultRegion,
        LeadImportOptions options, CancellationToken ct)
    {
        var sha = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        var choices = await ChoicesAsync(options, ct);
        LeadSheet sheet;
        try
        {
            using var file = WorkbookFile.Open(new MemoryStream(bytes), fileName);
            sheet = LeadSheetReader.Read(file, choices);
        }
        catch (ExcelFileException e)
        {
            throw ValidationFailedException.For("file", e.Message);
        }

        var names = await ReferenceNames.LoadAsync(db, ct);
        var scope = await user.ScopeAsync(ct);
        var context = names.Regions.ByKey(defaultRegion);
        var events = await LeadAccess.Visible(db.AttractionEvents.AsNoTracking(), scope).ToListAsync(ct);
        var eventIds = events.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var existing = (await LeadAccess.Visible(db.Leads.Include(l => l.Steps), scope).ToListAsync(ct))
            .GroupBy(l => (Key(l.Name), l.RegionId)).ToDictionary(g => g.Key, g => g.First());
        var officers = names.People.Values.Where(p => p.IsActive).GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var industries = names.List(LookupKind.Industry).ToList();
        var profile = (await policy.CurrentAsync(db, ct)).CryptoProfile;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var seen = new HashSet<(string, int)>();
        var plan = new List<Planned>();
        decimal? ContractOnRecord(string? name, Region? region) =>
            name is not null && region is not null ? existing.GetValueOrDefault((Key(name), region.Id))?.ContractInvestment : null;
        foreach (var row in sheet.Rows)
        {
            var errors = new List<string>();
            var warnings = new List<string>();
            object? Cell(LeadColumn c) => row.Cells.GetValueOrDefault(c);
            string? Text(LeadColumn c) => CellValues.Stated(Cell(c));
            decimal? Money(LeadColumn c, string label)
            {
                var unit = sheet.Columns.FirstOrDefault(x => x.Field == c)?.Unit ?? UnitConversion.Wan;
                var parsed = CellValues.Number(Cell(c), unit);
                if (parsed.IsError || parsed.HasValue && parsed.Value is < 0 or > Ledger.SaveProject.MaxInvestmentWan)
                {
                    errors.Add($"{label}不是有效的金额");
                    return null;
                }

                return parsed.HasValue ? decimal.Round(parsed.Value, 4) : null;
            }

            var name = Text(LeadColumn.Name);
            var investor = Text(LeadColumn.Investor);
            if (investor is null) errors.Add("缺少投资方");
            var regionText = Text(LeadColumn.Region);
            var resolved = regionText is null ? new RegionResolution(context, context is null ? [] : [context]) : names.Regions.Resolve(regionText, context);
            var region = resolved.Match;
            if (region is null)
            {
                errors.Add(resolved.IsAmbiguous ? $"落地区域「{regionText}」有多个同名地区（{string.Join("、", resolved.Candidates.Select(c => c.Name))}），请写全称或代码"
                    : regionText is null ? "缺少落地区域" : $"无法识别落地区域「{regionText}」");
            }
            else if (!scope.AllowsPlace(region.Id, null))
            {
                errors.Add($"落地区域「{region.Name}」不在您的管辖范围内");
            }

            var stageText = Text(LeadColumn.Stage);
            var (stage, dropped) = stageText is null ? (LeadStage.Clue, false) : Stage(stageText);
            if (stage is null)
            {
                errors.Add($"无法识别阶段「{stageText}」");
            }

            var intended = Money(LeadColumn.Intended, "意向投资额");
            var contract = Money(LeadColumn.Contract, "签约额");
            var funds = Money(LeadColumn.Funds, "到位资金");
            var date = CellValues.Date(Cell(LeadColumn.StageOn));
            if (date.IsError) errors.Add("阶段日期无法识别");
            var on = date.HasValue ? date.Value : today;
            if (on > today) errors.Add("阶段日期晚于今天");
            var signedAmount = contract ?? ContractOnRecord(name, region);
            if (stage >= LeadStage.Contracted && signedAmount is not > 0)
            {
                if (intended is > 0)
                {
                    contract = intended;
                    warnings.Add("未填签约额，按意向投资额计为签约额");
                }
                else
                {
                    errors.Add("已签约的项目须有签约额");
                }
            }

            if (dropped) warnings.Add("标注为已放弃：导入后请在项目页放弃并填写原因");

            var industryText = Text(LeadColumn.Industry);
            int? industry = null;
            if (industryText is not null)
            {
                var key = Key(industryText);
                industry = industries.FirstOrDefault(l => Key(l.Name) == key || l.Code == industryText)?.Id;
                if (industry is null) warnings.Add($"行业「{industryText}」不在行业分类中，未导入");
            }

            var officerText = Text(LeadColumn.Officer);
            int? officer = officerText is not null && officers.TryGetValue(officerText, out var o) ? o : null;
            if (officerText is not null && officer is null) warnings.Add($"招商专员「{officerText}」不在人员名单中，未导入");

            var phone = Text(LeadColumn.ContactPhone);
            if (phone is not null && (phone.Length > ManageLeads.MaxPhoneLength || !phone.All(ch => char.IsAsciiDigit(ch) || ch is '-' or '+' or ' ' or '*')))
            {
                errors.Add("联系电话格式不对");
            }

            if (name is not null && region is not null && !seen.Add((Key(name), region.Id)))
            {
                errors.Add("与前面的行重复（同一地区的同名项目）");
            }

            var partner = CellValues.YesNo(Cell(LeadColumn.Partner));
            var match = name is not null && region is not null ? existing.GetValueOrDefault((Key(name), region.Id)) : null;
            string? stored = phone is null || phone.Contains('*', StringComparison.Ordinal) ? match?.ContactPhone
                : match?.ContactPhone is { } s && personalData.Reveal(s) == phone ? s : personalData.Protect(phone, profile);
            var details = name is null || investor is null || region is null ? null : new LeadDetails
            {
                Name = TextLimit.Cut(name, Lead.NameLength)!, Investor = TextLimit.Cut(investor, Lead.NameLength)!, Origin = TextLimit.Cut(Text(LeadColumn.Origin), 50) ?? match?.Origin,
                FromPartner = partner.HasValue ? partner.Value : match?.FromPartner ?? false, IndustryId = industry ?? match?.IndustryId, RegionId = region.Id,
                IntendedInvestment = intended ?? match?.IntendedInvestment ?? contract ?? 0m, ContractInvestment = contract ?? match?.ContractInvestment,
                FundsInPlace = funds ?? match?.FundsInPlace, ContactName = TextLimit.Cut(Text(LeadColumn.ContactName), 50) ?? match?.ContactName, ContactPhone = stored,
                OfficerId = officer ?? match?.OfficerId, Notes = TextLimit.Cut(CellValues.StatedLong(Cell(LeadColumn.Notes)), Lead.TextLength) ?? match?.Notes,
            };
            var source = Text(LeadColumn.SourceEvent);
            var ceremony = Text(LeadColumn.Ceremony);
            var outcome = errors.Count > 0 || details is null ? LeadRowOutcome.Error
                : match is null ? LeadRowOutcome.New
                : Same(match, details, source, ceremony, eventIds) && (stage ?? LeadStage.Clue) <= match.Stage ? LeadRowOutcome.Unchanged : LeadRowOutcome.Update;
            if (match is not null && stage < match.Stage)
            {
                warnings.Add($"文件中的阶段「{LeadNames.Stage(stage.Value)}」早于平台中的「{LeadNames.Stage(match.Stage)}」，阶段不回退");
            }

            if (name is null) errors.Insert(0, CellValues.Text(Cell(LeadColumn.Name)) is { } filler ? $"「{filler}」不是项目名称" : "缺少项目名称");
            var amount = stage >= LeadStage.Contracted ? contract ?? intended ?? 0m : intended ?? 0m;
            plan.Add(new Planned(new LeadImportRow(row.Number, name, region?.Name, stage, source, ceremony, amount, errors.Count > 0 ? LeadRowOutcome.Error : outcome, errors, warnings),
                details, stage ?? LeadStage.Clue, on, match));
        }

        var valid = plan.Where(p => p.Row.Outcome != LeadRowOutcome.Error).Select(p => p.Row).ToList();
        var byStage = valid.GroupBy(r => r.Stage!.Value).OrderBy(g => g.Key).Select(g => new LeadImportTotal(LeadNames.Stage(g.Key), g.Count(), g.Sum(r => r.Amount))).ToList();
        var byEvent = valid.SelectMany(r => new[] { r.SourceEvent, r.Ceremony }.Where(e => e is not null).Distinct().Select(e => (Event: e!, Row: r)))
            .GroupBy(x => x.Event, StringComparer.Ordinal).Select(g => new LeadImportTotal(g.Key, g.Count(), g.Sum(x => x.Row.Amount))).ToList();
        var fileErrors = sheet.FileErrors.Count == 0 && plan.Count == 0 ? ["表格中没有招商项目数据行"] : sheet.FileErrors;
        return (new LeadImportPreview(Path.GetFileName(fileName), sha, sheet.Title, sheet.HeaderRow, sheet.Columns, sheet.Ignored, [.. plan.Select(p => p.Row)], byStage, byEvent,
            sheet.Headers, fileErrors, sheet.FileWarnings), plan, eventIds);
    }

    /// <summary>The columns chosen by hand for this file, over those of the saved mapping it started from.</summary>
    private async Task<LeadColumnChoices> ChoicesAsync(LeadImportOptions options, CancellationToken ct)
    {
        var byHeader = new Dictionary<string, LeadColumn?>(StringComparer.Ordinal);
        var saved = options.Headers ?? (options.MappingId is { } id ? await SavedMappingAsync(id, ct) : []);
        foreach (var (header, key) in saved)
        {
            if (LeadImportOptions.TryParse(key, out var field))
            {
                byHeader[header] = field;
            }
        }

        var byIndex = new Dictionary<int, LeadColumn?>();
        foreach (var (index, key) in options.Columns)
        {
            if (LeadImportOptions.TryParse(key, out var field))
            {
                byIndex[index] = field;
            }
        }

        return new LeadColumnChoices(byIndex, byHeader);
    }

    /// <summary>A saved 招商台账 mapping's columns (normalised header text → field).</summary>
    private async Task<Dictionary<string, string>> SavedMappingAsync(int id, CancellationToken ct)
    {
        var json = await db.ImportMappings.AsNoTracking().Where(m => m.Id == id && m.Target == ImportMapping.Leads).Select(m => m.ColumnsJson).FirstOrDefaultAsync(ct)
            ?? throw ValidationFailedException.For("mappingId", "所选的列对应方案不存在");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
    }

    private static bool Same(Lead l, LeadDetails d, string? source, string? ceremony, Dictionary<string, int> events) =>
        l.Name == d.Name && l.Investor == d.Investor && l.Origin == d.Origin && l.FromPartner == d.FromPartner && l.IndustryId == d.IndustryId
        && l.IntendedInvestment == d.IntendedInvestment && l.ContractInvestment == d.ContractInvestment && l.FundsInPlace == d.FundsInPlace
        && l.ContactName == d.ContactName && l.ContactPhone == d.ContactPhone && l.OfficerId == d.OfficerId && l.Notes == d.Notes
        && (source is null || (events.TryGetValue(source, out var s) && l.SourceEventId == s))
        && (ceremony is null || (events.TryGetValue(ceremony, out var c) && l.CeremonyId == c));

    /// <summary>A stage as offices write it, and whether the row says the lead was dropped; null stage when unknown.</summary>
    public static (LeadStage? Stage, bool Dropped) Stage(string text)
    {
        var t = ChineseText.ToSimplified(text).Replace(" ", "", StringComparison.Ordinal);
        var dropped = t.Contains("放弃", StringComparison.Ordinal) || t.Contains("终止", StringComparison.Ordinal);
        LeadStage? stage = t switch
        {
            _ when t.Contains("开工", StringComparison.Ordinal) => LeadStage.Started,
            _ when t.Contains("落位", StringComparison.Ordinal) || t.Contains("选址", StringComparison.Ordinal) || t.Contains("落地", StringComparison.Ordinal) => LeadStage.Sited,
            _ when t.Contains("注册", StringComparison.Ordinal) => LeadStage.Registered,
            _ when t.Contains("拟签", StringComparison.Ordinal) => LeadStage.AboutToSign,
            _ when t.Contains("签约", StringComparison.Ordinal) || t.Contains("签订", StringComparison.Ordinal) => LeadStage.Contracted,
            _ when t.Contains("在谈", StringComparison.Ordinal) || t.Contains("洽谈", StringComparison.Ordinal) || t.Contains("对接", StringComparison.Ordinal) => LeadStage.Negotiating,
            _ when t.Contains("线索", StringComparison.Ordinal) || t.Contains("储备", StringComparison.Ordinal) => LeadStage.Clue,
            _ => dropped ? LeadStage.Clue : null,
        };
        return (stage, dropped);
    }

    private static string Key(string name) => ChineseText.Normalize(name);
}
