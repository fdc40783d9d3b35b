using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tiaodu.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The "Database" configuration section: the provider is always chosen explicitly.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Connection string; for SQLite empty means a file in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL only: a streaming read replica (a hot standby made with pg_basebackup -R) that heavy reads go to —
    /// indicators, dashboards, rankings, bulletins, ledger exports (<see cref="ReadDb"/>). Empty: everything reads the primary.
    /// </summary>
    public string? ReadConnectionString { get; set; }

    /// <summary>The options of the read replica, or null when none is configured.</summary>
    public DatabaseOptions? ReplicaOptions()
    {
        if (string.IsNullOrWhiteSpace(ReadConnectionString))
        {
            return null;
        }

        if (Provider != DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Database:ReadConnectionString needs the Postgres provider (SQLite has no replicas).");
        }

        return new DatabaseOptions { Provider = Provider, ConnectionString = ReadConnectionString, DataFolder = DataFolder, MigrateOnStart = false, SingleInstance = false };
    }

    /// <summary>Folder for the SQLite file and uploaded files.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>
    /// Apply pending migrations when the app starts (one server, the demo). False for production: the
    /// <c>migrate</c> verb runs before the app, which then refuses to start on a schema older than itself.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>A SQLite database is opened by one app instance only (a lock file beside it); a second is refused.</summary>
    public bool SingleInstance { get; set; } = true;

    /// <summary>The SQLite database file, or null for PostgreSQL and in-memory databases.</summary>
    public string? SqliteFile()
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ResolveConnectionString()).DataSource;
        return string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file::memory:", StringComparison.Ordinal) ? null : Path.GetFullPath(source);
    }

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (Provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Database:ConnectionString is required for the Postgres provider.");
        }

        Directory.CreateDirectory(DataFolder);
        return "Data Source=" + Path.Combine(DataFolder, "tiaodu.db") + ";Pooling=True";
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        var cs = ResolveConnectionString();
        _ = Provider switch
        {
            DatabaseProvider.Postgres => builder.UseNpgsql(cs),
            _ => builder.UseSqlite(cs),
        };

        // Migrations are hand-written without a model snapshot; a test proves the migrated schema matches the model.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }
}
