using Tiaodu.Core;
using Tiaodu.Core.Demo;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Web.Infrastructure;

internal static class UseCases
{
    /// <summary>Every Core handler, registered by hand: pages and endpoints inject the one they need.</summary>
    public static IServiceCollection AddTiaoduUseCases(this IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(sp => ZonedClock.FromId(sp.GetRequiredService<IConfiguration>()["TimeZone"]));
        services.AddScoped<LedgerQueryBuilder>();
        services.AddScoped<ListProjects>();
        services.AddScoped<GetProject>();
        services.AddScoped<SaveProject>();
        services.AddScoped<DeleteProject>();
        services.AddScoped<SaveProjectYear>();
        services.AddScoped<ComputeIndicators>();
        services.AddSingleton<LedgerSnapshotCache>();
        services.AddHostedService<SnapshotWarmup>();
        services.AddScoped<SaveRegion>();
        services.AddScoped<SaveLookup>();
        services.AddScoped<SaveTag>();
        services.AddScoped<SeedReferenceData>();
        services.AddScoped<SeedDemoData>();
        return services;
    }
}
