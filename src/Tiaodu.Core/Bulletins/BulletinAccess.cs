using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Bulletins;

/// <summary>
/// Who may do what with bulletins. A bulletin speaks for a whole region, so it is composed, published and read
/// only by accounts whose jurisdiction covers that region's whole subtree (not one task force's sector, not a
/// district for its city's bulletin): the dispatch office (调度中心) composes and publishes; leaders,
/// supervision and every other reader of the ledger read the published ones of regions they cover.
/// </summary>
public sealed class BulletinAccess(TiaoduDb db, ICurrentUser user)
{
    public void RequirePublisher()
    {
        if (!user.Has(Permission.PublishBulletins))
        {
            throw new ForbiddenException("只有调度中心可以编制和发布通报");
        }
    }

    /// <summary>The region a bulletin is composed for: the one named, or the top of the user's jurisdiction; refused when not covered.</summary>
    public async Task<Region> RegionForAsync(string? key, CancellationToken ct)
    {
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var scope = await user.ScopeAsync(ct);
        Region region;
        if (!string.IsNullOrWhiteSpace(key))
        {
            region = regions.ByKey(key) ?? regions.All.FirstOrDefault(r => r.Code == key.Trim()) ?? throw ValidationFailedException.For("region", "区域不存在");
        }
        else
        {
            var mine = regions.All.Where(r => Covers(scope, regions, r)).ToList();
            var tops = mine.Where(r => r.ParentId is null || mine.TrueForAll(m => m.Id != r.ParentId)).ToList();
            region = tops.Count == 1 ? tops[0] : throw ValidationFailedException.For("region", "请选择通报的区域");
        }

        return Covers(scope, regions, region) ? region : throw new ForbiddenException($"{region.Name}不在您的管辖范围内");
    }

    /// <summary>The ids of the regions whose bulletins the user may read.</summary>
    public async Task<HashSet<int>> ReadableRegionsAsync(CancellationToken ct)
    {
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var scope = await user.ScopeAsync(ct);
        return [.. regions.All.Where(r => Covers(scope, regions, r)).Select(r => r.Id)];
    }

    /// <summary>A published bulletin the user may read; not found otherwise, as for anything outside the jurisdiction.</summary>
    public async Task<Bulletin> ReadableAsync(int id, CancellationToken ct)
    {
        var bulletin = await db.Set<Bulletin>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        return bulletin is not null && (await ReadableRegionsAsync(ct)).Contains(bulletin.RegionId) ? bulletin : throw new NotFoundException("通报不存在");
    }

    /// <summary>The next sequence number of the region's bulletins in a year.</summary>
    public async Task<int> NextSequenceAsync(int regionId, int year, CancellationToken ct) =>
        (await db.Set<Bulletin>().Where(b => b.RegionId == regionId && b.Year == year).MaxAsync(b => (int?)b.Sequence, ct) ?? 0) + 1;

    public async Task<string> NextNumberAsync(int regionId, int year, CancellationToken ct) =>
        Bulletin.NumberOf(year, await NextSequenceAsync(regionId, year, ct));

    private static bool Covers(AccessScope scope, RegionDirectory regions, Region region) =>
        scope.All || scope.Covers(regions.Subtree(region).Select(r => r.Id));
}
