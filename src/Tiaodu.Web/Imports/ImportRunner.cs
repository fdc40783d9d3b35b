using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Data;
using Tiaodu.Core.Imports;
using Tiaodu.Web.Infrastructure;

namespace Tiaodu.Web.Imports;

/// <summary>
/// Rows done so far by the imports being analysed or written (ledger batches and 招商台账 files), for the progress bar.
/// The instance running an import counts in memory. On PostgreSQL, where several instances may answer the same
/// user, it also shares its counts in the database about once a second (<see cref="RunningImport"/>), and an
/// instance asked about an import it does not run reads the shared count. SQLite has one instance and shares
/// nothing: a count written beside an import would wait for the import's write lock.
/// </summary>
public sealed class ImportProgress(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ImportProgress> log) : IDisposable
{
    /// <summary>How often counts that moved are shared.</summary>
    public static readonly TimeSpan ShareEvery = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(string Kind, int Id), int> _rows = new();

    // Counts that moved since they were last shared; null: the work ended and the shared count goes.
    private readonly ConcurrentDictionary<(string Kind, int Id), int?> _moved = new();

    // When each shared count was last written; touched only under _sharing.
    private readonly Dictionary<(string Kind, int Id), DateTimeOffset> _sharedAt = [];
    private readonly SemaphoreSlim _sharing = new(1, 1);
    private bool? _shares;

    public Task<int?> RowsDoneAsync(int batchId, CancellationToken ct) => OneAsync(RunningImport.Ledger, batchId, ct);

    public Task<int?> LeadRowsDoneAsync(int importId, CancellationToken ct) => OneAsync(RunningImport.Leads, importId, ct);

    /// <summary>The rows done of those of these imports (<see cref="RunningImport.Ledger"/> or <see cref="RunningImport.Leads"/>) that are running here or elsewhere.</summary>
    public async Task<IReadOnlyDictionary<int, int>> RowsDoneAsync(string kind, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var found = new Dictionary<int, int>();
        var elsewhere = new List<int>();
        foreach (var id in ids.Distinct())
        {
            if (_rows.TryGetValue((kind, id), out var n))
            {
                found[id] = n;
            }
            else
            {
                elsewhere.Add(id);
            }
        }

        if (elsewhere.Count > 0 && await SharesAsync())
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
            foreach (var (id, n) in await RunningImports.ReadAsync(db, kind, elsewhere, clock.GetUtcNow().UtcDateTime, ct))
            {
                found[id] = n;
            }
        }

        return found;
    }

    internal Action<int> For(int batchId) => n => Count((RunningImport.Ledger, batchId), n);

    internal Action<int> ForLeads(int importId) => n => Count((RunningImport.Leads, importId), n);

    internal void Done(int batchId) => End((RunningImport.Ledger, batchId));

    internal void LeadsDone(int importId) => End((RunningImport.Leads, importId));

    /// <summary>
    /// Shares the counts that moved since the last call, renews those that stood still for
    /// <see cref="RunningImports.RenewEvery"/> and removes those of ended work, in a transaction of its own. A
    /// failure is logged and the counts are tried again next time. False when this database shares nothing (SQLite).
    /// </summary>
    public async Task<bool> ShareAsync(CancellationToken ct)
    {
        if (!await SharesAsync())
        {
            _moved.Clear();
            return false;
        }

        await _sharing.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            var counts = new Dictionary<(string Kind, int Id), int?>();
            foreach (var key in _moved.Keys)
            {
                if (_moved.TryRemove(key, out var n))
                {
                    counts[key] = n;
                }
            }

            foreach (var (key, n) in _rows)
            {
                if (!counts.ContainsKey(key) && _sharedAt.TryGetValue(key, out var at) && now - at >= RunningImports.RenewEvery)
                {
                    counts[key] = n;
                }
            }

            if (counts.Count == 0)
            {
                return true;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TiaoduDb>();
                await RunningImports.WriteAsync(db, [.. counts.Select(c => (c.Key.Kind, c.Key.Id, c.Value))], now.UtcDateTime, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                foreach (var (key, n) in counts)
                {
                    _moved.TryAdd(key, n);
                }

                log.LogWarning(e, "Sharing the progress of {Count} imports failed; tried again at the next pass", counts.Count);
                return true;
            }

            foreach (var (key, n) in counts)
            {
                if (n is null)
                {
                    _sharedAt.Remove(key);
                }
                else
                {
                    _sharedAt[key] = now;
                }
            }

            return true;
        }
        finally
        {
            _sharing.Release();
        }
    }

    public void Dispose() => _sharing.Dispose();

    private async Task<int?> OneAsync(string kind, int id, CancellationToken ct) =>
        (await RowsDoneAsync(kind, [id], ct)).TryGetValue(id, out var n) ? n : null;

    private void Count((string Kind, int Id) key, int n)
    {
        _rows[key] = n;
        if (_shares != false)
        {
            _moved[key] = n;
        }
    }

    private void End((string Kind, int Id) key)
    {
        // Only work counted here ends here: an instance that lost the claim to another must not remove the winner's count.
        if (_rows.TryRemove(key, out _) && _shares != false)
        {
            _moved[key] = null;
        }
    }

    private async ValueTask<bool> SharesAsync()
    {
        if (_shares is { } known)
        {
            return known;
        }

        await using var scope = scopes.CreateAsyncScope();
        _shares = scope.ServiceProvider.GetRequiredService<TiaoduDb>().Database.IsNpgsql();
        return _shares.Value;
    }
}

/// <summary>Shares the progress of the imports this instance runs, about once a second (<see cref="ImportProgress"/>); ends at once on SQLite.</summary>
public sealed class ImportProgressSharing(ImportProgress progress) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ImportProgress.ShareEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken) && await progress.ShareAsync(stoppingToken))
        {
        }
    }
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

    /// <summary>On PostgreSQL, about once a minute: claims of instances that died are released (<see cref="ImportClaims"/>), and their progress counts removed.</summary>
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
        if (db.Database.IsNpgsql())
        {
            await RunningImports.ForgetStaleAsync(db, now.UtcDateTime, ct);
        }

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
