namespace Tiaodu.Core.Audit;

/// <summary>Who is acting, for the audit trail: the host fills it in (the web request, a CLI verb, a job).</summary>
public interface IAuditActor
{
    /// <summary>The account name, or "anonymous", "cli", "system".</summary>
    string Actor { get; }

    /// <summary>The client's IP address, when there is one.</summary>
    string? RemoteAddress { get; }
}

/// <summary>The actor when the host gives none: unit tests, the benchmark, start-up seeding.</summary>
public sealed class SystemActor : IAuditActor
{
    public static readonly SystemActor Instance = new();

    public string Actor => "system";

    public string? RemoteAddress => null;
}

/// <summary>An actor's name and address read once, for work that describes changes away from the request's thread.</summary>
public sealed record FixedActor(string Actor, string? RemoteAddress) : IAuditActor
{
    public static FixedActor Of(IAuditActor actor) => new(actor.Actor, actor.RemoteAddress);
}
