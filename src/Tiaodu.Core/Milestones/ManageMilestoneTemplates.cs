using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Milestones;

public sealed record TemplateNodeInput(string? Name, int Days, bool IsApproval);

public sealed record TemplateInput(string? Name, bool IsActive, IReadOnlyList<TemplateNodeInput> Nodes, int Version);

/// <summary>
/// The dispatch office's node templates (节点模板): a name and the nodes in order, each with its typical days
/// after the node before and whether it is a pre-construction procedure. Plans already made keep their own
/// copy of the nodes, so a change applies to plans made from then on; a template is switched off, never deleted.
/// </summary>
public sealed class ManageMilestoneTemplates(TiaoduDb db, ICurrentUser user)
{
    public const int MaxNodes = 40;
    public const int MaxDays = 3650;

    public async Task<List<MilestoneTemplate>> ListAsync(CancellationToken ct)
    {
        Require();
        return await db.MilestoneTemplates.AsNoTracking().Include(t => t.Nodes).OrderBy(t => t.Id).ToListAsync(ct);
    }

    public async Task<MilestoneTemplate> SaveAsync(int? id, TemplateInput input, CancellationToken ct)
    {
        Require();
        var errors = new ValidationErrors();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 50)
        {
            errors.Add("name", "请填写模板名称（不超过50个字）");
        }
        else if (await db.MilestoneTemplates.AnyAsync(t => t.Name == name && t.Id != (id ?? 0), ct))
        {
            errors.Add("name", $"已有名为「{name}」的模板");
        }

        var nodes = (input.Nodes ?? []).Where(n => !string.IsNullOrWhiteSpace(n.Name)).ToList();
        if (nodes.Count < 2 || nodes.Count > MaxNodes)
        {
            errors.Add("nodes", $"模板应有2至{MaxNodes}个节点");
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            var nodeName = n.Name!.Trim();
            if (nodeName.Length > 20)
            {
                errors.Add("nodes", $"第{i + 1}个节点名称不能超过20个字");
            }

            if (n.Days is < 0 or > MaxDays)
            {
                errors.Add("nodes", $"「{nodeName}」的天数应在0至{MaxDays}之间");
            }
        }

        foreach (var duplicate in nodes.GroupBy(n => n.Name!.Trim()).Where(g => g.Count() > 1))
        {
            errors.Add("nodes", $"节点「{duplicate.Key}」重复");
        }

        errors.ThrowIfAny();
        var built = nodes.Select((n, i) => new MilestoneTemplateNode(i + 1, n.Name!.Trim(), n.Days, n.IsApproval)).ToList();
        MilestoneTemplate template;
        if (id is { } existing)
        {
            template = await db.MilestoneTemplates.Include(t => t.Nodes).FirstOrDefaultAsync(t => t.Id == existing, ct) ?? throw new NotFoundException("节点模板不存在");
            ConcurrencyGuard.Expect(db, template, template.Version, input.Version);
            template.Change(name, input.IsActive, built);
        }
        else
        {
            template = new MilestoneTemplate(name, built);
            if (!input.IsActive)
            {
                template.Change(name, false, built);
            }

            db.MilestoneTemplates.Add(template);
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
        return template;
    }

    private void Require()
    {
        if (!user.Has(Permission.EditLedger))
        {
            throw new ForbiddenException("只有调度中心可以维护节点模板");
        }
    }
}
