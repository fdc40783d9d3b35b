using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Web.Infrastructure;

/// <summary>A reason the app will not start; the message says what to do, in Chinese, for the operator.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);

/// <summary>
/// Holds a SQLite database for this process: an exclusive lock on a file beside it, so a second app instance
/// on the same file (which SQLite's own locking would let in, with its caches and jobs out of step) is refused.
/// </summary>
public sealed class SqliteInstanceLock : IDisposable
{
    private readonly FileStream _lock;

    private SqliteInstanceLock(FileStream held) => _lock = held;

    public static SqliteInstanceLock Acquire(string databaseFile)
    {
        var path = databaseFile + ".lock";
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId);
            }

            stream.Flush();
            return new SqliteInstanceLock(stream);
        }
        catch (IOException)
        {
            throw new StartupRefusedException($"数据库文件 {databaseFile} 已被另一个调度平台实例打开（锁文件 {path}）。SQLite 部署只能运行一个实例；多实例请使用 PostgreSQL。");
        }
    }

    public void Dispose() => _lock.Dispose();
}

internal static class StartupChecks
{
    /// <summary>Takes the SQLite instance lock when the deployment uses a SQLite file; kept for the life of the process.</summary>
    public static void LockSqlite(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        if (options.SingleInstance && options.SqliteFile() is { } file)
        {
            var held = SqliteInstanceLock.Acquire(file);
            app.Lifetime.ApplicationStopped.Register(held.Dispose);
        }
    }

    /// <summary>
    /// Refuses a schema this build does not know (migrations applied by a newer version), and — when migrations are
    /// not applied at start — a schema older than this build.
    /// </summary>
    public static async Task CheckSchemaAsync(TiaoduDb db, bool migrateOnStart, CancellationToken ct)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var unknown = applied.Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw new StartupRefusedException($"数据库结构比本程序新（本程序不认识的迁移：{string.Join("、", unknown.Take(5))}）。请运行与数据库相符或更新的版本。");
        }

        var pending = known.Except(applied, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!migrateOnStart && pending.Count > 0)
        {
            throw new StartupRefusedException($"数据库结构比本程序旧（还有 {pending.Count} 个迁移未应用，最早为 {pending[0]}）。请先运行 migrate 命令，再启动程序。");
        }
    }
}
