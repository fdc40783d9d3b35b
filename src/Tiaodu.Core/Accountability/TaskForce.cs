namespace Tiaodu.Core.Accountability;

/// <summary>
/// A task force (专班): "一个项目、一个专班、一本台账、一抓到底" — a named team of a region, led by a leader,
/// with members who each have a duty, following a set of projects. Kept by 调度中心; retired, not deleted.
/// </summary>
public sealed class TaskForce
{
    public const int NameLength = 100;
    public const int DutyLength = 200;

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public int RegionId { get; private set; }

    /// <summary>The leader at its head (a person of the reference list); null while none is named.</summary>
    public int? LeaderId { get; private set; }

    /// <summary>What it is for (e.g. 先进制造业项目推进).</summary>
    public string? Duty { get; private set; }

    public bool IsActive { get; private set; } = true;
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    private TaskForce()
    {
    }

    public TaskForce(string name, int regionId, int? leaderId, string? duty, string by, DateTime at)
    {
        (CreatedBy, CreatedAt, Version) = (by.Length <= 50 ? by : by[..50], at, 1);
        (Name, RegionId, LeaderId, Duty) = (name, regionId, leaderId, duty);
    }

    public void Update(string name, int regionId, int? leaderId, string? duty, bool isActive)
    {
        (Name, RegionId, LeaderId, Duty, IsActive) = (name, regionId, leaderId, duty, isActive);
        Version++;
    }

    /// <summary>Marks a change of its members or projects, so concurrent edits of the same task force are noticed.</summary>
    public void Touch() => Version++;
}

/// <summary>A member of a task force: a person of the reference list or an account, with a duty.</summary>
public sealed class TaskForceMember
{
    public int Id { get; private set; }
    public int TaskForceId { get; private set; }
    public int? PersonId { get; private set; }
    public int? AccountId { get; private set; }
    public string Duty { get; private set; } = "";

    private TaskForceMember()
    {
    }

    public TaskForceMember(int taskForceId, int? personId, int? accountId, string duty) =>
        (TaskForceId, PersonId, AccountId, Duty) = (taskForceId, personId, accountId, duty);
}

/// <summary>A project a task force follows.</summary>
public sealed class TaskForceProject
{
    public int TaskForceId { get; private set; }
    public int ProjectId { get; private set; }

    private TaskForceProject()
    {
    }

    public TaskForceProject(int taskForceId, int projectId) => (TaskForceId, ProjectId) = (taskForceId, projectId);
}
