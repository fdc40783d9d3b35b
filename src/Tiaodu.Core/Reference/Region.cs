namespace Tiaodu.Core.Reference;

public enum RegionKind
{
    Province,
    City,
    District,
    County,
    CountyCity,
    Zone,
    Area,
}

/// <summary>An administrative division, development zone or code-less management area.</summary>
public sealed class Region
{
    public int Id { get; private set; }

    /// <summary>The division code, or a short ASCII key for areas without one.</summary>
    public string Key { get; private set; } = "";

    /// <summary>GB/T 2260 or statistics-bureau code; null for management areas such as 长春新区.</summary>
    public string? Code { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Short names offices write, separated by '|'.</summary>
    public string ShortNames { get; private set; } = "";

    public RegionKind Kind { get; private set; }

    public int? ParentId { get; private set; }

    /// <summary>Materialised path of ids, "/1/4/17/", so a subtree is one prefix match.</summary>
    public string Path { get; private set; } = "/";

    public int SortOrder { get; private set; }

    public bool IsActive { get; private set; } = true;

    public int Version { get; private set; }

    private Region()
    {
    }

    public Region(string key, string? code, string name, RegionKind kind, string shortNames, int sortOrder)
    {
        Key = key;
        Code = string.IsNullOrWhiteSpace(code) ? null : code;
        Name = name;
        Kind = kind;
        ShortNames = shortNames;
        SortOrder = sortOrder;
    }

    public IEnumerable<string> ShortNameList =>
        ShortNames.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Called once the id is known (after the first save) to fix the path under the parent.</summary>
    public void PlaceUnder(Region? parent)
    {
        ParentId = parent?.Id;
        Path = (parent?.Path ?? "/") + Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/";
    }

    public void Rename(string name, string shortNames, int sortOrder, bool isActive)
    {
        Name = name;
        ShortNames = shortNames;
        SortOrder = sortOrder;
        IsActive = isActive;
        Version++;
    }
}
