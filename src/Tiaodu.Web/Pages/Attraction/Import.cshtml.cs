using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Data;
using Tiaodu.Core.Imports;
using Tiaodu.Web.Imports;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Attraction;

/// <summary>
/// Importing a 招商台账: upload (optionally with a saved column mapping), look at every row's outcome and the totals,
/// map columns by hand and save the mapping, confirm — the file is then written in the background while the page
/// shows progress, and the user may leave — or leave it; earlier imports can be undone.
/// </summary>
public sealed class ImportModel(ImportLeads import, TiaoduDb db, ImportProgress progress, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }

    public LeadImport? Current { get; private set; }
    public LeadImportPreview? Preview { get; private set; }
    public IReadOnlyList<LeadImport> History { get; private set; } = [];
    public ProjectChoices Choices { get; private set; } = null!;
    public string? Error { get; private set; }
    public IReadOnlyList<ImportMapping> Mappings { get; private set; } = [];

    /// <summary>Rows written so far while the file is written, on whichever instance writes it.</summary>
    public int? RowsDone { get; private set; }

    /// <summary>Rows listed in the preview: a large file shows its rows with errors, then with warnings, then the first of the rest.</summary>
    public const int RowsShown = 300;

    public static IEnumerable<LeadImportRow> Shown(LeadImportPreview preview) => preview.Rows.Count <= RowsShown
        ? preview.Rows
        : preview.Rows.OrderBy(r => r.Errors.Count > 0 ? 0 : r.Warnings.Count > 0 ? 1 : 2).ThenBy(r => r.Row).Take(RowsShown);

    /// <summary>Every field a column can be read as, with its label.</summary>
    public static IEnumerable<(string Key, string Label)> Fields => Enum.GetValues<LeadColumn>().Select(c => (c.ToString(), LeadNames.Column(c)));

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            (Current, Preview) = await import.PreviewAsync(id, ct);
        }

        await LoadAsync(ct);
    }

    /// <summary>The progress panel, polled while the file is written; a full reload once it is done.</summary>
    public async Task<IActionResult> OnGetStatusAsync(int id, CancellationToken ct)
    {
        Current = await import.GetAsync(id, ct);
        if (!Current.IsWorking)
        {
            Response.Headers["HX-Refresh"] = "true";
        }
        else
        {
            await LoadRowsDoneAsync(ct);
        }

        return Partial("_ImportProgress", this);
    }

    public async Task<IActionResult> OnPostMapAsync(int id, string? saveAs, CancellationToken ct)
    {
        // Columns chosen by hand before are kept by the import itself; only this form's changes are sent.
        var columns = Pages.Imports.ColumnChoices.FromForm(Request.Form, []);
        return await ActAsync(id, async () =>
        {
            await import.MapAsync(id, columns, saveAs, ct);
            return l["Attraction.Import.Mapped"].Value;
        }, ct, stay: true);
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, string? region, int? mappingId, CancellationToken ct)
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
            var (saved, _) = await import.UploadAsync(stream, file.FileName, string.IsNullOrWhiteSpace(region) ? null : region, ct, mappingId);
            return Redirect($"/attraction/import?id={saved.Id}");
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostCommitAsync(int id, int version, [FromServices] ImportWorker worker, CancellationToken ct) =>
        ActAsync(id, async () =>
        {
            await import.QueueAsync(id, version, ct);
            worker.Wake();
            return l["Attraction.Import.Queued"].Value;
        }, ct, stay: true);

    public Task<IActionResult> OnPostRollbackAsync(int id, CancellationToken ct) =>
        ActAsync(id, async () => { await import.RollbackAsync(id, ct); return l["Attraction.Import.RolledBack"].Value; }, ct);

    private async Task<IActionResult> ActAsync(int id, Func<Task<string>> act, CancellationToken ct, bool stay = false)
    {
        try
        {
            Flash.Success(TempData, await act());
            return Redirect(stay ? $"/attraction/import?id={id}" : "/attraction/import");
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

    private async Task LoadRowsDoneAsync(CancellationToken ct) =>
        RowsDone = Current is { IsWorking: true } current ? await progress.LeadRowsDoneAsync(current.Id, ct) : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        History = await import.ListAsync(ct);
        await LoadRowsDoneAsync(ct);
        Mappings = await import.MappingsAsync(ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }
}
