using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Security;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Imports;

/// <summary>
/// One pass over a ledger, read on a worker while the caller plans: every row reaches the caller once and in order,
/// and a failure on either side ends the pass with that failure as it was thrown.
/// </summary>
public sealed class ImportRunTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const int Rows = (ImportRun.ChunkSize * 3) + 250;

    private static byte[] Ledger()
    {
        var rows = Enumerable.Range(0, Rows)
            .Select(i => new SampleRow($"卯流水线项目{i:D5}", "绿园区", 1m, 100m, 50m, 80m, 1m, "是", "2026年3月", "否", null, null))
            .ToList();
        return SampleLedgers.Government("长春市卯2026年重点项目表", "截至2026年10月31日", [("续建", rows)]).ToXlsx();
    }

    private Task<T> WithRunAsync<T>(Func<ImportRun, ImportPlanner, Task<T>> action) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<Core.Data.TiaoduDb>();
            var today = new DateOnly(2026, 11, 30);
            using var run = await ImportRun.OpenAsync(db, Ledger(), "卯.xlsx", new ImportOptions(), AccessScope.Everything, today, CancellationToken.None);
            var planner = new ImportPlanner(db, run.Reference, services.GetRequiredService<PersonalData>(), run.Year, run.AsOf, today);
            return await action(run, planner);
        });

    [Fact]
    public async Task Every_row_reaches_the_caller_once_in_file_order_in_chunks()
    {
        var (numbers, chunks, totals) = await WithRunAsync(async (run, planner) =>
        {
            var seen = new List<int>();
            var sizes = new List<int>();
            var totals = await run.RunAsync(planner, track: false, plans =>
            {
                sizes.Add(plans.Count);
                seen.AddRange(plans.Select(p => p.Row.RowNumber));
                return Task.CompletedTask;
            }, null, CancellationToken.None);
            return (seen, sizes, totals);
        });

        totals.Rows.ShouldBe(Rows);
        numbers.Count.ShouldBe(Rows);
        numbers.ShouldBeInOrder(SortDirection.Ascending);
        numbers.Distinct().Count().ShouldBe(Rows);
        chunks.ShouldBe([ImportRun.ChunkSize, ImportRun.ChunkSize, ImportRun.ChunkSize, 250]);
    }

    [Fact]
    public async Task A_failure_while_a_chunk_is_written_ends_the_pass_with_that_failure_and_the_worker_stops()
    {
        var (thrown, chunks) = await WithRunAsync(async (run, planner) =>
        {
            var calls = 0;
            var thrown = await Should.ThrowAsync<ImportRejectedException>(() => run.RunAsync(planner, track: false, _ =>
                ++calls == 2 ? throw new ImportRejectedException("第二块出错") : Task.CompletedTask, null, CancellationToken.None));
            return (thrown, calls);
        });

        thrown.Message.ShouldBe("第二块出错");
        chunks.ShouldBe(2, "no chunk is handed on after the failure");
    }

    [Fact]
    public async Task A_cancelled_pass_ends_as_cancelled_without_handing_on_more_chunks()
    {
        var chunks = await WithRunAsync(async (run, planner) =>
        {
            using var cancel = new CancellationTokenSource();
            var calls = 0;
            await Should.ThrowAsync<OperationCanceledException>(() => run.RunAsync(planner, track: false, _ =>
            {
                if (++calls == 1)
                {
                    cancel.Cancel();
                }

                return Task.CompletedTask;
            }, null, cancel.Token));
            return calls;
        });

        chunks.ShouldBe(1);
    }
}
