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
    // The sets as flags by id (region and look-up ids are small): a pass over a million lines tests them for
    // every line.
    private readonly IdMask _regions = IdMask.Of(RegionIds);
    private readonly IdMask _industries = IdMask.Of(IndustryIds);
    private readonly IdMask _new = IdMask.Of(NewIds);
    private readonly IdMask _continuing = IdMask.Of(ContinuingIds);
    private readonly IdMask _industrial = IdMask.Of(IndustrialIds);
    private readonly IdMask _yearNatures = IdMask.Of(YearNatureIds);

    /// <summary>The same project-level conditions as <see cref="LedgerQueryBuilder"/> applies in SQL.</summary>
    public bool Matches(in ProjectFacts p)
    {
        var f = Filter;
        return p.IsDeleted == f.Deleted
            && Scope.Allows(p.Id, p.RegionId, p.SectorId, p.LeaderId, p.OfficerId)
            && (RegionIds is null || _regions.Contains(p.RegionId))
            && (IndustryIds is null || (p.IndustryId is { } i && _industries.Contains(i)))
            && (f.Category is null || p.CategoryId == f.Category)
            && (f.Nature is null || p.NatureId == f.Nature)
            && (f.Stage is null || p.StageId == f.Stage)
            && (f.Sector is null || p.SectorId == f.Sector)
            && (f.Leader is null || p.LeaderId == f.Leader)
            && (f.Officer is null || p.OfficerId == f.Officer)
            && (f.Band is not { } band || p.Total >= LedgerSnapshot.Scale(SizeBands.Threshold(band)))
            && (f.Industrial is not { } industrial || industrial == IsIndustrial(p))
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
            && (YearNatureIds is null || (y.NatureId is { } n && _yearNatures.Contains(n)));
    }

    public bool IsIndustrial(in ProjectFacts p) => p.CategoryId is { } c && _industrial.Contains(c);

    public bool IsStarted(LineFacts y) => y.StartedOn is { } d && d <= AsOf;

    public bool IsInStats(in ProjectFacts p) => p.InStatsOn is { } d && d <= AsOf;

    public int NatureGroup(LineFacts y) =>
        y.NatureId is not { } n ? 0 : _new.Contains(n) ? 1 : _continuing.Contains(n) ? 2 : 0;
}

/// <summary>A set of ids as flags indexed by id, or the set itself when its ids are too large for that.</summary>
internal readonly struct IdMask
{
    private const int MaxFlags = 1 << 20;

    private readonly bool[]? _flags;
    private readonly HashSet<int>? _set;

    private IdMask(bool[]? flags, HashSet<int>? set)
    {
        _flags = flags;
        _set = set;
    }

    public static IdMask Of(HashSet<int>? ids)
    {
        if (ids is null || ids.Count == 0)
        {
            return new IdMask([], null);
        }

        var max = ids.Max();
        if (ids.Min() < 0 || max >= MaxFlags)
        {
            return new IdMask(null, ids);
        }

        var flags = new bool[max + 1];
        foreach (var id in ids)
        {
            flags[id] = true;
        }

        return new IdMask(flags, null);
    }

    public bool Contains(int id) =>
        _flags is { } flags ? (uint)id < (uint)flags.Length && flags[id] : _set!.Contains(id);
}
