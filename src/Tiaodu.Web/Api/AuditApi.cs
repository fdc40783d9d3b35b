using System.Globalization;
using System.Text.Json;
using Tiaodu.Core;
using Tiaodu.Core.Audit;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>
/// The audit trail over HTTP: search and chain verification. Read-only; there is no route that changes
/// or removes a record. Only the audit administrator may read it.
/// </summary>
internal static class AuditApi
{
    public sealed record AuditEntryDto(
        long Sequence,
        DateTime At,
        string Actor,
        string? RemoteAddress,
        AuditAction Action,
        string EntityType,
        string? EntityId,
        string Summary,
        JsonElement? Before,
        JsonElement? After,
        AuditResult Result,
        string PreviousHash,
        string Hash);

    public sealed record AuditPageDto(IReadOnlyList<AuditEntryDto> Items, int Total, int Page, int PageSize, int Pages);

    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("审计").RequireAuthorization(Policies.ReadAudit);

        api.MapGet("/", async (string? actor, string? action, string? entityType, string? entityId, string? from, string? to,
                int? page, int? pageSize, SearchAudit search, TimeProvider clock, CancellationToken ct) =>
            {
                var errors = new ValidationErrors();
                var query = new AuditQuery
                {
                    Actor = actor,
                    Action = ParseAction(action, errors),
                    EntityType = entityType,
                    EntityId = entityId,
                    From = ParseTime(from, nameof(from), clock, errors),
                    To = ParseTime(to, nameof(to), clock, errors),
                    Page = page ?? 1,
                    PageSize = pageSize ?? 50,
                };
                errors.ThrowIfAny();
                var result = await search.HandleAsync(query, ct);
                return TypedResults.Ok(new AuditPageDto(result.Items.Select(ToDto).ToList(), result.Total, result.Page, result.PageSize, result.Pages));
            })
            .WithSummary("查询审计记录（按操作人、操作类型、对象类型与编号、时间范围；from/to 为 ISO 8601，不带时区时按北京时间，to 不含），按序号倒序分页");

        api.MapGet("/verify", async (VerifyAuditChain verify, CancellationToken ct) => TypedResults.Ok(await verify.HandleAsync(ct)))
            .WithSummary("校验审计链：逐条重算 SM3 哈希，报告第一处断链（被修改、删除或插入的记录）的序号");
    }

    public static AuditEntryDto ToDto(AuditEntry e) =>
        new(e.Sequence, DateTime.SpecifyKind(e.At, DateTimeKind.Utc), e.Actor, e.RemoteAddress, e.Action, e.EntityType, e.EntityId,
            e.Summary, Parse(e.Before), Parse(e.After), e.Result, e.PreviousHash, e.Hash);

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static AuditAction? ParseAction(string? value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Enum.TryParse<AuditAction>(value.Trim(), ignoreCase: true, out var action) && Enum.IsDefined(action) && !value.Trim().All(char.IsAsciiDigit))
        {
            return action;
        }

        errors.Add("action", "参数 action 应为以下之一：" + string.Join("、", Enum.GetNames<AuditAction>()));
        return null;
    }

    /// <summary>An ISO 8601 time; without an offset it is read in the platform's time zone (a bare date = start of that day).</summary>
    private static DateTime? ParseTime(string? value, string name, TimeProvider clock, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var s = value.Trim();
        if (!DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var local)
            || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset))
        {
            errors.Add(name, $"参数 {name} 应为 ISO 8601 时间，如 2026-11-22T08:00:00+08:00");
            return null;
        }

        return local.Kind == DateTimeKind.Unspecified
            ? TimeZoneInfo.ConvertTimeToUtc(local, clock.LocalTimeZone)
            : withOffset.UtcDateTime;
    }
}
