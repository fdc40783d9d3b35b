using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;

namespace Tiaodu.Core.Imports;

/// <summary>
/// Works out the preview of a batch: reads the whole file with the batch's options, plans every row
/// against the ledger as it is now, and stores counts, issues and the first rows. Writes nothing else.
/// </summary>
public sealed class AnalyseImport(TiaoduDb db, TimeProvider clock, PersonalData personalData, AnalysisSlots slots)
{
    /// <param name="claimed">
    /// True when the caller created or re-sent the batch with <c>analyseNow</c> and so already holds it; false for a
    /// worker, which claims a pending batch first and gets a <see cref="ConflictException"/> when another was quicker.
    /// </param>
    public async Task<ImportBatch> HandleAsync(int batchId, ICurrentUser user, Action<int>? progress, CancellationToken ct, bool claimed = false)
    {
        var batch = await ImportAccess.LoadAsync(db, batchId, user, track: true, ct);
        if (claimed)
        {
            if (batch.Status != ImportStatus.Analysing)
            {
                throw new ConflictException($"导入当前状态为「{ImportText.Status(batch.Status)}」，不能分析");
            }
        }
        else
        {
            batch.StartAnalysis(clock.GetUtcNow().UtcDateTime);
            await ConcurrencyGuard.SaveAsync(db, ct);
        }

        // A file and its parsed rows are held in memory while it is analysed: uploads beyond these wait their
        // turn, renewing their claim meanwhile so no sweep takes a waiting batch for a dead one.
        while (!await slots.WaitAsync(ImportClaims.HeartbeatEvery, ct))
        {
            await ImportClaims.RenewAsync(db, batchId, clock.GetUtcNow().UtcDateTime, ct);
        }

        try
        {
            var content = await db.ImportFiles.AsNoTracking().Where(f => f.BatchId == batchId).Select(f => f.Content).FirstAsync(ct);
            var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
            try
            {
                using var run = await ImportRun.OpenAsync(db, content, batch.FileName, ImportOptions.FromJson(batch.OptionsJson), await user.ScopeAsync(ct), today, ct);
                var planner = new ImportPlanner(db, run.Reference, personalData, run.Year, run.AsOf, today);
                var issues = new List<RowIssue>();
                var sample = new List<PreviewRow>();
                int create = 0, update = 0, unchanged = 0, invalid = 0, warned = 0, problems = 0, issueCount = 0;
                var renewed = clock.GetUtcNow();
                await ImportClaims.RenewAsync(db, batchId, renewed.UtcDateTime, ct);
                await run.RunAsync(planner, track: false, async plans =>
                {
                    // An analysis holds no row: it renews its claim now and then, so a sweep knows it is alive.
                    if (clock.GetUtcNow() - renewed >= ImportClaims.HeartbeatEvery)
                    {
                        renewed = clock.GetUtcNow();
                        await ImportClaims.RenewAsync(db, batchId, renewed.UtcDateTime, ct);
                    }

                    foreach (var p in plans)
                    {
                        switch (p.Action)
                        {
                            case RowAction.Create: create++; break;
                            case RowAction.Update: update++; break;
                            case RowAction.Unchanged: unchanged++; break;
                            default: invalid++; break;
                        }

                        if (p.Row.Issues.Exists(i => i.Severity == IssueSeverity.Warning))
                        {
                            warned++;
                        }

                        problems += p.Action == RowAction.Invalid ? 0 : p.NewProblems.Count;
                        issueCount += p.Row.Issues.Count;
                        issues.AddRange(p.Row.Issues.Take(Math.Max(0, ImportPreview.MaxIssues - issues.Count)));
                        if (sample.Count < ImportPreview.MaxRows)
                        {
                            sample.Add(Sample(p));
                        }
                    }
                }, progress, ct);

                var fileIssues = run.FileIssues.ToList();
                var preview = new ImportPreview
                {
                    Sheets = run.Sheets,
                    Sheet = run.Sheet,
                    Title = run.Layout.Title,
                    UnitLine = run.Layout.UnitLine,
                    HeaderFirstRow = run.Layout.HeaderFirstRow,
                    HeaderLastRow = run.Layout.HeaderLastRow,
                    AsOf = run.AsOf,
                    DetectedAsOf = run.Layout.AsOf,
                    Year = run.Year,
                    MoneyUnit = run.Layout.MoneyUnit.Unit,
                    DefaultRegion = run.DefaultRegion?.Key,
                    Columns = [.. run.Columns.Select(c => new PreviewColumn(c.Index, c.Letter, c.Header, c.Target is null ? null : ColumnKeys.Key(c.Target),
                        c.Target is null ? null : ColumnKeys.Label(c.Target), c.Unit.Unit, c.MappedByUser))],
                    Rows = create + update + unchanged + invalid,
                    Create = create,
                    Update = update,
                    Unchanged = unchanged,
                    Invalid = invalid,
                    WarningRows = warned,
                    Problems = problems,
                    TotalIssues = issueCount + fileIssues.Count,
                    Issues = [.. fileIssues, .. issues],
                    Sample = sample,
                    AmbiguousRegions = [.. run.Ambiguous.Values],
                };
                var errorRows = invalid + (run.HasFileErrors || preview.Rows == 0 ? 1 : 0);
                if (preview.Rows == 0)
                {
                    preview = preview with { Issues = [new RowIssue(0, null, IssueSeverity.Error, "表格中没有项目数据行"), .. preview.Issues] };
                }

                batch.Analysed(preview.ToJson(), preview.Rows, create, update, unchanged, problems, errorRows);
            }
            catch (ExcelFileException e)
            {
                batch.Refuse(e.Message);
            }
        }
        finally
        {
            slots.Release();
        }

        await db.SaveChangesAsync(ct);
        return batch;
    }

    private static PreviewRow Sample(RowPlan p) => new(
        p.Row.RowNumber, p.Action, p.Details?.Name ?? p.Row.Name, p.Region?.Name,
        p.Details?.TotalInvestment ?? p.Row.TotalInvestment, p.Report?.Ytd ?? p.Row.InvestmentYtd, p.Report?.SinceStart ?? p.Row.InvestmentSinceStart,
        p.Row.Issues.Count(i => i.Severity == IssueSeverity.Error), p.Row.Issues.Count(i => i.Severity == IssueSeverity.Warning),
        p.Action == RowAction.Update ? p.Changes : null);
}
