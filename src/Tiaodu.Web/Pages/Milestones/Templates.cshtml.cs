using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Milestones;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Milestones;

/// <summary>Node templates for 倒排工期: edit the nodes and their typical days, add a template, switch one off.</summary>
public sealed class TemplatesModel(ManageMilestoneTemplates manage, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>Blank rows under a template's nodes, for adding nodes without scripts.</summary>
    public const int SpareRows = 4;

    public sealed class NodeRow
    {
        public string? Name { get; set; }
        public string? Days { get; set; }
        public bool IsApproval { get; set; }
    }

    public List<MilestoneTemplate> Templates { get; private set; } = [];

    public string? Error { get; private set; }

    /// <summary>The template the error belongs to (0 = the new one).</summary>
    public int? ErrorFor { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Templates = await manage.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(int? id, string? name, bool isActive, int version, List<NodeRow>? nodes, CancellationToken ct)
    {
        try
        {
            var rows = new List<TemplateNodeInput>();
            foreach (var (row, i) in (nodes ?? []).Select((r, i) => (r, i)).Where(x => !string.IsNullOrWhiteSpace(x.r.Name)))
            {
                var days = string.IsNullOrWhiteSpace(row.Days) ? 0
                    : int.TryParse(row.Days.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d
                    : throw ValidationFailedException.For("nodes", $"第{i + 1}行「{row.Name!.Trim()}」的天数应为整数");
                rows.Add(new TemplateNodeInput(row.Name, days, row.IsApproval));
            }

            var saved = await manage.SaveAsync(id, new TemplateInput(name, isActive, rows, version), ct);
            Flash.Success(TempData, l["Templates.Flash.Saved", saved.Name]);
            return Redirect("/milestones/templates#template-" + saved.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException or NotFoundException)
        {
            Error = e.Message;
        }

        ErrorFor = id ?? 0;
        Templates = await manage.ListAsync(ct);
        return Page();
    }
}
