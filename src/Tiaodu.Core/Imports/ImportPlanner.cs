using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Imports;

/// <summary>
/// Decides what each row does to the ledger, a chunk of rows at a time: which project it is (项目代码, else
/// normalised name within its region), what the project, its year line and its month's report become, and
/// whether that changes anything. The preview and the apply step share it, so what the preview promises is
/// what is written.
/// </summary>
internal sealed class ImportPlanner(TiaoduDb db, ImportReference reference, PersonalData personalData, int year, DateOnly? asOf, DateOnly today)
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public async Task<List<RowPlan>> PlanAsync(IReadOnlyList<ImportRow> rows, bool track, CancellationToken ct)
    {
        var matched = rows.Select(Match).ToList();
        var ids = matched.Where(m => m.Known is { InScope: true, IsDeleted: false }).Select(m => m.Known!.Id).Distinct().ToList();
        var states = await LoadAsync(ids, track, ct);
        var plans = new List<RowPlan>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, known) = (rows[i], matched[i].Known);
            var existing = known is not null && states.TryGetValue(known.Id, out var s) ? s : null;
            plans.Add(Plan(row, known, existing));
        }

        return plans;
    }

    private (ImportRow Row, KnownProject? Known) Match(ImportRow row)
    {
        if (row.Name is null && row.Code is null)
        {
            row.Error("项目名称", "缺少项目名称");
            return (row, null);
        }

        var known = row.Code is { } code ? reference.ByCode(code) : null;
        if (known is null && row.Name is { } name && row.Region is { } region)
        {
            known = reference.ByName(name, region.Id);
            if (known?.Code is { } other && row.Code is { } mine && other != mine)
            {
                row.Error("项目代码", $"同一区域的同名项目已有项目代码 {other}，与本行的 {mine} 不一致");
                return (row, null);
            }
        }

        var key = known is not null ? "#" + known.Id : row.Code ?? (ImportReference.NameKey(row.Name ?? "") + "|" + row.Region?.Id);
        if (_seen.TryGetValue(key, out var first))
        {
            row.Error(null, $"与第{first}行是同一个项目，一个项目在文件中只能出现一次");
        }
        else
        {
            _seen[key] = row.RowNumber;
        }

        if (known is { InScope: false })
        {
            row.Error(null, "该项目不在您的管辖范围内，不能通过导入修改");
            return (row, null);
        }

        if (known is { IsDeleted: true })
        {
            row.Error(null, "该项目在回收站中，请先恢复再导入");
            return (row, null);
        }

        return (row, known);
    }

    private async Task<Dictionary<int, ExistingState>> LoadAsync(List<int> ids, bool track, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        IQueryable<T> Q<T>(IQueryable<T> q) where T : class => track ? q : q.AsNoTracking();
        var projects = await Q(db.Projects).Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var lines = await Q(db.ProjectYears.Include(y => y.Tags)).Where(y => ids.Contains(y.ProjectId) && y.Year == year).ToDictionaryAsync(y => y.ProjectId, ct);
        var opening = await db.ProjectYears.AsNoTracking().Where(y => ids.Contains(y.ProjectId) && y.Year == year - 1)
            .Select(y => new { y.ProjectId, y.SinceStart.M12 }).ToDictionaryAsync(y => y.ProjectId, y => y.M12, ct);
        var month = asOf?.Month ?? 0;
        var reports = month == 0 ? [] : await Q(db.MonthlyReports).Where(r => ids.Contains(r.ProjectId) && r.Year == year && r.Month == month).ToDictionaryAsync(r => r.ProjectId, ct);
        var problems = (await db.Problems.AsNoTracking().Where(p => ids.Contains(p.ProjectId) && p.Status == ProblemStatus.Open)
            .Select(p => new { p.ProjectId, p.Description }).ToListAsync(ct)).ToLookup(p => p.ProjectId, p => ChineseText.Normalize(p.Description));
        return projects.ToDictionary(p => p.Id, p => new ExistingState
        {
            Project = p,
            Line = lines.GetValueOrDefault(p.Id),
            Report = reports.GetValueOrDefault(p.Id),
            OpeningSinceStart = opening.GetValueOrDefault(p.Id),
            OpenProblems = [.. problems[p.Id]],
        });
    }

    private RowPlan Plan(ImportRow row, KnownProject? known, ExistingState? existing)
    {
        var plan = new RowPlan { Row = row, Existing = existing };
        if (row.HasErrors && (known is null) && row.Issues.Exists(i => i.Column is null or "项目代码" or "项目名称"))
        {
            plan.Action = RowAction.Invalid;
            return plan;
        }

        PlanDetails(plan);
        if (plan.Details is not null)
        {
            PlanYear(plan);
            PlanReport(plan);
            PlanProblems(plan);
        }

        plan.Action = row.HasErrors ? RowAction.Invalid
            : existing is null ? RowAction.Create
            : plan.DetailsChanged || plan.YearChanged || plan.ReportChanged || plan.NewProblems.Count > 0 ? RowAction.Update
            : RowAction.Unchanged;
        return plan;
    }

    private void PlanDetails(RowPlan plan)
    {
        var row = plan.Row;
        var current = plan.Existing?.Project.ToDetails();
        var region = row.Region ?? (current is null ? null : reference.Regions.ById(current.RegionId));
        if (region is null)
        {
            row.Error("所属区域", "缺少所属区域：请在文件中填写，或在预览中选择默认区域");
            return;
        }

        if (current is null && row.TotalInvestment is null)
        {
            row.Error("总投资", "新项目须填写总投资");
        }

        plan.Region = region;
        var baseline = current ?? new ProjectDetails { Name = row.Name ?? "", RegionId = region.Id };
        var details = baseline with
        {
            Code = row.Code ?? baseline.Code,
            Name = row.Name ?? baseline.Name,
            OwnerCompany = row.OwnerCompany ?? baseline.OwnerCompany,
            ContactName = row.ContactName ?? baseline.ContactName,
            ContactPhone = Phone(row, baseline.ContactPhone),
            RegionId = region.Id,
            SectorId = row.SectorId ?? baseline.SectorId,
            IndustryId = row.IndustryId ?? baseline.IndustryId,
            CategoryId = row.CategoryId ?? baseline.CategoryId,
            NatureId = current is null ? row.NatureId : baseline.NatureId ?? row.NatureId,
            StageId = row.StageId ?? baseline.StageId,
            LevelId = row.LevelId ?? baseline.LevelId,
            TotalInvestment = row.TotalInvestment ?? baseline.TotalInvestment,
            Content = row.Content ?? baseline.Content,
            PlannedStart = row.PlannedStart ?? baseline.PlannedStart,
            PlannedCompletion = row.PlannedCompletion ?? baseline.PlannedCompletion,
            PlannedProduction = row.PlannedProduction ?? baseline.PlannedProduction,
            ActualStart = row.ActualStart ?? baseline.ActualStart,
            ActualCompletion = row.ActualCompletion ?? baseline.ActualCompletion,
            ActualProduction = row.ActualProduction ?? baseline.ActualProduction,
            LandArea = row.LandArea ?? baseline.LandArea,
            ExpectedOutput = row.ExpectedOutput ?? baseline.ExpectedOutput,
            ExpectedTax = row.ExpectedTax ?? baseline.ExpectedTax,
            Longitude = row.Longitude ?? baseline.Longitude,
            Latitude = row.Latitude ?? baseline.Latitude,
            LeaderId = Person(plan, PersonRole.Leader, row.LeaderName, region) ?? baseline.LeaderId,
            ServiceOfficerId = Person(plan, PersonRole.ServiceOfficer, row.OfficerName, region) ?? baseline.ServiceOfficerId,
            InStatsOn = row.InStatsOn ?? baseline.InStatsOn,
        };

        if (current is null ? !reference.Scope.AllowsPlace(details.RegionId, details.SectorId)
            : (details.RegionId != current.RegionId || details.SectorId != current.SectorId) && !reference.Scope.AllowsPlace(details.RegionId, details.SectorId))
        {
            row.Error("所属区域", $"所属区域「{region.Name}」不在您的管辖范围内");
        }

        Validate(row, details);
        plan.Details = details;
        if (current is not null)
        {
            plan.Changes.AddRange(DetailChanges(current, details));
            if (plan.NewLeader is not null)
            {
                plan.Changes.Add("包保领导");
            }

            if (plan.NewOfficer is not null)
            {
                plan.Changes.Add("服务秘书");
            }
        }

        // The record's own equality decides; the labels only name what differs for the preview.
        plan.DetailsChanged = current is null || details != current || plan.NewLeader is not null || plan.NewOfficer is not null;
    }

    private static readonly (string Label, Func<ProjectDetails, object?> Value)[] DetailFields =
    [
        ("项目代码", d => d.Code), ("项目名称", d => d.Name), ("业主单位", d => d.OwnerCompany), ("联系人", d => d.ContactName),
        ("联系电话", d => d.ContactPhone), ("所属区域", d => d.RegionId), ("专班", d => d.SectorId), ("所属行业", d => d.IndustryId),
        ("项目类别", d => d.CategoryId), ("建设性质", d => d.NatureId), ("建设阶段", d => d.StageId), ("项目级别", d => d.LevelId),
        ("总投资", d => d.TotalInvestment), ("建设内容及规模", d => d.Content), ("计划开工时间", d => d.PlannedStart),
        ("计划竣工时间", d => d.PlannedCompletion), ("计划投产时间", d => d.PlannedProduction), ("实际开工时间", d => d.ActualStart),
        ("实际竣工时间", d => d.ActualCompletion), ("实际投产时间", d => d.ActualProduction), ("用地面积", d => d.LandArea),
        ("预计年产值", d => d.ExpectedOutput), ("预计年税收", d => d.ExpectedTax), ("经度", d => d.Longitude), ("纬度", d => d.Latitude),
        ("包保领导", d => d.LeaderId), ("服务秘书", d => d.ServiceOfficerId), ("入库时间", d => d.InStatsOn),
    ];

    private static IEnumerable<string> DetailChanges(ProjectDetails before, ProjectDetails after) =>
        DetailFields.Where(f => !Equals(f.Value(before), f.Value(after))).Select(f => f.Label);

    /// <summary>The stored (encrypted) phone when the file repeats it, else the file's number in plain text, to be encrypted when written.</summary>
    private string? Phone(ImportRow row, string? stored)
    {
        if (row.ContactPhone is not { } phone)
        {
            return stored;
        }

        if (stored is not null && (personalData.Reveal(stored) == phone || personalData.MaskedPhone(stored) == phone))
        {
            row.ContactPhone = null;
            return stored;
        }

        if (phone.Contains('*', StringComparison.Ordinal))
        {
            // A masked number (an export of this platform) says nothing new: keep what is stored.
            row.Warn("联系电话", "联系电话已脱敏，未导入");
            row.ContactPhone = null;
            return stored;
        }

        return phone;
    }

    private int? Person(RowPlan plan, PersonRole role, string? name, Region region)
    {
        if (name is null)
        {
            return null;
        }

        var label = role == PersonRole.Leader ? "包保领导" : "服务秘书";
        if (name.Length > 50)
        {
            plan.Row.Error(label, $"{label}姓名不能超过50个字");
            return null;
        }

        var people = reference.People(role, name);
        if (people.Count == 0)
        {
            plan.Row.Warn(label, $"将新建{label}「{name}」");
            if (role == PersonRole.Leader)
            {
                plan.NewLeader = name;
            }
            else
            {
                plan.NewOfficer = name;
            }

            return null;
        }

        // Namesakes: prefer the one working in the project's region or above it.
        var near = people.FirstOrDefault(p => reference.Regions.ById(p.RegionId) is { } r && RegionDirectory.IsWithin(region, r));
        return (near ?? people[0]).Id;
    }

    private static void Validate(ImportRow row, ProjectDetails d)
    {
        void Length(string label, string? value, int max)
        {
            if (value is not null && value.Length > max)
            {
                row.Error(label, $"{label}不能超过{max}个字");
            }
        }

        Length("项目名称", d.Name, 200);
        Length("业主单位", d.OwnerCompany, 200);
        Length("联系人", d.ContactName, 50);
        Length("建设内容及规模", d.Content, 4000);
        var errors = new ValidationErrors();
        if (row.ContactPhone is not null)
        {
            SaveProject.CheckPhone(errors, "ContactPhone", "联系电话", row.ContactPhone, null);
        }

        SaveProject.CheckMoney(errors, "TotalInvestment", "总投资", d.TotalInvestment);
        SaveProject.CheckMoney(errors, "LandArea", "用地面积", d.LandArea);
        SaveProject.CheckMoney(errors, "ExpectedOutput", "预计年产值", d.ExpectedOutput);
        SaveProject.CheckMoney(errors, "ExpectedTax", "预计年税收", d.ExpectedTax);
        foreach (var message in errors.Messages)
        {
            row.Error(null, message);
        }

        if (d.PlannedStart is not null && d.PlannedCompletion < d.PlannedStart)
        {
            row.Error("计划竣工时间", "计划竣工日期不能早于计划开工日期");
        }

        if (d.ActualStart is not null && d.ActualCompletion < d.ActualStart)
        {
            row.Error("实际竣工时间", "实际竣工日期不能早于实际开工日期");
        }

        if (d.Longitude is < 73 or > 136 || d.Latitude is < 3 or > 54)
        {
            row.Error("经纬度", "经纬度不在中国境内");
        }
    }

    private void PlanYear(RowPlan plan)
    {
        var (row, line) = (plan.Row, plan.Existing?.Line);

        // A known project gets a line in the import's year only when the row says something about that year.
        var saysYear = row.InPlan is not null || row.AnnualPlan is not null || row.PlannedStartMonth is not null || row.Started is not null
            || row.StartedOn is not null || row.InvestmentYtd is not null || row.InvestmentSinceStart is not null || row.Tags.ContainsValue(true);
        if (line is null && plan.Existing is not null && !saysYear)
        {
            return;
        }

        var tags = line?.Tags.Select(t => t.TagId).ToHashSet() ?? [];
        foreach (var (name, on) in row.Tags)
        {
            if (reference.Tag(name) is not { } tag)
            {
                continue;
            }

            if (on)
            {
                tags.Add(tag.Id);
            }
            else
            {
                tags.Remove(tag.Id);
            }
        }

        if (row.Started == false && row.StartedOn is not null)
        {
            row.Error("开复工日期", "「是否开复工」为否，却填写了开复工日期");
        }

        var startedOn = row.StartedOn ?? row.Started switch
        {
            true => line?.StartedOn ?? StartedOnAsOf(row),
            false => null,
            null => line?.StartedOn,
        };
        if (startedOn is { } s && s.Year != year)
        {
            row.Error("开复工日期", $"开复工日期 {s:yyyy-MM-dd} 不在{year}年内");
        }
        else if (startedOn > today)
        {
            row.Error("开复工日期", "开复工日期不能晚于今天");
        }

        var startMonth = row.PlannedStartMonth ?? (row.PlannedStart is { } ps && ps.Year == year ? ps.Month : (int?)null) ?? line?.PlannedStartMonth;
        var result = new YearPlan(
            row.InPlan ?? line?.InPlan ?? true,
            row.NatureId ?? line?.NatureId ?? plan.Details!.NatureId,
            row.AnnualPlan ?? line?.AnnualPlan,
            startMonth,
            startedOn,
            [.. tags.Order()]);
        var errors = new ValidationErrors();
        SaveProject.CheckMoney(errors, "AnnualPlan", "年度计划投资", result.AnnualPlan);
        foreach (var message in errors.Messages)
        {
            row.Error("年度计划投资", message);
        }

        plan.Year = result;
        var changes = YearChanges(line, result).ToList();
        plan.YearChanged = changes.Count > 0;
        if (plan.Existing is not null)
        {
            plan.Changes.AddRange(changes);
        }
    }

    private IEnumerable<string> YearChanges(ProjectYear? line, YearPlan result)
    {
        if (line is null)
        {
            yield return $"{year}年台账";
            yield break;
        }

        if (line.InPlan != result.InPlan)
        {
            yield return "是否计划内";
        }

        if (line.NatureId != result.NatureId)
        {
            yield return $"{year}年建设性质";
        }

        if (line.AnnualPlan != result.AnnualPlan)
        {
            yield return "年度计划投资";
        }

        if (line.PlannedStartMonth != result.PlannedStartMonth)
        {
            yield return "计划开工月份";
        }

        if (line.StartedOn != result.StartedOn)
        {
            yield return "开复工日期";
        }

        if (!line.Tags.Select(t => t.TagId).Order().SequenceEqual(result.TagIds))
        {
            yield return "标签";
        }
    }

    private DateOnly? StartedOnAsOf(ImportRow row)
    {
        var date = asOf ?? today;
        if (date.Year != year)
        {
            row.Error("是否开复工", "已开复工但未填写开复工日期，且截至日期不在导入年度内，无法确定日期");
            return null;
        }

        row.Warn("是否开复工", $"已开复工但未填写开复工日期，按截至日期 {date:yyyy-MM-dd} 记");
        return date;
    }

    private void PlanReport(RowPlan plan)
    {
        var row = plan.Row;
        if (row.InvestmentYtd is null && row.InvestmentSinceStart is null)
        {
            return;
        }

        if (asOf is not { } date)
        {
            row.Error("完成投资", "有完成投资数据但不知道截至哪个月：请在预览中填写截至日期");
            return;
        }

        var (line, m) = (plan.Existing?.Line, date.Month);
        var opening = plan.Existing?.OpeningSinceStart ?? 0m;
        var prevYtd = m == 1 || line is null ? 0m : line.Ytd[m - 1];
        var prevSince = m == 1 || line is null ? opening : line.SinceStart[m - 1];
        var ytd = row.InvestmentYtd ?? prevYtd + (row.InvestmentSinceStart!.Value - prevSince);
        var since = row.InvestmentSinceStart ?? prevSince + (ytd - prevYtd);
        var monthAmount = ytd - prevYtd;
        if (monthAmount < 0)
        {
            row.Error("本年完成投资", $"1-{m}月累计完成投资 {ytd:0.####} 万元小于1-{m - 1}月的 {prevYtd:0.####} 万元：累计数不能减少");
            return;
        }

        if (since < ytd)
        {
            row.Error("开工累计完成投资", $"开工累计完成投资 {since:0.####} 万元不能小于本年累计完成投资 {ytd:0.####} 万元");
            return;
        }

        if (since > plan.Details!.TotalInvestment)
        {
            row.Warn("开工累计完成投资", $"开工累计完成投资 {since:0.####} 万元超过总投资 {plan.Details.TotalInvestment:0.####} 万元");
        }

        var progress = row.Progress is { Length: > 4000 } ? null : row.Progress;
        if (row.Progress is { Length: > 4000 })
        {
            row.Error("形象进度", "形象进度不能超过4000个字");
        }

        var report = plan.Existing?.Report;
        plan.Report = new ReportPlan(m, monthAmount, ytd, since, progress ?? report?.Progress);
        // Without a report for the month, a row that repeats the figures the ledger already shows (an export
        // read back, a project with nothing invested yet) records nothing.
        var shownYtd = line?.Ytd[m] ?? 0m;
        var shownSince = line?.SinceStart[m] ?? opening;
        plan.ReportChanged = report is null
            ? ytd != shownYtd || since != shownSince || progress is not null
            : report.Status != ReportStatus.Approved || report.InvestmentYtd != ytd || report.InvestmentSinceStart != since
                || (progress is not null && progress != report.Progress);
        if (plan.ReportChanged && plan.Existing is not null)
        {
            plan.Changes.Add($"{m}月完成投资");
        }
    }

    private static void PlanProblems(RowPlan plan)
    {
        var open = plan.Existing?.OpenProblems ?? [];
        foreach (var text in plan.Row.Problems)
        {
            if (text.Length > Problem.DescriptionLength)
            {
                plan.Row.Error("存在问题", $"存在问题不能超过{Problem.DescriptionLength}个字");
                continue;
            }

            var key = ChineseText.Normalize(text);
            if (open.Add(key))
            {
                plan.NewProblems.Add(text);
                if (plan.Existing is not null && plan.NewProblems.Count == 1)
                {
                    plan.Changes.Add("存在问题");
                }
            }
        }
    }
}
