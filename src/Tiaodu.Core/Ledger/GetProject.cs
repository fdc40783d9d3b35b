using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Ledger;

public sealed record ProjectYearView(
    int Year,
    bool InPlan,
    string? Nature,
    decimal? AnnualPlan,
    int? PlannedStartMonth,
    DateOnly? StartedOn,
    IReadOnlyList<string> Tags,
    IReadOnlyList<decimal> YtdByMonth,
    IReadOnlyList<decimal> SinceStartByMonth,
    int ReportedMonths,
    int Version,
    string? PlanCurve = null);

public sealed record ProjectView(
    Project Project,
    string Region,
    string RegionPath,
    string? Sector,
    string? Industry,
    string? Category,
    string? Nature,
    string? Stage,
    string? Level,
    string? Leader,
    string? ServiceOfficer,
    IReadOnlyList<ProjectYearView> Years,
    string? ContactPhoneMasked);

/// <summary>
/// A project with its names resolved and every year line, newest first — if it lies in the user's
/// jurisdiction; otherwise it does not exist for them (no hint that it does). The phone comes masked.
/// </summary>
public sealed class GetProject(TiaoduDb db, LedgerQueryBuilder ledger, PersonalData personalData)
{
    public async Task<ProjectView> HandleAsync(int id, CancellationToken ct)
    {
        var scope = await ledger.ViewScopeAsync(ct);
        var p = await db.Projects.AsNoTracking().Include(x => x.Years).ThenInclude(y => y.Tags)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null || !scope.Allows(p))
        {
            throw new NotFoundException("项目不存在");
        }

        var n = await ReferenceNames.LoadAsync(db, ct);
        var region = n.Regions.ById(p.RegionId);
        var path = region is null ? "" : string.Join(" / ", n.Regions.Ancestors(region).Reverse().Select(r => r.Name).Append(region.Name));
        var years = p.Years.OrderByDescending(y => y.Year).Select(y => new ProjectYearView(
            y.Year, y.InPlan, n.Lookup(y.NatureId), y.AnnualPlan, y.PlannedStartMonth, y.StartedOn,
            y.Tags.Select(t => n.Tags.TryGetValue(t.TagId, out var tag) ? tag.Name : "").ToList(),
            Enumerable.Range(1, 12).Select(m => y.Ytd[m]).ToList(),
            Enumerable.Range(1, 12).Select(m => y.SinceStart[m]).ToList(),
            y.ReportedMonths, y.Version, y.PlanCurve)).ToList();
        return new ProjectView(p, n.Region(p.RegionId), path, n.Lookup(p.SectorId), n.Lookup(p.IndustryId), n.Lookup(p.CategoryId),
            n.Lookup(p.NatureId), n.Lookup(p.StageId), n.Lookup(p.LevelId), n.Person(p.LeaderId), n.Person(p.ServiceOfficerId), years,
            p.ContactPhone is null ? null : personalData.MaskedPhone(p.ContactPhone));
    }
}
