using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Excel;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Imports;

/// <summary>
/// One pass over an uploaded ledger: opens the file safely, picks the sheet, finds its layout, applies the
/// user's mapping, then streams the data rows in chunks through the parser and the planner. The preview
/// and the apply step both run it, so they see the same rows the same way.
/// </summary>
internal sealed class ImportRun : IDisposable
{
    public const int ChunkSize = 1000;
    private const int LayoutRows = 40;

    private readonly WorkbookFile _file;
    private readonly List<RowIssue> _fileIssues = [];

    private ImportRun(WorkbookFile file, ImportReference reference, int sheet, SheetLayout layout, List<ImportColumn> columns, Region? defaultRegion, int year, DateOnly? asOf, ImportOptions options)
    {
        (_file, Reference, Sheet, Layout, Columns, DefaultRegion, Year, AsOf, Options) = (file, reference, sheet, layout, columns, defaultRegion, year, asOf, options);
    }

    public ImportReference Reference { get; }
    public int Sheet { get; }
    public SheetLayout Layout { get; }
    public IReadOnlyList<ImportColumn> Columns { get; }
    public Region? DefaultRegion { get; }
    public int Year { get; }
    public DateOnly? AsOf { get; }
    public ImportOptions Options { get; }
    public IReadOnlyList<string> Sheets => _file.SheetNames;
    public IReadOnlyList<RowIssue> FileIssues => _fileIssues;
    public bool HasFileErrors => _fileIssues.Exists(i => i.Severity == IssueSeverity.Error);
    public Dictionary<string, AmbiguousRegion> Ambiguous { get; } = new(StringComparer.Ordinal);

