using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Attraction;

/// <summary>
/// The 招商台账 as offices keep it: one section per stage (and one of dropped leads), two-level headers over the
/// amounts, 合计 of 意向投资额 and 签约额, the same jurisdiction and filter as the list; audited.
/// </summary>
public sealed class ExportLeads(TiaoduDb db, LeadQueries leads, PersonalData personalData, TimeProvider clock)
{
    public async Task<(string FileName, int Rows)> HandleAsync(LeadFilter filter, ExportFormat format, Stream output, CancellationToken ct)
    {
        var query = await leads.QueryAsync(filter, ct);
        var list = await query.OrderBy(l => l.Stage).ThenBy(l => l.StageOn).ThenBy(l => l.Id).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var eventIds = list.SelectMany(l => new[] { l.SourceEventId, l.CeremonyId }).Where(e => e is not null).Select(e => e!.Value).Distinct().ToList();
        var events = await db.AttractionEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        TableColumn[] columns =
        [
            new("序号", CellKind.WholeNumber, Width: 6),
            new("项目名称", CellKind.Text, Width: 30),
            new("投资方", CellKind.Text, Width: 24),
            new("投资方来源地", CellKind.Text, Width: 12),
            new("对口合作", CellKind.YesNo, Width: 8),
            new("所属行业", CellKind.Text, Width: 16),
            new("落地区域", CellKind.Text, Width: 14),
            new("意向投资额", CellKind.Money, "投资额（万元）", 12, Sum: true),
            new("签约额", CellKind.Money, "投资额（万元）", 12, Sum: true),
            new("到位资金", CellKind.Money, "投资额（万元）", 12, Sum: true),
            new("所处阶段", CellKind.Text, Width: 10),
            new("阶段日期", CellKind.Date, Width: 12),
            new("来源活动", CellKind.Text, Width: 20),
            new("签约活动", CellKind.Text, Width: 20),
            new("招商专员", CellKind.Text, Width: 10),
            new("联系人", CellKind.Text, Width: 10),
            new("联系电话", CellKind.Text, Width: 14),
            new("备注", CellKind.Text, Width: 30),
        ];
        object?[] Row(Lead l) =>
        [
            null, l.Name, l.Investor, l.Origin, l.FromPartner, names.Lookup(l.IndustryId), names.Region(l.RegionId), l.IntendedInvestment, l.ContractInvestment,
            l.FundsInPlace, LeadNames.Stage(l.Stage), l.StageOn, l.SourceEventId is { } s ? events.GetValueOrDefault(s) : null,
            l.CeremonyId is { } c ? events.GetValueOrDefault(c) : null, names.Person(l.OfficerId), l.ContactName,
            l.ContactPhone is null ? null : personalData.MaskedPhone(l.ContactPhone), l.IsDropped ? $"已放弃：{l.DropReason}" : l.Notes,
        ];
        var sections = Enum.GetValues<LeadStage>()
            .Select(stage => new TableSection(LeadNames.Stage(stage), [.. list.Where(l => !l.IsDropped && l.Stage == stage).Select(Row)]))
            .Append(new TableSection("已放弃", [.. list.Where(l => l.IsDropped).Select(Row)]))
            .Where(s => s.Rows.Count > 0).ToList();
        var region = filter.Region is { } key ? names.Regions.ByKey(key)?.Name ?? names.Regions.All.FirstOrDefault(r => r.Code == key)?.Name : null;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var table = new LedgerTable($"{region ?? ""}招商引资项目台账", "单位：万元", $"截至{today:yyyy年M月d日}", columns, sections, "招商台账");
        var fileName = TableFile.Write(table, format, output);

        await db.RecordAuditAsync(AuditAction.Export, nameof(Lead), null, $"导出招商台账{list.Count}个项目（{TableFile.FormatName(format)}）", AuditResult.Success, ct);
        return (fileName, list.Count);
    }
}
