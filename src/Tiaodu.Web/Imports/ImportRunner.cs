using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Data;
using Tiaodu.Core.Imports;
using Tiaodu.Web.Infrastructure;

namespace Tiaodu.Web.Imports;

/// <summary>Rows done so far by imports running on this instance (ledger batches and 招商台账 files), for the progress bar.</summary>
public sealed class ImportProgress
{
    private readonly ConcurrentDictionary<int, int> _rows = new();
    private readonly ConcurrentDictionary<int, int> _leadRows = new();

    public int? RowsDone(int batchId) => _rows.TryGetValue(batchId, out var n) ? n : null;

    public int? LeadRowsDone(int importId) => _leadRows.TryGetValue(importId, out var n) ? n : null;

    internal Action<int> For(int batchId) => n => _rows[batchId] = n;

    internal Action<int> ForLeads(int importId) => n => _leadRows[importId] = n;

    internal void Done(int batchId) => _rows.TryRemove(batchId, out _);

    internal void LeadsDone(int importId) => _leadRows.TryRemove(importId, out _);
}

/// <summary>
/// Runs previews and confirmed imports in the background, each as the account that uploaded the file (its
/// permissions, jurisdiction and name in the audit trail), so the user can leave the page and come back.
/// Work is found in the database, so a batch queued on one instance can be run by another. Confirmed 招商台账
/// files are written the same way.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, ImportProgress progress, TimeProvider clock, IConfiguration config, ILogger<ImportWorker> log) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Starts looking at once rather than at the next poll.</summary>
    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverInterruptedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReleaseStaleAsync(stoppingToken);
                while (await RunNextAsync(stoppingToken))
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Import worker pass failed");
            }

            await _wake.WaitAsync(Poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Imports cut off by a stop (their transactions rolled back) are released: SQLite at the start (one instance), PostgreSQL by <see cref="ReleaseStaleAsync"/>.</summary>
    private async Task RecoverInterruptedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
        if (!db.Database.IsSqlite() || !await db.Database.CanConnectAsync(ct) || (await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            return;
        }

        await ImportClaims.ReleaseAllAsync(db, ct);
    }

    /// <summary>On PostgreSQL, about once a minute: claims of instances that died are released (<see cref="ImportClaims"/>).</summary>
    private async Task ReleaseStaleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _lastSweep < SweepEvery)
        {
            return;
        }

        _lastSweep = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
        var seconds = config.GetValue<int?>("Imports:ClaimGraceSeconds");
        var released = await ImportClaims.ReleaseStaleAsync(db, now.UtcDateTime, seconds is > 0 ? TimeSpan.FromSeconds(seconds.Value) : ImportClaims.Grace, ct);
        if (released > 0)
        {
            log.LogWarning("Released {Count} import claims of instances that stopped", released);
        }
    }

    /// <summary>Writes one confirmed 招商台账 file as its uploader; false when none is waiting.</summary>
    private async Task<bool> RunNextLeadImportAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
        var next = await db.LeadImports.AsNoTracking().Where(i => i.Status == LeadImportStatus.Queued)
            .OrderBy(i => i.Id).Select(i => new { i.Id, i.AccountId, i.By }).FirstOrDefaultAsync(ct);
        if (next is null)
        {
            return false;
        }

        scope.ServiceProvider.GetRequiredService<RequestAuditActor>().ActAs(next.By);

        // Queued imports carry the account that confirmed them; one without (kept by an older version) is not
        // written with the system's rights but sent back to be confirmed again.
        var user = next.AccountId is null ? null : await UserAsync(db, next.AccountId, ct);
        if (user is null)
        {
            var import = await db.LeadImports.FirstAsync(i => i.Id == next.Id, ct);
            import.Fail(next.AccountId is null ? "无法确定确认导入的账号，请重新确认导入" : "上传文件的账号已停用或不存在");
            await db.SaveChangesAsync(ct);
            return true;
        }

        var leads = ActivatorUtilities.CreateInstance<ImportLeads>(scope.ServiceProvider, user);
        try
        {
            if (await leads.ClaimAsync(next.Id, ct))
            {
                await leads.ApplyAsync(next.Id, ct, progress.ForLeads(next.Id), claimed: true);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Once claimed, ApplyAsync records any failure on the import (the reason, failed, audited) before it throws.
            log.LogWarning(e, "Lead import {Id} failed", next.Id);
        }
        finally
        {
            progress.LeadsDone(next.Id);
        }

        return true;
    }

    /// <summary>Runs one waiting ledger batch or 招商台账 file; false when there is none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
        var next = await db.ImportBatches.AsNoTracking()
            .Where(b => b.Status == ImportStatus.Queued || b.Status == ImportStatus.Pending)
            .OrderBy(b => b.Id).Select(b => new { b.Id, b.Status, b.AccountId, b.Actor }).FirstOrDefaultAsync(ct);
        if (next is null)
        {
            return await RunNextLeadImportAsync(ct);
        }

        scope.ServiceProvider.GetRequiredService<RequestAuditActor>().ActAs(next.Actor);
        var user = await UserAsync(db, next.AccountId, ct);
        try
        {
            if (user is null)
            {
                var batch = await db.ImportBatches.FirstAsync(b => b.Id == next.Id, ct);
                batch.Fail("上传文件的账号已停用或不存在");
                await db.SaveChangesAsync(ct);
            }
            else if (next.Status == ImportStatus.Pending)
            {
                await scope.ServiceProvider.GetRequiredService<AnalyseImport>().HandleAsync(next.Id, user, progress.For(next.Id), ct);
            }
            else
            {
                await scope.ServiceProvider.GetRequiredService<ApplyImport>().HandleAsync(next.Id, user, progress.For(next.Id), ct);
            }
        }
        catch (Exception e) when (e is Core.ConflictException or DbUpdateConcurrencyException)
        {
            // Another instance took the batch first.
            if (log.IsEnabled(LogLevel.Information))
            {
                log.LogInformation("Import {Id} taken by another instance", next.Id);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Import {Id} failed", next.Id);
            await MarkFailedAsync(next.Id, ct);
        }
        finally
        {
            progress.Done(next.Id);
        }

        return true;
    }

    private async Task MarkFailedAsync(int id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
        var batch = await db.ImportBatches.FirstAsync(b => b.Id == id, ct);
        if (batch.Status is ImportStatus.Pending or ImportStatus.Analysing)
        {
            batch.Refuse("分析文件时出错，请检查文件后重新上传");
        }
        else if (batch.Status is ImportStatus.Queued or ImportStatus.Applying)
        {
            batch.Fail("导入时出错");
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The uploader with its current roles and jurisdiction; null when the account is gone or disabled. No account: a command-line import.</summary>
    private static async Task<ICurrentUser?> UserAsync(TiaoduDb db, int? accountId, CancellationToken ct)
    {
        if (accountId is null)
        {
            return SystemUser.Instance;
        }

        var account = await db.Accounts.AsNoTracking().Include(a => a.Roles).FirstOrDefaultAsync(a => a.Id == accountId, ct);
        return account is { IsActive: true } ? new AccountUser(await AccountAccess.LoadAsync(db, account, ct)) : null;
    }
}