    /// <summary>Opens and lays out the file; throws <see cref="ExcelFileException"/> when it is refused or holds no ledger table.</summary>
    public static async Task<ImportRun> OpenAsync(TiaoduDb db, byte[] content, string fileName, ImportOptions options, AccessScope scope, DateOnly today, CancellationToken ct)
    {
        var file = WorkbookFile.Open(new MemoryStream(content, writable: false), fileName);
        try
        {
            var reference = await ImportReference.LoadAsync(db, scope, ct);
            var tagNames = reference.TagNames.ToList();
            var (sheet, layout) = PickSheet(file, options.Sheet, tagNames);
            var saved = options.MappingId is { } id ? await SavedColumnsAsync(db, id, ct) : null;
            var columns = layout.Columns.Select(c => Column(c, options, saved, layout.MoneyUnit)).ToList();
            var defaultRegion = options.Region is { Length: > 0 } key ? reference.Regions.ByKey(key) ?? reference.Regions.All.FirstOrDefault(r => r.Code == key) : null;
            var asOf = options.AsOf ?? layout.AsOf;
            var year = options.Year ?? asOf?.Year ?? layout.Year ?? today.Year;
            var run = new ImportRun(file, reference, sheet, layout, columns, defaultRegion, year, asOf, options);
            run.CheckFile(today);
            return run;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static (int Sheet, SheetLayout Layout) PickSheet(WorkbookFile file, int? chosen, IReadOnlyCollection<string> tagNames)
    {
        if (chosen is { } c && (c < 0 || c >= file.SheetNames.Count))
        {
            throw new ExcelFileException($"工作表序号 {c + 1} 不存在，文件共有 {file.SheetNames.Count} 个工作表");
        }

        (int, SheetLayout)? best = null;
        foreach (var index in chosen is { } only ? [only] : Enumerable.Range(0, file.SheetNames.Count))
        {
            var top = file.Rows(index).Take(LayoutRows).ToList();
            var layout = LayoutDetector.Detect(top, file.Merges(index), tagNames);
            if (layout is not null && (best is null || layout.Score > best.Value.Item2.Score))
            {
                best = (index, layout);
            }
        }

        return best ?? throw new ExcelFileException(chosen is null
            ? "没有在文件中找到项目台账表格：表头中应有“项目名称”等列"
            : $"工作表「{file.SheetNames[chosen.Value]}」中没有找到项目台账表格：表头中应有“项目名称”等列");
    }

    private static async Task<Dictionary<string, string>?> SavedColumnsAsync(TiaoduDb db, int id, CancellationToken ct)
    {
        var json = await db.ImportMappings.AsNoTracking().Where(m => m.Id == id && m.Target == ImportMapping.Ledger).Select(m => m.ColumnsJson).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("映射方案不存在");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
    }

    public static string HeaderKey(string header) => ChineseText.Normalize(header);

    private static ImportColumn Column(DetectedColumn c, ImportOptions options, Dictionary<string, string>? saved, UnitConversion money)
    {
        if (options.Columns.TryGetValue(c.Index, out var key) && ColumnKeys.TryParse(key, out var chosen))
        {
            return new ImportColumn(c.Index, c.Header, chosen, UnitFor(chosen, c, money), c.YtdMonth, MappedByUser: true);
        }

        if (saved is not null && saved.TryGetValue(HeaderKey(c.Header), out var savedKey) && ColumnKeys.TryParse(savedKey, out var mapped))
        {
            return new ImportColumn(c.Index, c.Header, mapped, UnitFor(mapped, c, money), c.YtdMonth, MappedByUser: true);
        }

        return new ImportColumn(c.Index, c.Header, c.Target, c.Unit, c.YtdMonth, MappedByUser: false);
    }

    /// <summary>A column mapped by hand keeps the unit its header states (亿元, 亩); a unit of the other kind does not apply.</summary>
    private static UnitConversion UnitFor(ColumnTarget? target, DetectedColumn c, UnitConversion money) =>
        target is null ? UnitConversion.None
        : ImportFields.KindOf(target.Field) switch
        {
            FieldKind.Money => UnitConversion.Find(c.Header, land: false) ?? money,
            FieldKind.Area => UnitConversion.Find(c.Header, land: true) ?? UnitConversion.Mu,
            _ => UnitConversion.None,
        };

    private void CheckFile(DateOnly today)
    {
        void Error(string message) => _fileIssues.Add(new RowIssue(0, null, IssueSeverity.Error, message));
        var mapped = Columns.Where(c => c.Target is not null).ToList();
        if (!mapped.Exists(c => c.Target!.Field == ImportField.Name))
        {
            Error("没有“项目名称”列：请在下方把项目名称所在的列对应到“项目名称”");
        }

        if (!mapped.Exists(c => c.Target!.Field == ImportField.Region) && DefaultRegion is null)
        {
            Error("没有“所属区域”列：请在下方选择默认区域，或把区域所在的列对应到“所属区域”");
        }

        foreach (var g in mapped.Where(c => c.Target!.Field is not ImportField.Problem).GroupBy(c => c.Target!))
        {
            if (g.Count() > 1)
            {
                Error($"“{ColumnKeys.Label(g.Key)}”对应了多列：{string.Join("、", g.Select(c => c.Letter + "列"))}，请只保留一列");
            }
        }

        foreach (var c in mapped.Where(c => c.Target!.Field == ImportField.Tag && Reference.Tag(c.Target.TagName!) is null))
        {
            Error($"{c.Letter}列对应的标签「{c.Target!.TagName}」不存在，请先在标签管理中添加");
        }

        var hasFigures = mapped.Exists(c => c.Target!.Field is ImportField.InvestmentYtd or ImportField.InvestmentSinceStart);
        if (hasFigures && AsOf is null)
        {
            Error("文件有完成投资列，但标题和单位行中没有截至日期：请在下方填写截至日期");
        }

        if (AsOf is { } asOf)
        {
            if (asOf.Year != Year)
            {
                Error($"截至日期 {asOf:yyyy-MM-dd} 不在导入年度 {Year} 年内");
            }

            if (asOf > today)
            {
                Error($"截至日期 {asOf:yyyy-MM-dd} 晚于今天");
            }

            foreach (var c in mapped.Where(c => c.Target!.Field == ImportField.InvestmentYtd && c.YtdMonth is { } m && m != asOf.Month))
            {
                Error($"{c.Letter}列「{c.Header}」是1-{c.YtdMonth}月的累计数，与截至日期 {asOf:yyyy年M月d日} 不一致：请核对截至日期");
            }
        }

        if (Year < Ledger.SaveProjectYear.MinYear || Year > today.Year + 5)
        {
            Error($"年度 {Year} 超出范围");
        }
    }

    /// <summary>
    /// Streams the data rows in chunks through parser and planner; <paramref name="onChunk"/> sees each chunk's
    /// plans. Reading and parsing run on a worker of their own, up to two chunks ahead, while the caller's
    /// context plans and writes the chunk before: the two overlap on a machine with more than one core.
    /// </summary>
    public async Task<RunTotals> RunAsync(ImportPlanner planner, bool track, Func<List<RowPlan>, Task> onChunk, Action<int>? progress, CancellationToken ct)
    {
        var totals = new RunTotals();
        var chunks = Channel.CreateBounded<List<ImportRow>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => Read(chunks.Writer, totals, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
            {
                // The channel hands on chunks already waiting without looking at the token.
                ct.ThrowIfCancellationRequested();
                if (reading.IsFaulted)
                {
                    // The file failed further down: the chunks still waiting would only be planned to be thrown away.
                    break;
                }

                var plans = await planner.PlanAsync(chunk, track, ct);
                totals.Rows += plans.Count;
                await onChunk(plans);
                progress?.Invoke(totals.Rows);
            }
        }
        catch
        {
            // The worker must be done with the file before the caller disposes of it.
            await stop.CancelAsync();
            await Settle(reading);
            throw;
        }

        await reading;
        if (totals.DeclaredTotal is { } declared && Math.Abs(declared.Value - totals.SumOfTotals) >= 0.01m)
        {
            _fileIssues.Add(new RowIssue(declared.Row, null, IssueSeverity.Warning,
                $"合计行的总投资 {declared.Value:0.####} 万元与各行之和 {totals.SumOfTotals:0.####} 万元不一致"));
        }

        return totals;
    }

    /// <summary>
    /// Waits for a worker whose result is no longer wanted because the caller failed: the caller's failure is the
    /// one reported, and the worker's own, if any (being stopped, or a second failure), is observed here.
    /// </summary>
    public static async Task Settle(Task worker)
    {
        try
        {
            await worker;
        }
        catch (Exception)
        {
            // Observed and dropped: see above.
        }
    }

    /// <summary>The worker's part: reads the sheet, classifies and parses its rows, and hands on chunks of data rows.</summary>
    private async Task Read(ChannelWriter<List<ImportRow>> chunks, RunTotals totals, CancellationToken ct)
    {
        try
        {
            var parser = new LedgerRowParser(Columns, Reference, DefaultRegion, Options.RegionChoices);
            var chunk = new List<ImportRow>(ChunkSize);
            string? section = null;
            (int Row, int Declared, int Seen)? sectionCount = null;
            var totalColumn = Columns.FirstOrDefault(c => c.Target?.Field == ImportField.TotalInvestment);

            void CloseSection()
            {
                if (sectionCount is { } s && s.Declared != s.Seen)
                {
                    _fileIssues.Add(new RowIssue(s.Row, null, IssueSeverity.Warning, $"分类行写明{s.Declared}个项目，其下实际有{s.Seen}行"));
                }
            }

            foreach (var sheetRow in _file.Rows(Sheet).Where(r => r.Number > Layout.HeaderLastRow))
            {
                var kind = RowClassifier.Classify(sheetRow, Layout);
                if (kind.Kind == RowKind.Note)
                {
                    break;
                }

                switch (kind.Kind)
                {
                    case RowKind.Section:
                        CloseSection();
                        section = kind.Section;
                        sectionCount = kind.DeclaredCount is { } n ? (sheetRow.Number, n, 0) : null;
                        continue;
                    case RowKind.Total:
                        // 小计 rows sum a section; only the table's 合计/总计 is checked against every row.
                        if (!sheetRow.Cells.Any(c => c is string text && text.Contains("小计", StringComparison.Ordinal)) && totalColumn is not null && totalColumn.Index < sheetRow.Cells.Length
                            && CellValues.Number(sheetRow.Cells[totalColumn.Index], totalColumn.Unit) is { HasValue: true } t)
                        {
                            totals.DeclaredTotal = (sheetRow.Number, t.Value);
                        }

                        continue;
                    case RowKind.Data:
                        var row = parser.Parse(sheetRow, section);
                        totals.SumOfTotals += row.TotalInvestment ?? 0;
                        if (sectionCount is { } sc)
                        {
                            sectionCount = sc with { Seen = sc.Seen + 1 };
                        }

                        chunk.Add(row);
                        if (chunk.Count >= ChunkSize)
                        {
                            await chunks.WriteAsync(chunk, ct);
                            chunk = new List<ImportRow>(ChunkSize);
                        }

                        continue;
                    default:
                        continue;
                }
            }

            CloseSection();
            if (chunk.Count > 0)
            {
                await chunks.WriteAsync(chunk, ct);
            }

            foreach (var (text, candidates) in parser.Ambiguous)
            {
                Ambiguous[text] = new AmbiguousRegion(text, [.. candidates.Select(c => new RegionChoice(c.Key, c.Name))]);
            }
        }
        finally
        {
            // Completed without the error, which the caller gets as it is from the task.
            chunks.Complete();
        }
    }

    public void Dispose() => _file.Dispose();
}

internal sealed class RunTotals
{
    public int Rows { get; set; }
    public decimal SumOfTotals { get; set; }
    public (int Row, decimal Value)? DeclaredTotal { get; set; }
}
