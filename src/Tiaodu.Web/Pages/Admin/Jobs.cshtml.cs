using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Jobs;
using Tiaodu.Core.Notifications;

namespace Tiaodu.Web.Pages.Admin;

/// <summary>Scheduled work for the administrators: each job's runs (period, instance, result) and the message queue's state.</summary>
public sealed class JobsModel(TiaoduDb db) : PageModel
{
    public List<JobRun> Runs { get; private set; } = [];

    public Dictionary<OutboxStatus, int> Outbox { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Runs = await db.JobRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(100).ToListAsync(ct);
        Outbox = (await db.OutboxMessages.AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
    }

    /// <summary>When a job runs next: the daily light evaluation tomorrow; reminders from next month's reminder day.</summary>
    public static string Schedule(string job) => job switch
    {
        Web.Lights.LightsJob.Name => "每日一次",
        Web.Problems.SupervisionJob.Name => "每日一次",
        Web.Notifications.ReminderJob.Name => "每月截止日前提醒期内一次",
        _ => "",
    };
}
