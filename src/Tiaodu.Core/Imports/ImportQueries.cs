using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Imports;

/// <summary>Reading import batches a user may see, changing a batch's options, and saving its column mapping for reuse.</summary>
public sealed class ImportQueries(TiaoduDb db, ICurrentUser user, TimeProvider clock)
{
    public async Task<PageOf<ImportBatch>> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        ImportAccess.Require(user);
        var q = ImportAccess.Visible(db.ImportBatches.AsNoTracking(), user, await user.ScopeAsync(ct));
        var total = await q.CountAsync(ct);
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pages);
        var items = await q.OrderByDescending(b => b.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PageOf<ImportBatch>(items, total, page, pageSize);
    }

    public Task<ImportBatch> GetAsync(int id, CancellationToken ct) => ImportAccess.LoadAsync(db, id, user, track: false, ct);

    /// <summary>Stores new options and sends the batch back to analysis.</summary>
    public async Task<ImportBatch> SetOptionsAsync(int id, int expectedVersion, ImportOptions options, CancellationToken ct, bool analyseNow = false)
    {
        var batch = await ImportAccess.LoadAsync(db, id, user, track: true, ct);
        ConcurrencyGuard.Expect(db, batch, batch.Version, expectedVersion);
        Validate(options);
        batch.Reanalyse(options.ToJson(), clock.GetUtcNow().UtcDateTime, analyseNow);
        await ConcurrencyGuard.SaveAsync(db, ct);
        return batch;
    }

    private void Validate(ImportOptions options)
    {
        var errors = new ValidationErrors();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (options.Year is < SaveProjectYear.MinYear || options.Year > today.Year + 5)
        {
            errors.Add("year", $"年度应在{SaveProjectYear.MinYear}至{today.Year + 5}之间");
        }

        if (options.AsOf > today)
        {
            errors.Add("asOf", "截至日期不能晚于今天");
        }

        if (options.Sheet is < 0 or > 255)
        {
            errors.Add("sheet", "工作表序号不正确");
        }

        foreach (var (column, key) in options.Columns)
        {
            if (column is < 0 or > 1000 || !ColumnKeys.TryParse(key, out _))
            {
                errors.Add("columns", $"第{column + 1}列的对应字段「{key}」无法识别");
            }
        }

        if (options.Columns.Count > 1000 || options.RegionChoices.Count > 1000 || options.RegionChoices.Any(c => c.Key.Length > 100 || c.Value.Length > 40))
        {
            errors.Add("", "选项过多或过长");
        }

        errors.ThrowIfAny();
    }

    /// <summary>Saves the batch's current column mapping (header → field) under a name; an existing name is replaced.</summary>
    public async Task<ImportMapping> SaveMappingAsync(string name, int batchId, CancellationToken ct)
    {
        ImportAccess.Require(user);
        name = (name ?? "").Trim();
        if (name.Length is 0 or > ImportMapping.NameLength)
        {
            throw ValidationFailedException.For("name", $"请填写方案名称（不超过{ImportMapping.NameLength}个字）");
        }

        var batch = await ImportAccess.LoadAsync(db, batchId, user, track: false, ct);
        var preview = ImportPreview.FromJson(batch.PreviewJson) ?? throw new ConflictException("该导入还没有预览，不能保存映射方案");
        var columns = preview.Columns.GroupBy(c => ImportRun.HeaderKey(c.Header))
            .ToDictionary(g => g.Key, g => g.First().Field ?? ColumnKeys.Ignore, StringComparer.Ordinal);
        var json = JsonSerializer.Serialize(columns);
        var mapping = await db.ImportMappings.FirstOrDefaultAsync(m => m.Target == ImportMapping.Ledger && m.Name == name, ct);
        if (mapping is null)
        {
            mapping = new ImportMapping(name, user.AccountId, json, clock.GetUtcNow().UtcDateTime);
            db.ImportMappings.Add(mapping);
        }
        else
        {
            mapping.Replace(json);
        }

        await ConcurrencyGuard.SaveAsync(db, ct);
        return mapping;
    }
}
