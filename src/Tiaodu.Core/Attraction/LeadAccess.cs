using Tiaodu.Core.Accounts;

namespace Tiaodu.Core.Attraction;

/// <summary>
/// Who sees a lead: an account whose jurisdiction includes the region it would land in (a task force's sector
/// does not narrow leads, which have no sector yet). Accounts that see only named projects see no leads.
/// </summary>
public static class LeadAccess
{
    public static async Task<AccessScope> ScopeAsync(ICurrentUser user, CancellationToken ct)
    {
        if (!user.Has(Permission.ViewLedger))
        {
            throw new ForbiddenException("您的角色不能查看招商项目");
        }

        return await user.ScopeAsync(ct);
    }

    public static bool Sees(AccessScope scope, int regionId) => scope.All || (scope.RegionIds?.Contains(regionId) ?? false);

    public static IQueryable<Lead> Visible(IQueryable<Lead> leads, AccessScope scope)
    {
        if (scope.All)
        {
            return leads;
        }

        var regions = scope.RegionIds?.ToList() ?? [];
        return leads.Where(l => regions.Contains(l.RegionId));
    }

    public static IQueryable<AttractionEvent> Visible(IQueryable<AttractionEvent> events, AccessScope scope)
    {
        if (scope.All)
        {
            return events;
        }

        var regions = scope.RegionIds?.ToList() ?? [];
        return events.Where(e => regions.Contains(e.RegionId));
    }
}

/// <summary>Chinese names of the pipeline's stages and event kinds, for documents, exports and messages.</summary>
public static class LeadNames
{
    public static string Stage(LeadStage stage) => stage switch
    {
        LeadStage.Clue => "线索",
        LeadStage.Negotiating => "在谈",
        LeadStage.AboutToSign => "拟签约",
        LeadStage.Contracted => "签约",
        LeadStage.Registered => "注册",
        LeadStage.Sited => "选址落位",
        LeadStage.Started => "开工",
        _ => stage.ToString(),
    };

    public static string Event(EventKind kind) => kind switch
    {
        EventKind.Outbound => "走出去",
        EventKind.Inbound => "请进来",
        EventKind.Ceremony => "集中签约",
        _ => kind.ToString(),
    };
}
