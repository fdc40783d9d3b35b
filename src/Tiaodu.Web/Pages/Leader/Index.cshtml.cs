using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Cockpit;
using Tiaodu.Core.Work;

namespace Tiaodu.Web.Pages.Leader;

/// <summary>The leader's phone view: my projects with their lights, what waits for me, problems awaiting an instruction, progress photos.</summary>
public sealed class LeaderModel(LeaderDesk desk, MyWork work) : PageModel
{
    public LeaderDeskView Desk { get; private set; } = null!;
    public MyWorkView Work { get; private set; } = null!;

    /// <summary>A past day to look back at; empty for today.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public DateOnly? AsOf { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Desk = await desk.GetAsync(ct, AsOf);
        }
        catch (Core.ValidationFailedException e)
        {
            Error = e.Message;
            AsOf = null;
            Desk = await desk.GetAsync(ct);
        }

        Work = await work.GetAsync(ct);
    }
}
