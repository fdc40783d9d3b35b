using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Accountability;

/// <summary>The fields of the task force form, for creating and editing (IsActive only when editing).</summary>
public sealed record TaskForceFields(ProjectChoices Choices, string? Name, int? RegionId, int? LeaderId, string? Duty, bool? IsActive);

/// <summary>One task force: its leader, members and duties, the projects it follows with their lights; 调度中心 maintains it.</summary>
public sealed class TaskForceModel(ManageTaskForces forces, TiaoduDb db, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel
{
    public static string PageUrl(int id) => "/accountability/task-forces/" + id.ToString(CultureInfo.InvariantCulture);

    public TaskForceView View { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostSaveAsync(int id, string? name, int? regionId, int? leaderId, string? duty, bool isActive, int version, CancellationToken ct) =>
        ActAsync(id, () => forces.UpdateAsync(id, new TaskForceInput(name, regionId, leaderId, duty, isActive), version, ct), l["TaskForce.Flash.Saved"], ct);

    public Task<IActionResult> OnPostAddMemberAsync(int id, int? personId, string? account, string? duty, CancellationToken ct) =>
        ActAsync(id, async () =>
        {
            int? accountId = null;
            if (!string.IsNullOrWhiteSpace(account))
            {
                var normalized = Core.Accounts.Account.Normalize(account);
                accountId = await db.Accounts.AsNoTracking().Where(a => a.NormalizedUserName == normalized).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct)
                    ?? throw ValidationFailedException.For("account", "找不到该账号");
            }

            await forces.AddMemberAsync(id, personId, accountId, duty, ct);
        }, l["TaskForce.Flash.MemberAdded"], ct);

    public Task<IActionResult> OnPostRemoveMemberAsync(int id, int memberId, CancellationToken ct) =>
        ActAsync(id, () => forces.RemoveMemberAsync(id, memberId, ct), l["TaskForce.Flash.MemberRemoved"], ct);

    public Task<IActionResult> OnPostAddProjectAsync(int id, string? project, CancellationToken ct) =>
        ActAsync(id, async () => await forces.AddProjectAsync(id, await ProjectLookup.FindAsync(db, user, project, ct), ct), l["TaskForce.Flash.ProjectAdded"], ct);

    public Task<IActionResult> OnPostRemoveProjectAsync(int id, int projectId, CancellationToken ct) =>
        ActAsync(id, () => forces.RemoveProjectAsync(id, projectId, ct), l["TaskForce.Flash.ProjectRemoved"], ct);

    private async Task<IActionResult> ActAsync(int id, Func<Task> act, string done, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            return Forbid();
        }

        try
        {
            await act();
            Flash.Success(TempData, done);
            return Redirect(PageUrl(id));
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException or NotFoundException)
        {
            Error = e.Message;
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        try
        {
            View = await forces.GetAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return false;
        }

        Choices = await ProjectChoices.LoadAsync(db, ct);
        return true;
    }

    public static string Money(decimal wan) => (wan / 10_000m).ToString("0.##", CultureInfo.InvariantCulture) + "亿";
}
