using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Excel;

/// <summary>
/// The header names offices use for each field (simplified after conversion, spaces, line breaks and a
/// bracketed unit removed), plus the patterns whose wording varies with the month (1-6月完成投资).
/// "项目类型" usually means 建设性质 (新建/续建) in these tables, so it maps there.
/// </summary>
public static partial class HeaderCatalog
{
    private static readonly (ImportField Field, string[] Names)[] Synonyms =
    [
        (ImportField.SequenceNumber, ["序号", "编号", "序"]),
        (ImportField.Code, ["项目代码", "项目编码", "统一项目代码", "赋码", "项目赋码", "备案代码", "项目统一代码"]),
        (ImportField.Name, ["项目名称", "项目全称", "名称", "项目名", "建设项目名称"]),
        (ImportField.OwnerCompany, ["业主单位", "建设单位", "项目单位", "责任单位(企业)", "项目业主", "实施单位", "投资主体", "项目法人单位"]),
        (ImportField.ContactName, ["联系人", "项目联系人", "企业联系人"]),
        (ImportField.ContactPhone, ["联系电话", "联系方式", "电话", "手机", "联系人电话"]),
        (ImportField.Region, ["所属区域", "县(市)区", "县市区", "所在地", "建设地点", "所属地区", "地区", "区域", "所在区域", "所属县(市)区", "县区", "属地", "项目所在地", "开发区", "所在县(市)区"]),
        (ImportField.Sector, ["专班", "所属专班", "产业专班", "牵头专班"]),
        (ImportField.Industry, ["行业", "所属行业", "国民经济行业", "行业分类", "国民经济行业分类"]),
        (ImportField.Category, ["项目类别", "产业类别", "项目分类", "类别"]),
        (ImportField.Nature, ["建设性质", "项目类型", "建设类型", "新建/续建", "新续建"]),
        (ImportField.Stage, ["项目阶段", "所处阶段", "建设阶段", "进展阶段"]),
        (ImportField.Level, ["项目级别", "级别", "重点级别"]),
        (ImportField.TotalInvestment, ["总投资", "计划总投资", "项目总投资", "总投资额", "投资总额", "概算总投资"]),
        (ImportField.Content, ["建设内容及规模", "建设规模及内容", "建设内容", "建设规模", "主要建设内容", "建设内容和规模"]),
        (ImportField.PlannedStart, ["计划开工时间", "开工时间", "计划开工日期", "拟开工时间", "预计开工时间"]),
        (ImportField.PlannedCompletion, ["计划竣工时间", "竣工时间", "计划竣工日期", "预计竣工时间", "计划完工时间"]),
        (ImportField.PlannedProduction, ["计划投产时间", "投产时间", "预计投产时间"]),
        (ImportField.ActualStart, ["实际开工时间", "实际开工日期"]),
        (ImportField.ActualCompletion, ["实际竣工时间", "实际竣工日期"]),
        (ImportField.ActualProduction, ["实际投产时间", "实际投产日期"]),
        (ImportField.LandArea, ["用地面积", "占地面积", "用地", "占地", "用地规模"]),
        (ImportField.ExpectedOutput, ["预计年产值", "达产后年产值", "年产值", "预计产值"]),
        (ImportField.ExpectedTax, ["预计年税收", "达产后年税收", "年税收", "预计税收", "年利税"]),
        (ImportField.Longitude, ["经度"]),
        (ImportField.Latitude, ["纬度"]),
        (ImportField.Leader, ["包保领导", "包保市领导", "包保县级领导", "包保市级领导", "包保县领导", "包保领导姓名", "市级包保领导"]),
        (ImportField.ServiceOfficer, ["服务秘书", "项目秘书", "服务专员", "项目服务秘书", "帮办代办员"]),
        (ImportField.InStatsOn, ["入库时间", "入统时间", "入库日期", "纳统时间"]),
        (ImportField.InPlan, ["是否计划内", "是否纳入计划", "计划内", "是否纳入年度计划", "纳入计划"]),
        (ImportField.AnnualPlan, ["年度计划投资", "本年计划投资", "年计划投资", "年度投资计划", "计划投资", "当年计划投资"]),
        (ImportField.PlannedStartMonth, ["计划开工月份", "开工月份"]),
        (ImportField.InvestmentYtd, ["本年完成投资", "年度累计完成投资", "本年累计完成投资", "今年累计完成投资", "年初至今完成投资", "本年度完成投资", "当年完成投资"]),
        (ImportField.InvestmentSinceStart, ["开工累计完成投资", "累计完成投资", "自开工累计完成投资", "开工以来累计完成投资", "自开工以来累计完成投资", "累计完成"]),
        (ImportField.Started, ["是否开复工", "开复工情况", "是否开工", "是否复工", "开工情况", "是否开复工建设"]),
        (ImportField.StartedOn, ["开复工时间", "开复工日期", "复工时间", "开复工时间(实际)"]),
        (ImportField.Progress, ["形象进度", "工程进度", "进展情况", "项目进展情况", "目前进展", "项目进展", "工程形象进度"]),
        (ImportField.Problem, ["存在问题", "存在的问题", "存在问题及建议", "需协调解决的问题", "存在困难和问题", "需要协调解决的问题", "问题及建议", "困难问题"]),
    ];

