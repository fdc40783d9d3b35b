using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;

namespace Tiaodu.Web.Infrastructure;

/// <summary>
/// <c>backup &lt;file&gt;</c> and <c>restore &lt;file&gt;</c>: SQLite through its online backup (the app may keep
/// running while a backup is taken; a restore needs it stopped), PostgreSQL through pg_dump / pg_restore (custom
/// format; PATH or Backup:PgBin). Both print each table's row count and content hash, and a restore checks the
/// audit chain, so the operator sees that what came back is what went out. Uploaded files are copied apart
/// (docs/OPERATIONS.md). Exit code 0 done, 1 failed, 2 bad arguments.
/// </summary>
internal static class BackupVerbs
{
    public static async Task<int> BackupAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        var target = Path.GetFullPath(args.Length == 1 ? args[0] : throw new ArgumentException("请指定备份文件，如 backup /var/backups/tiaodu-20261205.bak"));
        if (File.Exists(target))
        {
            throw new ArgumentException("备份文件已存在，不会覆盖：" + target);
        }

        var db = services.GetRequiredService<TiaoduDb>();
        var options = services.GetRequiredService<DatabaseOptions>();
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // The hashes printed are those of what was backed up: the copy itself (SQLite), or the snapshot pg_dump read.
        IReadOnlyDictionary<string, string> hashes;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection(options.ResolveConnectionString());
            await source.OpenAsync();
            await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ConnectionString);
            await copy.OpenAsync();
            source.BackupDatabase(copy);
            hashes = await DatabaseFingerprint.ComputeAsync(db.Model, copy, null, CancellationToken.None);
        }
        else
        {
            await using var connection = new NpgsqlConnection(options.ResolveConnectionString());
            await connection.OpenAsync();
            await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
            await using var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, snapshot);
            var id = (string)(await export.ExecuteScalarAsync())!;

            // Hashed first, while this session is busy; pg_dump then reads the same snapshot. Once pg_dump has taken
            // it, this session ending (an idle-in-transaction timeout, say) no longer matters.
            hashes = await DatabaseFingerprint.ComputeAsync(db.Model, connection, snapshot, CancellationToken.None);
            if (await PgToolAsync(services, "pg_dump", options.ResolveConnectionString(), ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=" + id, "--file=" + target], errors) != 0)
            {
                await errors.WriteLineAsync("pg_dump 失败，未生成备份。");
                return 1;
            }
        }

        output.WriteLine($"已备份到 {target}（{new FileInfo(target).Length / 1024.0:0.#} KB）。各表行数与内容散列：");
        Print(hashes, output);
        return 0;
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        var source = Path.GetFullPath(args.Length == 1 ? args[0] : throw new ArgumentException("请指定要恢复的备份文件"));
        if (!File.Exists(source))
        {
            throw new ArgumentException("备份文件不存在：" + source);
        }

        var db = services.GetRequiredService<TiaoduDb>();
        var options = services.GetRequiredService<DatabaseOptions>();
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // A running app holds the lock: a restore under it would pull the data from beneath its caches.
            using var held = options.SqliteFile() is { } file ? SqliteInstanceLock.Acquire(file) : null;
            await using var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            await backup.OpenAsync();
            await using var live = new SqliteConnection(options.ResolveConnectionString());
            await live.OpenAsync();
            backup.BackupDatabase(live);
            SqliteConnection.ClearAllPools();
        }
        else if (await PgToolAsync(services, "pg_restore", options.ResolveConnectionString(), ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", source], errors) != 0)
        {
            await errors.WriteLineAsync("pg_restore 失败；--single-transaction 保证数据库未被改动。");
            return 1;
        }

        output.WriteLine($"已从 {source} 恢复。各表行数与内容散列：");
        await PrintAsync(db, output);
        var report = await services.GetRequiredService<VerifyAuditChain>().HandleAsync(CancellationToken.None);
        output.WriteLine(report.Intact ? $"审计链完整，共 {report.Count} 条，链头 {report.HeadHash}。" : $"审计链在第 {report.BrokenAt} 条处断开：{report.Problem}");
        return report.Intact ? 0 : 1;
    }

    private static async Task PrintAsync(TiaoduDb db, TextWriter output)
    {
        db.ChangeTracker.Clear();
        Print(await DatabaseFingerprint.ComputeAsync(db, CancellationToken.None), output);
    }

    private static void Print(IReadOnlyDictionary<string, string> hashes, TextWriter output)
    {
        foreach (var (table, hash) in hashes)
        {
            output.WriteLine($"  {table} {hash}");
        }
    }

    /// <summary>Runs pg_dump or pg_restore against the configured database, the password passed in the environment.</summary>
    private static async Task<int> PgToolAsync(IServiceProvider services, string tool, string connectionString, IEnumerable<string> args, TextWriter errors)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var bin = services.GetRequiredService<IConfiguration>()["Backup:PgBin"];
        var start = new ProcessStartInfo(string.IsNullOrWhiteSpace(bin) ? tool : Path.Combine(bin, tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--host=" + (cs.Host ?? "localhost"), "--port=" + cs.Port, "--username=" + cs.Username, "--dbname=" + cs.Database }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        if (!string.IsNullOrEmpty(cs.Password))
        {
            start.Environment["PGPASSWORD"] = cs.Password;
        }

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var text = await stderr;
            if (text.Length > 0)
            {
                await errors.WriteLineAsync(text.TrimEnd());
            }

            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            await errors.WriteLineAsync($"找不到 {tool}：请安装 PostgreSQL 客户端，或用 Backup:PgBin 指定其目录。");
            return 1;
        }
    }
}
