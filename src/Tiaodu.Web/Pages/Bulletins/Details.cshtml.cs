using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Bulletins;
using Tiaodu.Core.Documents;

namespace Tiaodu.Web.Pages.Bulletins;

/// <summary>A published bulletin as it was issued (from its frozen content), with its .docx and PDF.</summary>
public sealed class DetailsModel(BulletinQueries queries, OfficeConverter office) : PageModel
{
    public Bulletin Bulletin { get; private set; } = null!;

    public BulletinContent Composed { get; private set; } = null!;

    public bool PdfAvailable => office.IsAvailable;

    public async Task OnGetAsync(int id, CancellationToken ct) => (Bulletin, Composed) = await queries.GetAsync(id, ct);
}
