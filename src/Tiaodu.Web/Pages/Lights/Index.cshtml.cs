using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Lights;

/// <summary>A month's warning lights across the jurisdiction: red, yellow, explained and watched, each with its figures in words.</summary>
public sealed class IndexModel(LightQueries queries, TiaoduDb db, ICurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Month { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public LightFilter Filter { get; set; }

    [BindProperty(SupportsGet = true)]
    public LightKind? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public LightList Result { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public bool CanManage => user.Has(Permission.EditLedger);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEvaluateAsync([FromServices] ManageLights manage, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        Normalize();
        await manage.EvaluateAsync(Year!.Value, Month!.Value, ct);
        Flash.Success(TempData, l["Lights.Flash.Evaluated"]);
        return Redirect(ListUrl());
    }

    private void Normalize()
    {
        var today = Today;
        (Year, Month) = Infrastructure.ReportingMonth.Choose(Year, Month, today);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Normalize();
        Result = await queries.ListAsync(Year!.Value, Month!.Value, Region, Q, Filter, Kind, PageNumber, PageSize, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    public string ListUrl(LightFilter? filter = null, int? page = null)
    {
        var query = new List<string>
        {
            "year=" + Year?.ToString(CultureInfo.InvariantCulture), "month=" + Month?.ToString(CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(Region))
        {
            query.Add("region=" + Uri.EscapeDataString(Region));
        }

        if (!string.IsNullOrEmpty(Q))
        {
            query.Add("q=" + Uri.EscapeDataString(Q));
        }

        if (Kind is { } k)
        {
            query.Add("kind=" + k);
        }

        var f = filter ?? Filter;
        if (f != LightFilter.Lit)
        {
            query.Add("filter=" + f);
        }

        if ((page ?? 1) > 1)
        {
            query.Add("page=" + page!.Value.ToString(CultureInfo.InvariantCulture));
        }

        return "/lights?" + string.Join('&', query);
    }
}
