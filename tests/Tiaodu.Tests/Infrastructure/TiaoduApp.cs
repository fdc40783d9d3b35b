using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Infrastructure;

/// <summary>
/// The whole application over HTTP on a throwaway database of the run's provider, migrated and filled with
/// reference data on start, with the clock stopped at <see cref="FixedClock.Default"/>.
/// </summary>
public class TiaoduApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    public FixedClock Clock { get; } = new(FixedClock.Default);

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised");

    protected virtual bool WithDemoData => false;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _ = Server;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Demo:Enabled", WithDemoData ? "true" : "false");
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Runs an administrator verb in-process, as the executable would, and captures what it prints.</summary>
    public async Task<(int Code, string Output, string Errors)> RunVerbAsync(params string[] args)
    {
        await using var scope = Services.CreateAsyncScope();
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await Tiaodu.Web.Infrastructure.CommandLine.RunAsync(scope.ServiceProvider, args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    public HttpClient Api() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<T> WithDbAsync<T>(Func<TiaoduDb, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TiaoduDb>());
    }

    public Task<int> RegionIdAsync(string key) =>
        WithDbAsync(db => db.Regions.Where(r => r.Key == key).Select(r => r.Id).SingleAsync());

    public Task<int> LookupIdAsync(LookupKind kind, string name) =>
        WithDbAsync(db => db.Lookups.Where(l => l.Kind == kind && l.Name == name).Select(l => l.Id).SingleAsync());

    /// <summary>Creates a project through the API and returns it as the API shows it.</summary>
    internal async Task<ProjectDto> CreateProjectAsync(ProjectDetails details)
    {
        using var client = Api();
        var response = await client.PostAsJsonAsync("/api/projects", new { project = details }, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<ProjectDto>(Json.Options))!;
    }

    /// <summary>Puts a project on a year's plan (or 计划外) through the API.</summary>
    public async Task SetYearAsync(int projectId, int year, ProjectYearInput input)
    {
        using var client = Api();
        var response = await client.PutAsJsonAsync($"/api/projects/{projectId}/years/{year}", input, Json.Options);
        await response.EnsureSuccessAsync();
    }

    /// <summary>Records approved monthly figures the way the report workflow will, and refreshes the year's series.</summary>
    public Task RecordApprovedMonthAsync(int projectId, int year, int month, decimal monthAmount, decimal ytd, decimal sinceStart) =>
        WithDbAsync(async db =>
        {
            var report = new MonthlyReport(projectId, year, month, monthAmount, ytd, sinceStart, null, Clock.GetUtcNow().UtcDateTime);
            report.MarkApproved(Clock.GetUtcNow().UtcDateTime);
            db.MonthlyReports.Add(report);
            await db.SaveChangesAsync();
            var line = await db.ProjectYears.SingleAsync(y => y.ProjectId == projectId && y.Year == year);
            var approved = await db.MonthlyReports.Where(r => r.ProjectId == projectId && r.Year == year && r.Status == ReportStatus.Approved).ToListAsync();
            var opening = await db.ProjectYears.Where(y => y.ProjectId == projectId && y.Year == year - 1).Select(y => (decimal?)y.SinceStart.M12).SingleOrDefaultAsync() ?? 0m;
            line.RebuildFigures(approved, opening);
            await db.SaveChangesAsync();
            return 0;
        });
}

/// <summary>The application with its demo dataset, shared by the tests that only read.</summary>
public sealed class DemoApp : TiaoduApp
{
    protected override bool WithDemoData => true;
}
