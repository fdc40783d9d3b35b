using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Files;
using Tiaodu.Core.Milestones;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Milestones;

/// <summary>A project's 倒排工期 plan: computing it from a template and a target, recording nodes, evidence, the wall chart.</summary>
public sealed class ProjectModel(MilestoneQueries queries, ICurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public ProjectMilestones View { get; private set; } = null!;

    public IReadOnlyList<MilestoneTemplate> Templates { get; private set; } = [];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public bool CanPlan => user.Has(Permission.EditLedger);

    public bool CanRecord => user.Has(Permission.EditLedger) || user.Has(Permission.ReportProgress);

    public string? Error { get; private set; }

    /// <summary>The node whose form failed, so it opens again with the message.</summary>
    public int? FailedNode { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPlanAsync(int id, int templateId, string? targetNode, string? targetOn, bool startOnLand, string? landOn, int version,
        [FromServices] PlanMilestones plan, CancellationToken ct)
    {
        if (!CanPlan)
        {
            return Forbid();
        }

        var target = Date(targetOn);
        if (target is null)
        {
            return await Fail(id, l["Milestones.Error.TargetDate"], null, ct);
        }

        try
        {
            await plan.PlanAsync(id, new MilestonePlanInput
            {
                TemplateId = templateId, TargetNode = targetNode ?? "", TargetOn = target.Value, StartOnLand = startOnLand, LandOn = Date(landOn), Version = version,
            }, ct);
            Flash.Success(TempData, l["Milestones.Flash.Planned"]);
            return Redirect(PageUrl(id));
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException)
        {
            return await Fail(id, e.Message, null, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostNodeAsync(int id, int nodeId, string? plannedOn, string? doneOn, string? owner, string? documentNumber,
        bool deferred, string? owedItems, string? owedBy, int version, [FromServices] PlanMilestones plan, CancellationToken ct)
    {
        if (!CanRecord)
        {
            return Forbid();
        }

        var planned = Date(plannedOn);
        if (planned is null || (!string.IsNullOrWhiteSpace(doneOn) && Date(doneOn) is null) || (!string.IsNullOrWhiteSpace(owedBy) && Date(owedBy) is null))
        {
            return await Fail(id, l["Milestones.Error.Date"], nodeId, ct);
        }

        try
        {
            await plan.SaveAsync(nodeId, new MilestoneInput
            {
                PlannedOn = planned.Value, DoneOn = Date(doneOn), Owner = owner, DocumentNumber = documentNumber,
                Deferred = deferred, OwedItems = owedItems, OwedBy = Date(owedBy), Version = version,
            }, ct);
            Flash.Success(TempData, l["Milestones.Flash.Saved"]);
            return Redirect(PageUrl(id) + "#node-" + nodeId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException or ForbiddenException)
        {
            return await Fail(id, e.Message, nodeId, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostFileAsync(int id, int nodeId, IFormFile? file, [FromServices] FileStore files, CancellationToken ct)
    {
        if (!CanRecord)
        {
            return Forbid();
        }

        if (file is null)
        {
            return await Fail(id, l["Milestones.Error.NoFile"], nodeId, ct);
        }

        try
        {
            await files.AddMilestoneFileAsync(nodeId, file.FileName, await file.ReadAllBytesAsync(ct), ct);
            Flash.Success(TempData, l["Milestones.Flash.FileAdded"]);
            return Redirect(PageUrl(id) + "#node-" + nodeId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (ValidationFailedException e)
        {
            return await Fail(id, e.Message, nodeId, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task<IActionResult> Fail(int id, string message, int? node, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        (Error, FailedNode) = (message, node);
        return Page();
    }


    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        try
        {
            View = await queries.ForProjectAsync(id, ct);
            Templates = await queries.TemplatesAsync(ct);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;

    public static string PageUrl(int id) => "/projects/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/milestones";

    public static string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
