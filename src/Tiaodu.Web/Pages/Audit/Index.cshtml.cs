using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using Tiaodu.Core;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;
using Tiaodu.Web.Pages.Admin;

namespace Tiaodu.Web.Pages.Audit;

/// <summary>
/// The audit administrator's view of the trail: search by who, what and when (platform dates, both ends
/// inclusive), verify the hash chain, and export what was found as CSV — the export itself is audited.
/// </summary>
internal sealed class IndexModel(SearchAudit search, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 50;
    public const int ExportCap = 100_000;

    /// <summary>The entity types the platform records, for the search form's suggestions.</summary>
    public static readonly IReadOnlyList<string> EntityTypes =
        ["Project", "ProjectYear", "MonthlyReport", "Region", "Lookup", "Tag", "Person", "Account", "AccountRole", "AccountProject", "SecuritySettings", "AuditEntry"];

    public string? Actor { get; private set; }
    public AuditAction? Action { get; private set; }
    public string? EntityType { get; private set; }
    public string? EntityId { get; private set; }
    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }

    /// <summary>The raw dates as typed, to show back when they could not be read.</summary>
    public string? FromText { get; private set; }
    public string? ToText { get; private set; }

    public FormFeedback Feedback { get; private set; } = FormFeedback.None;

    public PageOf<AuditEntry> Result { get; private set; } = new([], 0, 1, PageSize);

    public AuditChainReport? Chain { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await SearchAsync(ct);

    /// <summary>Walks the whole chain, recomputing every hash, and shows the outcome above the results.</summary>
    public async Task OnGetVerifyAsync([FromServices] VerifyAuditChain verify, CancellationToken ct)
    {
        Chain = await verify.HandleAsync(ct);
        await SearchAsync(ct);
    }

    /// <summary>
    /// Every matching record (up to <see cref="ExportCap"/>) as a UTF-8 CSV with a byte-order mark, so Excel
    /// reads the Chinese text. The export is recorded before the first byte leaves.
    /// </summary>
    public async Task<IActionResult> OnGetExportAsync([FromServices] TiaoduDb db, CancellationToken ct)
    {
        var query = ReadQuery();
        if (query is null)
        {
            return Redirect(ListUrl(1));
        }

        PageOf<AuditEntry> first;
        try
        {
            first = await search.HandleAsync(query with { Page = 1, PageSize = SearchAudit.MaxPageSize }, ct);
        }
        catch (ValidationFailedException)
        {
            return Redirect(ListUrl(1));
        }

        // Records appended while the export runs (its own record among them) are left out: the file is the
        // trail as it stood when the export began, and no record is written twice as pages shift.
        var ceiling = first.Items.Count > 0 ? first.Items[0].Sequence : 0;
        var count = Math.Min(first.Total, ExportCap);
        var summary = $"导出审计记录{count}条（{Conditions()}）" + (first.Total > ExportCap ? $"，超过上限仅导出最新{ExportCap}条" : "");
        await db.RecordAuditAsync(AuditAction.Export, nameof(AuditEntry), null, summary, AuditResult.Success, ct);

        var zone = clock.LocalTimeZone;
        var now = TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone);
        var fileName = "audit-" + now.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture) + ".csv";
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        Response.Headers.CacheControl = "no-store";

        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        await writer.WriteAsync('\uFEFF');
        await WriteRowAsync(writer,
        [
            l["Audit.Col.Sequence"], l["Audit.Col.Time"], l["Audit.Col.Actor"], l["Audit.Col.Address"], l["Audit.Col.Action"],
            l["Audit.Col.EntityType"], l["Audit.Col.EntityId"], l["Audit.Col.Summary"], l["Audit.Col.Result"],
            l["Audit.Col.Before"], l["Audit.Col.After"], l["Audit.Col.Hash"],
        ]);

        var written = 0;
        var last = long.MaxValue;
        var page = first;
        for (var number = 1; written < count; number++)
        {
            if (number > 1)
            {
                page = await search.HandleAsync(query with { Page = number, PageSize = SearchAudit.MaxPageSize }, ct);
                if (page.Page < number)
                {
                    break; // past the last page (the search returns the last one again)
                }
            }

            foreach (var e in page.Items.Where(e => e.Sequence <= ceiling && e.Sequence < last))
            {
                await WriteRowAsync(writer,
                [
                    e.Sequence.ToString(CultureInfo.InvariantCulture), LocalTime(e.At, "yyyy-MM-dd HH:mm:ss"), e.Actor, e.RemoteAddress,
                    ActionName(e.Action), e.EntityType, e.EntityId, e.Summary, ResultName(e.Result), e.Before, e.After, e.Hash,
                ]);
                last = e.Sequence;
                if (++written >= count)
                {
                    break;
                }
            }

            if (page.Items.Count < SearchAudit.MaxPageSize)
            {
                break;
            }

            await writer.FlushAsync(ct);
        }

        await writer.FlushAsync(ct);
        return new EmptyResult();
    }

    public string ActionName(AuditAction action) => l["Audit.Action." + action];

    public string ResultName(AuditResult result) => result == AuditResult.Success ? l["Audit.Result.Success"] : l["Audit.Result.Failure"];

    /// <summary>The entity type in words when the platform knows it (项目, 账号 …), else as stored.</summary>
    public string EntityName(string type)
    {
        var name = l["Audit.Entity." + type];
        return name.ResourceNotFound ? type : name.Value;
    }

    public string LocalTime(DateTime utc, string format = "yyyy-MM-dd HH:mm:ss") =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), clock.LocalTimeZone).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The page URL with the current conditions; <paramref name="handler"/> for the export and the chain check.</summary>
    public string ListUrl(int page, string? handler = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(key + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("handler", handler);
        Add("actor", Actor);
        Add("action", Action?.ToString());
        Add("entityType", EntityType);
        Add("entityId", EntityId);
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? FromText);
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ToText);
        if (page > 1)
        {
            Add("page", page.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "/audit" : "/audit?" + string.Join('&', parts);
    }

    /// <summary>The changed fields of a record: name, value before, value after (from the JSON objects).</summary>
    public static IReadOnlyList<(string Field, string Before, string After)> Changes(AuditEntry e)
    {
        var before = Fields(e.Before);
        var after = Fields(e.After);
        if (before is null || after is null)
        {
            return [];
        }

        return [.. before.Keys.Concat(after.Keys).Distinct(StringComparer.Ordinal)
            .Select(k => (k, before.GetValueOrDefault(k, ""), after.GetValueOrDefault(k, "")))];
    }

    public static bool HasChanges(AuditEntry e) => e.Before is not null || e.After is not null;

    private static Dictionary<string, string>? Fields(string? json)
    {
        if (json is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString() ?? "",
                JsonValueKind.Null => "",
                _ => p.Value.GetRawText(),
            }, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task SearchAsync(CancellationToken ct)
    {
        var query = ReadQuery();
        if (query is null)
        {
            return;
        }

        try
        {
            Result = await search.HandleAsync(query, ct);
        }
        catch (ValidationFailedException e)
        {
            Feedback = FormFeedback.From(e);
        }
    }

    /// <summary>Reads the conditions from the query string; null (with field errors) when some cannot be read.</summary>
    private AuditQuery? ReadQuery()
    {
        var q = Request.Query;
        var errors = new ValidationErrors();
        Actor = Trimmed(q["actor"], AuditEntry.ActorLength);
        EntityType = Trimmed(q["entityType"], AuditEntry.EntityTypeLength);
        EntityId = Trimmed(q["entityId"], AuditEntry.EntityIdLength);
        var action = q["action"].ToString().Trim();
        if (action.Length > 0)
        {
            if (!action.All(char.IsAsciiDigit) && Enum.TryParse<AuditAction>(action, ignoreCase: true, out var a) && Enum.IsDefined(a))
            {
                Action = a;
            }
            else
            {
                errors.Add("action", "请选择有效的操作类型");
            }
        }

        FromText = Trimmed(q["from"], 10);
        ToText = Trimmed(q["to"], 10);
        From = ParseDate(FromText, "from", errors);
        To = ParseDate(ToText, "to", errors);
        if (From is { } f && To is { } t && t < f)
        {
            errors.Add("to", "结束日期不能早于开始日期");
        }

        var page = int.TryParse(q["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        try
        {
            errors.ThrowIfAny();
        }
        catch (ValidationFailedException e)
        {
            Feedback = FormFeedback.From(e);
            return null;
        }

        var zone = clock.LocalTimeZone;
        return new AuditQuery
        {
            Actor = Actor,
            Action = Action,
            EntityType = EntityType,
            EntityId = EntityId,
            From = From is { } from ? TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone) : null,
            // "To" is the whole of that day: the search's end is exclusive, so it is the next day's start.
            To = To is { } to ? TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone) : null,
            Page = page,
            PageSize = PageSize,
        };
    }

    /// <summary>The conditions in words, for the export's audit record (simplified Chinese, like every record).</summary>
    private string Conditions()
    {
        var parts = new List<string>();
        if (Actor is not null)
        {
            parts.Add("操作人=" + Actor);
        }

        if (Action is { } a)
        {
            parts.Add("操作类型=" + ChineseName(a));
        }

        if (EntityType is not null)
        {
            parts.Add("对象类型=" + EntityType);
        }

        if (EntityId is not null)
        {
            parts.Add("对象编号=" + EntityId);
        }

        if (From is not null || To is not null)
        {
            parts.Add("日期" + (From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "") + "至" + (To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""));
        }

        return parts.Count == 0 ? "全部记录" : string.Join("，", parts);
    }

    private static string ChineseName(AuditAction action) => action switch
    {
        AuditAction.Create => "新建",
        AuditAction.Update => "修改",
        AuditAction.Delete => "删除",
        AuditAction.Restore => "恢复",
        AuditAction.Import => "导入",
        AuditAction.Export => "导出",
        AuditAction.Login => "登录",
        AuditAction.Logout => "退出",
        AuditAction.Lockout => "锁定",
        AuditAction.Reveal => "查看个人信息",
        AuditAction.Grant => "授权",
        AuditAction.Setting => "安全设置",
        _ => action.ToString(),
    };

    private static DateOnly? ParseDate(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year >= 2000)
        {
            return d;
        }

        errors.Add(field, "日期应为 年-月-日 格式，如 2026-01-31");
        return null;
    }

    private static string? Trimmed(string? value, int max)
    {
        var t = value?.Trim();
        return string.IsNullOrEmpty(t) ? null : t.Length <= max ? t : t[..max];
    }

    private static async Task WriteRowAsync(StreamWriter writer, IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                await writer.WriteAsync(',');
            }

            await writer.WriteAsync(CsvCell(cell));
            first = false;
        }

        await writer.WriteAsync("\r\n");
    }

    /// <summary>
    /// One CSV field: text a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return)
    /// gets an apostrophe first; fields with quotes, commas or line breaks are quoted, quotes doubled.
    /// </summary>
    public static string CsvCell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
