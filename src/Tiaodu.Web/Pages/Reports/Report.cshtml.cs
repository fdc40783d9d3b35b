using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reports;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Reports;

/// <summary>The report form as typed: amounts and the date stay text until read.</summary>
public sealed class ReportForm
{
    public string? InvestmentMonth { get; set; }
    public string? InvestmentYtd { get; set; }
    public string? InvestmentSinceStart { get; set; }
    public string? ConstructionWork { get; set; }
    public string? InstallationWork { get; set; }
    public string? EquipmentPurchase { get; set; }
    public string? OtherWork { get; set; }
    public string? FundsFiscal { get; set; }
    public string? FundsLoan { get; set; }
    public string? FundsSelf { get; set; }
    public string? FundsOther { get; set; }
    public string? Progress { get; set; }
    public int? WorkersOnSite { get; set; }
    public string? StartedOn { get; set; }
    public string? Problems { get; set; }
    public string? Explanation { get; set; }
    public int? Version { get; set; }

    public static readonly ISet<string> Fields = typeof(ReportInput).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The money fields in form order with their label keys.</summary>
    public static readonly IReadOnlyList<(string Field, string Label)> Split =
    [
        (nameof(ConstructionWork), "Reports.Field.Construction"), (nameof(InstallationWork), "Reports.Field.Installation"),
        (nameof(EquipmentPurchase), "Reports.Field.Equipment"), (nameof(OtherWork), "Reports.Field.OtherWork"),
    ];

    public static readonly IReadOnlyList<(string Field, string Label)> Funds =
    [
        (nameof(FundsFiscal), "Reports.Field.FundsFiscal"), (nameof(FundsLoan), "Reports.Field.FundsLoan"),
        (nameof(FundsSelf), "Reports.Field.FundsSelf"), (nameof(FundsOther), "Reports.Field.FundsOther"),
    ];

    public string? Text(string field) => (string?)typeof(ReportForm).GetProperty(field)!.GetValue(this);

    public static ReportForm From(MonthlyReport r) => new()
    {
        InvestmentMonth = FormParser.Number(r.InvestmentMonth), InvestmentSinceStart = FormParser.Number(r.InvestmentSinceStart),
        ConstructionWork = FormParser.Number(r.ConstructionWork), InstallationWork = FormParser.Number(r.InstallationWork),
        EquipmentPurchase = FormParser.Number(r.EquipmentPurchase), OtherWork = FormParser.Number(r.OtherWork),
        FundsFiscal = FormParser.Number(r.FundsFiscal), FundsLoan = FormParser.Number(r.FundsLoan),
        FundsSelf = FormParser.Number(r.FundsSelf), FundsOther = FormParser.Number(r.FundsOther),
        Progress = r.Progress, WorkersOnSite = r.WorkersOnSite, StartedOn = FormParser.DateText(r.StartedOn),
        Problems = r.ProblemsText, Explanation = r.Explanation, Version = r.Version,
    };

    public ReportInput? ToInput(FormParser p, IStringLocalizer l)
    {
        decimal? D(string? text, string field, string label) => p.ReadDecimal(text, field, l[label], l["Unit.Wan"], "万");
        var input = new ReportInput
        {
            InvestmentMonth = D(InvestmentMonth, nameof(InvestmentMonth), "Reports.Field.Month"),
            InvestmentYtd = D(InvestmentYtd, nameof(InvestmentYtd), "Reports.Field.Ytd"),
            InvestmentSinceStart = D(InvestmentSinceStart, nameof(InvestmentSinceStart), "Reports.Field.SinceStart"),
            ConstructionWork = D(ConstructionWork, nameof(ConstructionWork), "Reports.Field.Construction"),
            InstallationWork = D(InstallationWork, nameof(InstallationWork), "Reports.Field.Installation"),
            EquipmentPurchase = D(EquipmentPurchase, nameof(EquipmentPurchase), "Reports.Field.Equipment"),
            OtherWork = D(OtherWork, nameof(OtherWork), "Reports.Field.OtherWork"),
            FundsFiscal = D(FundsFiscal, nameof(FundsFiscal), "Reports.Field.FundsFiscal"),
            FundsLoan = D(FundsLoan, nameof(FundsLoan), "Reports.Field.FundsLoan"),
            FundsSelf = D(FundsSelf, nameof(FundsSelf), "Reports.Field.FundsSelf"),
            FundsOther = D(FundsOther, nameof(FundsOther), "Reports.Field.FundsOther"),
            StartedOn = p.ReadDate(StartedOn, nameof(StartedOn), l["Field.StartedOn"]),
            Progress = Progress, WorkersOnSite = WorkersOnSite, Problems = Problems, Explanation = Explanation, Version = Version,
        };
        return p.HasErrors ? null : input;
    }
}

