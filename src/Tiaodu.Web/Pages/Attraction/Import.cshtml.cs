using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Attraction;

/// <summary>Importing a 招商台账: upload, look at every row's outcome and the totals, confirm or leave; earlier imports can be undone.</summary>
public sealed class ImportModel(ImportLeads import, TiaoduDb db, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }

    public LeadImport? Current { get; private set; }
    public LeadImportPreview? Preview { get; private set; }
    public IReadOnlyList<LeadImport> History { get; private set; } = [];
    public ProjectChoices Choices { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            (Current, Preview) = await import.PreviewAsync(id, ct);
        }

        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, string? region, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Error = l["Attraction.Import.NoFile"];
            await LoadAsync(ct);
            return Page();
        }

        try
        {
            await using var stream = file.OpenReadStream();
            var (saved, _) = await import.UploadAsync(stream, file.FileName, string.IsNullOrWhiteSpace(region) ? null : region, ct);
            return Redirect($"/attraction/import?id={saved.Id}");
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostCommitAsync(int id, CancellationToken ct) =>
        ActAsync(id, async () => { await import.ApplyAsync(id, ct); return l["Attraction.Import.Applied"].Value; }, ct);

    public Task<IActionResult> OnPostRollbackAsync(int id, CancellationToken ct) =>
        ActAsync(id, async () => { await import.RollbackAsync(id, ct); return l["Attraction.Import.RolledBack"].Value; }, ct);

    private async Task<IActionResult> ActAsync(int id, Func<Task<string>> act, CancellationToken ct)
    {
        try
        {
            Flash.Success(TempData, await act());
            return Redirect("/attraction/import");
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException)
        {
            Error = e.Message;
        }

        db.ChangeTracker.Clear();
        Id = id;
        await OnGetAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        History = await import.ListAsync(ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }
}
