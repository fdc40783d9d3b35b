using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Ledger;

/// <summary>
/// Creates a project or updates one inside the user's jurisdiction, refusing input that breaks a rule, a
/// progress reporter's change to plan figures, and edits of a stale version. The contact phone is stored
/// encrypted; sending back its masked form keeps it unchanged.
/// </summary>
public sealed class SaveProject(TiaoduDb db, TimeProvider clock, ICurrentUser user, PersonalData personalData, SecurityPolicy policy, Lights.EvaluateLights lights)
{
    public const decimal MaxInvestmentWan = 100_000_000m;
    public const int MaxPhoneLength = 30;

    public async Task<Project> CreateAsync(ProjectDetails details, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您的角色不能新建项目");
        }

        await ValidateAsync(details, null, null, ct);
        await CheckPlaceAsync(details, ct);
        details = await WithStoredPhoneAsync(details, null, ct);
        var project = new Project(details, clock.GetUtcNow().UtcDateTime);
        db.Projects.Add(project);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return project;
    }

    public async Task<Project> UpdateAsync(int id, ProjectDetails details, int expectedVersion, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger) && !user.Has(Permission.ReportProgress))
        {
            throw new ForbiddenException("您的角色不能修改项目");
        }

        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null || !(await user.ScopeAsync(ct)).Allows(project))
        {
            throw new NotFoundException("项目不存在");
        }

        ConcurrencyGuard.Expect(db, project, project.Version, expectedVersion);
        if (project.IsDeleted)
        {
            throw new ConflictException("项目已在回收站中，请先恢复再修改", project);
        }

        await ValidateAsync(details, id, project.ContactPhone, ct);
        details = await WithStoredPhoneAsync(details, project.ContactPhone, ct);
        FieldRules.CheckProject(user, project.ToDetails(), details);
        if (details.RegionId != project.RegionId || details.SectorId != project.SectorId)
        {
            await CheckPlaceAsync(details, ct);
        }
        project.Update(details, clock.GetUtcNow().UtcDateTime);
        await lights.SaveAndRefreshAsync(project.Id, ct);
        return project;
    }

    /// <summary>A project may only be created in, or moved to, a region (and sector) the user's jurisdiction covers.</summary>
    private async Task CheckPlaceAsync(ProjectDetails d, CancellationToken ct)
    {
        var scope = await user.ScopeAsync(ct);
        if (!scope.AllowsPlace(d.RegionId, d.SectorId))
        {
            throw new ForbiddenException("所选区域（或专班）不在您的管辖范围内");
        }
    }

    /// <summary>The phone as it will be stored: the current ciphertext when the masked or same value comes back, else the new one encrypted.</summary>
    private async Task<ProjectDetails> WithStoredPhoneAsync(ProjectDetails d, string? stored, CancellationToken ct)
    {
        var phone = d.ContactPhone?.Trim();
        if (string.IsNullOrEmpty(phone))
        {
            return d with { ContactPhone = null };
        }

        if (stored is not null && (phone == personalData.MaskedPhone(stored) || phone == personalData.Reveal(stored)))
        {
            return d with { ContactPhone = stored };
        }

        var settings = await policy.CurrentAsync(db, ct);
        return d with { ContactPhone = personalData.Protect(phone, settings.CryptoProfile) };
    }

    private async Task ValidateAsync(ProjectDetails d, int? id, string? storedPhone, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(d.Name))
        {
            errors.Add(nameof(d.Name), "请填写项目名称");
        }
        else if (d.Name.Trim().Length > 200)
        {
            errors.Add(nameof(d.Name), "项目名称不能超过200个字");
        }

        CheckLength(errors, nameof(d.OwnerCompany), "业主单位", d.OwnerCompany, 200);
        CheckLength(errors, nameof(d.ContactName), "联系人", d.ContactName, 50);
        CheckPhone(errors, nameof(d.ContactPhone), "联系电话", d.ContactPhone, storedPhone is null ? null : personalData.MaskedPhone(storedPhone));
        CheckLength(errors, nameof(d.Content), "建设内容及规模", d.Content, 4000);

        var code = ProjectCode.Normalize(d.Code);
        if (code is not null && !ProjectCode.IsValid(code))
        {
            errors.Add(nameof(d.Code), "项目代码应为24位，格式如 2103-220104-04-01-123456");
        }
        else if (code is not null && await db.Projects.AnyAsync(p => p.Code == code && p.Id != id, ct))
        {
            errors.Add(nameof(d.Code), "项目代码已被其他项目使用");
        }

        if (!await db.Regions.AnyAsync(r => r.Id == d.RegionId && r.IsActive, ct))
        {
            errors.Add(nameof(d.RegionId), "请选择所属区域");
        }

        CheckMoney(errors, nameof(d.TotalInvestment), "总投资", d.TotalInvestment);
        CheckMoney(errors, nameof(d.LandArea), "用地面积", d.LandArea);
        CheckMoney(errors, nameof(d.ExpectedOutput), "预计年产值", d.ExpectedOutput);
        CheckMoney(errors, nameof(d.ExpectedTax), "预计年税收", d.ExpectedTax);
        CheckOrder(errors, nameof(d.PlannedCompletion), d.PlannedStart, d.PlannedCompletion, "计划竣工日期不能早于计划开工日期");
        CheckOrder(errors, nameof(d.ActualCompletion), d.ActualStart, d.ActualCompletion, "实际竣工日期不能早于实际开工日期");
        if (d.Longitude is < 73 or > 136 || d.Latitude is < 3 or > 54)
        {
            errors.Add(nameof(d.Longitude), "经纬度不在中国境内");
        }

        await CheckLookupAsync(errors, nameof(d.SectorId), d.SectorId, LookupKind.Sector, "专班", ct);
        await CheckLookupAsync(errors, nameof(d.IndustryId), d.IndustryId, LookupKind.Industry, "行业", ct);
        await CheckLookupAsync(errors, nameof(d.CategoryId), d.CategoryId, LookupKind.Category, "项目类别", ct);
        await CheckLookupAsync(errors, nameof(d.NatureId), d.NatureId, LookupKind.Nature, "建设性质", ct);
        await CheckLookupAsync(errors, nameof(d.StageId), d.StageId, LookupKind.Stage, "项目阶段", ct);
        await CheckLookupAsync(errors, nameof(d.LevelId), d.LevelId, LookupKind.Level, "项目级别", ct);
        await CheckPersonAsync(errors, nameof(d.LeaderId), d.LeaderId, PersonRole.Leader, "包保领导", ct);
        await CheckPersonAsync(errors, nameof(d.ServiceOfficerId), d.ServiceOfficerId, PersonRole.ServiceOfficer, "服务秘书", ct);
        errors.ThrowIfAny();
    }

    internal static void CheckMoney(ValidationErrors errors, string field, string label, decimal? value)
    {
        if (value is null)
        {
            return;
        }

        if (value < 0)
        {
            errors.Add(field, label + "不能为负数");
        }
        else if (value > MaxInvestmentWan)
        {
            errors.Add(field, label + "数值过大，请检查单位");
        }
        else if (decimal.Round(value.Value, 4) != value.Value)
        {
            errors.Add(field, label + "最多保留4位小数");
        }
    }

    /// <summary>Digits with the usual separators (0431-8888 8888, +86 138…), or the masked value shown in the form.</summary>
    public static void CheckPhone(ValidationErrors errors, string field, string label, string? value, string? masked)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v) || v == masked)
        {
            return;
        }

        if (v.Length > MaxPhoneLength)
        {
            errors.Add(field, $"{label}不能超过{MaxPhoneLength}个字符");
        }
        else if (!v.All(c => char.IsAsciiDigit(c) || c is '-' or '+' or ' ' or '(' or ')' or '转') || v.Count(char.IsAsciiDigit) < 5)
        {
            errors.Add(field, label + "格式不正确，请填写数字，如 0431-88888888 或 13812345678");
        }
    }

    private static void CheckLength(ValidationErrors errors, string field, string label, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add(field, $"{label}不能超过{max}个字");
        }
    }

    private static void CheckOrder(ValidationErrors errors, string field, DateOnly? start, DateOnly? end, string message)
    {
        if (start is not null && end is not null && end < start)
        {
            errors.Add(field, message);
        }
    }

    private async Task CheckLookupAsync(ValidationErrors errors, string field, int? id, LookupKind kind, string label, CancellationToken ct)
    {
        if (id is not null && !await db.Lookups.AnyAsync(l => l.Id == id && l.Kind == kind, ct))
        {
            errors.Add(field, label + "不存在");
        }
    }

    private async Task CheckPersonAsync(ValidationErrors errors, string field, int? id, PersonRole role, string label, CancellationToken ct)
    {
        if (id is not null && !await db.People.AnyAsync(p => p.Id == id && p.Role == role, ct))
        {
            errors.Add(field, label + "不存在");
        }
    }
}
