using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tiaodu.Bench;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

// Indicator benchmark: the indicator service against a plain SQL aggregate over the same rows, same run.
//   dotnet run -c Release --project bench/Tiaodu.Bench -- [--sizes 1000,10000,100000,1000000] [--runs 30] [--pg "Host=…"]
var options = Args.Parse(args);
if (options.TryGetValue("import", out var importRows))
{
    await ImportBench.RunAsync(int.Parse(importRows, CultureInfo.InvariantCulture), options.GetValueOrDefault("pg"));
    return;
}

if (options.TryGetValue("scale-out", out var scaleOut))
{
    await ScaleOutBench.RunAsync(int.Parse(scaleOut, CultureInfo.InvariantCulture), options.GetValueOrDefault("pg") ?? throw new ArgumentException("--scale-out needs --pg"));
    return;
}

if (options.TryGetValue("hostile", out var hostile))
{
    await HostileUploadBench.RunAsync(int.Parse(hostile, CultureInfo.InvariantCulture));
    return;
}

if (options.TryGetValue("reports", out var submissions))
{
    await ReportBurstBench.RunAsync(int.Parse(submissions, CultureInfo.InvariantCulture), options.GetValueOrDefault("pg"));
    return;
}

if (options.TryGetValue("generate", out var generate))
{
    // A scale ledger left in place for manual use: --generate N (--sqlite FILE | --pg CONNECTION).
    var provider = options.ContainsKey("sqlite") ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
    var connection = provider == DatabaseProvider.Sqlite ? $"Data Source={options["sqlite"]}" : options.GetValueOrDefault("pg") ?? throw new ArgumentException("--generate needs --sqlite FILE or --pg CONNECTION");
    var started = Stopwatch.GetTimestamp();
    var counts = await Generate(provider, connection, int.Parse(generate, CultureInfo.InvariantCulture));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: {counts} in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s"));
    return;
}

