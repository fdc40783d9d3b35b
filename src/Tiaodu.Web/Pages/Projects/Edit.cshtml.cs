using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>
/// Creates a project (<c>/projects/new</c>) or edits one (<c>/projects/{id}/edit</c>). A stale save shows
/// what differs from the saved record and keeps the user's input with the new version, so re-saving is deliberate.
/// </summary>
public sealed class EditModel(TiaoduDb db, GetProject get, IStringLocalizer<SharedResource> l) : PageModel
{
    private const string Prefix = "Input.";

    [BindProperty]
    public ProjectInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Back { get; set; }

    /// <summary>The project being edited; null when creating.</summary>
    public int? Id { get; private set; }

    public string? SavedName { get; private set; }

    public ProjectChoices Choices { get; private set; } = null!;

    public string? ConflictMessage { get; private set; }

    public IReadOnlyList<Difference> Conflicts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        // The page edits for progress reporters too, but only the dispatch office creates projects.
        if (id is null && !HttpContext.RequestServices.GetRequiredService<Tiaodu.Core.Accounts.ICurrentUser>().Has(Tiaodu.Core.Accounts.Permission.EditLedger))
        {
            return Forbid();
        }

        Id = id;
        Choices = await ProjectChoices.LoadAsync(db, ct);
        if (Id is { } projectId)
        {
            var view = await FindAsync(projectId, ct);
            if (view is null)
            {
                return NotFound();
            }

            if (view.Project.IsDeleted)
            {
                return Redirect(ReturnLinks.Project(projectId, null, Back));
            }

            SavedName = view.Project.Name;
            Input = ProjectInput.From(view.Project.ToDetails() with { ContactPhone = view.ContactPhoneMasked }, view.Project.Version);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, [FromServices] SaveProject save, CancellationToken ct)
    {
        Id = id;
        Choices = await ProjectChoices.LoadAsync(db, ct);
        FormParser.LocalizeBindingErrors(ModelState, l);
        var details = Input.ToDetails(new FormParser(ModelState, l, Prefix), l);
        if (details is null || !ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var project = Id is { } projectId
                ? await save.UpdateAsync(projectId, details, Input.Version ?? -1, ct)
                : await save.CreateAsync(details, ct);
            Flash.Success(TempData, l["Projects.Flash.Saved"]);
            return Redirect(ReturnLinks.Project(project.Id, null, Back));
        }
        catch (ValidationFailedException e)
        {
            FormParser.AddCoreErrors(ModelState, e.Errors, Prefix, ProjectInput.Fields);
        }
        catch (ConflictException e) when (Id is { } projectId)
        {
            var current = await FindAsync(projectId, ct);
            if (current is null)
            {
                return NotFound();
            }

            ConflictMessage = e.Message;
            SavedName = current.Project.Name;
            Conflicts = Differences.Between(details, current.Project.ToDetails() with { ContactPhone = current.ContactPhoneMasked }, Choices.Names, l);
            Input.Version = current.Project.Version;
            ModelState.Remove(Prefix + nameof(Input.Version));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

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

    public IEnumerable<string> Errors(string field) =>
        ModelState.TryGetValue(Prefix + field, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    public string Invalid(string field) =>
        ModelState.GetFieldValidationState(Prefix + field) == ModelValidationState.Invalid ? "is-invalid" : "";
}
