using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Demo;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Api;

namespace Tiaodu.Web.Infrastructure;

/// <summary>
/// Administrator verbs on the same executable, for scripted work:
/// <c>migrate</c>, <c>seed-demo</c>, <c>indicators --year Y [--as-of DATE] [--region CODE] [--tag T] [--json]</c>,
/// <c>import</c> and <c>import-leads</c> (see their verbs), <c>verify-audit</c>, <c>grant-app-role ROLE</c>. Changes they make are audited with the actor "cli".
/// </summary>
internal static class CommandLine
{
    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    public static readonly string[] Verbs = ["migrate", "seed-demo", "indicators", "import", "import-leads", "backup", "restore", "verify-audit", "grant-app-role", "help"];

    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.Length == 0 || !Verbs.Contains(args[0]))
        {
            return false;
        }

        await using var scope = app.Services.CreateAsyncScope();
        Environment.ExitCode = await RunAsync(scope.ServiceProvider, args, Console.Out, Console.Error);
        return true;
    }

    /// <summary>Runs one verb and returns the process exit code (0 ok, 1 audit chain broken or import refused, 2 bad arguments).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        services.GetService<RequestAuditActor>()?.ActAs("cli");
        try
        {
            // Changing the schema under a running SQLite instance would pull it from beneath that instance; imports
            // and reports go through the database like any request and may run beside it.
            using var held = args[0] is "migrate" or "seed-demo" && services.GetRequiredService<DatabaseOptions>() is { SingleInstance: true } options
                && options.SqliteFile() is { } file ? SqliteInstanceLock.Acquire(file) : null;
            return args[0] switch
            {
                "migrate" => await MigrateAsync(services, output),
                "seed-demo" => await SeedDemoAsync(services, output),
                "indicators" => await IndicatorsAsync(services, args[1..], output),
                "import" => await Imports.ImportVerb.RunAsync(services, args[1..], output, errors),
                "import-leads" => await Imports.LeadImportVerb.RunAsync(services, args[1..], output, errors),
                "backup" => await BackupVerbs.BackupAsync(services, args[1..], output, errors),
                "restore" => await BackupVerbs.RestoreAsync(services, args[1..], output, errors),
                "verify-audit" => await VerifyAuditAsync(services, output, errors),
                "grant-app-role" => await GrantAppRoleAsync(services, args[1..], output, errors),
                _ => Help(output),
            };
        }
        catch (ArgumentException e)
        {
            await errors.WriteLineAsync("参数错误：" + e.Message);
            return 2;
        }
        catch (StartupRefusedException e)
        {
            await errors.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine("用法: Tiaodu.Web [migrate | seed-demo | indicators --year Y [--as-of yyyy-MM-dd] [--region 代码] [--tag 标签] [--json] | import 文件 [--as-of yyyy-MM-dd] [--region 代码] [--year Y] [--sheet N] [--dry-run] | import-leads 文件 [--region 代码] [--mapping 方案名] [--dry-run] | backup 文件 | restore 文件 | verify-audit | grant-app-role 角色名]");
        return 0;
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, TextWriter output)
    {
        var db = services.GetRequiredService<TiaoduDb>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();
        var seeded = await services.GetRequiredService<SeedReferenceData>().HandleAsync(CancellationToken.None);
        await services.GetRequiredService<Core.Accounts.ProtectStoredPersonalData>().HandleAsync(CancellationToken.None);
        output.WriteLine($"已应用迁移 {pending.Count} 个{(seeded ? "，已写入基础数据" : "")}。");
        return 0;
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider services, TextWriter output)
    {
        await MigrateAsync(services, output);
        var seeded = await services.GetRequiredService<SeedDemoData>().HandleAsync(CancellationToken.None);
        if (seeded)
        {
            // Demo accounts (with published passwords) only ever come with the demo ledger, never into a real one.
            await services.GetRequiredService<Accounts.DemoAccounts>().SeedAsync(CancellationToken.None);
        }

        await services.GetRequiredService<Core.Accounts.ProtectStoredPersonalData>().HandleAsync(CancellationToken.None);
        output.WriteLine(seeded ? "已写入演示数据和演示账号。" : "数据库中已有项目，未写入演示数据。");
        return 0;
    }

    /// <summary>
    /// PostgreSQL: lets an existing login role, which owns nothing, run the application — read and write
    /// business tables, but only read and append the audit trail (no UPDATE, DELETE or TRUNCATE, and as a
    /// non-owner it cannot disable the triggers either). Run as the owner that migrates the schema.
    /// </summary>
    private static async Task<int> GrantAppRoleAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        var db = services.GetRequiredService<TiaoduDb>();
        if (!db.Database.IsNpgsql())
        {
            await errors.WriteLineAsync("grant-app-role 仅适用于 PostgreSQL；SQLite 没有数据库账号。");
            return 2;
        }

        if (args.Length != 1 || !System.Text.RegularExpressions.Regex.IsMatch(args[0], "^[a-z_][a-z0-9_]{0,62}$"))
        {
            throw new ArgumentException("请给出一个已存在的数据库角色名（小写字母、数字、下划线），如 grant-app-role tiaodu_app");
        }

        var role = args[0];
        var statements = new[]
        {
            $"GRANT USAGE ON SCHEMA public TO {role}",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
            $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
            $"REVOKE UPDATE, DELETE, TRUNCATE ON \"AuditEntries\" FROM {role}",
            $"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON \"__EFMigrationsHistory\" FROM {role}",
        };
        await using var tx = await db.Database.BeginTransactionAsync();
        foreach (var sql in statements)
        {
#pragma warning disable EF1002 // the role name is validated above to a plain identifier; GRANT cannot take parameters.
            await db.Database.ExecuteSqlRawAsync(sql);
#pragma warning restore EF1002
        }

        await tx.CommitAsync();
        output.WriteLine($"已授权角色 {role}：可读写业务表，审计表只能读取和追加。");
        return 0;
    }

    /// <summary>Exit 0 when the chain is whole, 1 with the first broken sequence number otherwise.</summary>
    private static async Task<int> VerifyAuditAsync(IServiceProvider services, TextWriter output, TextWriter errors)
    {
        var report = await services.GetRequiredService<VerifyAuditChain>().HandleAsync(CancellationToken.None);
        if (report.Intact)
        {
            output.WriteLine($"审计链完整，共 {report.Count} 条");
            output.WriteLine($"链头：第 {report.HeadSequence} 条 {report.HeadHash}");
            return 0;
        }

        errors.WriteLine($"审计链在第 {report.BrokenAt} 条处断开：{report.Problem}");
        return 1;
    }

    private static async Task<int> IndicatorsAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var options = ParseOptions(args);
        var filter = new ProjectFilter
        {
            Year = options.TryGetValue("year", out var y) ? ParseInt(y, "--year") : null,
            AsOf = options.TryGetValue("as-of", out var d) ? ParseDate(d) : null,
            Region = options.GetValueOrDefault("region"),
        };
        var db = services.GetRequiredService<TiaoduDb>();
        if (filter.Region is { } region && !await db.Regions.AnyAsync(r => r.Key == region || r.Code == region))
        {
            throw new ArgumentException("没有这个区域：" + region);
        }

        if (options.TryGetValue("tag", out var tag))
        {
            var tagId = int.TryParse(tag, CultureInfo.InvariantCulture, out var id) ? id : -1;
            filter = filter with
            {
                Tag = await db.Tags.Where(t => t.Name == tag || t.Id == tagId).Select(t => (int?)t.Id).FirstOrDefaultAsync()
                    ?? throw new ArgumentException("没有这个标签：" + tag),
            };
        }

        var set = await services.GetRequiredService<ComputeIndicators>().HandleAsync(filter, CancellationToken.None);
        if (options.ContainsKey("json"))
        {
            output.WriteLine(JsonSerializer.Serialize(IndicatorsApi.ToDto(set), JsonOutput));
        }
        else
        {
            output.WriteLine($"{set.Year}年 截至{set.AsOf:yyyy-MM-dd}");
            foreach (var f in set.Figures)
            {
                output.WriteLine($"{f.Key,-32}{f.Value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "—"}");
            }
        }

        return 0;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException("无法识别的参数 " + args[i]);
            }

            var name = args[i][2..];
            if (name == "json")
            {
                result[name] = "";
            }
            else if (i + 1 < args.Length)
            {
                result[name] = args[++i];
            }
            else
            {
                throw new ArgumentException("参数 --" + name + " 缺少取值");
            }
        }

        return result;
    }

    private static int ParseInt(string s, string name) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException(name + " 应为整数");

    private static DateOnly ParseDate(string s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new ArgumentException("--as-of 应为 yyyy-MM-dd 格式的日期");
}
