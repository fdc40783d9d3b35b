using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Imports;

/// <summary>A ledger project as the importer matches it: by 项目代码, else by normalised name within a region.</summary>
internal sealed record KnownProject(int Id, string? Code, string NameKey, int RegionId, bool IsDeleted, bool InScope);

/// <summary>
/// Everything a row is checked against, loaded once per file: regions, reference lists, people, tags and
/// the existing projects (a few columns each), so 100,000 rows cost no query per row.
/// </summary>
internal sealed class ImportReference
{
    private readonly Dictionary<(LookupKind, string), Lookup> _lookups = [];
    private readonly ILookup<(PersonRole, string), Person> _people;
    private readonly Dictionary<string, Tag> _tags;
    private readonly Dictionary<string, KnownProject> _byCode;
    private readonly Dictionary<(string, int), KnownProject> _byName;

    private ImportReference(RegionDirectory regions, List<Lookup> lookups, List<Person> people, List<Tag> tags, List<KnownProject> projects, AccessScope scope)
    {
        Regions = regions;
        Scope = scope;
        foreach (var l in lookups.OrderBy(l => l.IsActive ? 0 : 1))
        {
            _lookups.TryAdd((l.Kind, ChineseText.Normalize(l.Name)), l);
            if (l.Code.Length > 0)
            {
                _lookups.TryAdd((l.Kind, ChineseText.Normalize(l.Code)), l);
            }
        }

        _people = people.ToLookup(p => (p.Role, ChineseText.Normalize(p.Name)));
        _tags = tags.GroupBy(t => ChineseText.Normalize(t.Name)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _byCode = projects.Where(p => p.Code is not null).GroupBy(p => p.Code!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _byName = projects.GroupBy(p => (p.NameKey, p.RegionId)).ToDictionary(g => g.Key, g => g.OrderBy(p => p.IsDeleted).First());
    }

    public RegionDirectory Regions { get; }

    public AccessScope Scope { get; }

    public IEnumerable<string> TagNames => _tags.Values.Where(t => t.IsActive).Select(t => t.Name);

    public static async Task<ImportReference> LoadAsync(TiaoduDb db, AccessScope scope, CancellationToken ct)
    {
        var regions = await RegionDirectory.LoadAsync(db, ct);
        var lookups = await db.Lookups.AsNoTracking().ToListAsync(ct);
        var people = await db.People.AsNoTracking().Where(p => p.IsActive).ToListAsync(ct);
        var tags = await db.Tags.AsNoTracking().ToListAsync(ct);
        var rows = await db.Projects.AsNoTracking()
            .Select(p => new { p.Id, p.Code, p.Name, p.RegionId, p.SectorId, p.LeaderId, p.ServiceOfficerId, p.IsDeleted })
            .ToListAsync(ct);
        var projects = rows.Select(p => new KnownProject(p.Id, p.Code, NameKey(p.Name), p.RegionId, p.IsDeleted,
            scope.Allows(p.Id, p.RegionId, p.SectorId, p.LeaderId, p.ServiceOfficerId))).ToList();
        return new ImportReference(regions, lookups, people, tags, projects, scope);
    }

    public static string NameKey(string name) => ChineseText.Normalize(name);

    public Lookup? Lookup(LookupKind kind, string text) => _lookups.GetValueOrDefault((kind, ChineseText.Normalize(text)));

    /// <summary>People of that role and name; several when the name is shared.</summary>
    public IReadOnlyList<Person> People(PersonRole role, string name) => [.. _people[(role, ChineseText.Normalize(name))]];

    public Tag? Tag(string name) => _tags.GetValueOrDefault(ChineseText.Normalize(name));

    public KnownProject? ByCode(string code) => _byCode.GetValueOrDefault(code);

    public KnownProject? ByName(string name, int regionId) => _byName.GetValueOrDefault((NameKey(name), regionId));
}
