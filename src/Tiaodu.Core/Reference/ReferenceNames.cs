using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Reference;

/// <summary>Names of lookups, regions and people by id, loaded once per request (a few hundred rows).</summary>
public sealed class ReferenceNames
{
    private ReferenceNames(Dictionary<int, Lookup> lookups, RegionDirectory regions, Dictionary<int, Person> people, Dictionary<int, Tag> tags)
    {
        Lookups = lookups;
        Regions = regions;
        People = people;
        Tags = tags;
    }

    public IReadOnlyDictionary<int, Lookup> Lookups { get; }
    public RegionDirectory Regions { get; }
    public IReadOnlyDictionary<int, Person> People { get; }
    public IReadOnlyDictionary<int, Tag> Tags { get; }

    public static async Task<ReferenceNames> LoadAsync(TiaoduDb db, CancellationToken ct) => new(
        await db.Lookups.AsNoTracking().ToDictionaryAsync(l => l.Id, ct),
        await RegionDirectory.LoadAsync(db, ct),
        await db.People.AsNoTracking().ToDictionaryAsync(p => p.Id, ct),
        await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Id, ct));

    public string? Lookup(int? id) => id is { } i && Lookups.TryGetValue(i, out var l) ? l.Name : null;

    public string? Person(int? id) => id is { } i && People.TryGetValue(i, out var p) ? p.Name : null;

    public string Region(int id) => Regions.ById(id)?.Name ?? "";

    public IEnumerable<Lookup> List(LookupKind kind) =>
        Lookups.Values.Where(l => l.Kind == kind && l.IsActive).OrderBy(l => l.SortOrder);
}