/// <summary>
/// One project's report for one month: the reporter fills it in and submits it; the dispatch office approves
/// it, returns it with a reason, or corrects it after approval with a reason.
/// </summary>
public sealed class ReportModel(ReportQueries queries, ICurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    private const string Prefix = "Input.";

    [BindProperty]
    public ReportForm Input { get; set; } = new();

    /// <summary>Why the report is returned or corrected.</summary>
    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Show the correction form of an approved report.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Correct { get; set; }

    public ReportView View { get; private set; } = null!;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public bool CanReport => user.Has(Permission.ReportProgress) || user.Has(Permission.EditLedger);

    public bool CanReview => user.Has(Permission.ReviewReports);

    /// <summary>The reporter's form is open: no report yet, a draft or a returned one, and the month has begun.</summary>
    public bool Editable => CanReport && View.State is ReportState.Missing or ReportState.Draft or ReportState.Returned && !Future;

    public bool Correcting => Correct && CanReview && View.State == ReportState.Approved;

    public bool Future => View.Year > Today.Year || (View.Year == Today.Year && View.Month > Today.Month);

    public string? ConflictMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int year, int month, CancellationToken ct)
    {
        if (!await LoadAsync(id, year, month, ct))
        {
            return NotFound();
        }

        Input = View.Report is { } r ? ReportForm.From(r) : new ReportForm();
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(int id, int year, int month, [FromServices] SaveReport save, CancellationToken ct) =>
        SaveAsync(id, year, month, save, submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(int id, int year, int month, [FromServices] SaveReport save, CancellationToken ct) =>
        SaveAsync(id, year, month, save, submit: true, ct);

    public async Task<IActionResult> OnPostApproveAsync(int id, int year, int month, [FromServices] ReviewReport review, CancellationToken ct)
    {
        if (!CanReview)
        {
            return Forbid();
        }

        return await ReviewAsync(id, year, month, async reportId =>
        {
            await review.ApproveAsync(reportId, Input.Version ?? -1, ct);
            return l["Reports.Flash.Approved"];
        }, ct);
    }

    public async Task<IActionResult> OnPostReturnAsync(int id, int year, int month, [FromServices] ReviewReport review, CancellationToken ct)
    {
        if (!CanReview)
        {
            return Forbid();
        }

        return await ReviewAsync(id, year, month, async reportId =>
        {
            await review.ReturnAsync(reportId, Input.Version ?? -1, Reason, ct);
            return l["Reports.Flash.Returned"];
        }, ct);
    }

    public async Task<IActionResult> OnPostCorrectAsync(int id, int year, int month, [FromServices] ReviewReport review, CancellationToken ct)
    {
        if (!CanReview)
        {
            return Forbid();
        }

        Correct = true;
        FormParser.LocalizeBindingErrors(ModelState, l);
        var input = Input.ToInput(new FormParser(ModelState, l, Prefix), l);
        if (input is null || !ModelState.IsValid)
        {
            return await LoadAsync(id, year, month, ct) ? Page() : NotFound();
        }

        return await ReviewAsync(id, year, month, async reportId =>
        {
            await review.CorrectAsync(reportId, input, Reason, ct);
            return l["Reports.Flash.Corrected"];
        }, ct);
    }

    /// <summary>Adds progress photos (the phone sends each resized with a small copy; without script, the originals).</summary>
    public async Task<IActionResult> OnPostPhotoAsync(int id, int year, int month, List<IFormFile> photo, IFormFile? thumb, [FromServices] Core.Files.FileStore files, CancellationToken ct)
    {
        if (!CanReport && !CanReview)
        {
            return Forbid();
        }

        if (!await LoadAsync(id, year, month, ct))
        {
            return NotFound();
        }

        if (View.Report is not { } report)
        {
            ConflictMessage = l["Reports.PhotoNeedsDraft"];
            return Page();
        }

        try
        {
            foreach (var file in photo)
            {
                var small = thumb is not null && photo.Count == 1 ? await thumb.ReadAllBytesAsync(ct) : null;
                await files.AddReportPhotoAsync(report.Id, file.FileName, await file.ReadAllBytesAsync(ct), small, ct);
            }

            Flash.Success(TempData, l["Reports.Flash.Photo"]);
            return Redirect(PageUrl(id, year, month) + "#photos");
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException)
        {
            ConflictMessage = e.Message;
        }

        await LoadAsync(id, year, month, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeletePhotoAsync(int id, int year, int month, int fileId, [FromServices] Core.Files.FileStore files, CancellationToken ct)
    {
        if (!CanReport && !CanReview)
        {
            return Forbid();
        }

        try
        {
            await files.DeleteReportPhotoAsync(fileId, ct);
            Flash.Success(TempData, l["Reports.Flash.PhotoDeleted"]);
        }
        catch (Exception e) when (e is ConflictException or NotFoundException)
        {
            Flash.Warning(TempData, e.Message);
        }

        return Redirect(PageUrl(id, year, month) + "#photos");
    }

    /// <summary>Photos may change while the report is with its reporter (or at any time for the dispatch office).</summary>
    public bool PhotosEditable => View.Report is { } r && ((CanReport && r.Status is Core.Ledger.ReportStatus.Draft or Core.Ledger.ReportStatus.Returned) || CanReview);

    private async Task<IActionResult> SaveAsync(int id, int year, int month, SaveReport save, bool submit, CancellationToken ct)
    {
        if (!CanReport)
        {
            return Forbid();
        }

        if (!await LoadAsync(id, year, month, ct))
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
            await save.HandleAsync(id, year, month, input, submit, ct);
            Flash.Success(TempData, submit ? l["Reports.Flash.Submitted"] : l["Reports.Flash.Saved"]);
            return Redirect(PageUrl(id, year, month));
        }
        catch (ValidationFailedException e)
        {
            FormParser.AddCoreErrors(ModelState, e.Errors, Prefix, ReportForm.Fields);
        }
        catch (ConflictException e)
        {
            await Reload(id, year, month, e.Message, ct);
        }

        return Page();
    }

    private async Task<IActionResult> ReviewAsync(int id, int year, int month, Func<int, Task<string>> act, CancellationToken ct)
    {
        if (!await LoadAsync(id, year, month, ct))
        {
            return NotFound();
        }

        if (View.Report is not { } report)
        {
            ConflictMessage = l["Reports.NoReportYet"];
            return Page();
        }

        try
        {
            Flash.Success(TempData, await act(report.Id));
            return Redirect(PageUrl(id, year, month));
        }
        catch (ValidationFailedException e)
        {
            FormParser.AddCoreErrors(ModelState, e.Errors, Prefix, ReportForm.Fields);
            foreach (var message in e.Errors.Where(x => x.Key == "reason").SelectMany(x => x.Value))
            {
                ModelState.AddModelError(nameof(Reason), message);
            }
        }
        catch (ConflictException e)
        {
            await Reload(id, year, month, e.Message, ct);
        }

        return Page();
    }

    /// <summary>After a conflict the page shows the report as it is now, with the message.</summary>
    private async Task Reload(int id, int year, int month, string message, CancellationToken ct)
    {
        await LoadAsync(id, year, month, ct);
        ConflictMessage = message;
        Input.Version = View.Report?.Version;
        ModelState.Remove(Prefix + nameof(Input.Version));
    }

    private async Task<bool> LoadAsync(int id, int year, int month, CancellationToken ct)
    {
        try
        {
            View = await queries.GetAsync(id, year, month, ct);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    public static string PageUrl(int id, int year, int month) =>
        string.Create(CultureInfo.InvariantCulture, $"/projects/{id}/reports/{year}/{month}");

    public IEnumerable<string> Errors(string field) =>
        ModelState.TryGetValue(Prefix + field, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    public string Invalid(string field) =>
        ModelState.GetFieldValidationState(Prefix + field) == ModelValidationState.Invalid ? "is-invalid" : "";
}
