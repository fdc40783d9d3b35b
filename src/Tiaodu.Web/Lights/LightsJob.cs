using System.Globalization;
using Tiaodu.Core.Lights;
using Tiaodu.Web.Infrastructure;

namespace Tiaodu.Web.Lights;

/// <summary>
/// Evaluates the lights once a day for the current and the previous month (deadlines pass and months end
/// without anyone changing anything); claimed per day, so with several app instances exactly one evaluates it.
/// </summary>
public sealed class LightsJob(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<LightsJob> log)
    : ClaimedJob(scopes, config, clock, log)
{
    public const string Name = "lights.daily";

    protected override string JobName => Name;

    protected override Task<string?> DuePeriodAsync(IServiceProvider services, DateOnly today, CancellationToken ct) =>
        Task.FromResult<string?>(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    protected override async Task<string> WorkAsync(IServiceProvider services, DateOnly today, CancellationToken ct)
    {
        var evaluate = services.GetRequiredService<EvaluateLights>();
        var current = await evaluate.HandleAsync(today.Year, today.Month, ct);
        var (py, pm) = today.Month == 1 ? (today.Year - 1, 12) : (today.Year, today.Month - 1);
        var previous = await evaluate.HandleAsync(py, pm, ct);
        return string.Create(CultureInfo.InvariantCulture,
            $"{current.Year}年{current.Month}月：红灯{current.Red}个、黄灯{current.Yellow}个；{previous.Year}年{previous.Month}月：红灯{previous.Red}个、黄灯{previous.Yellow}个");
    }
}
