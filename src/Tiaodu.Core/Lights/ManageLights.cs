using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Lights;

/// <summary>A rule's settings as a form or the API sends them.</summary>
public sealed record LightRuleInput(int Id, bool Enabled, decimal? Yellow, decimal? Red, int Consecutive, int Version, ProgressBasis? Basis = null);

/// <summary>The dispatch office's side of the lights: the year's rules, valid reasons, evaluating a month on demand.</summary>
public sealed class ManageLights(TiaoduDb db, EvaluateLights evaluate, TimeProvider clock, ICurrentUser user)
{
    private void Require()
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以设置亮灯规则和正当理由");
        }
    }

    /// <summary>Saves the year's rules together (all or none), then re-evaluates the current month when the year is this year.</summary>
    public async Task<List<LightRule>> SaveRulesAsync(int year, IReadOnlyList<LightRuleInput> inputs, CancellationToken ct)
    {
        Require();
        var rules = await evaluate.RulesAsync(year, ct);
        var errors = new ValidationErrors();
        foreach (var input in inputs)
        {
            var rule = rules.FirstOrDefault(r => r.Id == input.Id) ?? throw new NotFoundException("亮灯规则不存在");
            ConcurrencyGuard.Expect(db, rule, rule.Version, input.Version);
            try
            {
                rule.Change(input.Enabled, input.Yellow, input.Red, input.Consecutive, rule.RegionId, input.Basis);
            }
            catch (ValidationFailedException e)
            {
                foreach (var message in e.Errors.SelectMany(x => x.Value))
                {
                    errors.Add(input.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), LightRule.KindName(rule.Kind) + "：" + message);
                }
            }
        }

        errors.ThrowIfAny();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ConcurrencyGuard.SaveAsync(db, ct);
        var today = evaluate.Today;
        if (year == today.Year)
        {
            await evaluate.HandleAsync(year, today.Month, ct);
        }

        await tx.CommitAsync(ct);
        return rules;
    }

    /// <summary>
    /// Adds a rule of one kind for a region's subtree, starting from the year's rule for everywhere, so the
    /// region can be held to other thresholds (the most specific rule applies); one per kind and region.
    /// </summary>
    public async Task<LightRule> AddRegionRuleAsync(int year, LightKind kind, string? regionKey, CancellationToken ct)
    {
        Require();
        if (!Enum.IsDefined(kind))
        {
            throw ValidationFailedException.For("kind", "亮灯类型不正确");
        }

        var region = string.IsNullOrWhiteSpace(regionKey) ? null
            : await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Key == regionKey || r.Code == regionKey, ct);
        if (region is null)
        {
            throw ValidationFailedException.For("region", "请选择区域");
        }

        var rules = await evaluate.RulesAsync(year, ct);
        if (rules.Exists(r => r.Kind == kind && r.RegionId == region.Id))
        {
            throw new ConflictException($"{region.Name}已有「{LightRule.KindName(kind)}」的单独规则");
        }

        var everywhere = rules.First(r => r.Kind == kind && r.RegionId is null);
        var rule = new LightRule(year, kind, everywhere.Enabled, everywhere.Yellow, everywhere.Red, everywhere.Consecutive, region.Id);
        rule.Change(everywhere.Enabled, everywhere.Yellow, everywhere.Red, everywhere.Consecutive, region.Id, everywhere.Basis);
        db.LightRules.Add(rule);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return rule;
    }

    /// <summary>Removes a region's own rule (the rule for everywhere applies there again); the month is re-evaluated.</summary>
    public async Task RemoveRegionRuleAsync(int ruleId, int expectedVersion, CancellationToken ct)
    {
        Require();
        var rule = await db.LightRules.FirstOrDefaultAsync(r => r.Id == ruleId, ct) ?? throw new NotFoundException("亮灯规则不存在");
        if (rule.RegionId is null)
        {
            throw new ConflictException("全域规则不能删除，可以停用");
        }

        ConcurrencyGuard.Expect(db, rule, rule.Version, expectedVersion);
        db.LightRules.Remove(rule);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ConcurrencyGuard.SaveAsync(db, ct);
        var today = evaluate.Today;
        if (rule.Year == today.Year)
        {
            await evaluate.HandleAsync(rule.Year, today.Month, ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Records a valid reason for one kind of light on a project for a span of months; the current month is re-evaluated.</summary>
    public async Task<LightExemption> ExemptAsync(int projectId, LightKind kind, string? reason, int fromYear, int fromMonth, int? toYear, int? toMonth, CancellationToken ct)
    {
        Require();
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && !p.IsDeleted, ct);
        if (project is null || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        var errors = new ValidationErrors();
        var why = reason?.Trim() ?? "";
        if (why.Length == 0)
        {
            errors.Add("reason", "请填写正当理由");
        }
        else if (why.Length > LightExemption.ReasonLength)
        {
            errors.Add("reason", $"正当理由不能超过{LightExemption.ReasonLength}个字");
        }

        if (fromMonth is < 1 or > 12 || toMonth is < 1 or > 12 || fromYear < Ledger.SaveProjectYear.MinYear || fromYear > 2200)
        {
            errors.Add("from", "起止月份不正确");
        }

        var from = LightExemption.Period(fromYear, Math.Clamp(fromMonth, 1, 12));
        int? to = toYear is { } ty && toMonth is { } tm ? LightExemption.Period(ty, Math.Clamp(tm, 1, 12)) : null;
        if (to < from)
        {
            errors.Add("to", "结束月份不能早于开始月份");
        }

        errors.ThrowIfAny();
        var exemption = new LightExemption(projectId, kind, why, from, to, user.Name, clock.GetUtcNow().UtcDateTime);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.LightExemptions.Add(exemption);
        await db.SaveChangesAsync(ct);
        await evaluate.RefreshAsync(projectId, ct);
        await tx.CommitAsync(ct);
        return exemption;
    }

    public async Task RevokeAsync(int exemptionId, int expectedVersion, CancellationToken ct)
    {
        Require();
        var exemption = await db.LightExemptions.FirstOrDefaultAsync(e => e.Id == exemptionId, ct) ?? throw new NotFoundException("正当理由记录不存在");
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == exemption.ProjectId, ct);
        if (!(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("正当理由记录不存在");
        }

        ConcurrencyGuard.Expect(db, exemption, exemption.Version, expectedVersion);
        exemption.Revoke(clock.GetUtcNow().UtcDateTime);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ConcurrencyGuard.SaveAsync(db, ct);
        await evaluate.RefreshAsync(exemption.ProjectId, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Evaluates a month for the whole ledger now (the daily job does the current and the previous month by itself).</summary>
    public async Task EvaluateAsync(int year, int month, CancellationToken ct)
    {
        Require();
        await evaluate.HandleAsync(year, month, ct);
    }
}
