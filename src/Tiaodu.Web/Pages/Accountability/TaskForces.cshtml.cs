using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Accountability;

/// <summary>专班: the task forces the reader sees; 调度中心 creates them.</summary>
public sealed class TaskForcesModel(ManageTaskForces forces, TiaoduDb db, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Retired { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public TaskForceList View { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, int? regionId, int? leaderId, string? duty, CancellationToken ct)
    {
        if (!user.Has(Permission.EditLedger))
        {
            return Forbid();
        }

        try
        {
            var force = await forces.CreateAsync(new TaskForceInput(name, regionId, leaderId, duty), ct);
            Flash.Success(TempData, l["TaskForce.Flash.Created"]);
            return Redirect(TaskForceModel.PageUrl(force.Id));
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException or NotFoundException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        View = await forces.ListAsync(Region, Q, Retired, PageNumber, PageSize, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    public string ListUrl(int page)
    {
        var parts = new List<string> { "page=" + page.ToString(CultureInfo.InvariantCulture) };
        if (!string.IsNullOrEmpty(Region))
        {
            parts.Add("region=" + Uri.EscapeDataString(Region));
        }

        if (!string.IsNullOrEmpty(Q))
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        if (Retired)
        {
            parts.Add("retired=true");
        }

        return "/accountability/task-forces?" + string.Join("&", parts);
    }
}
