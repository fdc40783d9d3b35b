using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Work;

namespace Tiaodu.Web.Pages.My;

/// <summary>我的工作: what is mine today, what is late, what changed — for whatever roles the reader holds.</summary>
public sealed class IndexModel(MyWork work) : PageModel
{
    public MyWorkView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => View = await work.GetAsync(ct);
}
