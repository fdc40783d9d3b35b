using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Cockpit;
using Tiaodu.Core.Work;

namespace Tiaodu.Web.Pages.Leader;

/// <summary>The leader's phone view: my projects with their lights, what waits for me, problems awaiting an instruction, progress photos.</summary>
public sealed class LeaderModel(LeaderDesk desk, MyWork work) : PageModel
{
    public LeaderDeskView Desk { get; private set; } = null!;
    public MyWorkView Work { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Desk = await desk.GetAsync(ct);
        Work = await work.GetAsync(ct);
    }
}
