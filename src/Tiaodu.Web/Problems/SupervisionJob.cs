using System.Globalization;
using Tiaodu.Core.Problems;
using Tiaodu.Web.Infrastructure;

namespace Tiaodu.Web.Problems;

/// <summary>
/// The daily supervision check (督办): issues 督办单 on problems past their deadline and escalates those that
/// missed enough dates, as the supervision settings say; claimed per day, so one instance runs it.
/// </summary>
public sealed class SupervisionJob(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<SupervisionJob> log)
    : ClaimedJob(scopes, config, clock, log)
{
    public const string Name = "problems.supervision";

    protected override string JobName => Name;

    protected override Task<string?> DuePeriodAsync(IServiceProvider services, DateOnly today, CancellationToken ct) =>
        Task.FromResult<string?>(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    protected override async Task<string> WorkAsync(IServiceProvider services, DateOnly today, CancellationToken ct)
    {
        var run = await services.GetRequiredService<SuperviseProblems>().RunAsync(ct);
        return string.Create(CultureInfo.InvariantCulture, $"督办单{run.Issued}份，自动提级{run.Escalated}个");
    }
}
