using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Notifications;

namespace Tiaodu.Web.Pages.Notices;

/// <summary>The signed-in account's notices: newest first, unread marked, mark one or all read.</summary>
public sealed class IndexModel(NoticeQueries notices) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public NoticeList Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Result = await notices.ListAsync(Unread, PageNumber, 30, ct);

    public async Task<IActionResult> OnPostReadAsync(long? id, CancellationToken ct)
    {
        await notices.MarkReadAsync(id, ct);
        return Redirect("/notices" + (Unread ? "?unread=true" : ""));
    }

    /// <summary>Opens a notice's page and marks it read; only local links are ever stored.</summary>
    public async Task<IActionResult> OnPostOpenAsync(long id, CancellationToken ct)
    {
        await notices.MarkReadAsync(id, ct);
        var list = await notices.ListAsync(false, 1, 100, ct);
        var link = list.Items.FirstOrDefault(n => n.Id == id)?.Link;
        return Redirect(link is { Length: > 0 } l && l.StartsWith('/') && !l.StartsWith("//", StringComparison.Ordinal) ? l : "/notices");
    }
}
