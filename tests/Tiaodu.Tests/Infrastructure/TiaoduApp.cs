using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Accounts;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Infrastructure;

/// <summary>
/// The whole application over HTTP on a throwaway database of the run's provider, migrated and filled with
/// reference data on start, with the clock stopped at <see cref="FixedClock.Default"/>. Clients sign in
/// through the real login form; the default one is <see cref="Tester"/>, a province-wide dispatch office.
/// </summary>
public class TiaoduApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    public FixedClock Clock { get; } = new(FixedClock.Default);

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised");

    /// <summary>Where this app's uploaded files go: a folder of its own, removed with it.</summary>
    public string FilesRoot { get; } = Path.Combine(Path.GetTempPath(), "tiaodu-files-" + Guid.NewGuid().ToString("N"));

    protected virtual bool WithDemoData => false;

    /// <summary>Satisfies both password profiles (等保 and ASVS).</summary>
    public const string TestPassword = "Tiaodu-Test#2026";

    /// <summary>The account <see cref="Api"/> signs in as: every project, every ledger permission.</summary>
    public virtual string Tester => "tester";

    /// <summary>A fixed personal-data key, so tests can decrypt what the app stored.</summary>
    public static readonly string PersonalDataKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _ = Server;
        if (!WithDemoData)
        {
            await CreateAccountAsync(Tester, [Role.DispatchOffice], "220000");
        }
    }

    /// <summary>The database this app runs on: a throwaway one on the lane's provider.</summary>
    protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(FilesRoot))
        {
            Directory.Delete(FilesRoot, recursive: true);
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => Configure(builder, WithDemoData);

    internal void Configure(IWebHostBuilder builder, bool demo)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);

        // Tests start a second instance on the same file on purpose; the lock is tested on its own.
        builder.UseSetting("Database:SingleInstance", "false");
        builder.UseSetting("Demo:Enabled", demo ? "true" : "false");

        // Scheduled jobs run only when a test asks for them, so they never change data under another test.
        builder.UseSetting("Jobs:Enabled", "false");

        // Claims are released by tests that ask for it, never by the worker behind another test's back.
        builder.UseSetting("Imports:ClaimGraceSeconds", "31536000");
        builder.UseSetting("Files:Root", FilesRoot);
        builder.UseSetting("Security:PersonalDataKey", PersonalDataKey);

        // Fewer PBKDF2-SM3 rounds than production, so tests that sign in often stay quick.
        builder.UseSetting("Security:Sm3Iterations", "1000");
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

    private HttpMessageHandler? _tester;

    /// <summary>
    /// A client signed in as <see cref="Tester"/> that sends its anti-forgery token; redirects are not
    /// followed. Every such client shares one signed-in session, so only the first one signs in.
    /// </summary>
    public HttpClient Api()
    {
        _tester ??= new SignedInHandler(Tester, DefaultPassword, sendCsrfToken: true, signInAgain: true)
        {
            InnerHandler = new CookieContainerHandler { InnerHandler = Server.CreateHandler() },
        };
        return new HttpClient(_tester, disposeHandler: false) { BaseAddress = new Uri("http://localhost") };
    }

    /// <summary>A client signed in as <paramref name="userName"/>.</summary>
    public HttpClient ClientFor(string userName, string? password = null, bool sendCsrfToken = true, bool followRedirects = false) =>
        this.SignedInClient(userName, password ?? DefaultPassword, sendCsrfToken, followRedirects);

    /// <summary>The password of <see cref="Tester"/> and of accounts made by <see cref="CreateAccountAsync"/> (demo accounts' in the demo).</summary>
    public string DefaultPassword => WithDemoData ? DemoAccounts.Password : TestPassword;

    /// <summary>Another app instance on this one's database: its own memory, caches and snapshot, the same clock and keys.</summary>
    public SecondInstance StartSecondInstance() => new(this);

    private int _admins;

    /// <summary>
    /// A client signed in as a fresh administrator holding <paramref name="role"/>, who passes the second
    /// factor the real way, with one of its recovery codes.
    /// </summary>
    public async Task<HttpClient> AdminClientAsync(Role role)
    {
        var name = $"admin{Interlocked.Increment(ref _admins)}.{role.ToString().ToLowerInvariant()}";
        var codes = Core.Security.RecoveryCodes.Generate();
        var id = await CreateAccountAsync(name, [role]);
        await WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<TiaoduDb>();
            var account = await db.Accounts.SingleAsync(a => a.Id == id);
            account.TwoFactorEnabled = true;
            account.AuthenticatorKey = sp.GetRequiredService<PersonalData>().Protect(Core.Security.Base32.Encode(Core.Security.Totp.NewKey()), Core.Security.CryptoProfile.Guomi);
            account.RecoveryCodes = string.Join(';', codes.Select(Core.Security.RecoveryCodes.Hash));
            return await db.SaveChangesAsync();
        });
        var handlers = new DelegatingHandler[] { new SignedInHandler(name, TestPassword, sendCsrfToken: true, recoveryCodes: codes, signInAgain: true), new CookieContainerHandler() };
        return CreateDefaultClient(new Uri("http://localhost"), handlers);
    }

    /// <summary>A client nobody signed in on.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Creates a signed-in-ready account (password <see cref="TestPassword"/>, no second factor) and returns its id.</summary>
    public Task<int> CreateAccountAsync(string userName, IReadOnlyList<Role> roles, string? regionKey = null,
        int? sectorId = null, int? personId = null, IReadOnlyList<int>? projectIds = null, bool canReveal = false) =>
        WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<TiaoduDb>();
            var account = new Account(userName, userName, Clock.GetUtcNow().UtcDateTime);
            int? region = regionKey is null ? null : await db.Regions.Where(r => r.Key == regionKey).Select(r => r.Id).SingleAsync();
            account.SetProfile(userName, null, region, sectorId, personId);
            await sp.GetRequiredService<PasswordService>().SetAsync(account, TestPassword, temporary: false, CancellationToken.None);
            account.SetRoles(roles, canReveal);
            account.SetProjects(projectIds ?? []);
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

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

/// <summary>The application with its demo dataset and demo accounts, shared by the tests that only read.</summary>
public sealed class DemoApp : TiaoduApp
{
    protected override bool WithDemoData => true;

    public override string Tester => "dispatch";
}

/// <summary>A second app instance sharing a <see cref="TiaoduApp"/>'s database, clock and keys.</summary>
public sealed class SecondInstance(TiaoduApp first) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) => first.Configure(builder, demo: false);

    public HttpClient ClientFor(string userName, string? password = null, bool sendCsrfToken = true) =>
        this.SignedInClient(userName, password ?? first.DefaultPassword, sendCsrfToken, followRedirects: false);

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}

internal static class SignedInClients
{
    public static HttpClient SignedInClient(this WebApplicationFactory<Program> app, string userName, string password, bool sendCsrfToken, bool followRedirects)
    {
        var handlers = new List<DelegatingHandler>();
        if (followRedirects)
        {
            handlers.Add(new RedirectHandler());
        }

        handlers.Add(new SignedInHandler(userName, password, sendCsrfToken));
        handlers.Add(new CookieContainerHandler());
        return app.CreateDefaultClient(new Uri("http://localhost"), [.. handlers]);
    }
}
