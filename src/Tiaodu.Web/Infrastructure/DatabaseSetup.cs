using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Demo;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Infrastructure;

internal static class DatabaseSetup
{
    public static void AddTiaoduDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!Path.IsPathRooted(options.DataFolder))
        {
            options.DataFolder = Path.Combine(builder.Environment.ContentRootPath, options.DataFolder);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddDbContext<TiaoduDb>(options.Configure);
        if (options.ReplicaOptions() is { } replica)
        {
            var read = new DbContextOptionsBuilder<TiaoduDb>();
            replica.Configure(read);
            read.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
            var readOptions = read.Options;
            builder.Services.AddKeyedScoped(ReadDb.Replica, (sp, _) => new TiaoduDb(readOptions, sp.GetService<Core.Audit.IAuditActor>(), sp.GetService<TimeProvider>(), sp.GetService<Core.Accounts.PersonalData>()));
            builder.Services.AddScoped(sp => new ReadDb(sp.GetRequiredKeyedService<TiaoduDb>(ReadDb.Replica), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Core.Accounts.ICurrentUser>()));
        }
        else
        {
            builder.Services.AddScoped(sp => new ReadDb(sp.GetRequiredService<TiaoduDb>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Core.Accounts.ICurrentUser>()));
        }

        // Uploaded files live beside the database unless Files:Root says otherwise.
        var files = builder.Configuration.GetSection("Files").Get<Core.Files.FileStoreOptions>() ?? new Core.Files.FileStoreOptions();
        var root = builder.Configuration["Files:Root"];
        files.Root = string.IsNullOrWhiteSpace(root) ? Path.Combine(options.DataFolder, "files")
            : Path.IsPathRooted(root) ? root : Path.Combine(builder.Environment.ContentRootPath, root);
        builder.Services.AddSingleton(files);
    }

    /// <summary>Checks the schema and migrates it (unless migrations are left to the <c>migrate</c> verb), then fills an empty database with reference data and, in demo mode, demo data.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<TiaoduDb>();
        var options = services.GetRequiredService<DatabaseOptions>();
        if (db.Database.IsSqlite() && options.SqliteFile() is not null)
        {
            // Write-ahead logging: readers no longer wait for a writer nor block it, which a web server with many
            // users needs; it is a property of the file, kept from now on (with -wal and -shm files beside it).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        await StartupChecks.CheckSchemaAsync(db, options.MigrateOnStart, CancellationToken.None);
        if (options.MigrateOnStart)
        {
            await db.Database.MigrateAsync();
        }

        await services.GetRequiredService<SeedReferenceData>().HandleAsync(CancellationToken.None);
        await KeyRing.EnsureKeyAsync(services, CancellationToken.None);
        Format.PlatformZone = services.GetRequiredService<TimeProvider>().LocalTimeZone;
        if (app.Configuration.GetValue<bool>("Demo:Enabled"))
        {
            await services.GetRequiredService<SeedDemoData>().HandleAsync(CancellationToken.None);
            await services.GetRequiredService<DemoAccounts>().SeedAsync(CancellationToken.None);
        }
        else
        {
            await services.GetRequiredService<FirstStart>().IssueTokenIfNeededAsync(CancellationToken.None);
        }

        await services.GetRequiredService<Core.Accounts.ProtectStoredPersonalData>().HandleAsync(CancellationToken.None);
    }
}