    private static readonly Dictionary<string, ImportField> ByName = Build();

    private static Dictionary<string, ImportField> Build()
    {
        var map = new Dictionary<string, ImportField>(StringComparer.Ordinal);
        foreach (var (field, names) in Synonyms)
        {
            foreach (var name in names)
            {
                map.TryAdd(Key(name), field);
            }
        }

        foreach (var field in ImportFields.All.Where(f => f != ImportField.Tag))
        {
            map.TryAdd(Key(ImportFields.CanonicalHeader(field)), field);
            map.TryAdd(Key(ImportFields.Label(field)), field);
        }

        return map;
    }

    /// <summary>The comparable form of a header: simplified, half-width, without spaces, line breaks, brackets' contents that are units, or a trailing unit.</summary>
    public static string Key(string header)
    {
        var s = ChineseText.ToSimplified(header.Normalize(NormalizationForm.FormKC));
        s = Spaces().Replace(s, "");
        s = UnitInBrackets().Replace(s, "");
        s = TrailingUnit().Replace(s, "");
        return s.Replace('（', '(').Replace('）', ')');
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[（(]\s*(单位[:：]?)?\s*(亿元|万元|元|亩|公顷|平方米|平方公里|m2|m²|㎡|万平方米|个|人)\s*[)）]")]
    private static partial Regex UnitInBrackets();

    [GeneratedRegex(@"(亿元|万元|\(亩\)|亩|公顷|平方米|平方公里|㎡)$")]
    private static partial Regex TrailingUnit();

    /// <summary>1-6月完成投资, 1—6月累计完成投资, 1至6月完成, 截至6月底累计完成投资, 6月末累计完成投资.</summary>
    [GeneratedRegex(@"^(?:\d{4}年)?(?:1|一)\s*[-—–~～至到]\s*(?<m>\d{1,2})月(?:份)?(?:累计)?(?:完成|完成投资|完成投资额|累计完成投资)?$|^截[至止](?<m>\d{1,2})月(?:底|末)?(?:累计)?完成(?:投资)?(?:额)?$|^(?<m>\d{1,2})月(?:底|末)累计完成(?:投资)?$")]
    private static partial Regex YtdHeader();

    /// <summary>2019年计划投资, 2026年度计划投资.</summary>
    [GeneratedRegex(@"^\d{4}年度?(?:计划投资|投资计划|计划完成投资)(?:额)?$")]
    private static partial Regex YearPlanHeader();

    /// <summary>The field a header names and, for 1-N月 figures, N; null when it names none.</summary>
    public static (ImportField Field, int? YtdMonth)? Match(string header)
    {
        var key = Key(header);
        if (key.Length == 0)
        {
            return null;
        }

        if (ByName.TryGetValue(key, out var field))
        {
            return (field, null);
        }

        if (YtdHeader().Match(key) is { Success: true } m)
        {
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            return month is >= 1 and <= 12 ? (ImportField.InvestmentYtd, month) : null;
        }

        if (YearPlanHeader().IsMatch(key))
        {
            return (ImportField.AnnualPlan, null);
        }

        return null;
    }

    /// <summary>A yes/no column headed by a tag's name (春季开复工项目, 是否百大项目).</summary>
    public static string? MatchTag(string header, IReadOnlyCollection<string> tagNames)
    {
        var key = Key(header);
        if (key.StartsWith("是否", StringComparison.Ordinal))
        {
            key = key[2..];
        }

        var norm = ChineseText.Normalize(key);
        return tagNames.FirstOrDefault(t => ChineseText.Normalize(t) == norm);
    }
}
