using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>The plan-line form as typed; the amount and the date stay text until read.</summary>
public sealed class YearInput
{
    public bool InPlan { get; set; } = true;
    public int? NatureId { get; set; }
    public string? AnnualPlan { get; set; }
    public int? PlannedStartMonth { get; set; }
    public string? StartedOn { get; set; }
    public List<int> TagIds { get; set; } = [];

    public string? PlanCurve { get; set; }

    public string? Reason { get; set; }

    /// <summary>The line's version when the form was opened; null when adding the year.</summary>
    public int? Version { get; set; }

    public static readonly ISet<string> Fields = typeof(ProjectYearInput).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    public static YearInput From(ProjectYear y) => new()
    {
        InPlan = y.InPlan, NatureId = y.NatureId, AnnualPlan = FormParser.Number(y.AnnualPlan),
        PlannedStartMonth = y.PlannedStartMonth, StartedOn = FormParser.DateText(y.StartedOn),
        TagIds = y.Tags.Select(t => t.TagId).ToList(), Version = y.Version, PlanCurve = y.PlanCurve,
    };

    public ProjectYearInput? ToInput(FormParser p, IStringLocalizer l)
    {
        var plan = p.ReadDecimal(AnnualPlan, nameof(AnnualPlan), l["Field.AnnualPlan"], l["Unit.Wan"], "万");
        var started = p.ReadDate(StartedOn, nameof(StartedOn), l["Field.StartedOn"]);
        return p.HasErrors ? null : new ProjectYearInput
        {
            InPlan = InPlan, NatureId = NatureId, AnnualPlan = plan, PlannedStartMonth = PlannedStartMonth,
            StartedOn = started, TagIds = TagIds.Distinct().ToList(), Version = Version, PlanCurve = PlanCurve, Reason = Reason,
        };
    }
}

/// <summary>Adds a project's line to a year's plan or edits it (计划内/计划外, amount, start month, tags).</summary>
public sealed class YearEditModel(TiaoduDb db, GetProject get, IStringLocalizer<SharedResource> l) : PageModel
{
    private const string Prefix = "Input.";

    [BindProperty]
    public YearInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Back { get; set; }

    public ProjectView View { get; private set; } = null!;

    public int Year { get; private set; }

    public bool IsNew { get; private set; }

    public ProjectChoices Choices { get; private set; } = null!;

    /// <summary>The year's plan is approved: changing plan figures needs a reason.</summary>
    public bool PlanApproved { get; private set; }

    public string? ConflictMessage { get; private set; }

    public IReadOnlyList<Difference> Conflicts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, int year, CancellationToken ct)
    {
        if (!await LoadAsync(id, year, ct))
        {
            return NotFound();
        }

        if (View.Project.IsDeleted)
        {
            return Redirect(ReturnLinks.Project(id, null, Back));
        }

        var line = View.Project.Years.FirstOrDefault(y => y.Year == year);
        Input = line is null ? NewLine(year) : YearInput.From(line);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int year, [FromServices] SaveProjectYear save, CancellationToken ct)
    {
        if (!await LoadAsync(id, year, ct))
        {
            return NotFound();
        }

        FormParser.LocalizeBindingErrors(ModelState, l);
        var input = Input.ToInput(new FormParser(ModelState, l, Prefix), l);
        if (input is null || !ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await save.HandleAsync(id, year, input, ct);
            Flash.Success(TempData, l["Projects.Flash.Saved"]);
            return Redirect(ReturnLinks.Project(id, null, Back) + "#year-" + year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (ValidationFailedException e)
        {
            FormParser.AddCoreErrors(ModelState, e.Errors, Prefix, YearInput.Fields);
        }
        catch (ConflictException e)
        {
            // Read again: the line may have been changed, or added by someone else while this form was open.
            await LoadAsync(id, year, ct);
            var current = View.Project.Years.FirstOrDefault(y => y.Year == year);
            ConflictMessage = e.Message;
            Conflicts = Differences.Between(input, current, Choices.Names, l);
            Input.Version = current?.Version;
            ModelState.Remove(Prefix + nameof(Input.Version));
            IsNew = current is null;
        }
        catch (NotFoundException e)
        {
            ModelState.AddModelError("", e.Message);
        }

        return Page();
    }

    private async Task<bool> LoadAsync(int id, int year, CancellationToken ct)
    {
        try
        {
            View = await get.HandleAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return false;
        }

        Year = year;
        IsNew = View.Project.Years.All(y => y.Year != year);
        Choices = await ProjectChoices.LoadAsync(db, ct);
        PlanApproved = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.YearPlans, p => p.Year == year, ct);
        return true;
    }

    /// <summary>A new line defaults to 续建 when the project had an earlier year, otherwise to its own 建设性质.</summary>
    private YearInput NewLine(int year)
    {
        var continuing = Choices.Names.List(LookupKind.Nature).FirstOrDefault(n => n.Meaning == LookupMeaning.Continuing);
        var hadEarlierYear = View.Project.Years.Any(y => y.Year < year);
        return new YearInput
        {
            InPlan = true,
            NatureId = hadEarlierYear && continuing is not null ? continuing.Id : View.Project.NatureId,
        };
    }

    public IEnumerable<string> Errors(string field) =>
        ModelState.TryGetValue(Prefix + field, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    public string Invalid(string field) =>
        ModelState.GetFieldValidationState(Prefix + field) == ModelValidationState.Invalid ? "is-invalid" : "";
}
