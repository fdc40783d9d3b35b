using Npgsql;
using Tiaodu.Core.Data;

namespace Tiaodu.Tests.Infrastructure;

/// <summary>
/// A throwaway database on the provider the test run was started for (TIAODU_TEST_PROVIDER = Sqlite or
/// Postgres, with TIAODU_TEST_PG pointing at a scratch cluster); the same test classes run on both.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;
    private readonly string? _pgName;
    private readonly string? _pgServer;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, string? pgName, string? pgServer = null)
    {
        _pgServer = pgServer;
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _pgName = pgName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static DatabaseProvider CurrentProvider =>
        string.Equals(Environment.GetEnvironmentVariable("TIAODU_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    /// <param name="server">A PostgreSQL server of the test's own (<see cref="DedicatedPostgres"/>) instead of the lane's.</param>
    public static async Task<TestDatabase> CreateAsync(string? server = null)
    {
        if (server is null && CurrentProvider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), "tiaodu-test-" + Guid.NewGuid().ToString("N") + ".db");
            return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False", file, null);
        }

        server ??= Environment.GetEnvironmentVariable("TIAODU_TEST_PG")
            ?? throw new InvalidOperationException("TIAODU_TEST_PG must name a scratch PostgreSQL server for the Postgres lane.");
        var name = "tiaodu_test_" + Guid.NewGuid().ToString("N");
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(DatabaseProvider.Postgres, cs, null, name, server);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(f);
            }
        }

        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_pgServer);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgName}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
