using Tiaodu.Core.Accounts;

namespace Tiaodu.Core.Ledger;

/// <summary>
/// Field-level rules: users who only report progress (enterprise reporters, service officers, task forces)
/// may change how a project is going — stage, actual dates, contact, the year's start date — but never
/// plan figures, baselines or where the project belongs.
/// </summary>
public static class FieldRules
{
    private static readonly Dictionary<string, (string Label, Func<ProjectDetails, object?> Value)> ProjectFields = new(StringComparer.Ordinal)
    {
        [nameof(ProjectDetails.Code)] = ("项目代码", d => d.Code),
        [nameof(ProjectDetails.Name)] = ("项目名称", d => d.Name),
        [nameof(ProjectDetails.OwnerCompany)] = ("业主单位", d => d.OwnerCompany),
        [nameof(ProjectDetails.ContactName)] = ("联系人", d => d.ContactName),
        [nameof(ProjectDetails.ContactPhone)] = ("联系电话", d => d.ContactPhone),
        [nameof(ProjectDetails.RegionId)] = ("所属区域", d => d.RegionId),
        [nameof(ProjectDetails.SectorId)] = ("专班", d => d.SectorId),
        [nameof(ProjectDetails.IndustryId)] = ("行业", d => d.IndustryId),
        [nameof(ProjectDetails.CategoryId)] = ("项目类别", d => d.CategoryId),
        [nameof(ProjectDetails.NatureId)] = ("建设性质", d => d.NatureId),
        [nameof(ProjectDetails.StageId)] = ("项目阶段", d => d.StageId),
        [nameof(ProjectDetails.LevelId)] = ("项目级别", d => d.LevelId),
        [nameof(ProjectDetails.TotalInvestment)] = ("总投资", d => d.TotalInvestment),
        [nameof(ProjectDetails.Content)] = ("建设内容及规模", d => d.Content),
        [nameof(ProjectDetails.PlannedStart)] = ("计划开工日期", d => d.PlannedStart),
        [nameof(ProjectDetails.PlannedCompletion)] = ("计划竣工日期", d => d.PlannedCompletion),
        [nameof(ProjectDetails.PlannedProduction)] = ("计划投产日期", d => d.PlannedProduction),
        [nameof(ProjectDetails.ActualStart)] = ("实际开工日期", d => d.ActualStart),
        [nameof(ProjectDetails.ActualCompletion)] = ("实际竣工日期", d => d.ActualCompletion),
        [nameof(ProjectDetails.ActualProduction)] = ("实际投产日期", d => d.ActualProduction),
        [nameof(ProjectDetails.LandArea)] = ("用地面积", d => d.LandArea),
        [nameof(ProjectDetails.ExpectedOutput)] = ("预计年产值", d => d.ExpectedOutput),
        [nameof(ProjectDetails.ExpectedTax)] = ("预计年税收", d => d.ExpectedTax),
        [nameof(ProjectDetails.Longitude)] = ("经度", d => d.Longitude),
        [nameof(ProjectDetails.Latitude)] = ("纬度", d => d.Latitude),
        [nameof(ProjectDetails.LeaderId)] = ("包保领导", d => d.LeaderId),
        [nameof(ProjectDetails.ServiceOfficerId)] = ("服务秘书", d => d.ServiceOfficerId),
        [nameof(ProjectDetails.InStatsOn)] = ("入库日期", d => d.InStatsOn),
    };

    /// <summary>What a progress reporter may change on a project.</summary>
    public static readonly IReadOnlySet<string> ProgressFields = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(ProjectDetails.StageId), nameof(ProjectDetails.ActualStart), nameof(ProjectDetails.ActualCompletion),
        nameof(ProjectDetails.ActualProduction), nameof(ProjectDetails.ContactName), nameof(ProjectDetails.ContactPhone),
    };

    /// <summary>Fields that differ between two versions of a project's details, by name.</summary>
    public static IReadOnlyList<string> Changed(ProjectDetails before, ProjectDetails after) =>
        [.. ProjectFields.Where(f => !Equals(Normal(f.Value.Value(before)), Normal(f.Value.Value(after)))).Select(f => f.Key)];

    /// <summary>Refuses a change by a user who may only report progress when it touches anything else.</summary>
    public static void CheckProject(ICurrentUser user, ProjectDetails before, ProjectDetails after)
    {
        if (user.Has(Permission.EditLedger))
        {
            return;
        }

        var refused = Changed(before, after).Where(f => !ProgressFields.Contains(f)).ToList();
        if (refused.Count > 0)
        {
            throw new ForbiddenException("您只能填报项目进度，不能修改：" + string.Join("、", refused.Select(f => ProjectFields[f].Label)));
        }
    }

    /// <summary>A progress reporter may set the year's start date only, on a line the dispatch office created.</summary>
    public static void CheckYear(ICurrentUser user, ProjectYear? line, ProjectYearInput input)
    {
        if (user.Has(Permission.EditLedger))
        {
            return;
        }

        if (line is null)
        {
            throw new ForbiddenException("您只能填报项目进度，不能把项目列入年度计划");
        }

        var refused = new List<string>();
        if (line.InPlan != input.InPlan) refused.Add("是否列入计划");
        if (line.NatureId != input.NatureId) refused.Add("年度建设性质");
        if (line.AnnualPlan != input.AnnualPlan) refused.Add("年度计划投资");
        if (line.PlannedStartMonth != input.PlannedStartMonth) refused.Add("计划开工月份");
        if (line.PlanCurve != Plans.PlanCurve.Normalize(input.PlanCurve)) refused.Add("月度计划曲线");
        if (!line.Tags.Select(t => t.TagId).Order().SequenceEqual(input.TagIds.Distinct().Order())) refused.Add("标签");
        if (refused.Count > 0)
        {
            throw new ForbiddenException("您只能填报项目进度，不能修改：" + string.Join("、", refused));
        }
    }

    private static object? Normal(object? value) => value switch
    {
        string s when string.IsNullOrWhiteSpace(s) => null,
        string s => s.Trim(),
        decimal d => d / 1.0000000000000000000000000000m,
        _ => value,
    };
}
