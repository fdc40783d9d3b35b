using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core.Cockpit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Cockpit;

/// <summary>
/// What the cockpit and the big screen share: the region (the viewer's home region unless one is chosen), the
/// year and as-of date (today unless chosen — any past date gives the picture as it was then), and the view.
/// </summary>
public abstract class CockpitPage(CockpitQuery cockpit, TiaoduDb db, TimeProvider clock, CurrentUser me, IStringLocalizer<SharedResource> l) : PageModel
{
    public ProjectFilter Filter { get; private set; } = new();
    public CockpitView View { get; private set; } = null!;
    public RegionDirectory Regions { get; private set; } = null!;
    public string ChartJson { get; private set; } = "{}";
    public bool UnknownRegion { get; private set; }

    protected IStringLocalizer L => l;

    public async Task<IActionResult> OnGetAsync(string? region, DateOnly? asOf, CancellationToken ct)
    {
        Regions = await RegionDirectory.LoadAsync(db, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var chosen = string.IsNullOrWhiteSpace(region) ? null : Regions.ByKey(region) ?? Regions.All.FirstOrDefault(r => r.Code == region.Trim());
        UnknownRegion = chosen is null && !string.IsNullOrWhiteSpace(region);
        var home = me.Account?.RegionId is { } id ? Regions.ById(id) : null;
        var shown = chosen ?? home ?? Regions.ByKey(Pages.IndexModel.DefaultRegion) ?? Regions.All[0];
        var date = asOf is { } d && d <= today && d.Year >= 2000 ? d : today;
        Filter = new ProjectFilter { Region = shown.Key, Year = date.Year, AsOf = date };
        View = await cockpit.HandleAsync(Filter, ct);
        ChartJson = CockpitCharts.Json(View, Regions, l);
        return Page();
    }

    public string LightsLink(string color) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"/lights?year={View.Lights.Year}&month={View.Lights.Month}&region={Uri.EscapeDataString(View.Region.Key)}&filter={color}");

    public string OverdueLink => "/problems?filter=Overdue&region=" + Uri.EscapeDataString(View.Region.Key);
}
