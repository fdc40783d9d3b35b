using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Audit;

/// <summary>On PostgreSQL the application can run as a role that reads and appends the audit trail but can never change it.</summary>
public sealed class AppRoleTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    [Fact]
    public async Task The_application_role_appends_to_the_audit_trail_but_cannot_update_delete_or_disable_it()
    {
        if (app.Database.Provider != DatabaseProvider.Postgres)
        {
            (await app.RunVerbAsync("grant-app-role", "tiaodu_app")).Code.ShouldBe(2, "SQLite has no database roles");
            return;
        }

        var role = "tiaodu_app_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(app.Database.ConnectionString, $"CREATE ROLE {role} LOGIN");
        try
        {
            var (code, output, errors) = await app.RunVerbAsync("grant-app-role", role);
            code.ShouldBe(0, errors);
            output.ShouldContain(role);
            var asApp = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Username = role, Pooling = false }.ConnectionString;

            // The application's own work succeeds under the role: a change and its audit record.
            await using (var db = new TiaoduDb(new DbContextOptionsBuilder<TiaoduDb>().UseNpgsql(asApp).Options))
            {
                db.Tags.Add(new Tag("应用角色测试标签", 99));
                await db.SaveChangesAsync();
                (await db.AuditEntries.CountAsync(e => e.Summary.Contains("应用角色测试标签"))).ShouldBe(1);
            }

            foreach (var sql in new[]
            {
                "UPDATE \"AuditEntries\" SET \"Summary\" = 'x'",
                "DELETE FROM \"AuditEntries\"",
                "TRUNCATE \"AuditEntries\"",
                "ALTER TABLE \"AuditEntries\" DISABLE TRIGGER ALL",
            })
            {
                var e = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(asApp, sql));
                e.SqlState.ShouldBeOneOf(PostgresErrorCodes.InsufficientPrivilege, "42501");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(app.Database.ConnectionString, $"DROP OWNED BY {role}");
            await ExecuteAsync(app.Database.ConnectionString, $"DROP ROLE {role}");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
