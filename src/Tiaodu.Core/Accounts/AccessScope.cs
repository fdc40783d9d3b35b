using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Accounts;

/// <summary>
/// The projects a user may see: those in a region subtree (narrowed to a task force's sector), plus the
/// projects the user is named on as 包保领导 or 服务秘书, plus projects assigned to the account. Every list,
/// detail, search, export and indicator is cut by it before any filter, so no count crosses it.
/// </summary>
public sealed record AccessScope
{
    /// <summary>Command-line verbs, seeding and other work without a user.</summary>
    public static readonly AccessScope Everything = new() { All = true };

    /// <summary>No project at all (administrators, accounts without a jurisdiction).</summary>
    public static readonly AccessScope Nothing = new();

    public bool All { get; init; }

    /// <summary>Ids of every region in the subtree the user sees; null when the scope has no region part.</summary>
    public IReadOnlySet<int>? RegionIds { get; init; }

    public int? SectorId { get; init; }

    public int? PersonId { get; init; }

    public IReadOnlySet<int> ProjectIds { get; init; } = new HashSet<int>();

    public bool Allows(int projectId, int regionId, int? sectorId, int? leaderId, int? officerId) =>
        All
        || (RegionIds is not null && RegionIds.Contains(regionId) && (SectorId is null || sectorId == SectorId))
        || (PersonId is { } person && (leaderId == person || officerId == person))
        || ProjectIds.Contains(projectId);

    public bool Allows(Project p) => Allows(p.Id, p.RegionId, p.SectorId, p.LeaderId, p.ServiceOfficerId);

    /// <summary>
    /// Whether a project may be placed here (created, or moved to this region or sector): only the region
    /// part of the scope counts — naming oneself leader does not open another region.
    /// </summary>
    public bool AllowsPlace(int regionId, int? sectorId) =>
        All || (RegionIds is not null && RegionIds.Contains(regionId) && (SectorId is null || sectorId == SectorId));

    /// <summary>
    /// Whether the region part of the scope covers every one of these regions, for the whole of them (not one
    /// task force's sector): what work on a whole region's ledger needs (approving a plan, a dispatch round).
    /// </summary>
    public bool Covers(IEnumerable<int> regionIds) =>
        All || (RegionIds is not null && SectorId is null && regionIds.All(RegionIds.Contains));

    /// <summary>The same rule as <see cref="Allows(int,int,int?,int?,int?)"/>, as a query.</summary>
    public IQueryable<Project> Apply(IQueryable<Project> projects)
    {
        if (All)
        {
            return projects;
        }

        var hasRegion = RegionIds is not null;
        var regions = RegionIds?.ToList() ?? [];
        var sector = SectorId;
        var person = PersonId ?? -1;
        var ids = ProjectIds.ToList();
        return projects.Where(p =>
            (hasRegion && regions.Contains(p.RegionId) && (sector == null || p.SectorId == sector))
            || p.LeaderId == person || p.ServiceOfficerId == person
            || ids.Contains(p.Id));
    }
}

/// <summary>Who is asking: name, permissions and jurisdiction. The web host reads it from the signed-in account.</summary>
public interface ICurrentUser
{
    /// <summary>The account, or null for system work (verbs, seeding).</summary>
    int? AccountId { get; }

    string Name { get; }

    bool Has(Permission permission);

    Task<AccessScope> ScopeAsync(CancellationToken ct);
}

/// <summary>Work done by the platform itself: every permission, every project.</summary>
public sealed class SystemUser : ICurrentUser
{
    public static readonly SystemUser Instance = new();

    public int? AccountId => null;

    public string Name => "system";

    public bool Has(Permission permission) => true;

    public Task<AccessScope> ScopeAsync(CancellationToken ct) => Task.FromResult(AccessScope.Everything);
}
