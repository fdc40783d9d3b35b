using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Bulletins;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Bulletins;

/// <summary>Published bulletins of the jurisdiction, archived by month; the dispatch office starts a new one here.</summary>
public sealed class IndexModel(BulletinQueries queries, TiaoduDb db, ICurrentUser user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PageOfBulletins Bulletins { get; private set; } = null!;

    public ProjectChoices? Choices { get; private set; }

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public bool CanPublish => user.Has(Permission.PublishBulletins);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Bulletins = await queries.ListAsync(Year, PageNumber, 30, ct);
        Choices = CanPublish ? await ProjectChoices.LoadAsync(db, ct) : null;
    }

    public string PageUrl(int page) =>
        "/bulletins?page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (Year is { } y ? "&year=" + y.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
}
