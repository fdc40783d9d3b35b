using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Attraction;

/// <summary>Which leads a list, an export or a pipeline figure is about; also the figures' drill-down.</summary>
public sealed record LeadFilter
{
    /// <summary>The <see cref="Industry"/> value selecting leads with no sector (the figures' 未分行业 group).</summary>
    public const int NoIndustry = 0;

    public string? Region { get; init; }
    public string? Q { get; init; }
    public LeadStage? Stage { get; init; }
    public int? Industry { get; init; }
    public string? Origin { get; init; }
    public int? Officer { get; init; }

    /// <summary>The event a lead came from or was signed at.</summary>
    public int? Event { get; init; }

    /// <summary>True: only dropped leads; false: only active ones; null: both.</summary>
    public bool? Dropped { get; init; }

    /// <summary>True: only leads that reached 签约 (dropped or not).</summary>
    public bool? Contracted { get; init; }

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null && (value is not string s || s.Length > 0))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture)!));
            }
        }

        Add("region", Region);
        Add("q", Q);
        Add("stage", Stage?.ToString());
        Add("industry", Industry);
        Add("origin", Origin);
        Add("officer", Officer);
        Add("event", Event);
        Add("dropped", Dropped?.ToString().ToLowerInvariant());
        Add("contracted", Contracted?.ToString().ToLowerInvariant());
        return string.Join('&', parts);
    }
}

public sealed record LeadRow(int Id, string Name, string Investor, string? Origin, bool FromPartner, string Region, string? Industry, LeadStage Stage, DateOnly StageOn,
    decimal IntendedInvestment, decimal? ContractInvestment, string? Officer, bool IsDropped, int? ProjectId, int Version);

public sealed record LeadPage(IReadOnlyList<LeadRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record LeadView(Lead Lead, string Region, string? Industry, string? Officer, string? SourceEvent, string? Ceremony, string? ContactPhoneMasked,
    string? ProjectName, bool CanEdit);

/// <summary>Lists and shows the leads of the viewer's jurisdiction.</summary>
public sealed class LeadQueries(TiaoduDb db, ICurrentUser user, PersonalData personalData)
{
    public const int MaxPageSize = 200;

    public async Task<LeadPage> ListAsync(LeadFilter filter, CancellationToken ct)
    {
        var query = await QueryAsync(filter, ct);
        var pageSize = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var total = await query.CountAsync(ct);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var rows = await query.OrderBy(l => l.IsDropped).ThenByDescending(l => l.StageOn).ThenByDescending(l => l.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        return new LeadPage([.. rows.Select(l => Row(l, names))], total, page, pageSize);
    }

    public async Task<LeadView> GetAsync(int id, CancellationToken ct)
    {
        var scope = await LeadAccess.ScopeAsync(user, ct);
        var lead = await db.Leads.AsNoTracking().Include(l => l.Steps).FirstOrDefaultAsync(l => l.Id == id, ct);
        if (lead is null || !LeadAccess.Sees(scope, lead.RegionId))
        {
            throw new NotFoundException("招商项目不存在");
        }

        var names = await ReferenceNames.LoadAsync(db, ct);
        var events = await db.AttractionEvents.AsNoTracking().Where(e => e.Id == lead.SourceEventId || e.Id == lead.CeremonyId)
            .ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var project = lead.ProjectId is { } p ? await db.Projects.AsNoTracking().Where(x => x.Id == p).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        return new LeadView(lead, names.Region(lead.RegionId), names.Lookup(lead.IndustryId), names.Person(lead.OfficerId),
            lead.SourceEventId is { } s ? events.GetValueOrDefault(s) : null, lead.CeremonyId is { } c ? events.GetValueOrDefault(c) : null,
            lead.ContactPhone is null ? null : personalData.MaskedPhone(lead.ContactPhone), project,
            user.Has(Permission.EditLedger) && scope.AllowsPlace(lead.RegionId, null));
    }

    /// <summary>The leads a filter selects inside the jurisdiction, for lists, exports and figures.</summary>
    public async Task<IQueryable<Lead>> QueryAsync(LeadFilter f, CancellationToken ct)
    {
        var scope = await LeadAccess.ScopeAsync(user, ct);
        var leads = LeadAccess.Visible(db.Leads.AsNoTracking(), scope);
        if (!string.IsNullOrWhiteSpace(f.Region))
        {
            var path = await db.Regions.AsNoTracking().Where(r => r.Key == f.Region || r.Code == f.Region).Select(r => r.Path).FirstOrDefaultAsync(ct);
            var subtree = db.Regions.Where(r => path != null && r.Path.StartsWith(path)).Select(r => r.Id);
            leads = leads.Where(l => subtree.Contains(l.RegionId));
        }

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var text = f.Q.Trim();
            leads = leads.Where(l => l.Name.Contains(text) || l.Investor.Contains(text));
        }

        if (f.Stage is { } stage) leads = leads.Where(l => l.Stage == stage);
        if (f.Industry == LeadFilter.NoIndustry)
        {
            leads = leads.Where(l => l.IndustryId == null);
        }
        else if (f.Industry is { } industry)
        {
            var ids = db.Lookups.Where(l => l.Id == industry || l.ParentId == industry).Select(l => l.Id);
            leads = leads.Where(l => l.IndustryId != null && ids.Contains(l.IndustryId.Value));
        }

        if (!string.IsNullOrWhiteSpace(f.Origin)) leads = leads.Where(l => l.Origin == f.Origin.Trim());
        if (f.Officer is { } officer) leads = leads.Where(l => l.OfficerId == officer);
        if (f.Event is { } e) leads = leads.Where(l => l.SourceEventId == e || l.CeremonyId == e);
        if (f.Dropped is { } dropped) leads = leads.Where(l => l.IsDropped == dropped);
        if (f.Contracted == true) leads = leads.Where(l => l.Stage >= LeadStage.Contracted);
        return leads;
    }

    private static LeadRow Row(Lead l, ReferenceNames names) => new(l.Id, l.Name, l.Investor, l.Origin, l.FromPartner, names.Region(l.RegionId),
        names.Lookup(l.IndustryId), l.Stage, l.StageOn, l.IntendedInvestment, l.ContractInvestment, names.Person(l.OfficerId), l.IsDropped, l.ProjectId, l.Version);
}
