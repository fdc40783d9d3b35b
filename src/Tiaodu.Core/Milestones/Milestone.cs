namespace Tiaodu.Core.Milestones;

/// <summary>A named sequence of nodes with typical durations (倒排工期 templates), edited as data.</summary>
public sealed class MilestoneTemplate
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public bool IsActive { get; private set; } = true;
    public List<MilestoneTemplateNode> Nodes { get; private set; } = [];
    public int Version { get; private set; }

    private MilestoneTemplate()
    {
    }

    public MilestoneTemplate(string name, IEnumerable<MilestoneTemplateNode> nodes)
    {
        Name = name;
        Nodes = [.. nodes];
        Version = 1;
    }

    /// <summary>Renames, switches on or off, and replaces the nodes (plans made from it keep their own copies).</summary>
    public void Change(string name, bool isActive, IEnumerable<MilestoneTemplateNode> nodes)
    {
        (Name, IsActive) = (name, isActive);
        Nodes.Clear();
        Nodes.AddRange(nodes);
        Version++;
    }

    /// <summary>The lifecycle of an industrial project from signing to full output, with typical days between nodes.</summary>
    public static MilestoneTemplate Lifecycle() => new("产业项目全生命周期",
    [
        new(1, "签约", 0, false), new(2, "注册", 15, false), new(3, "选址", 30, false), new(4, "立项/备案", 20, true),
        new(5, "环评", 30, true), new(6, "用地规划许可", 30, true), new(7, "工程规划许可", 20, true), new(8, "施工许可", 15, true),
        new(9, "开工", 10, false), new(10, "入统", 30, false), new(11, "主体完工", 240, false), new(12, "竣工", 120, false),
        new(13, "投产", 60, false), new(14, "达产", 180, false),
    ]);
}

public sealed class MilestoneTemplateNode
{
    public int Id { get; private set; }
    public int TemplateId { get; private set; }
    public int SortOrder { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Typical days from the node before to this one.</summary>
    public int Days { get; private set; }

    /// <summary>A pre-construction procedure (前期手续): done means approved, with the approval's number and date.</summary>
    public bool IsApproval { get; private set; }

    private MilestoneTemplateNode()
    {
    }

    public MilestoneTemplateNode(int sortOrder, string name, int days, bool isApproval) =>
        (SortOrder, Name, Days, IsApproval) = (sortOrder, name, days, isApproval);
}

public enum MilestoneState
{
    Pending,
    DueSoon,
    Overdue,
    Done,

    /// <summary>Accepted with documents still owed (容缺后补), within the date they are owed by.</summary>
    Deferred,

    /// <summary>Accepted with documents owed, and the date they were owed by has passed.</summary>
    DeferredLate,
}

/// <summary>
/// One node of a project's milestone plan: its deadline (computed backwards from a target or set by hand), when
/// it was done, who answers for it, and for a procedure the approval's number, or what is still owed under 容缺后补.
/// </summary>
public sealed class Milestone
{
    public const int DueSoonDays = 15;

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public int SortOrder { get; private set; }
    public string Name { get; private set; } = "";
    public int Days { get; private set; }
    public bool IsApproval { get; private set; }
    public DateOnly PlannedOn { get; private set; }
    public DateOnly? DoneOn { get; private set; }
    public string? Owner { get; private set; }

    /// <summary>批复文件 number of an approval.</summary>
    public string? DocumentNumber { get; private set; }

    /// <summary>容缺后补: accepted with documents missing.</summary>
    public bool Deferred { get; private set; }

    public string? OwedItems { get; private set; }
    public DateOnly? OwedBy { get; private set; }
    public int Version { get; private set; }

    private Milestone()
    {
    }

    public Milestone(int projectId, int sortOrder, string name, int days, bool isApproval, DateOnly plannedOn)
    {
        (ProjectId, SortOrder, Name, Days, IsApproval, PlannedOn, Version) = (projectId, sortOrder, name, days, isApproval, plannedOn, 1);
    }

    public void Reschedule(DateOnly plannedOn)
    {
        PlannedOn = plannedOn;
        Version++;
    }

    public void Record(MilestoneInput input)
    {
        (PlannedOn, DoneOn, Owner, DocumentNumber) = (input.PlannedOn, input.DoneOn, Clean(input.Owner), Clean(input.DocumentNumber));
        (Deferred, OwedItems, OwedBy) = input.Deferred ? (true, Clean(input.OwedItems), input.OwedBy) : (false, null, null);
        Version++;
    }

    public MilestoneState StateOn(DateOnly today) =>
        DoneOn is not null
            ? Deferred ? (OwedBy < today ? MilestoneState.DeferredLate : MilestoneState.Deferred) : MilestoneState.Done
            : PlannedOn < today ? MilestoneState.Overdue
            : PlannedOn.DayNumber - today.DayNumber <= DueSoonDays ? MilestoneState.DueSoon
            : MilestoneState.Pending;

    /// <summary>Days past the deadline (or past the owed-by date under 容缺后补); 0 when not late.</summary>
    public int DaysLate(DateOnly today) => StateOn(today) switch
    {
        MilestoneState.Overdue => today.DayNumber - PlannedOn.DayNumber,
        MilestoneState.DeferredLate => today.DayNumber - OwedBy!.Value.DayNumber,
        _ => 0,
    };

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The plan of a project: the template, the node and date it was computed back from, and 拿地即开工.</summary>
public sealed class MilestonePlan
{
    public int ProjectId { get; private set; }
    public int? TemplateId { get; private set; }
    public string TargetNode { get; private set; } = "";
    public DateOnly TargetOn { get; private set; }

    /// <summary>拿地即开工: procedures run in parallel before the land contract so work starts on land day.</summary>
    public bool StartOnLand { get; private set; }

    public DateOnly? LandOn { get; private set; }
    public int Version { get; private set; }

    private MilestonePlan()
    {
    }

    public MilestonePlan(int projectId) => (ProjectId, Version) = (projectId, 0);

    public void Set(int? templateId, string targetNode, DateOnly targetOn, bool startOnLand, DateOnly? landOn)
    {
        (TemplateId, TargetNode, TargetOn, StartOnLand, LandOn) = (templateId, targetNode, targetOn, startOnLand, startOnLand ? landOn : null);
        Version++;
    }
}

/// <summary>A node as a form or the API sends it.</summary>
public sealed record MilestoneInput
{
    public DateOnly PlannedOn { get; init; }
    public DateOnly? DoneOn { get; init; }
    public string? Owner { get; init; }
    public string? DocumentNumber { get; init; }
    public bool Deferred { get; init; }
    public string? OwedItems { get; init; }
    public DateOnly? OwedBy { get; init; }
    public int Version { get; init; }
}
