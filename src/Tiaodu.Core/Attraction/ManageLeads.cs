using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Attraction;

/// <summary>
/// Records leads and moves them through the pipeline: forward only, each move dated (not in the future, not before
/// the last one); signing needs the contract amount and may name the ceremony; a dropped lead keeps its stage and
/// history and can be revived; a signed lead becomes a ledger project once, keeping the link. The dispatch office
/// does this for the regions of its jurisdiction; every change is audited.
/// </summary>
public sealed class ManageLeads(TiaoduDb db, TimeProvider clock, ICurrentUser user, PersonalData personalData, SecurityPolicy policy, SaveProject projects)
{
    public const int MaxPhoneLength = 30;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Lead> CreateAsync(LeadDetails details, DateOnly? on, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您的角色不能登记招商项目");
        }

        await ValidateAsync(details, null, ct);
        await CheckPlaceAsync(details.RegionId, ct);
        var date = on ?? Today;
        if (date > Today)
        {
            throw ValidationFailedException.For("on", "日期不能晚于今天");
        }

        details = details with { ContactPhone = await ProtectAsync(details.ContactPhone, null, ct) };
        var lead = new Lead(details, date, user.Name, clock.GetUtcNow().UtcDateTime);
        db.Leads.Add(lead);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return lead;
    }

    public async Task<Lead> UpdateAsync(int id, LeadDetails details, int version, CancellationToken ct)
    {
        var lead = await LoadAsync(id, version, ct);
        await ValidateAsync(details, lead, ct);
        await CheckPlaceAsync(details.RegionId, ct);
        lead.Update(details with
        {
            ContactPhone = await ProtectAsync(details.ContactPhone, lead.ContactPhone, ct),
            ContractInvestment = lead.Stage >= LeadStage.Contracted ? details.ContractInvestment ?? lead.ContractInvestment : details.ContractInvestment,
        });
        await ConcurrencyGuard.SaveAsync(db, ct);
        return lead;
    }

    public async Task<Lead> MoveAsync(int id, LeadStage stage, DateOnly? on, decimal? contract, int? ceremonyId, string? note, int version, CancellationToken ct)
    {
        var lead = await LoadAsync(id, version, ct);
        var errors = new ValidationErrors();
        if (lead.IsDropped)
        {
            throw new ConflictException("该项目已放弃，请先恢复再推进");
        }

        if (!Enum.IsDefined(stage))
        {
            errors.Add("stage", "请选择要推进到的阶段");
        }
        else if (stage <= lead.Stage)
        {
            errors.Add("stage", $"只能向后推进：当前阶段为「{LeadNames.Stage(lead.Stage)}」");
        }

        var date = on ?? Today;
        if (date > Today)
        {
            errors.Add("on", "日期不能晚于今天");
        }
        else if (date < lead.StageOn)
        {
            errors.Add("on", $"日期不能早于上一阶段的日期 {lead.StageOn:yyyy-MM-dd}");
        }

        var signing = stage >= LeadStage.Contracted && lead.Stage < LeadStage.Contracted;
        if (signing && (contract ?? lead.ContractInvestment) is not > 0)
        {
            errors.Add("contract", "进入签约阶段须填写签约额（万元）");
        }

        if (contract is < 0 or > SaveProject.MaxInvestmentWan)
        {
            errors.Add("contract", "签约额应为0至1万亿元之间的数（万元）");
        }

        if (ceremonyId is { } c && !await (await VisibleEventsAsync(ct)).AnyAsync(e => e.Id == c && e.Kind == EventKind.Ceremony, ct))
        {
            errors.Add("ceremonyId", "所选签约活动不存在");
        }

        Optional(errors, "note", "说明", note, Lead.TextLength);
        errors.ThrowIfAny();
        if (contract is { } amount)
        {
            lead.SetContract(amount);
        }

        lead.MoveTo(stage, date, user.Name, clock.GetUtcNow().UtcDateTime, note, signing ? ceremonyId : null);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return lead;
    }

    public async Task<Lead> DropAsync(int id, string? reason, int version, CancellationToken ct)
    {
        var lead = await LoadAsync(id, version, ct);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw ValidationFailedException.For("reason", "请填写放弃原因");
        }

        if (reason.Trim().Length > Lead.TextLength)
        {
            throw ValidationFailedException.For("reason", $"放弃原因不能超过{Lead.TextLength}个字");
        }

        if (lead.IsDropped)
        {
            throw new ConflictException("该项目已放弃");
        }

        if (lead.ProjectId is not null)
        {
            throw new ConflictException("已转入项目台账的项目不能放弃；请在台账中处理");
        }

        lead.Drop(reason.Trim(), Today, user.Name, clock.GetUtcNow().UtcDateTime);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return lead;
    }

    public async Task<Lead> ReviveAsync(int id, string? note, int version, CancellationToken ct)
    {
        var lead = await LoadAsync(id, version, ct);
        if (!lead.IsDropped)
        {
            throw new ConflictException("该项目未放弃，无需恢复");
        }

        if (note?.Trim().Length > Lead.TextLength)
        {
            throw ValidationFailedException.For("note", $"说明不能超过{Lead.TextLength}个字");
        }

        lead.Revive(Today, user.Name, clock.GetUtcNow().UtcDateTime, note);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return lead;
    }

    /// <summary>
    /// Makes a signed lead a ledger project (name, investor as owner, region, industry, contract amount as total
    /// investment); the lead keeps the link and its history, both written in one transaction.
    /// </summary>
    public async Task<Lead> ConvertAsync(int id, int version, CancellationToken ct)
    {
        var lead = await LoadAsync(id, version, ct);
        if (lead.ProjectId is not null)
        {
            throw new ConflictException("该项目已转入项目台账");
        }

        if (lead.IsDropped || lead.Stage < LeadStage.Contracted)
        {
            throw new ConflictException("签约后（且未放弃）的项目才能转入项目台账");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var project = await projects.CreateAsync(new ProjectDetails
        {
            Name = lead.Name,
            OwnerCompany = lead.Investor,
            RegionId = lead.RegionId,
            IndustryId = lead.IndustryId,
            TotalInvestment = lead.ContractInvestment ?? lead.IntendedInvestment,
            ContactName = lead.ContactName,
            ContactPhone = personalData.Reveal(lead.ContactPhone),
        }, ct);
        lead.ConvertedTo(project.Id, Today, user.Name, clock.GetUtcNow().UtcDateTime);
        await ConcurrencyGuard.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return lead;
    }

    private async Task<Lead> LoadAsync(int id, int version, CancellationToken ct)
    {
        var lead = await db.Leads.Include(l => l.Steps).FirstOrDefaultAsync(l => l.Id == id, ct);
        var scope = await LeadAccess.ScopeAsync(user, ct);
        if (lead is null || !LeadAccess.Sees(scope, lead.RegionId))
        {
            throw new NotFoundException("招商项目不存在");
        }

        if (!user.Has(Permission.EditLedger) || !scope.AllowsPlace(lead.RegionId, null))
        {
            throw new ForbiddenException("您不能修改该招商项目");
        }

        ConcurrencyGuard.Expect(db, lead, lead.Version, version);
        return lead;
    }

    private async Task CheckPlaceAsync(int regionId, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("您的角色不能登记招商项目");
        }

        if (!(await user.ScopeAsync(ct)).AllowsPlace(regionId, null))
        {
            throw new ForbiddenException("所选区域不在您的管辖范围内");
        }
    }

    private async Task<string?> ProtectAsync(string? phone, string? stored, CancellationToken ct)
    {
        phone = phone?.Trim();
        if (string.IsNullOrEmpty(phone))
        {
            return null;
        }

        if (stored is not null && (phone == personalData.MaskedPhone(stored) || phone == personalData.Reveal(stored)))
        {
            return stored;
        }

        return personalData.Protect(phone, (await policy.CurrentAsync(db, ct)).CryptoProfile);
    }

    private async Task ValidateAsync(LeadDetails d, Lead? lead, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Required(errors, "name", "项目名称", d.Name, Lead.NameLength);
        Required(errors, "investor", "投资方", d.Investor, Lead.NameLength);
        Optional(errors, "origin", "投资方来源地", d.Origin, 50);
        Optional(errors, "contactName", "联系人", d.ContactName, 50);
        Optional(errors, "notes", "备注", d.Notes, Lead.TextLength);
        var phone = d.ContactPhone?.Trim();
        var masked = lead?.ContactPhone is { } s ? personalData.MaskedPhone(s) : null;
        if (!string.IsNullOrEmpty(phone) && phone != masked && (phone.Length > MaxPhoneLength || !phone.All(ch => char.IsAsciiDigit(ch) || ch is '-' or '+' or ' ')))
        {
            errors.Add("contactPhone", "联系电话只能包含数字、空格、+ 和 -，不超过30位");
        }

        Money(errors, "intendedInvestment", "意向投资额", d.IntendedInvestment);
        Money(errors, "contractInvestment", "签约额", d.ContractInvestment);
        Money(errors, "fundsInPlace", "到位资金", d.FundsInPlace);
        if (lead is null && d.Stage >= LeadStage.Contracted && d.ContractInvestment is not > 0)
        {
            errors.Add("contractInvestment", "已签约的项目须填写签约额（万元）");
        }

        if (!await db.Regions.AnyAsync(r => r.Id == d.RegionId && r.IsActive, ct))
        {
            errors.Add("regionId", "请选择落地区域");
        }

        if (d.IndustryId is { } i && !await db.Lookups.AnyAsync(l => l.Id == i && l.Kind == Reference.LookupKind.Industry, ct))
        {
            errors.Add("industryId", "所选行业不存在");
        }

        if (d.OfficerId is { } o && !await db.People.AnyAsync(p => p.Id == o, ct))
        {
            errors.Add("officerId", "所选招商专员不存在");
        }

        if (!Enum.IsDefined(d.Stage) || (lead is null && d.Stage > LeadStage.Contracted))
        {
            errors.Add("stage", "请选择起始阶段（线索至签约）");
        }

        if (d.SourceEventId is { } e && e != lead?.SourceEventId && !await (await VisibleEventsAsync(ct)).AnyAsync(x => x.Id == e && x.Kind != EventKind.Ceremony, ct))
        {
            errors.Add("sourceEventId", "所选招商活动不存在");
        }

        if (d.CeremonyId is { } c && c != lead?.CeremonyId && !await (await VisibleEventsAsync(ct)).AnyAsync(x => x.Id == c && x.Kind == EventKind.Ceremony, ct))
        {
            errors.Add("ceremonyId", "所选签约活动不存在");
        }

        errors.ThrowIfAny();
    }

    /// <summary>Events of the regions the account may edit in: a lead cannot be tied to another region's event.</summary>
    private async Task<IQueryable<AttractionEvent>> VisibleEventsAsync(CancellationToken ct) =>
        LeadAccess.Visible(db.AttractionEvents.AsNoTracking(), await user.ScopeAsync(ct));

    private static void Required(ValidationErrors errors, string field, string label, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"请填写{label}");
        }
        else
        {
            Optional(errors, field, label, value, max);
        }
    }

    private static void Optional(ValidationErrors errors, string field, string label, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add(field, $"{label}不能超过{max}个字");
        }
    }

    private static void Money(ValidationErrors errors, string field, string label, decimal? value)
    {
        if (value is < 0 or > SaveProject.MaxInvestmentWan)
        {
            errors.Add(field, $"{label}应为0至1万亿元之间的数（万元）");
        }
    }
}
