using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Meetings;

public sealed record MeetingRow(int Id, MeetingKind Kind, string Title, int Session, string Region, DateOnly HeldOn, MeetingStatus Status, int Items, int Decisions, int OpenDecisions);

public sealed record AgendaRow(int Id, int? ProblemId, int? ProjectId, string Topic, ProblemStatus? ProblemStatus, string? Lead, DateOnly? DueOn, IReadOnlyList<DecisionRow> Decisions);

public sealed record DecisionRow(int Id, int MeetingId, string MeetingTitle, int? ProblemId, string Text, string? Owner, int? OwnerDepartmentId, DateOnly DueOn, DecisionStatus Status,
    int DaysLate, DateOnly? DoneOn, string? DoneNote, int Version);

public sealed record MeetingDetail(Meeting Meeting, string Region, IReadOnlyList<AgendaRow> Agenda, IReadOnlyList<DecisionRow> General, bool CanManage, DateOnly Today);

public enum DecisionFilter
{
    Open,
    Overdue,
    Done,
    All,
}

public sealed record DecisionList(DateOnly Today, int Open, int Overdue, IReadOnlyList<DecisionRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Meetings and decisions for whoever may read them: meetings of regions in the reader's jurisdiction; the
/// decisions of those meetings, or — for an account answering for a department — the decisions its department owns.
/// </summary>
public sealed class MeetingQueries(TiaoduDb db, ProblemAccess access, TimeProvider clock, ICurrentUser user)
{
    public const int MaxPageSize = 200;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<(IReadOnlyList<MeetingRow> Rows, int Total)> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        var meetings = await VisibleAsync(ct);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await meetings.CountAsync(ct);
        var list = await meetings.OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.Id).Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize)
            .Select(m => new
            {
                m.Id, m.Kind, m.Title, m.Session, m.RegionId, m.HeldOn, m.Status, Items = m.Items.Count,
                Decisions = db.MeetingDecisions.Count(d => d.MeetingId == m.Id),
                Open = db.MeetingDecisions.Count(d => d.MeetingId == m.Id && d.Status == DecisionStatus.Open),
            }).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        return ([.. list.Select(m => new MeetingRow(m.Id, m.Kind, m.Title, m.Session, names.Region(m.RegionId), m.HeldOn, m.Status, m.Items, m.Decisions, m.Open))], total);
    }

    public async Task<MeetingDetail> GetAsync(int id, CancellationToken ct)
    {
        var meeting = await (await VisibleAsync(ct)).Include(m => m.Items).FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("会议不存在");
        var names = await ReferenceNames.LoadAsync(db, ct);
        var decisions = await Rows(db.MeetingDecisions.Where(d => d.MeetingId == id), names, ct);
        var problemIds = meeting.Items.Where(i => i.ProblemId != null).Select(i => i.ProblemId!.Value).ToList();
        var problems = await db.Problems.AsNoTracking().Where(p => problemIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var agenda = meeting.Items.OrderBy(i => i.SortOrder).Select(i =>
        {
            var p = i.ProblemId is { } pid ? problems.GetValueOrDefault(pid) : null;
            return new AgendaRow(i.Id, i.ProblemId, p?.ProjectId, i.Topic, p?.Status, names.Lookup(p?.LeadDepartmentId), p?.DueOn, [.. decisions.Where(d => d.ItemId == i.Id).Select(d => d.Row)]);
        }).ToList();
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var region = regions.ById(meeting.RegionId)!;
        var canManage = user.Has(Permission.EditLedger) && (await user.ScopeAsync(ct)).Covers(regions.Subtree(region).Select(r => r.Id));
        return new MeetingDetail(meeting, region.Name, agenda, [.. decisions.Where(d => d.ItemId == null).Select(d => d.Row)], canManage, Today);
    }

    public async Task<DecisionList> DecisionsAsync(DecisionFilter filter, int page, int pageSize, CancellationToken ct)
    {
        var today = Today;
        IQueryable<MeetingDecision> all;
        if (await access.ListedDepartmentAsync(ct) is { } department)
        {
            all = db.MeetingDecisions.AsNoTracking().Where(d => d.OwnerDepartmentId == department);
        }
        else
        {
            var visible = await VisibleAsync(ct);
            all = db.MeetingDecisions.AsNoTracking().Where(d => visible.Any(m => m.Id == d.MeetingId));
        }

        var open = all.Where(d => d.Status == DecisionStatus.Open);
        var overdue = await open.CountAsync(d => d.DueOn < today, ct);
        var openCount = await open.CountAsync(ct);
        var rows = filter switch
        {
            DecisionFilter.Open => open,
            DecisionFilter.Overdue => open.Where(d => d.DueOn < today),
            DecisionFilter.Done => all.Where(d => d.Status == DecisionStatus.Done),
            _ => all,
        };
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await rows.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var names = await ReferenceNames.LoadAsync(db, ct);
        var list = await Rows(rows.OrderBy(d => d.Status == DecisionStatus.Open ? 0 : 1).ThenBy(d => d.DueOn).ThenBy(d => d.Id).Skip((page - 1) * pageSize).Take(pageSize), names, ct);
        return new DecisionList(today, openCount, overdue, [.. list.Select(d => d.Row)], total, page, pageSize);
    }

    private async Task<List<(int? ItemId, DecisionRow Row)>> Rows(IQueryable<MeetingDecision> query, ReferenceNames names, CancellationToken ct)
    {
        var today = Today;
        var list = await (from d in query
                          join m in db.Meetings on d.MeetingId equals m.Id
                          select new { D = d, m.Title, m.Session }).ToListAsync(ct);
        return [.. list.Select(x => (x.D.ItemId, new DecisionRow(x.D.Id, x.D.MeetingId, $"{x.Title}（第{x.Session}期）", x.D.ProblemId, x.D.Text, names.Lookup(x.D.OwnerDepartmentId),
            x.D.OwnerDepartmentId, x.D.DueOn, x.D.Status, x.D.DaysLate(today), x.D.DoneOn, x.D.DoneNote, x.D.Version)))];
    }

    /// <summary>
    /// Meetings of regions inside the reader's jurisdiction — a whole region's, not one task force's sector of it,
    /// since agendas and minutes name every project of the region; own-projects roles read none.
    /// </summary>
    private async Task<IQueryable<Meeting>> VisibleAsync(CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        var meetings = db.Meetings.AsNoTracking();
        if (scope.All)
        {
            return meetings;
        }

        var regions = scope.SectorId is null ? scope.RegionIds?.ToList() ?? [] : [];
        return meetings.Where(m => regions.Contains(m.RegionId));
    }
}
