using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Indicators;

/// <summary>A <see cref="ProjectFilter"/> with its reference look-ups done, ready to test facts in memory.</summary>
internal sealed record ResolvedFilter(
    ProjectFilter Filter,
    DateOnly AsOf,
    AccessScope Scope,
    HashSet<int>? RegionIds,
    HashSet<int>? IndustryIds,
    HashSet<int> NewIds,
    HashSet<int> ContinuingIds,
    HashSet<int> IndustrialIds,
    HashSet<int>? YearNatureIds)
{
    /// <summary>The same project-level conditions as <see cref="LedgerQueryBuilder"/> applies in SQL.</summary>
    public bool Matches(ProjectFacts p)
    {
        var f = Filter;
        return p.IsDeleted == f.Deleted
            && Scope.Allows(p.Id, p.RegionId, p.SectorId, p.LeaderId, p.OfficerId)
            && (RegionIds is null || RegionIds.Contains(p.RegionId))
            && (IndustryIds is null || (p.IndustryId is { } i && IndustryIds.Contains(i)))
            && (f.Category is null || p.CategoryId == f.Category)
            && (f.Nature is null || p.NatureId == f.Nature)
            && (f.Stage is null || p.StageId == f.Stage)
            && (f.Sector is null || p.SectorId == f.Sector)
            && (f.Leader is null || p.LeaderId == f.Leader)
            && (f.Officer is null || p.OfficerId == f.Officer)
            && (f.Band is not { } band || p.Total >= LedgerSnapshot.Scale(SizeBands.Threshold(band)))
            && (f.Industrial is not { } industrial || industrial == (p.CategoryId is { } c && IndustrialIds.Contains(c)))
            && (f.InStats is not { } inStats || inStats == IsInStats(p))
            && (f.HasLand is not { } hasLand || hasLand == p.Land > 0);
    }

    /// <summary>The same year-level conditions as <see cref="LedgerQueryBuilder"/> applies in SQL.</summary>
    public bool Matches(LineFacts y) => Matches(y, y.InPlan);

    /// <summary>The year-level conditions with the line's plan membership as the plan basis reads it.</summary>
    public bool Matches(LineFacts y, bool inPlan)
    {
        var f = Filter;
        return (f.InPlan is null || inPlan == f.InPlan)
            && (f.Started is not { } started || started == IsStarted(y))
            && (f.Tag is not { } tag || y.TagIds.Contains(tag))
            && (YearNatureIds is null || (y.NatureId is { } n && YearNatureIds.Contains(n)));
    }

    public bool IsStarted(LineFacts y) => y.StartedOn is { } d && d <= AsOf;

    public bool IsInStats(ProjectFacts p) => p.InStatsOn is { } d && d <= AsOf;

    public int NatureGroup(LineFacts y) =>
        y.NatureId is not { } n ? 0 : NewIds.Contains(n) ? 1 : ContinuingIds.Contains(n) ? 2 : 0;
}
