namespace Tiaodu.Core.Reference;

/// <summary>The lists an administrator edits. The list kinds are code; their entries are data.</summary>
public enum LookupKind
{
    Industry,
    Category,
    Nature,
    Stage,
    Level,
    ProblemCategory,
    Sector,

    /// <summary>Responsible departments (责任部门: 住建局, 自然资源局, 供电公司 …) that lead on or assist with problems.</summary>
    Department,
}

/// <summary>
/// What an entry means to the indicators, so renaming or adding entries never changes a formula.
/// </summary>
public static class LookupMeaning
{
    public const string New = "new";
    public const string Continuing = "continuing";
    public const string Industrial = "industrial";
    public const string Started = "started";
}

public sealed class Lookup
{
    public int Id { get; private set; }

    public LookupKind Kind { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public int? ParentId { get; private set; }

    /// <summary>One of <see cref="LookupMeaning"/>, or null.</summary>
    public string? Meaning { get; private set; }

    /// <summary>For task-force sectors a zone defines for itself; null = everywhere.</summary>
    public int? RegionId { get; private set; }

    public int SortOrder { get; private set; }

    public bool IsActive { get; private set; } = true;

    public int Version { get; private set; }

    private Lookup()
    {
    }

    public Lookup(LookupKind kind, string code, string name, int sortOrder, string? meaning = null, int? parentId = null, int? regionId = null)
    {
        Kind = kind;
        Code = code;
        Name = name;
        SortOrder = sortOrder;
        Meaning = meaning;
        ParentId = parentId;
        RegionId = regionId;
    }

    public void Update(string name, string? meaning, int sortOrder, bool isActive)
    {
        Name = name;
        Meaning = string.IsNullOrWhiteSpace(meaning) ? null : meaning;
        SortOrder = sortOrder;
        IsActive = isActive;
        Version++;
    }
}
