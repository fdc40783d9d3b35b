using Tiaodu.Core.Audit;

namespace Tiaodu.Web.Infrastructure;

/// <summary>
/// The audit trail's "who" for this scope: the signed-in user of the current request (everyone is
/// "anonymous" until sign-in exists) and the client's address; "system" outside a request unless a host
/// such as a CLI verb names itself with <see cref="ActAs"/>.
/// </summary>
internal sealed class RequestAuditActor(IHttpContextAccessor accessor) : IAuditActor
{
    private string? _named;

    public string Actor
    {
        get
        {
            if (_named is not null)
            {
                return _named;
            }

            var http = accessor.HttpContext;
            if (http is null)
            {
                return SystemActor.Instance.Actor;
            }

            return http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";
        }
    }

    public string? RemoteAddress => _named is null ? accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() : null;

    public void ActAs(string name) => _named = name;
}
