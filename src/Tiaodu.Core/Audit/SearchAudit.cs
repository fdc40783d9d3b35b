using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Audit;

/// <summary>What an auditor looks for; every part optional. Times are UTC, the range half-open [From, To).</summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }
    public AuditAction? Action { get; init; }
    public string? EntityType { get; init; }
    public string? EntityId { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>One page of the audit trail, newest first.</summary>
public sealed class SearchAudit(TiaoduDb db)
{
    public const int MaxPageSize = 500;

    public async Task<PageOf<AuditEntry>> HandleAsync(AuditQuery q, CancellationToken ct)
    {
        if (q.From is { } from && q.To is { } to && to <= from)
        {
            throw ValidationFailedException.For("to", "结束时间应晚于开始时间");
        }

        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Actor))
        {
            query = query.Where(e => e.Actor == q.Actor.Trim());
        }

        if (q.Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(q.EntityType))
        {
            query = query.Where(e => e.EntityType == q.EntityType.Trim());
        }

        if (!string.IsNullOrWhiteSpace(q.EntityId))
        {
            query = query.Where(e => e.EntityId == q.EntityId.Trim());
        }

        if (q.From is { } f)
        {
            var utc = ToUtc(f);
            query = query.Where(e => e.At >= utc);
        }

        if (q.To is { } t)
        {
            var utc = ToUtc(t);
            query = query.Where(e => e.At < utc);
        }

        var pageSize = Math.Clamp(q.PageSize, 1, MaxPageSize);
        var total = await query.CountAsync(ct);
        var page = Math.Clamp(q.Page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var items = await query.OrderByDescending(e => e.Sequence).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PageOf<AuditEntry>(items, total, page, pageSize);
    }

    private static DateTime ToUtc(DateTime at) =>
        at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : DateTime.SpecifyKind(at, DateTimeKind.Utc);
}
