using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Attraction;

public sealed record EventInput(EventKind Kind, string? Name, DateOnly? On, string? Place, int RegionId, string? Notes);

/// <summary>An event with what it produced: leads from a trip or visit, contracts signed at a ceremony.</summary>
public sealed record EventRow(int Id, EventKind Kind, string Name, DateOnly On, string? Place, string Region, int Leads, decimal Intended, int SignedLeads, decimal Contracted, int Version);

/// <summary>Campaign trips (走出去), visits (请进来) and signing ceremonies (集中签约) of the regions in the jurisdiction.</summary>
public sealed class ManageEvents(TiaoduDb db, ICurrentUser user)
{
    public async Task<AttractionEvent> CreateAsync(EventInput input, CancellationToken ct)
    {
        await CheckAsync(input, ct);
        var e = new AttractionEvent(input.Kind, input.Name!, input.On!.Value, input.Place, input.RegionId, input.Notes);
        db.AttractionEvents.Add(e);
        await db.SaveChangesAsync(ct);
        return e;
    }

    public async Task<AttractionEvent> UpdateAsync(int id, EventInput input, int version, CancellationToken ct)
    {
        var scope = await LeadAccess.ScopeAsync(user, ct);
        var e = await db.AttractionEvents.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null || !LeadAccess.Sees(scope, e.RegionId))
        {
            throw new NotFoundException("招商活动不存在");
        }

        await CheckAsync(input with { Kind = e.Kind, RegionId = e.RegionId }, ct);
        ConcurrencyGuard.Expect(db, e, e.Version, version);
        e.Set(input.Name!, input.On!.Value, input.Place, input.Notes);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return e;
    }

    /// <summary>The events of the jurisdiction, latest first, with the leads each produced or signed and their amounts.</summary>
    public async Task<IReadOnlyList<EventRow>> ListAsync(EventKind? kind, int? year, CancellationToken ct)
    {
        var scope = await LeadAccess.ScopeAsync(user, ct);
        if (year is not null)
        {
            PipelineYears.Check(year.Value);
        }

        var events = LeadAccess.Visible(db.AttractionEvents.AsNoTracking(), scope);
        if (kind is { } k) events = events.Where(e => e.Kind == k);
        if (year is { } y) events = events.Where(e => e.On >= new DateOnly(y, 1, 1) && e.On <= new DateOnly(y, 12, 31));
        var list = await events.OrderByDescending(e => e.On).ThenByDescending(e => e.Id).Take(500).ToListAsync(ct);
        var ids = list.Select(e => e.Id).ToList();
        var leads = await LeadAccess.Visible(db.Leads.AsNoTracking(), scope)
            .Where(l => (l.SourceEventId != null && ids.Contains(l.SourceEventId.Value)) || (l.CeremonyId != null && ids.Contains(l.CeremonyId.Value)))
            .Select(l => new { l.SourceEventId, l.CeremonyId, l.IntendedInvestment, l.ContractInvestment, l.Stage }).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        return [.. list.Select(e =>
        {
            var mine = leads.Where(l => l.SourceEventId == e.Id || l.CeremonyId == e.Id).ToList();
            var signed = mine.Where(l => l.Stage >= LeadStage.Contracted).ToList();
            return new EventRow(e.Id, e.Kind, e.Name, e.On, e.Place, names.Region(e.RegionId), mine.Count, mine.Sum(l => l.IntendedInvestment),
                signed.Count, signed.Sum(l => l.ContractInvestment ?? 0m), e.Version);
        })];
    }

    private async Task CheckAsync(EventInput input, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您的角色不能登记招商活动");
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("name", "请填写活动名称");
        }
        else if (input.Name.Trim().Length > AttractionEvent.NameLength)
        {
            errors.Add("name", "活动名称不能超过200个字");
        }

        if (input.On is null)
        {
            errors.Add("on", "请填写活动日期");
        }

        if (input.Place?.Trim().Length > AttractionEvent.NameLength)
        {
            errors.Add("place", "地点不能超过200个字");
        }

        if (input.Notes?.Trim().Length > Lead.TextLength)
        {
            errors.Add("notes", "说明不能超过2000个字");
        }

        if (!Enum.IsDefined(input.Kind))
        {
            errors.Add("kind", "请选择活动类型");
        }

        if (!await db.Regions.AnyAsync(r => r.Id == input.RegionId && r.IsActive, ct))
        {
            errors.Add("regionId", "请选择区域");
        }

        errors.ThrowIfAny();
        if (!(await user.ScopeAsync(ct)).AllowsPlace(input.RegionId, null))
        {
            throw new ForbiddenException("所选区域不在您的管辖范围内");
        }
    }
}