var sizes = options.GetValueOrDefault("sizes", "1000,10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
var runs = int.Parse(options.GetValueOrDefault("runs", "30"), CultureInfo.InvariantCulture);
var pg = options.GetValueOrDefault("pg");
const int Year = 2026;
var asOf = new DateOnly(2026, 9, 30);

Console.WriteLine($"# Indicator benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, ten-year ledgers ({ProvinceData.Years} years, last {Year})");
Console.WriteLine();
Console.WriteLine("| provider | projects | year lines (all years) | lines in 2026 | generate s | kept answer median ms | p95 ms | new question median ms | after one change ms | plain SQL median ms | ratio kept / SQL | city-scoped user median ms | first answer (snapshot load) ms | heap after first answer MB |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

foreach (var provider in pg is null ? [DatabaseProvider.Sqlite] : new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
{
    foreach (var size in sizes)
    {
        await using var database = await BenchDatabase.CreateAsync(provider, pg);
        var generating = Stopwatch.GetTimestamp();
        var counts = await Generate(provider, database.ConnectionString, size);
        var generateSeconds = Stopwatch.GetElapsedTime(generating).TotalSeconds;
        var dbOptions = new DatabaseOptions { Provider = provider, ConnectionString = database.ConnectionString };
        var builder = new DbContextOptionsBuilder<TiaoduDb>();
        dbOptions.Configure(builder);

        var clock = new BenchClock();
        var filter = new ProjectFilter { Region = "220000", Year = Year, AsOf = asOf };
        await using var db = new TiaoduDb(builder.Options);
        using var cache = new LedgerSnapshotCache();
        var service = new ComputeIndicators(new ReadDb(db, clock, SystemUser.Instance), cache, new PlanBaselineCache());
        var baseline = new PlainAggregate(db.Database.GetDbConnection(), provider, Year, asOf);

        // The same question from a 长春市 official: every figure cut by their jurisdiction.
        var cityPath = await db.Regions.Where(r => r.Key == "220100").Select(r => r.Path).SingleAsync();
        var cityScope = new AccessScope { RegionIds = (await db.Regions.Where(r => r.Path.StartsWith(cityPath)).Select(r => r.Id).ToListAsync()).ToHashSet() };
        var scoped = new ComputeIndicators(new ReadDb(db, clock, new ScopedUser(cityScope)), cache, new PlanBaselineCache());
        await db.Database.OpenConnectionAsync();
        var linesThisYear = await db.ProjectYears.CountAsync(y => y.Year == Year);

        // Same rows, same answer: the service's count and YTD must equal the plain query's.
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var cold = Stopwatch.GetTimestamp();
        var check = await service.HandleAsync(filter, CancellationToken.None);
        var coldMs = Stopwatch.GetElapsedTime(cold).TotalMilliseconds;
        var heapMb = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / 1024.0 / 1024.0;
        var (count, ytd) = await baseline.RunAsync();
        if (check.Value(FigureKeys.Projects) != count || check.Value(FigureKeys.Ytd) != ytd)
        {
            throw new InvalidOperationException($"Mismatch: service {check.Value(FigureKeys.Projects)}/{check.Value(FigureKeys.Ytd)} vs SQL {count}/{ytd}");
        }

        var keptTimes = new List<double>();
        var newTimes = new List<double>();
        var baselineTimes = new List<double>();
        var scopedTimes = new List<double>();
        for (var i = 0; i < runs + 3; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await service.HandleAsync(filter, CancellationToken.None);
            var k = Stopwatch.GetElapsedTime(t).TotalMilliseconds;

            // A question not asked before (another as-of day): one pass over the snapshot, then kept.
            t = Stopwatch.GetTimestamp();
            await service.HandleAsync(filter with { AsOf = asOf.AddDays(-1 - i) }, CancellationToken.None);
            var n = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            await baseline.RunAsync();
            var b = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            await scoped.HandleAsync(filter, CancellationToken.None);
            var c = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (i >= 3)
            {
                keptTimes.Add(k);
                newTimes.Add(n);
                baselineTimes.Add(b);
                scopedTimes.Add(c);
            }
        }

        // One project edited through the application: the next answer loads that row and moves every kept answer by it.
        var changedTimes = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var project = await db.Projects.Where(p => p.Years.Any(y => y.Year == Year)).OrderBy(p => p.Id).Skip(i).FirstAsync();
            project.Update(project.ToDetails() with { TotalInvestment = project.TotalInvestment + 1m }, DateTime.UtcNow);
            await db.SaveChangesAsync();
            var changed = Stopwatch.GetTimestamp();
            await service.HandleAsync(filter, CancellationToken.None);
            changedTimes.Add(Stopwatch.GetElapsedTime(changed).TotalMilliseconds);
        }

        var km = Stats.Median(keptTimes);
        var bm = Stats.Median(baselineTimes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {provider} | {size:N0} | {counts.Lines:N0} | {linesThisYear:N0} | {generateSeconds:F0} | {km:F2} | {Stats.P95(keptTimes):F2} | {Stats.Median(newTimes):F1} | {Stats.Median(changedTimes):F1} | {bm:F1} | {km / bm:F4} | {Stats.Median(scopedTimes):F2} | {coldMs:F0} | {heapMb:F0} |"));
    }
}

static async Task<ProvinceData.Counts> Generate(DatabaseProvider provider, string connectionString, int projects)
{
    var builder = new DbContextOptionsBuilder<TiaoduDb>();
    new DatabaseOptions { Provider = provider, ConnectionString = connectionString }.Configure(builder);
    await using var setup = new TiaoduDb(builder.Options);
    await setup.Database.MigrateAsync();
    await new SeedReferenceData(setup).HandleAsync(CancellationToken.None);
    var conn = setup.Database.GetDbConnection();
    await conn.OpenAsync();
    return await ProvinceData.FillAsync(conn, provider, projects, 2026, 10);
}

/// <summary>An official whose jurisdiction is <paramref name="scope"/>, reading the ledger.</summary>
internal sealed class ScopedUser(AccessScope scope) : ICurrentUser
{
    public int? AccountId => 1;

    public string Name => "bench";

    public bool Has(Permission permission) => permission == Permission.ViewLedger;

    public Task<AccessScope> ScopeAsync(CancellationToken ct) => Task.FromResult(scope);
}

internal sealed class BenchClock : TimeProvider
{
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public override DateTimeOffset GetUtcNow() => new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
}

internal static class Stats
{
    public static double Median(List<double> xs) => Percentile(xs, 0.5);

    public static double P95(List<double> xs) => Percentile(xs, 0.95);

    private static double Percentile(List<double> xs, double p)
    {
        var sorted = xs.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }
}

internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            result[args[i].TrimStart('-')] = args[i + 1];
        }

        return result;
    }
}

/// <summary>A scratch database for one benchmark size: a temp SQLite file or a new PostgreSQL database.</summary>
internal sealed class BenchDatabase(string connectionString, Func<Task> drop) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string? pg)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"tiaodu-bench-{Guid.NewGuid():N}.db");
            return new BenchDatabase($"Data Source={file}", () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Delete(file);
                return Task.CompletedTask;
            });
        }

        var name = $"tiaodu_bench_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(pg))
        {
            await conn.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn).ExecuteNonQueryAsync();
        }

        return new BenchDatabase(new NpgsqlConnectionStringBuilder(pg) { Database = name }.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(pg);
            await conn.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn).ExecuteNonQueryAsync();
        });
    }

    public async ValueTask DisposeAsync() => await drop();
}
