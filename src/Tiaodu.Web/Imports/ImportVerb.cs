using System.Globalization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Imports;

namespace Tiaodu.Web.Imports;

/// <summary>
/// <c>import &lt;file&gt; [--as-of yyyy-MM-dd] [--region 代码] [--year Y] [--sheet N] [--dry-run]</c>: the same
/// preview and all-or-nothing apply as the web page, run as the platform itself ("cli" in the audit trail).
/// Exit code 0 applied (or a clean dry run), 1 the file has errors or was refused, 2 bad arguments.
/// </summary>
internal static class ImportVerb
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        var (path, options, dryRun) = Parse(args);
        if (!File.Exists(path))
        {
            throw new ArgumentException("文件不存在：" + path);
        }

        var user = SystemUser.Instance;
        var ct = CancellationToken.None;
        ImportBatch batch;
        await using (var stream = File.OpenRead(path))
        {
            batch = await services.GetRequiredService<UploadImport>().HandleAsync(Path.GetFileName(path), stream, options, user, ct, analyseNow: true);
        }

        batch = await services.GetRequiredService<AnalyseImport>().HandleAsync(batch.Id, user, null, ct, claimed: true);
        if (batch.Status == ImportStatus.Refused)
        {
            await errors.WriteLineAsync("无法导入：" + batch.Message);
            return 1;
        }

        var preview = ImportPreview.FromJson(batch.PreviewJson)!;
        output.WriteLine($"导入批次 #{batch.Id}：工作表「{preview.Sheets[preview.Sheet]}」，表头第{preview.HeaderFirstRow}-{preview.HeaderLastRow}行，{preview.Year}年，截至 {preview.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "（未知）"}");
        output.WriteLine($"共{preview.Rows}行：新增{preview.Create}，更新{preview.Update}，无变化{preview.Unchanged}，有错误{preview.Invalid}；新增问题{preview.Problems}条");
        foreach (var issue in preview.Issues.Take(200))
        {
            var where = issue.Row == 0 ? "文件" : $"第{issue.Row}行";
            output.WriteLine($"  {(issue.Severity == IssueSeverity.Error ? "错误" : "提示")} {where}：{issue.Message}");
        }

        if (preview.TotalIssues > 200)
        {
            output.WriteLine($"  …… 另有{preview.TotalIssues - 200}条");
        }

        if (!batch.CanConfirm)
        {
            await errors.WriteLineAsync("文件有错误，未导入。");
            return 1;
        }

        if (dryRun)
        {
            output.WriteLine("试运行：未写入任何数据。");
            return 0;
        }

        var apply = services.GetRequiredService<ApplyImport>();
        await apply.ConfirmAsync(batch.Id, batch.Version, user, ct, runNow: true);
        batch = await apply.HandleAsync(batch.Id, user, null, ct, claimed: true);
        if (batch.Status != ImportStatus.Applied)
        {
            await errors.WriteLineAsync("导入失败：" + batch.Message);
            return 1;
        }

        output.WriteLine($"已导入：新增{batch.Created}，更新{batch.Updated}，无变化{batch.Unchanged}，新增问题{batch.ProblemsOpened}条。撤销请在“台账导入”页面操作（批次 #{batch.Id}）。");
        return 0;
    }

    private static (string Path, ImportOptions Options, bool DryRun) Parse(string[] args)
    {
        string? path = null;
        var options = new ImportOptions();
        var dryRun = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("参数 " + args[i] + " 缺少取值");
            switch (args[i])
            {
                case "--dry-run": dryRun = true; break;
                case "--as-of":
                    options = options with
                    {
                        AsOf = DateOnly.TryParseExact(Value(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                            ? d : throw new ArgumentException("--as-of 应为 yyyy-MM-dd 格式的日期"),
                    };
                    break;
                case "--year": options = options with { Year = Int(Value(), "--year") }; break;
                case "--sheet": options = options with { Sheet = Int(Value(), "--sheet") - 1 }; break;
                case "--region": options = options with { Region = Value() }; break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || path is not null)
                    {
                        throw new ArgumentException("无法识别的参数 " + args[i]);
                    }

                    path = args[i];
                    break;
            }
        }

        return (path ?? throw new ArgumentException("请指定要导入的文件"), options, dryRun);
    }

    private static int Int(string s, string name) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException(name + " 应为整数");
}
