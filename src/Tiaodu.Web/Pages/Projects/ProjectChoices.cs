using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>One entry of a select list: its value, its text and how deep it sits in a tree.</summary>
public sealed record Choice(string Value, string Text, int Depth = 0)
{
    /// <summary>The text indented with non-breaking spaces, since browsers ignore padding on options.</summary>
    public string Indented => new string('\u00A0', Depth * 3) + Text;
}

/// <summary>The lists the project pages offer (regions as a tree, lookups by kind, people by role, tags).</summary>
public sealed class ProjectChoices
{
    private ProjectChoices(ReferenceNames names) => Names = names;

    public ReferenceNames Names { get; }

    public static async Task<ProjectChoices> LoadAsync(TiaoduDb db, CancellationToken ct) =>
        new(await ReferenceNames.LoadAsync(db, ct));

    /// <summary>Regions depth-first, so each sits under its parent; value = region key.</summary>
    public IReadOnlyList<(Region Region, int Depth)> RegionTree() => [.. Names.Regions.Tree()];

    public IEnumerable<Choice> RegionsByKey() => RegionTree().Select(x => new Choice(x.Region.Key, x.Region.Name, x.Depth));

    /// <summary>Active regions by id for the edit form, keeping the project's own region even if retired.</summary>
    public IEnumerable<Choice> RegionsById(int? keep) => RegionTree()
        .Where(x => x.Region.IsActive || x.Region.Id == keep)
        .Select(x => new Choice(Id(x.Region.Id), x.Region.Name, x.Depth));

    /// <summary>GB/T 4754 sections, each followed by its divisions.</summary>
    public IEnumerable<Choice> Industries(int? keep = null)
    {
        var all = Listed(LookupKind.Industry, keep).ToList();
        foreach (var section in all.Where(l => l.ParentId is null))
        {
            yield return new Choice(Id(section.Id), section.Code + " " + section.Name);
            foreach (var division in all.Where(l => l.ParentId == section.Id))
            {
                yield return new Choice(Id(division.Id), division.Code + " " + division.Name, 1);
            }
        }
    }

    // Retired entries are not offered, except the one a record already has, so saving never drops it silently.
    public IEnumerable<Choice> Lookups(LookupKind kind, int? keep = null) =>
        Listed(kind, keep).Select(l => new Choice(Id(l.Id), l.Name));

    public IEnumerable<Choice> People(PersonRole role, int? keep = null) =>
        Names.People.Values.Where(p => p.Role == role && (p.IsActive || p.Id == keep)).OrderBy(p => p.Id)
            .Select(p => new Choice(Id(p.Id), string.IsNullOrEmpty(p.Title) ? p.Name : p.Name + "（" + p.Title + "）"));

    public IEnumerable<Choice> Tags(IEnumerable<int>? keep = null)
    {
        var kept = keep?.ToHashSet() ?? [];
        return Names.Tags.Values.Where(t => t.IsActive || kept.Contains(t.Id)).OrderBy(t => t.SortOrder).ThenBy(t => t.Id)
            .Select(t => new Choice(Id(t.Id), t.Name));
    }

    private IEnumerable<Lookup> Listed(LookupKind kind, int? keep) =>
        Names.Lookups.Values.Where(l => l.Kind == kind && (l.IsActive || l.Id == keep)).OrderBy(l => l.SortOrder);

    public string? TagName(int? id) => id is { } i && Names.Tags.TryGetValue(i, out var t) ? t.Name : null;

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The model of the _Options partial: entries of a select and the value to preselect.</summary>
public sealed record OptionList(IEnumerable<Choice> Items, string? Selected);
