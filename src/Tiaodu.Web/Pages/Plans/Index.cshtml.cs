using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Plans;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Plans;

/// <summary>The year's plan: approve it as the baseline, compare baseline and current by region, read the changes and their reasons.</summary>
public sealed class IndexModel(ApprovePlan plans, TiaoduDb db, ICurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PlanView View { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public bool CanApprove => user.Has(Permission.EditLedger);

    public string? Error { get; private set; }

    public int ThisYear => clock.GetLocalNow().Year;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken ct)
    {
        if (!CanApprove)
        {
            return Forbid();
        }

        Normalize();
        try
        {
            await plans.HandleAsync(Year!.Value, ct);
            Flash.Success(TempData, l["Plans.Flash.Approved", Year.Value]);
            return Redirect("/plans?year=" + Year.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException or ForbiddenException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private void Normalize() => Year = Year is { } y && y >= Core.Ledger.SaveProjectYear.MinYear && y <= ThisYear + 1 ? y : ThisYear;

    private async Task LoadAsync(CancellationToken ct)
    {
        Normalize();
        View = await plans.ViewAsync(Year!.Value, Region, PageNumber, 50, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    public string PageUrl(int page) =>
        "/plans?year=" + Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) + "&page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (string.IsNullOrEmpty(Region) ? "" : "&region=" + Uri.EscapeDataString(Region));
}
