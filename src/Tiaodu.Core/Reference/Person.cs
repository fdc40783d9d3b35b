namespace Tiaodu.Core.Reference;

public enum PersonRole
{
    Leader,
    ServiceOfficer,
}

/// <summary>A 包保领导 or 服务秘书 named on projects; accounts link to people later.</summary>
public sealed class Person
{
    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Post, e.g. 副市长 or 发改局干部.</summary>
    public string Title { get; private set; } = "";

    public PersonRole Role { get; private set; }

    public int RegionId { get; private set; }

    public bool IsActive { get; private set; } = true;

    /// <summary>The import that created the person from a 包保领导 or 服务秘书 column; its rollback removes the person again unless they are in use.</summary>
    public int? ImportBatchId { get; private set; }

    private Person()
    {
    }

    public Person(string name, string title, PersonRole role, int regionId, int? importBatchId = null)
    {
        Name = name;
        Title = title;
        Role = role;
        RegionId = regionId;
        ImportBatchId = importBatchId;
    }

    /// <summary>Takes the person off duty (transferred, retired): kept on past records, no longer offered for new ones.</summary>
    public void Retire() => IsActive = false;
}

/// <summary>A label on a year's plan line: 春季开复工项目, 百大项目 ….</summary>
public sealed class Tag
{
    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public int SortOrder { get; private set; }

    public bool IsActive { get; private set; } = true;

    public int Version { get; private set; }

    private Tag()
    {
    }

    public Tag(string name, int sortOrder)
    {
        Name = name;
        SortOrder = sortOrder;
    }

    public void Update(string name, int sortOrder, bool isActive)
    {
        Name = name;
        SortOrder = sortOrder;
        IsActive = isActive;
        Version++;
    }
}
