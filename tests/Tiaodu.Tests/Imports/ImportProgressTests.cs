using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Imports;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;
using Tiaodu.Web.Imports;

namespace Tiaodu.Tests.Imports;

/// <summary>
/// The progress of an import being written, asked of the instance writing it and of another one on the same
/// database: PostgreSQL shares it between instances; SQLite, which has one instance, does not.
/// </summary>
public sealed class ImportProgressTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static byte[] Ledger(int rows) => SampleLedgers.Government("长春市午2026年重点项目表", "截至2026年10月31日",
        [("续建", [.. Enumerable.Range(0, rows).Select(i => new SampleRow($"午进度项目{i:D5}", "绿园区", 1m, 100m, 50m, 80m, 1m, "是", "2026年3月", "否", null, null))])]).ToXlsx();

    [Fact]
    public async Task The_rows_written_so_far_show_on_every_instance_while_the_import_holds_its_transaction_open()
    {
        var shared = TestDatabase.CurrentProvider == DatabaseProvider.Postgres;
        var batch = await app.Api().UploadAsync(Ledger((ImportRun.ChunkSize * 2) + 500), "午.xlsx");
        batch.Status.ShouldBe(ImportStatus.Ready, batch.Message);

        await using var second = app.StartSecondInstance();
        using var elsewhere = second.ClientFor(app.Tester);
        using var here = app.Api();
        (await elsewhere.GetAsync(batch.Id)).RowsDone.ShouldBeNull("signed in before the write: signing in writes too");
        var seen = new List<(int Written, int? Here, int? Elsewhere, string Page)>();

        var applied = await app.WithServicesAsync(async services =>
        {
            var apply = services.GetRequiredService<ApplyImport>();
            var progress = services.GetRequiredService<ImportProgress>();
            var count = progress.For(batch.Id);
            await apply.ConfirmAsync(batch.Id, batch.Version, SystemUser.Instance, CancellationToken.None, runNow: true);
            try
            {
                return await apply.HandleAsync(batch.Id, SystemUser.Instance, written =>
                {
                    count(written);

                    // The writer waits here, its transaction open, until the other instance shows the count (or, on
                    // SQLite, once): the count must reach it around the import's locks.
                    var local = here.GetAsync(batch.Id).GetAwaiter().GetResult().RowsDone;
                    var deadline = DateTime.UtcNow + Patience;
                    int? there;
                    do
                    {
                        there = elsewhere.GetAsync(batch.Id).GetAwaiter().GetResult().RowsDone;
                    }
                    while (shared && there != written && DateTime.UtcNow < deadline && Pause());

                    var page = elsewhere.GetStringAsync($"/imports/{batch.Id}?handler=status").GetAwaiter().GetResult();
                    seen.Add((written, local, there, page));
                }, CancellationToken.None, claimed: true);
            }
            finally
            {
                progress.Done(batch.Id);
            }
        });

        applied.Status.ShouldBe(ImportStatus.Applied, applied.Message);
        seen.Select(s => s.Written).ShouldBe([ImportRun.ChunkSize, ImportRun.ChunkSize * 2, (ImportRun.ChunkSize * 2) + 500]);
        seen.ShouldAllBe(s => s.Here == s.Written, "the instance writing the file knows its count");
        if (shared)
        {
            seen.ShouldAllBe(s => s.Elsewhere == s.Written);
            seen.ShouldAllBe(s => s.Page.Contains($"data-rows-done=\"{s.Written}\"", StringComparison.Ordinal));
        }
        else
        {
            seen.ShouldAllBe(s => s.Elsewhere == null, "SQLite has one instance and shares no count");
        }

        // Once the work has ended, the shared count goes too.
        var deadline = DateTime.UtcNow + Patience;
        while ((await elsewhere.GetAsync(batch.Id)).RowsDone is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        (await elsewhere.GetAsync(batch.Id)).RowsDone.ShouldBeNull();
        (await app.WithDbAsync(db => Task.FromResult(db.RunningImports.Count()))).ShouldBe(0);
    }

    private static bool Pause()
    {
        Thread.Sleep(100);
        return true;
    }
}
