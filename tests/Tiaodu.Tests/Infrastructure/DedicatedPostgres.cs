using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Tiaodu.Core.Data;

namespace Tiaodu.Tests.Infrastructure;

/// <summary>A fact that needs a PostgreSQL server of its own (restarted, replicated): run in the postgres lane, skipped in the sqlite one.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.CurrentProvider != DatabaseProvider.Postgres)
        {
            Skip = "needs a PostgreSQL server of its own; runs in the postgres lane";
        }
    }
}

/// <summary>
/// A PostgreSQL cluster of one test's own, made by scripts/pg.sh from the machine's server binaries, so the test
/// may restart it or give it a streaming replica without disturbing the lane's shared server.
/// </summary>
public sealed class DedicatedPostgres : IAsyncDisposable
{
    private readonly List<string> _folders = [];

    private DedicatedPostgres(string folder, string connectionString)
    {
        _folders.Add(folder);
        ConnectionString = connectionString;
    }

    /// <summary>The server's maintenance database (postgres), for <see cref="TestDatabase.CreateAsync(string?)"/>.</summary>
    public string ConnectionString { get; }

    public static async Task<DedicatedPostgres> StartAsync()
    {
        var folder = Folder();
        return new DedicatedPostgres(folder, await PgShAsync("start", folder, Executable.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>A fast restart: every session is cut, the server is back on the same port.</summary>
    public Task RestartAsync() => PgShAsync("restart", _folders[0]);

    /// <summary>A hot standby fed by streaming replication (pg_basebackup -R); its connection string.</summary>
    public async Task<string> StartReplicaAsync()
    {
        var folder = Folder();
        _folders.Add(folder);
        return await PgShAsync("replica", _folders[0], folder, Executable.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        foreach (var folder in Enumerable.Reverse(_folders))
        {
            await PgShAsync("stop", folder);
        }
    }

    private static string Folder() => Path.Combine(Path.GetTempPath(), "tiaodu-pg-" + Guid.NewGuid().ToString("N")[..12]);

    private static async Task<string> PgShAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "pg.sh"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg.sh {string.Join(' ', args)} failed: {await errors}");
        }

        return (await output).Trim();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "scripts", "pg.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("scripts/pg.sh not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The whole application, in-process, on a database of a <see cref="DedicatedPostgres"/> server; what it logs as errors is kept for the test to read.</summary>
/// <param name="replica">A streaming replica of <paramref name="server"/>; heavy reads of the app go to it (Database:ReadConnectionString).</param>
public sealed class DedicatedServerApp(DedicatedPostgres server, string? replica = null) : TiaoduApp
{
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>The app's database on the replica.</summary>
    public string? ReplicaConnectionString => replica is null ? null
        : new Npgsql.NpgsqlConnectionStringBuilder(replica) { Database = new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString).Database }.ConnectionString;

    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync(server.ConnectionString);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (ReplicaConnectionString is { } read)
        {
            builder.UseSetting("Database:ReadConnectionString", read);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorCollector(Errors)));
    }

    private sealed class ErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                errors.Enqueue(formatter(state, exception) + " " + exception);
            }
        }

        public void Dispose()
        {
        }
    }
}
