using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Accountability;

/// <summary>Which accountability rule a project breaks.</summary>
public enum GapKind
{
    /// <summary>≥10亿 without an active 包保领导.</summary>
    Leader,

    /// <summary>≥5000万 without an active 服务秘书.</summary>
    Officer,
}

/// <summary>Why the rule is broken: nobody is named, or the person named is no longer active.</summary>
public enum GapReason
{
    Missing,
    Inactive,
}

public sealed record GapRow(int ProjectId, string Name, string Region, decimal TotalInvestment, GapReason Reason, string? Person);

public sealed record GapList(GapKind Kind, decimal Threshold, IReadOnlyList<GapRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The accountability rules of the ledger, computed from the projects as they stand (nothing is stored):
/// every project of 10亿 or more has an active 包保领导, every project of 5000万 or more an active 服务秘书.
/// Lists the live ledger projects inside the jurisdiction that break them.
/// </summary>
public sealed class AccountabilityGaps(TiaoduDb db, LedgerQueryBuilder ledger)
{
    public const int MaxPageSize = 200;

    /// <summary>10亿 in 万元.</summary>
    public const decimal LeaderThreshold = 100_000m;

    /// <summary>5000万 in 万元.</summary>
    public const decimal OfficerThreshold = 5_000m;

    public static decimal Threshold(GapKind kind) => kind == GapKind.Leader ? LeaderThreshold : OfficerThreshold;

    public async Task<GapList> ListAsync(GapKind kind, string? region, string? q, int page, int pageSize, CancellationToken ct)
    {
        if (!Enum.IsDefined(kind))
        {
            throw ValidationFailedException.For("kind", "请选择规则：包保领导或服务秘书");
        }

        var projects = (await ledger.BuildAsync(new ProjectFilter { Region = region, Q = q }, ct)).ProjectsIgnoringYear;
        var min = Threshold(kind);
        var active = db.People.Where(p => p.IsActive).Select(p => p.Id);
        var rows = kind == GapKind.Leader
            ? projects.Where(p => p.TotalInvestment >= min && (p.LeaderId == null || !active.Contains(p.LeaderId.Value)))
            : projects.Where(p => p.TotalInvestment >= min && (p.ServiceOfficerId == null || !active.Contains(p.ServiceOfficerId.Value)));
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await rows.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var list = await rows.OrderByDescending(p => p.TotalInvestment).ThenBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new { p.Id, p.Name, p.RegionId, p.TotalInvestment, PersonId = kind == GapKind.Leader ? p.LeaderId : p.ServiceOfficerId })
            .ToListAsync(ct);
        var ids = list.Where(x => x.PersonId != null).Select(x => x.PersonId!.Value).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        return new GapList(kind, min,
            [.. list.Select(x => new GapRow(x.Id, x.Name, names.Region(x.RegionId), x.TotalInvestment,
                x.PersonId is null ? GapReason.Missing : GapReason.Inactive,
                x.PersonId is { } id && people.TryGetValue(id, out var n) ? n : null))],
            total, page, pageSize);
    }

    /// <summary>Every gap of one rule (all pages), for the export.</summary>
    public async Task<List<GapRow>> AllAsync(GapKind kind, string? region, string? q, CancellationToken ct)
    {
        var first = await ListAsync(kind, region, q, 1, MaxPageSize, ct);
        var rows = new List<GapRow>(first.Rows);
        for (var page = 2; page <= first.Pages; page++)
        {
            rows.AddRange((await ListAsync(kind, region, q, page, MaxPageSize, ct)).Rows);
        }

        return rows;
    }

    public static string ReasonName(GapKind kind, GapReason reason) => (kind, reason) switch
    {
        (GapKind.Leader, GapReason.Missing) => "未明确包保领导",
        (GapKind.Leader, _) => "包保领导已停用",
        (_, GapReason.Missing) => "未明确服务秘书",
        _ => "服务秘书已停用",
    };
}
