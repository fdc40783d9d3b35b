using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Dispatch;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Dispatch;

/// <summary>周监测: this week's checklist of watched projects; record a check from a phone; the office adds and removes projects.</summary>
public sealed class WatchModel(ManageWatch watch, TiaoduDb db, ICurrentUser user, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public DateOnly? Week { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Unchecked { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public WatchWeek View { get; private set; } = null!;

    public ProjectChoices Choices { get; private set; } = null!;

    public string? Error { get; private set; }

    public DateOnly ThisWeek => watch.ThisWeek;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostCheckAsync(int projectId, WatchStatus status, string? workers, string? note, int? version, CancellationToken ct) =>
        ActAsync(Permission.ReportProgress, async () =>
        {
            int? count = null;
            if (!string.IsNullOrWhiteSpace(workers))
            {
                count = int.TryParse(workers.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw ValidationFailedException.For("workers", "在岗人数应为整数");
            }

            await watch.RecordAsync(projectId, Week ?? ThisWeek, status, count, note, version, ct);
        }, l["Watch.Flash.Checked"], ct);

    public Task<IActionResult> OnPostAddAsync(string? code, string? focus, CancellationToken ct) =>
        ActAsync(Permission.ReviewReports, async () =>
        {
            var key = code?.Trim() ?? "";
            int? id = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            var project = await db.Projects.AsNoTracking()
                .Where(p => !p.IsDeleted && ((id != null && p.Id == id) || p.Code == key || p.Name == key))
                .Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) ?? throw ValidationFailedException.For("code", "找不到该项目：请填写项目编号、项目代码或项目全称");
            await watch.AddAsync(project, focus, ct);
        }, l["Watch.Flash.Added"], ct);

    public Task<IActionResult> OnPostRemoveAsync(int entryId, int version, CancellationToken ct) =>
        ActAsync(Permission.ReviewReports, () => watch.RemoveAsync(entryId, version, ct), l["Watch.Flash.Removed"], ct);

    private async Task<IActionResult> ActAsync(Permission needed, Func<Task> act, string done, CancellationToken ct)
    {
        if (!user.Has(needed))
        {
            return Forbid();
        }

        try
        {
            await act();
            Flash.Success(TempData, done);
            return Redirect(WeekUrl());
        }
        catch (Exception e) when (e is ConflictException or ValidationFailedException or ForbiddenException or NotFoundException)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        View = await watch.WeekAsync(Week, Region, Q, Unchecked, PageNumber, PageSize, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
    }

    public string WeekUrl(DateOnly? week = null, bool? @unchecked = null, int? page = null)
    {
        var w = week ?? View?.WeekOf ?? Week ?? ThisWeek;
        var parts = new List<string> { "week=" + w.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        if (!string.IsNullOrEmpty(Region))
        {
            parts.Add("region=" + Uri.EscapeDataString(Region));
        }

        if (!string.IsNullOrEmpty(Q))
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        if (@unchecked ?? Unchecked)
        {
            parts.Add("unchecked=true");
        }

        if (page is > 1)
        {
            parts.Add("page=" + page.Value.ToString(CultureInfo.InvariantCulture));
        }

        return "/dispatch/watch?" + string.Join("&", parts);
    }
}
