using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Lights;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Lights;

/// <summary>One rule's row of the form; thresholds stay text until read.</summary>
public sealed class RuleForm
{
    public int Id { get; set; }
    public bool Enabled { get; set; }
    public string? Yellow { get; set; }
    public string? Red { get; set; }
    public int Consecutive { get; set; } = 1;
    public int Version { get; set; }
    public ProgressBasis? Basis { get; set; }
}

/// <summary>The year's light rules, edited together by the dispatch office.</summary>
public sealed class RulesModel(EvaluateLights evaluate, TimeProvider clock, Tiaodu.Core.Data.TiaoduDb db, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public List<RuleForm> Rules { get; set; } = [];

    public List<LightRule> Current { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Rules = [.. Current.Select(r => new RuleForm
        {
            Id = r.Id, Enabled = r.Enabled, Yellow = FormParser.Number(r.Yellow), Red = FormParser.Number(r.Red), Consecutive = r.Consecutive, Version = r.Version, Basis = r.Basis,
        })];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromServices] ManageLights manage, CancellationToken ct)
    {
        await LoadAsync(ct);
        var parser = new FormParser(ModelState, l, "");
        var inputs = Rules.Select((r, i) => new LightRuleInput(r.Id, r.Enabled,
            parser.ReadDecimal(r.Yellow, $"Rules[{i}].Yellow", l["Lights.Yellow"]), parser.ReadDecimal(r.Red, $"Rules[{i}].Red", l["Lights.Red"]), r.Consecutive, r.Version, r.Basis)).ToList();
        if (parser.HasErrors || !ModelState.IsValid)
        {
            Error = string.Join("；", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
            return Page();
        }

        try
        {
            await manage.SaveRulesAsync(Year!.Value, inputs, ct);
            Flash.Success(TempData, l["Lights.Flash.RulesSaved"]);
            return Redirect("/lights/rules?year=" + Year.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException or NotFoundException)
        {
            Error = e.Message;
        }

        return Page();
    }

    public ProjectChoices Choices { get; private set; } = null!;

    public Tiaodu.Core.Reference.ReferenceNames Names { get; private set; } = null!;

    public async Task<IActionResult> OnPostAddRegionAsync([FromServices] ManageLights manage, LightKind kind, string? region, CancellationToken ct)
    {
        await LoadAsync(ct);
        try
        {
            await manage.AddRegionRuleAsync(Year!.Value, kind, region, ct);
            Flash.Success(TempData, l["Lights.Flash.RegionRuleAdded"]);
            return Redirect("/lights/rules?year=" + Year.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException)
        {
            Error = e.Message;
        }

        return await OnGetAsync(ct);
    }

    public async Task<IActionResult> OnPostRemoveRegionAsync([FromServices] ManageLights manage, int ruleId, int version, CancellationToken ct)
    {
        await LoadAsync(ct);
        try
        {
            await manage.RemoveRegionRuleAsync(ruleId, version, ct);
            Flash.Success(TempData, l["Lights.Flash.RegionRuleRemoved"]);
            return Redirect("/lights/rules?year=" + Year!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is ConflictException or NotFoundException)
        {
            Error = e.Message;
        }

        return await OnGetAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Choices = await ProjectChoices.LoadAsync(db, ct);
        Names = await Tiaodu.Core.Reference.ReferenceNames.LoadAsync(db, ct);
        var today = clock.GetLocalNow().Year;
        Year = Year is { } y && y >= SaveProjectYear.MinYear && y <= today + 1 ? y : today;
        Current = await evaluate.RulesAsync(Year.Value, ct);
    }
}
