using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Bulletins;
using Tiaodu.Core.Documents;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Bulletins;

/// <summary>The preview of a region's bulletin of a month as it would be issued now; the author writes 下步工作 and publishes it.</summary>
public sealed class PreviewModel(ComposeBulletin compose, OfficeConverter office, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Month { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? NextSteps { get; set; }

    public BulletinContent Composed { get; private set; } = null!;

    public string? Error { get; private set; }

    public bool PdfAvailable => office.IsAvailable;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPublishAsync([FromServices] PublishBulletin publish, CancellationToken ct)
    {
        try
        {
            var bulletin = await publish.HandleAsync(Wanted(), ct);
            Flash.Success(TempData, l["Bulletins.Flash.Published", bulletin.Number]);
            return Redirect("/bulletins/" + bulletin.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private BulletinRequest Wanted() => Api.BulletinsApi.Request(compose, Region, Year, Month, NextSteps);

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Composed = await compose.HandleAsync(Wanted(), ct);
        }
        catch (ValidationFailedException e) when (!string.IsNullOrWhiteSpace(NextSteps) && e.Errors.ContainsKey("nextSteps"))
        {
            Error = e.Message;
            NextSteps = null;
            Composed = await compose.HandleAsync(Wanted(), ct);
        }

        (Region, Year, Month) = (Composed.RegionKey, Composed.Year, Composed.Month);
        NextSteps = Composed.NextSteps;
    }

    /// <summary>The query of this preview for the document and chart endpoints.</summary>
    public string Query(bool withText) =>
        "region=" + Uri.EscapeDataString(Composed.RegionKey) + "&year=" + Composed.Year.ToString(CultureInfo.InvariantCulture)
        + "&month=" + Composed.Month.ToString(CultureInfo.InvariantCulture)
        + (withText ? "&nextSteps=" + Uri.EscapeDataString(Composed.NextSteps) : "");
}
