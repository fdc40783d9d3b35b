using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Reference;

/// <summary>The outcome of reading a region name: one match, several (ask the user), or none.</summary>
public sealed record RegionResolution(Region? Match, IReadOnlyList<Region> Candidates)
{
    public bool IsAmbiguous => Match is null && Candidates.Count > 1;
}

/// <summary>An in-memory view of the region tree (a province has about a hundred rows).</summary>
public sealed class RegionDirectory
{
    private readonly Dictionary<int, Region> _byId;
    private readonly Dictionary<string, Region> _byKey;
    private readonly ILookup<string, Region> _byName;

    public RegionDirectory(IEnumerable<Region> regions)
    {
        All = regions.OrderBy(r => r.Path.Count(c => c == '/')).ThenBy(r => r.SortOrder).ToList();
        _byId = All.ToDictionary(r => r.Id);
        _byKey = All.ToDictionary(r => r.Key, StringComparer.Ordinal);
        _byName = All
            .SelectMany(r => r.ShortNameList.Append(r.Name).Select(n => (Name: ChineseText.Normalize(n), Region: r)))
            .Where(x => x.Name.Length > 0)
            .Distinct()
            .ToLookup(x => x.Name, x => x.Region, StringComparer.Ordinal);
    }

    public IReadOnlyList<Region> All { get; }

    public static async Task<RegionDirectory> LoadAsync(TiaoduDb db, CancellationToken ct) =>
        new(await db.Regions.AsNoTracking().ToListAsync(ct));

    public Region? ById(int id) => _byId.GetValueOrDefault(id);

    public Region? ByKey(string? key) => key is null ? null : _byKey.GetValueOrDefault(key.Trim());

    public IEnumerable<Region> Children(int? parentId) =>
        All.Where(r => r.ParentId == parentId).OrderBy(r => r.SortOrder);

    /// <summary>Every region in tree order with its depth below the top, for indented region pickers.</summary>
    public IEnumerable<(Region Region, int Depth)> Tree() => Walk(null, 0);

    private IEnumerable<(Region, int)> Walk(int? parentId, int depth) =>
        Children(parentId).SelectMany(r => Walk(r.Id, depth + 1).Prepend((r, depth)));

    public IEnumerable<Region> Ancestors(Region region)
    {
        for (var r = region.ParentId is { } p ? ById(p) : null; r is not null; r = r.ParentId is { } q ? ById(q) : null)
        {
            yield return r;
        }
    }

    /// <summary>
    /// For tables by region: the region a key or code names (null when none is named or found) and the regions
    /// one level below it — below the top regions when none is named.
    /// </summary>
    public (Region? Parent, IReadOnlyList<Region> Children) Breakdown(string? keyOrCode)
    {
        var parent = string.IsNullOrWhiteSpace(keyOrCode) ? null : ByKey(keyOrCode) ?? All.FirstOrDefault(r => r.Code == keyOrCode);
        List<Region> children = parent is null ? [.. All.Where(r => r.ParentId is null).SelectMany(r => Children(r.Id))] : [.. Children(parent.Id)];
        return (parent, children);
    }

    /// <summary>The id of the one of <paramref name="children"/> a region is or lies under; null when none.</summary>
    public int? Under(IReadOnlyList<Region> children, int regionId)
    {
        if (ById(regionId) is not { } region)
        {
            return null;
        }

        foreach (var r in Ancestors(region).Prepend(region))
        {
            if (children.Any(c => c.Id == r.Id))
            {
                return r.Id;
            }
        }

        return null;
    }

    /// <summary>A region and every region below it.</summary>
    public IEnumerable<Region> Subtree(Region region) => All.Where(r => IsWithin(r, region));

    public static bool IsWithin(Region region, Region ancestorOrSelf) =>
        region.Path.StartsWith(ancestorOrSelf.Path, StringComparison.Ordinal);

    /// <summary>
    /// Reads a code, a full name or an office short name (simplified or traditional), optionally prefixed by
    /// its city ("长春市朝阳区"). <paramref name="context"/> breaks ties: 经开区 within 长春 is 220171.
    /// </summary>
    public RegionResolution Resolve(string? text, Region? context = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new(null, []);
        }

        var key = text.Trim();
        if (ByKey(key) is { } exact)
        {
            return new(exact, [exact]);
        }

        var name = ChineseText.Normalize(key);
        var candidates = _byName[name].ToList();
        if (candidates.Count == 0)
        {
            candidates = ResolveWithPrefix(name);
        }

        if (candidates.Count > 1 && context is not null)
        {
            var inContext = candidates.Where(c => IsWithin(c, context) || Ancestors(context).Any(a => a.Kind == RegionKind.City && IsWithin(c, a))).ToList();
            if (inContext.Count > 0)
            {
                candidates = inContext;
            }
        }

        return candidates.Count == 1 ? new(candidates[0], candidates) : new(null, candidates);
    }

    // "长春市朝阳区", "吉林高新区": a parent's name or short name followed by a child's.
    private List<Region> ResolveWithPrefix(string name)
    {
        var found = new List<Region>();
        foreach (var (prefix, parents) in _byName.Select(g => (g.Key, g)))
        {
            if (prefix.Length >= name.Length || !name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = name[prefix.Length..];
            foreach (var parent in parents)
            {
                found.AddRange(_byName[rest].Where(r => r.Id != parent.Id && IsWithin(r, parent)));
            }
        }

        return found.Distinct().ToList();
    }
}
