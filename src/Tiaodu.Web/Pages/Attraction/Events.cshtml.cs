using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Attraction;

/// <summary>招商活动: trips, visits and signing ceremonies with what each produced; the dispatch office records new ones.</summary>
public sealed class EventsModel(ManageEvents events, TiaoduDb db, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public EventKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public IReadOnlyList<EventRow> Rows { get; private set; } = [];
    public ProjectChoices Choices { get; private set; } = null!;
    public bool CanEdit => user.Has(Permission.EditLedger);
    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(EventKind kind, string? name, DateOnly? on, string? place, int regionId, string? notes, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        try
        {
            await events.CreateAsync(new EventInput(kind, name, on, place, regionId, notes), ct);
            Flash.Success(TempData, l["Attraction.Flash.EventCreated"]);
            return Redirect("/attraction/events");
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await events.ListAsync(Kind, Year, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }
}
