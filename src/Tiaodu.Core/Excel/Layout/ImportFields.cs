namespace Tiaodu.Core.Excel;

/// <summary>What a ledger column can hold: a project field, a year-line field, a tag, or a problem.</summary>
public enum ImportField
{
    SequenceNumber,
    Code,
    Name,
    OwnerCompany,
    ContactName,
    ContactPhone,
    Region,
    Sector,
    Industry,
    Category,
    Nature,
    Stage,
    Level,
    TotalInvestment,
    Content,
    PlannedStart,
    PlannedCompletion,
    PlannedProduction,
    ActualStart,
    ActualCompletion,
    ActualProduction,
    LandArea,
    ExpectedOutput,
    ExpectedTax,
    Longitude,
    Latitude,
    Leader,
    ServiceOfficer,
    InStatsOn,
    InPlan,
    AnnualPlan,
    PlannedStartMonth,
    InvestmentYtd,
    InvestmentSinceStart,
    Started,
    StartedOn,
    Progress,
    Tag,
    Problem,
}

public enum FieldKind
{
    Text,
    Money,
    Area,
    Date,
    YesNo,
    WholeNumber,
    Coordinate,
    Month,
}

/// <summary>A column's meaning; <see cref="TagName"/> only for <see cref="ImportField.Tag"/>.</summary>
public sealed record ColumnTarget(ImportField Field, string? TagName = null);

/// <summary>Kinds, Chinese labels and the header an export writes for each field.</summary>
public static class ImportFields
{
    public static IReadOnlyList<ImportField> All { get; } = Enum.GetValues<ImportField>();

    public static FieldKind KindOf(ImportField f) => f switch
    {
        ImportField.TotalInvestment or ImportField.AnnualPlan or ImportField.InvestmentYtd or ImportField.InvestmentSinceStart
            or ImportField.ExpectedOutput or ImportField.ExpectedTax => FieldKind.Money,
        ImportField.LandArea => FieldKind.Area,
        ImportField.PlannedStart or ImportField.PlannedCompletion or ImportField.PlannedProduction or ImportField.ActualStart
            or ImportField.ActualCompletion or ImportField.ActualProduction or ImportField.InStatsOn or ImportField.StartedOn => FieldKind.Date,
        ImportField.InPlan or ImportField.Started or ImportField.Tag => FieldKind.YesNo,
        ImportField.SequenceNumber => FieldKind.WholeNumber,
        ImportField.PlannedStartMonth => FieldKind.Month,
        ImportField.Longitude or ImportField.Latitude => FieldKind.Coordinate,
        _ => FieldKind.Text,
    };

    public static string Label(ImportField f) => f switch
    {
        ImportField.SequenceNumber => "序号",
        ImportField.Code => "项目代码",
        ImportField.Name => "项目名称",
        ImportField.OwnerCompany => "业主单位",
        ImportField.ContactName => "联系人",
        ImportField.ContactPhone => "联系电话",
        ImportField.Region => "所属区域",
        ImportField.Sector => "所属专班",
        ImportField.Industry => "所属行业",
        ImportField.Category => "项目类别",
        ImportField.Nature => "建设性质",
        ImportField.Stage => "项目阶段",
        ImportField.Level => "项目级别",
        ImportField.TotalInvestment => "总投资",
        ImportField.Content => "建设内容及规模",
        ImportField.PlannedStart => "计划开工时间",
        ImportField.PlannedCompletion => "计划竣工时间",
        ImportField.PlannedProduction => "计划投产时间",
        ImportField.ActualStart => "实际开工时间",
        ImportField.ActualCompletion => "实际竣工时间",
        ImportField.ActualProduction => "实际投产时间",
        ImportField.LandArea => "用地面积",
        ImportField.ExpectedOutput => "预计年产值",
        ImportField.ExpectedTax => "预计年税收",
        ImportField.Longitude => "经度",
        ImportField.Latitude => "纬度",
        ImportField.Leader => "包保领导",
        ImportField.ServiceOfficer => "服务秘书",
        ImportField.InStatsOn => "入库时间",
        ImportField.InPlan => "是否计划内",
        ImportField.AnnualPlan => "年度计划投资",
        ImportField.PlannedStartMonth => "计划开工月份",
        ImportField.InvestmentYtd => "本年累计完成投资",
        ImportField.InvestmentSinceStart => "开工累计完成投资",
        ImportField.Started => "是否开复工",
        ImportField.StartedOn => "开复工日期",
        ImportField.Progress => "形象进度",
        ImportField.Tag => "标签",
        ImportField.Problem => "存在问题",
        _ => f.ToString(),
    };

    /// <summary>The header an export writes; <see cref="LayoutDetector"/> maps it back to the same field.</summary>
    public static string CanonicalHeader(ImportField f) => f switch
    {
        ImportField.LandArea => "用地面积（平方米）",
        _ => Label(f),
    };
}
