using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>Asks before moving a project to the recycle bin; the list then offers to undo.</summary>
public sealed class DeleteModel(GetProject get, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Back { get; set; }

    /// <summary>The version the user confirmed.</summary>
    [BindProperty]
    public int Version { get; set; }

    public ProjectView View { get; private set; } = null!;

    public string? ConflictMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } view)
        {
            return NotFound();
        }

        View = view;
        Version = view.Project.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, [FromServices] DeleteProject delete, CancellationToken ct)
    {
        try
        {
            var project = await delete.DeleteAsync(id, Version, ct);
            Flash.Deleted(TempData, l["Projects.Flash.Deleted", project.Name], project.Id, project.Version);
            return Redirect(ReturnLinks.List(Back));
        }
        catch (ConflictException e)
        {
            ConflictMessage = e.Message;
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        // Someone changed the project meanwhile: show it as it is now and ask again at its new version.
        if (await FindAsync(id, ct) is not { } current)
        {
            return NotFound();
        }

        View = current;
        Version = current.Project.Version;
        ModelState.Remove(nameof(Version));
        return Page();
    }

    private async Task<ProjectView?> FindAsync(int id, CancellationToken ct)
    {
        try
        {
            return await get.HandleAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
