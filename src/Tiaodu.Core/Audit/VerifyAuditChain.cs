using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Audit;

/// <param name="Intact">Every link holds and the last record is the recorded head.</param>
/// <param name="Count">Records read.</param>
/// <param name="BrokenAt">Sequence number of the first broken link, when there is one.</param>
/// <param name="Problem">What is wrong there, in Chinese.</param>
/// <param name="HeadSequence">Sequence of the last record; worth noting down elsewhere to detect a rewritten chain.</param>
/// <param name="HeadHash">Hash of the last record.</param>
public sealed record AuditChainReport(bool Intact, long Count, long? BrokenAt, string? Problem, long HeadSequence, string HeadHash);

/// <summary>
/// Walks the audit trail in sequence order, recomputing every hash, and reports the first broken link:
/// an edited record (its hash no longer matches), a removed one (a gap in the sequence), an inserted one
/// (a repeated sequence, a previous hash that is not its predecessor's, or a record past the recorded head).
/// </summary>
public sealed class VerifyAuditChain(TiaoduDb db)
{
    public async Task<AuditChainReport> HandleAsync(CancellationToken ct)
    {
        // One snapshot for the rows and the head, so records appended meanwhile are not taken for forgeries;
        // a read snapshot does not hold up writers.
        if (db.Database.IsNpgsql())
        {
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            return await WalkAsync(ct);
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var snapshot = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
            await using var tx = await db.Database.UseTransactionAsync(snapshot, ct);
            return await WalkAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<AuditChainReport> WalkAsync(CancellationToken ct)
    {
        long count = 0, last = 0;
        var previous = AuditEntry.GenesisHash;
        var rows = db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ThenBy(e => e.Id).AsAsyncEnumerable();
        await foreach (var e in rows.WithCancellation(ct))
        {
            count++;
            var (at, problem) = Check(e, last, previous);
            if (problem is not null)
            {
                return Broken(count, at, problem, last, previous);
            }

            last = e.Sequence;
            previous = e.Hash;
        }

        var head = await db.AuditHead.AsNoTracking().SingleAsync(h => h.Id == AuditHead.SingletonId, ct);
        if (head.LastSequence > last)
        {
            var missing = head.LastSequence == last + 1 ? $"第 {last + 1} 条" : $"第 {last + 1} 至 {head.LastSequence} 条";
            return Broken(count, last + 1, $"链尾缺少{missing}记录，可能被删除", last, previous);
        }

        if (head.LastSequence < last)
        {
            return Broken(count, head.LastSequence + 1, $"第 {head.LastSequence + 1} 条起的记录不在登记的链头之内，可能是伪造的", last, previous);
        }

        if (head.LastHash != previous)
        {
            return Broken(count, last, "最后一条记录与登记的链头不符", last, previous);
        }

        return new AuditChainReport(true, count, null, null, last, previous);
    }

    private static (long At, string? Problem) Check(AuditEntry e, long last, string previous)
    {
        if (e.Sequence > last + 1)
        {
            return (last + 1, $"缺少第 {last + 1} 条记录，可能被删除");
        }

        if (e.Sequence <= last)
        {
            return (e.Sequence, "序号重复，可能被插入了伪造记录");
        }

        if (e.PreviousHash != previous)
        {
            return (e.Sequence, "与上一条记录的链接不符，可能被插入或替换");
        }

        return e.ComputeHash() != e.Hash ? (e.Sequence, "内容与哈希不符，记录可能被修改") : (e.Sequence, null);
    }

    private static AuditChainReport Broken(long count, long at, string problem, long last, string previous) =>
        new(false, count, at, problem, last, previous);
}
