using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Assessment;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Assessment;

/// <summary>督导考评: the regions below a region scored for a month, quarter or year, each point explained; publish, and the year's scheme.</summary>
public sealed class AssessmentModel(AssessDistricts assess, TiaoduDb db, ICurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public PeriodKind Kind { get; set; } = PeriodKind.Month;
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Number { get; set; }

    public AssessmentView? View { get; private set; }
    public (string Name, bool Default, IReadOnlyList<RuleLine> Rules, int Top, int Bottom) Scheme { get; private set; }
    public IReadOnlyList<(AssessmentResult Result, string Region)> Published { get; private set; } = [];
    public ProjectChoices Choices { get; private set; } = null!;
    public bool CanManage => user.Has(Permission.AssessDistricts);
    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        try
        {
            Defaults();
            await assess.PublishAsync(Region, Kind, Year!.Value, Number!.Value, ct);
            Flash.Success(TempData, l["Assessment.Flash.Published"]);
            return Redirect(Link());
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSchemeAsync(string? name, int rewardTop, int demoteBottom, string? text, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        try
        {
            Defaults();
            await assess.SaveSchemeAsync(Year!.Value, name, rewardTop, demoteBottom, text, ct);
            Flash.Success(TempData, l["Assessment.Flash.Scheme"]);
            return Redirect(Link());
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    public string Link() => $"/assessment?region={Uri.EscapeDataString(Region ?? "")}&kind={Kind}&year={Year}&number={Number}";

    public static string ExportLink(AssessmentView v, string format) =>
        $"/api/assessment/export?region={Uri.EscapeDataString(v.Region.Key)}&kind={v.Kind}&year={v.Year}&number={v.Number}&format={format}";

    private void Defaults()
    {
        var today = clock.GetLocalNow();
        Year ??= today.Year;
        Number ??= Api.AssessmentApi.CurrentNumber(Kind, today);
        Region ??= Pages.IndexModel.DefaultRegion;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Defaults();
        Choices = await ProjectChoices.LoadAsync(db, ct);
        try
        {
            View = await assess.HandleAsync(Region, Kind, Year!.Value, Number!.Value, ct);
        }
        catch (Exception e) when (e is NotFoundException or ValidationFailedException)
        {
            Error ??= e.Message;
        }

        Scheme = await assess.SchemeAsync(Year!.Value, ct);
        Published = await assess.PublishedAsync(ct);
    }
}
