using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Imports;

namespace Tiaodu.Web.Pages.Imports;

/// <summary>Upload a ledger file, and the list of earlier imports (mine and my region's).</summary>
[RequestSizeLimit(UploadImport.MaxFileBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadImport.MaxFileBytes + 1024 * 1024)]
public sealed class IndexModel(TiaoduDb db, ImportQueries queries, ICurrentUser user) : PageModel
{
    public PageOf<ImportBatch> Batches { get; private set; } = new([], 0, 1, 20);

    public IReadOnlyList<Region> Regions { get; private set; } = [];

    public IReadOnlyList<(int Id, string Name)> Mappings { get; private set; } = [];

    public string? Error { get; private set; }

    public static string StatusClass(ImportStatus s) => s switch
    {
        ImportStatus.Applied => "text-bg-success",
        ImportStatus.Ready => "text-bg-primary",
        ImportStatus.Refused or ImportStatus.Failed => "text-bg-danger",
        ImportStatus.RolledBack => "text-bg-secondary",
        _ => "text-bg-warning",
    };

    public async Task OnGetAsync(int? p, CancellationToken ct) => await LoadAsync(p ?? 1, ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, DateOnly? asOf, int? year, string? region, int? mappingId,
        [FromServices] UploadImport upload, [FromServices] ImportWorker worker, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Error = "请选择要导入的文件（.xlsx、.xls 或 .csv）";
            await LoadAsync(1, ct);
            return Page();
        }

        try
        {
            var options = new ImportOptions { AsOf = asOf, Year = year, Region = string.IsNullOrWhiteSpace(region) ? null : region, MappingId = mappingId };
            await using var stream = file.OpenReadStream();
            var batch = await upload.HandleAsync(file.FileName, stream, options, user, ct);
            worker.Wake();
            return Redirect($"/imports/{batch.Id}");
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
            await LoadAsync(1, ct);
            return Page();
        }
    }

    private async Task LoadAsync(int page, CancellationToken ct)
    {
        Batches = await queries.ListAsync(page, 20, ct);
        Regions = await RegionChoices.InScopeAsync(db, await user.ScopeAsync(ct), ct);
        Mappings = [.. (await db.ImportMappings.AsNoTracking().Where(m => m.Target == ImportMapping.Ledger).OrderBy(m => m.Name).Select(m => new { m.Id, m.Name }).ToListAsync(ct)).Select(m => (m.Id, m.Name))];
    }
}

/// <summary>Regions a user may choose as an import's default region: those of the jurisdiction, in tree order.</summary>
internal static class RegionChoices
{
    public static async Task<IReadOnlyList<Region>> InScopeAsync(TiaoduDb db, AccessScope scope, CancellationToken ct)
    {
        var directory = await RegionDirectory.LoadAsync(db, ct);
        return [.. directory.All.Where(r => r.IsActive && (scope.All || scope.RegionIds?.Contains(r.Id) == true)).OrderBy(r => r.Path, StringComparer.Ordinal)];
    }
}
