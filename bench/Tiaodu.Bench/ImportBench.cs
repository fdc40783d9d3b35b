using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Security;

namespace Tiaodu.Bench;

/// <summary>
/// The ledger import against merely reading the same file with the same reader, same run:
///   dotnet run -c Release --project bench/Tiaodu.Bench -- --import 100000 [--pg "Host=…"]
/// End to end = upload (hash, store) + preview (parse, plan every row) + apply (write every project, year
/// line, report and audit record in one transaction). A small import runs first, untimed, so that neither the
/// bare read nor the import pays for compiling code; the bare read is the middle of three.
/// </summary>
internal static class ImportBench
{
    private static readonly string[] Regions = ["南关区", "宽城区", "朝阳区", "二道区", "绿园区", "双阳区", "九台区", "农安县", "榆树市", "德惠市", "公主岭市"];

    public static async Task RunAsync(int rows, string? pg)
    {
        Console.WriteLine($"# Import benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        var file = Generate(rows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"File: {rows:N0} data rows, 16 columns, {file.Length / 1024.0 / 1024.0:F1} MB .xlsx"));
        Console.WriteLine();
        Console.WriteLine("| provider | rows | bare read s | preview s | apply s | end to end s | rows/s end to end | ratio to bare read | peak working set MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var warmUp = Generate(WarmUpRows);
        foreach (var provider in pg is null ? [DatabaseProvider.Sqlite] : new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            // A small import first, into its own database: the reader, the planner and this provider's writes are
            // compiled before anything is timed, as on a server that has been running.
            BareRead(warmUp);
            await ImportAsync(provider, pg, warmUp, WarmUpRows);
            // The baseline is the reader at its steady pace: the middle of three reads (the first of a large file
            // after start-up is often much slower than the next two).
            double[] reads = [BareRead(file), BareRead(file), BareRead(file)];
            var read = reads.Order().ElementAt(1);
            var (preview, applied, total) = await ImportAsync(provider, pg, file, rows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {provider} | {rows:N0} | {read:F2} | {preview:F2} | {applied:F2} | {total:F2} | {rows / total:N0} | {total / read:F1} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:F0} |"));
        }
    }

    private const int WarmUpRows = 2_000;

    /// <summary>Upload, preview and apply of the file into an empty, migrated database with the reference data; the seconds of the preview (upload included), the apply and the whole.</summary>
    private static async Task<(double Preview, double Apply, double Total)> ImportAsync(DatabaseProvider provider, string? pg, byte[] file, int rows)
    {
        await using var database = await BenchDatabase.CreateAsync(provider, pg);
        var builder = new DbContextOptionsBuilder<TiaoduDb>();
        new DatabaseOptions { Provider = provider, ConnectionString = database.ConnectionString }.Configure(builder);
        await using (var setup = new TiaoduDb(builder.Options))
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                // As the platform runs its file (DatabaseSetup): write-ahead logging.
                await setup.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            await setup.Database.MigrateAsync();
            await new SeedReferenceData(setup).HandleAsync(CancellationToken.None);
        }

        var clock = new BenchClock();
        var personal = new PersonalData(new PersonalDataCipher(new byte[32]));
        using var slots = new AnalysisSlots();
        await using var db = new TiaoduDb(builder.Options, null, clock, personal);
        var user = SystemUser.Instance;
        GC.Collect();
        var start = Stopwatch.GetTimestamp();
        var batch = await new UploadImport(db, clock).HandleAsync("bench.xlsx", new MemoryStream(file), new ImportOptions(), user, CancellationToken.None, analyseNow: true);
        batch = await new AnalyseImport(db, clock, personal, slots).HandleAsync(batch.Id, user, null, CancellationToken.None, claimed: true);
        var preview = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (!batch.CanConfirm || batch.Created != rows)
        {
            throw new InvalidOperationException($"preview: {batch.Status} {batch.Message} created {batch.Created} errors {batch.ErrorRows}");
        }

        var apply = new ApplyImport(db, clock, personal, new SecurityPolicy(clock));
        await apply.ConfirmAsync(batch.Id, batch.Version, user, CancellationToken.None);
        var applyStart = Stopwatch.GetTimestamp();
        batch = await apply.HandleAsync(batch.Id, user, null, CancellationToken.None);
        var applied = Stopwatch.GetElapsedTime(applyStart).TotalSeconds;
        var total = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (batch.Status != ImportStatus.Applied || await db.Projects.CountAsync() != rows)
        {
            throw new InvalidOperationException($"apply: {batch.Status} {batch.Message}");
        }

        return (preview, applied, total);
    }

    /// <summary>Opens the file and touches every cell of every row, as the import's reader does, and nothing else.</summary>
    private static double BareRead(byte[] file)
    {
        var start = Stopwatch.GetTimestamp();
        using var workbook = WorkbookFile.Open(new MemoryStream(file), "bench.xlsx");
        long cells = 0;
        foreach (var row in workbook.Rows(0))
        {
            cells += row.Cells.Count(c => c is not null);
        }

        return cells > 0 ? Stopwatch.GetElapsedTime(start).TotalSeconds : throw new InvalidOperationException("empty");
    }

    /// <summary>A 长春 ledger of <paramref name="rows"/> new projects in the layout offices use, written by the platform's own writer.</summary>
    private static byte[] Generate(int rows)
    {
        TableColumn[] columns =
        [
            new("序号", CellKind.WholeNumber), new("项目名称", CellKind.Text), new("所属区域", CellKind.Text), new("建设性质", CellKind.Text),
            new("业主单位", CellKind.Text), new("建设内容及规模", CellKind.Text), new("总投资", CellKind.Money, Sum: true),
            new("年度计划投资", CellKind.Money, Sum: true), new("1-9月完成投资", CellKind.Money, "投资完成情况", Sum: true),
            new("开工累计完成投资", CellKind.Money, "投资完成情况", Sum: true), new("计划开工时间", CellKind.Date),
            new("是否开复工", CellKind.YesNo), new("开复工日期", CellKind.Date), new("用地面积（平方米）", CellKind.Area),
            new("联系人", CellKind.Text), new("形象进度", CellKind.Text),
        ];
        var random = new Random(20261122);
        var list = new List<object?[]>(rows);
        for (var i = 0; i < rows; i++)
        {
            var total = 5_000m + random.Next(0, 500_000);
            var ytd = decimal.Round(total * random.Next(0, 40) / 100m, 2);
            var started = ytd > 0;
            list.Add([null, $"规模测试项目{i:D7}号", Regions[i % Regions.Length], "新建", $"测试建设有限公司{i % 997}", "新建厂房及配套设施", total,
                decimal.Round(total / 2, 2), ytd, ytd, new DateOnly(2026, 1 + (i % 9), 1), started, started ? new DateOnly(2026, 1 + (i % 9), 10) : null,
                (decimal)random.Next(1_000, 200_000), "张工", "主体施工"]);
        }

        var table = new LedgerTable("长春市2026年规模测试项目台账", "单位：万元", "截至2026年9月30日", columns, [new TableSection("新建", list)]);
        using var stream = new MemoryStream();
        LedgerWorkbookWriter.WriteXlsx(table, stream);
        return stream.ToArray();
    }
}
