using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Problems;

namespace Tiaodu.Web.Pages.Problems;

/// <summary>A responsible department's inbox (本部门待办): its problems, overdue and due soon first, phone-first.</summary>
public sealed class InboxModel(AnswerProblems answer) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)]
    public bool Done { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Inbox? View { get; private set; }

    /// <summary>Set when the account answers for no department.</summary>
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            View = await answer.InboxAsync(Done, PageNumber, PageSize, ct);
        }
        catch (ForbiddenException e)
        {
            Problem = e.Message;
        }
    }

    public string InboxUrl(bool done, int page = 1) => "/problems/inbox?done=" + (done ? "true" : "false") + (page > 1 ? "&page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
}
