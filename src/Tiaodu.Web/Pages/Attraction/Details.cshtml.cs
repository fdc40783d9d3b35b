using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Attraction;

/// <summary>One lead: its facts, its history, and the moves the dispatch office makes on it.</summary>
public sealed class LeadModel(LeadQueries queries, ManageLeads manage, ManageEvents events, LeadDocuments documents, TiaoduDb db, Core.Accounts.ICurrentUser user,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<Core.Files.StoredFile> Documents { get; private set; } = [];

    public LeadView View { get; private set; } = null!;
    public ProjectChoices Choices { get; private set; } = null!;
    public IReadOnlyList<EventRow> Events { get; private set; } = [];
    public string? Error { get; private set; }

    /// <summary>The edit form as posted, when the save was refused.</summary>
    public LeadForm? Posted { get; private set; }

    public Task OnGetAsync(int id, CancellationToken ct) => LoadAsync(id, ct);

    public Task<IActionResult> OnPostMoveAsync(int id, LeadStage stage, DateOnly? on, decimal? contract, int? ceremonyId, string? note, int version, CancellationToken ct) =>
        ActAsync(id, () => manage.MoveAsync(id, stage, on, contract, ceremonyId, note, version, ct), "Attraction.Flash.Moved", ct);

    public Task<IActionResult> OnPostDropAsync(int id, string? reason, int version, CancellationToken ct) =>
        ActAsync(id, () => manage.DropAsync(id, reason, version, ct), "Attraction.Flash.Dropped", ct);

    public Task<IActionResult> OnPostReviveAsync(int id, string? note, int version, CancellationToken ct) =>
        ActAsync(id, () => manage.ReviveAsync(id, note, version, ct), "Attraction.Flash.Revived", ct);

    public Task<IActionResult> OnPostConvertAsync(int id, int version, CancellationToken ct) =>
        ActAsync(id, () => manage.ConvertAsync(id, version, ct), "Attraction.Flash.Converted", ct);

    public Task<IActionResult> OnPostEditAsync(int id, LeadForm form, int version, CancellationToken ct)
    {
        Posted = form;
        return ActAsync(id, () => manage.UpdateAsync(id, form.Details(), version, ct), "Attraction.Flash.Saved", ct);
    }

    public async Task<IActionResult> OnPostDocumentAsync(int id, IFormFile? file, CancellationToken ct)
    {
        if (!user.Has(Core.Accounts.Permission.EditLedger))
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            Error = l["Attraction.Import.NoFile"];
            await LoadAsync(id, ct);
            return Page();
        }

        return await ActAsync(id, async () => await documents.AddAsync(id, file.FileName, await file.ReadAllBytesAsync(ct), ct), "Attraction.Flash.DocumentAdded", ct);
    }

    public Task<IActionResult> OnPostDeleteDocumentAsync(int id, int fileId, CancellationToken ct) =>
        ActAsync(id, () => documents.DeleteAsync(fileId, ct), "Attraction.Flash.DocumentDeleted", ct);

    private async Task<IActionResult> ActAsync(int id, Func<Task> act, string flash, CancellationToken ct)
    {
        if (!user.Has(Core.Accounts.Permission.EditLedger))
        {
            return Forbid();
        }

        try
        {
            await act();
            Posted = null;
            Flash.Success(TempData, l[flash]);
            return Redirect($"/attraction/{id}");
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException)
        {
            Error = e.Message;
        }

        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        View = await queries.GetAsync(id, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
        Events = await events.ListAsync(null, null, ct);
        Documents = await documents.ListAsync(id, ct);
    }
}
