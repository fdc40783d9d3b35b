using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Data;
using Tiaodu.Core.Imports;

namespace Tiaodu.Web.Imports;

/// <summary>
/// <c>import-leads &lt;file&gt; [--region 代码] [--mapping 方案名] [--dry-run]</c>: the same preview and all-or-nothing
/// apply of a 招商台账 as the web page, run as the platform itself ("cli" in the audit trail).
/// Exit code 0 applied (or a clean dry run), 1 the file has errors or was refused, 2 bad arguments.
/// </summary>
internal static class LeadImportVerb
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        var (path, region, mappingName, dryRun) = Parse(args);
        if (!File.Exists(path))
        {
            throw new ArgumentException("文件不存在：" + path);
        }

        var ct = CancellationToken.None;
        int? mappingId = null;
        if (mappingName is not null)
        {
            var db = services.GetRequiredService<TiaoduDb>();
            mappingId = await db.ImportMappings.Where(m => m.Target == ImportMapping.Leads && m.Name == mappingName).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct)
                ?? throw new ArgumentException("没有名为「" + mappingName + "」的招商台账列对应方案");
        }

        var import = ActivatorUtilities.CreateInstance<ImportLeads>(services, SystemUser.Instance);
        LeadImport saved;
        LeadImportPreview preview;
        try
        {
            await using var stream = File.OpenRead(path);
            (saved, preview) = await import.UploadAsync(stream, Path.GetFileName(path), region, ct, mappingId);
        }
        catch (ValidationFailedException e)
        {
            await errors.WriteLineAsync("无法导入：" + e.Message);
            return 1;
        }

        output.WriteLine($"招商台账导入 #{saved.Id}：{preview.Title ?? saved.FileName}，表头第{preview.HeaderRow}行");
        output.WriteLine("列：" + string.Join("、", preview.Headers.Select(h => $"{h.Letter}「{h.Header}」→{(h.Field is { } f ? LeadNames.Column(f) : "不导入")}")));
        output.WriteLine($"共{preview.Rows.Count}行：新增{preview.New}，更新{preview.Updated}，无变化{preview.Unchanged}，有错误{preview.Rows.Count(r => r.Outcome == LeadRowOutcome.Error)}");
        foreach (var t in preview.ByStage)
        {
            output.WriteLine($"  {t.Name}：{t.Leads}个，{t.Amount:0.####}万元");
        }

        foreach (var message in preview.FileErrors.Select(e => "错误 文件：" + e).Concat(preview.FileWarnings.Select(w => "提示 文件：" + w))
                     .Concat(preview.Rows.SelectMany(r => r.Errors.Select(e => $"错误 第{r.Row}行：{e}").Concat(r.Warnings.Select(w => $"提示 第{r.Row}行：{w}")))).Take(200))
        {
            output.WriteLine("  " + message);
        }

        if (preview.Errors > 0)
        {
            await errors.WriteLineAsync("文件有错误，未导入。");
            return 1;
        }

        if (dryRun)
        {
            output.WriteLine("试运行：未写入任何数据。");
            return 0;
        }

        try
        {
            (saved, _) = await import.ApplyAsync(saved.Id, ct);
        }
        catch (ConflictException e)
        {
            await errors.WriteLineAsync("导入失败：" + e.Message);
            return 1;
        }

        output.WriteLine($"已导入：新增{saved.Created}，更新{saved.Updated}，无变化{saved.Unchanged}。撤销请在“招商台账导入”页面操作（#{saved.Id}）。");
        return 0;
    }

    private static (string Path, string? Region, string? Mapping, bool DryRun) Parse(string[] args)
    {
        string? path = null, region = null, mapping = null;
        var dryRun = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("参数 " + args[i] + " 缺少取值");
            switch (args[i])
            {
                case "--dry-run": dryRun = true; break;
                case "--region": region = Value(); break;
                case "--mapping": mapping = Value(); break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || path is not null)
                    {
                        throw new ArgumentException("无法识别的参数 " + args[i]);
                    }

                    path = args[i];
                    break;
            }
        }

        return (path ?? throw new ArgumentException("请指定要导入的招商台账文件"), region, mapping, dryRun);
    }
}
