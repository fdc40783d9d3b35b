using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Ledger;

/// <summary>A project's plan line for one year, as a form or the API sends it.</summary>
public sealed record ProjectYearInput
{
    public bool InPlan { get; init; }
    public int? NatureId { get; init; }
    public decimal? AnnualPlan { get; init; }
    public int? PlannedStartMonth { get; init; }
    public DateOnly? StartedOn { get; init; }
    public IReadOnlyList<int> TagIds { get; init; } = [];

    /// <summary>Monthly plan curve: twelve cumulative percentages, or empty for an even plan.</summary>
    public string? PlanCurve { get; init; }

    /// <summary>Why the plan figures change; required once the year's plan is approved (a new plan version).</summary>
    public string? Reason { get; init; }

    /// <summary>The version the editor opened; null when adding the year.</summary>
    public int? Version { get; init; }
}

/// <summary>Adds or edits a project's line in a year's plan (计划开复工 or 计划外).</summary>
public sealed class SaveProjectYear(TiaoduDb db, TimeProvider clock, ICurrentUser user, Lights.EvaluateLights lights)
{
    public const int MinYear = 2000;

    public async Task<ProjectYear> HandleAsync(int projectId, int year, ProjectYearInput input, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger) && !user.Has(Permission.ReportProgress))
        {
            throw new ForbiddenException("您的角色不能修改年度计划");
        }

        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        if (project is null || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        await ValidateAsync(year, input, ct);

        var line = await db.ProjectYears.Include(y => y.Tags).FirstOrDefaultAsync(y => y.ProjectId == projectId && y.Year == year, ct);
        FieldRules.CheckYear(user, line, input);
        if (line is null)
        {
            if (input.Version is not null)
            {
                throw new ConflictException(ConcurrencyGuard.StaleMessage);
            }

            line = new ProjectYear(projectId, year);
            db.ProjectYears.Add(line);
            var opening = await db.ProjectYears.Where(y => y.ProjectId == projectId && y.Year == year - 1)
                .Select(y => (decimal?)y.SinceStart.M12).FirstOrDefaultAsync(ct) ?? 0m;
            line.RebuildFigures([], opening);
        }
        else
        {
            ConcurrencyGuard.Expect(db, line, line.Version, input.Version ?? -1);
        }

        await RecordPlanChangeAsync(line, input, year, ct);
        line.SetPlan(input.InPlan, input.NatureId, input.AnnualPlan, input.PlannedStartMonth, input.StartedOn);
        if (Plans.PlanCurve.Normalize(input.PlanCurve) != line.PlanCurve)
        {
            line.SetCurve(input.PlanCurve);
        }

        line.SetTags(input.TagIds);
        project.Touch(clock.GetUtcNow().UtcDateTime);
        await lights.SaveAndRefreshAsync(projectId, ct);
        return line;
    }

    /// <summary>
    /// After the year's plan was approved, a change to plan membership, amount, start month or curve is a new
    /// plan version: it needs a reason and is recorded with what changed.
    /// </summary>
    private async Task RecordPlanChangeAsync(ProjectYear line, ProjectYearInput input, int year, CancellationToken ct)
    {
        var changes = new List<string>();
        var isNew = line.Id == 0;
        string W(decimal? v) => v is { } d ? d.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) + "万元" : "空";
        string M(int? m) => m is { } x ? x.ToString(System.Globalization.CultureInfo.InvariantCulture) + "月" : "空";
        if (isNew)
        {
            changes.Add(input.InPlan ? $"列入年度计划，年度计划投资{W(input.AnnualPlan)}" : "作为计划外项目列入台账");
        }
        else
        {
            if (line.InPlan != input.InPlan) changes.Add(input.InPlan ? "调入计划" : "调出计划");
            if (line.AnnualPlan != input.AnnualPlan) changes.Add($"年度计划投资 {W(line.AnnualPlan)} → {W(input.AnnualPlan)}");
            if (line.PlannedStartMonth != input.PlannedStartMonth) changes.Add($"计划开工月份 {M(line.PlannedStartMonth)} → {M(input.PlannedStartMonth)}");
            if (line.PlanCurve != Plans.PlanCurve.Normalize(input.PlanCurve)) changes.Add("月度计划曲线调整");
        }

        if (changes.Count == 0 || !await db.YearPlans.AnyAsync(p => p.Year == year, ct))
        {
            return;
        }

        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            throw ValidationFailedException.For(nameof(input.Reason), $"{year}年度计划已批准冻结，调整计划须填写原因");
        }

        if (reason.Length > Plans.PlanChange.ReasonLength)
        {
            throw ValidationFailedException.For(nameof(input.Reason), $"调整原因不能超过{Plans.PlanChange.ReasonLength}个字");
        }

        var version = await db.PlanChanges.Where(c => c.Year == year && c.ProjectId == line.ProjectId).Select(c => (int?)c.Version).MaxAsync(ct) ?? 1;
        db.PlanChanges.Add(new Plans.PlanChange(year, line.ProjectId, version + 1, string.Join("；", changes), reason, user.Name, clock.GetUtcNow().UtcDateTime));
    }

    private async Task ValidateAsync(int year, ProjectYearInput input, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var thisYear = clock.GetLocalNow().Year;
        if (year < MinYear || year > thisYear + 5)
        {
            errors.Add("Year", $"年度应在{MinYear}至{thisYear + 5}之间");
        }

        SaveProject.CheckMoney(errors, nameof(input.AnnualPlan), "年度计划投资", input.AnnualPlan);
        if (input.PlannedStartMonth is < 1 or > 12)
        {
            errors.Add(nameof(input.PlannedStartMonth), "计划开工月份应在1至12之间");
        }

        Plans.PlanCurve.Parse(input.PlanCurve, out var curveError);
        if (curveError is not null)
        {
            errors.Add(nameof(input.PlanCurve), curveError);
        }

        if (input.StartedOn is { } started && (started.Year != year))
        {
            errors.Add(nameof(input.StartedOn), "开复工日期应在本年度内");
        }

        if (input.StartedOn > DateOnly.FromDateTime(clock.GetLocalNow().DateTime))
        {
            errors.Add(nameof(input.StartedOn), "开复工日期不能晚于今天");
        }

        if (input.NatureId is { } nature && !await db.Lookups.AnyAsync(l => l.Id == nature && l.Kind == LookupKind.Nature, ct))
        {
            errors.Add(nameof(input.NatureId), "建设性质不存在");
        }

        var tagIds = input.TagIds.Distinct().ToList();
        if (tagIds.Count > 0 && await db.Tags.CountAsync(t => tagIds.Contains(t.Id), ct) != tagIds.Count)
        {
            errors.Add(nameof(input.TagIds), "标签不存在");
        }

        errors.ThrowIfAny();
    }
}
