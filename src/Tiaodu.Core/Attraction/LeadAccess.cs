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

    /// <summary>The leads or events of the regions the scope covers.</summary>
    public static IQueryable<T> Visible<T>(IQueryable<T> records, AccessScope scope)
        where T : class, IPlacedInRegion
    {
        if (scope.All)
        {
            return records;
        }

        var regions = scope.RegionIds?.ToList() ?? [];
        return records.Where(r => regions.Contains(r.RegionId));
    }
}

/// <summary>A pipeline record placed in one region, which decides who sees it.</summary>
public interface IPlacedInRegion
{
    int RegionId { get; }
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

    /// <summary>A 招商台账 column as the mapping lists it.</summary>
    public static string Column(LeadColumn column) => column switch
    {
        LeadColumn.Name => "项目名称",
        LeadColumn.Investor => "投资方",
        LeadColumn.Origin => "投资方来源地",
        LeadColumn.Partner => "对口合作",
        LeadColumn.Industry => "所属行业",
        LeadColumn.Region => "落地区域",
        LeadColumn.Intended => "意向投资额",
        LeadColumn.Contract => "签约额",
        LeadColumn.Funds => "到位资金",
        LeadColumn.Stage => "所处阶段",
        LeadColumn.StageOn => "阶段日期",
        LeadColumn.SourceEvent => "来源活动",
        LeadColumn.Ceremony => "签约活动",
        LeadColumn.Officer => "招商专员",
        LeadColumn.ContactName => "联系人",
        LeadColumn.ContactPhone => "联系电话",
        LeadColumn.Notes => "备注",
        _ => column.ToString(),
    };

    public static string Event(EventKind kind) => kind switch
    {
        EventKind.Outbound => "走出去",
        EventKind.Inbound => "请进来",
        EventKind.Ceremony => "集中签约",
        _ => kind.ToString(),
    };
}
