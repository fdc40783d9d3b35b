using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Imports;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Imports;

/// <summary>
/// One import: progress while it is analysed or applied (polled), then the preview with its mapping and
/// options to correct, every issue by row, confirm; afterwards the result and rollback.
/// </summary>
public sealed class DetailsModel(TiaoduDb db, ImportQueries queries, ICurrentUser user, ImportProgress progress) : PageModel
{
    public const int IssuesPerPage = 100;

    public ImportBatch Batch { get; private set; } = null!;

    public ImportPreview? Preview { get; private set; }

    public ImportOptions Options { get; private set; } = new();

    public IReadOnlyList<Region> Regions { get; private set; } = [];

    public IReadOnlyList<string> TagNames { get; private set; } = [];

    /// <summary>Rows done so far while the batch is analysed or written, on whichever instance runs it.</summary>
    public int? RowsDone { get; private set; }

    public bool Working => Batch.Status is ImportStatus.Pending or ImportStatus.Analysing or ImportStatus.Queued or ImportStatus.Applying;

    public int IssuePage { get; private set; } = 1;

    public string? Error { get; private set; }

    /// <summary>Every field a column can be mapped to, with its label, in the order of the ledger form.</summary>
    public static IEnumerable<(string Key, string Label)> Fields =>
        ImportFields.All.Where(f => f != ImportField.Tag).Select(f => (f.ToString(), ImportFields.Label(f)));

    public async Task<IActionResult> OnGetAsync(int id, int? ip, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        IssuePage = Math.Max(1, ip ?? 1);
        return Page();
    }

    /// <summary>The progress panel, polled while the batch is being worked on; a full reload once it is done.</summary>
    public async Task<IActionResult> OnGetStatusAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!Working)
        {
            Response.Headers["HX-Refresh"] = "true";
        }

        return Partial("_Progress", this);
    }

    public async Task<IActionResult> OnPostOptionsAsync(int id, int version, int? sheet, DateOnly? asOf, int? year, string? region, [FromServices] ImportWorker worker, CancellationToken ct)
    {
        var current = ImportOptions.FromJson((await queries.GetAsync(id, ct)).OptionsJson);
        var columns = ColumnChoices.FromForm(Request.Form, current.Columns.Keys);

        foreach (var (index, key) in current.Columns.Where(c => !columns.ContainsKey(c.Key) && !Request.Form.ContainsKey($"col{c.Key}")))
        {
            columns[index] = key;
        }

        var choices = new Dictionary<string, string>(current.RegionChoices, StringComparer.Ordinal);
        foreach (var (key, value) in Request.Form.Where(f => f.Key.StartsWith("choice:", StringComparison.Ordinal)))
        {
            if (!string.IsNullOrEmpty(value))
            {
                choices[key["choice:".Length..]] = value.ToString();
            }
        }

        var options = current with
        {
            Sheet = sheet,
            AsOf = asOf,
            Year = year,
            Region = string.IsNullOrWhiteSpace(region) ? null : region,
            Columns = columns,
            RegionChoices = choices,
        };
        try
        {
            await queries.SetOptionsAsync(id, version, options, ct);
            worker.Wake();
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException)
        {
            Flash.Warning(TempData, e.Message);
        }

        return Redirect($"/imports/{id}");
    }

    public async Task<IActionResult> OnPostConfirmAsync(int id, int version, [FromServices] ApplyImport apply, [FromServices] ImportWorker worker, CancellationToken ct)
    {
        try
        {
            await apply.ConfirmAsync(id, version, user, ct);
            worker.Wake();
        }
        catch (ConflictException e)
        {
            Flash.Warning(TempData, e.Message);
        }

        return Redirect($"/imports/{id}");
    }

    public async Task<IActionResult> OnPostRollbackAsync(int id, int version, [FromServices] RollbackImport rollback, CancellationToken ct)
    {
        try
        {
            await rollback.HandleAsync(id, version, user, ct);
            Flash.Success(TempData, "已撤销本次导入，台账已恢复到导入前的状态");
        }
        catch (ConflictException e)
        {
            Flash.Warning(TempData, e.Message);
        }

        return Redirect($"/imports/{id}");
    }

    public async Task<IActionResult> OnPostMappingAsync(int id, string? name, CancellationToken ct)
    {
        try
        {
            var mapping = await queries.SaveMappingAsync(name ?? "", id, ct);
            Flash.Success(TempData, $"已保存映射方案「{mapping.Name}」，下次上传时可选用");
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException)
        {
            Flash.Warning(TempData, e.Message);
        }

        return Redirect($"/imports/{id}");
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        Batch = await queries.GetAsync(id, ct);
        Preview = ImportPreview.FromJson(Batch.PreviewJson);
        Options = ImportOptions.FromJson(Batch.OptionsJson);
        RowsDone = Working ? await progress.RowsDoneAsync(id, ct) : null;
        Regions = await RegionChoices.InScopeAsync(db, await user.ScopeAsync(ct), ct);
        TagNames = await db.Tags.AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.SortOrder).Select(t => t.Name).ToListAsync(ct);
    }
}
