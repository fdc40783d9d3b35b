using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>A project's service log (服务秘书走访/联系记录), with the phone-first form to record a visit or a contact.</summary>
public sealed class ServiceLogModel(ManageServiceLogs logs, TiaoduDb db, Core.Files.FileStoreOptions fileOptions, IStringLocalizer<SharedResource> l) : PageModel
{
    public ProjectServiceLog View { get; private set; } = null!;

    public IReadOnlyList<(int Id, string Name)> Categories { get; private set; } = [];

    public string? Error { get; private set; }

    public DateOnly Today => logs.Today;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRecordAsync(int id, ServiceLogKind kind, DateOnly? on, string? note, int? categoryId, string? problem,
        List<IFormFile> photo, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!View.CanRecord)
        {
            return Forbid();
        }

        try
        {
            // Every photo is read and checked before anything is written, so a refused photo leaves no entry behind
            // to be recorded twice when the form is sent again.
            var photos = new List<(string Name, byte[] Content)>();
            foreach (var file in photo.Take(ServiceLog.MaxPhotos))
            {
                if (file.Length > fileOptions.MaxBytes)
                {
                    throw ValidationFailedException.For("file", $"照片不能超过{fileOptions.MaxBytes / 1024 / 1024}MB");
                }

                var content = await file.ReadAllBytesAsync(ct);
                photos.Add(Core.Files.FileStore.IsImage(content) ? (file.FileName, content) : throw ValidationFailedException.For("file", "走访照片只接受 JPG 或 PNG 图片"));
            }

            var log = await logs.RecordAsync(id, kind, on, note, [new RaisedProblem(categoryId, problem)], ct);
            foreach (var (name, content) in photos)
            {
                await logs.AddPhotoAsync(log.Id, name, content, null, ct);
            }

            Flash.Success(TempData, l["ServiceLog.Flash.Recorded"]);
            return Redirect($"/projects/{id}/service-log#log-{log.Id}");
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException or NotFoundException)
        {
            Error = e.Message;
        }

        await LoadAsync(id, ct);
        return Page();
    }

    /// <summary>Adds photos to an entry (the phone sends each resized with a small copy; without script, the originals).</summary>
    public Task<IActionResult> OnPostPhotoAsync(int id, int logId, List<IFormFile> photo, IFormFile? thumb, CancellationToken ct) =>
        ChangeAsync(id, logId, async () =>
        {
            foreach (var file in photo)
            {
                var small = thumb is not null && photo.Count == 1 ? await thumb.ReadAllBytesAsync(ct) : null;
                await logs.AddPhotoAsync(logId, file.FileName, await file.ReadAllBytesAsync(ct), small, ct);
            }

            Flash.Success(TempData, l["ServiceLog.Flash.Photo"]);
            return Redirect($"/projects/{id}/service-log#log-{logId}");
        }, ct);

    /// <summary>Corrects an entry's way, day and note.</summary>
    public Task<IActionResult> OnPostCorrectAsync(int id, int logId, int version, ServiceLogKind kind, DateOnly? on, string? note, CancellationToken ct) =>
        ChangeAsync(id, logId, async () =>
        {
            await logs.CorrectAsync(logId, version, kind, on, note, ct);
            Flash.Success(TempData, l["ServiceLog.Flash.Corrected"]);
            return Redirect($"/projects/{id}/service-log#log-{logId}");
        }, ct);

    /// <summary>Removes an entry recorded in error (the page asks first).</summary>
    public Task<IActionResult> OnPostRemoveAsync(int id, int logId, int version, CancellationToken ct) =>
        ChangeAsync(id, logId, async () =>
        {
            await logs.RemoveAsync(logId, version, ct);
            Flash.Success(TempData, l["ServiceLog.Flash.Removed"]);
            return Redirect($"/projects/{id}/service-log");
        }, ct);

    /// <summary>A change to one of this project's entries (an entry of another project is not found): refusals show on the page.</summary>
    private async Task<IActionResult> ChangeAsync(int id, int logId, Func<Task<IActionResult>> change, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!View.CanRecord)
        {
            return Forbid();
        }

        if (View.Logs.All(x => x.Id != logId))
        {
            return NotFound();
        }

        try
        {
            return await change();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (Exception e) when (e is ValidationFailedException or ConflictException or NotFoundException)
        {
            Error = e.Message;
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        try
        {
            View = await logs.ForProjectAsync(id, 200, ct);
        }
        catch (NotFoundException)
        {
            return false;
        }

        Categories = [.. (await db.Lookups.AsNoTracking().Where(x => x.Kind == Core.Reference.LookupKind.ProblemCategory && x.IsActive)
            .OrderBy(x => x.SortOrder).Select(x => new { x.Id, x.Name }).ToListAsync(ct)).Select(x => (x.Id, x.Name))];
        return true;
    }
}
