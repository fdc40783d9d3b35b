using Tiaodu.Core;

namespace Tiaodu.Web.Pages.Admin;

/// <summary>How an editable table row shows: plain, with its edit form, or with a form for a new child.</summary>
public enum RowMode
{
    View,
    Edit,
    Add,
}

/// <summary>What a row form shows after a save attempt: field errors, a whole-form message, or a notice.</summary>
public sealed class FormFeedback
{
    public static readonly FormFeedback None = new();

    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    /// <summary>A message about the whole form (a conflict, or errors not tied to one field).</summary>
    public string? Message { get; init; }

    /// <summary>A success note such as 已保存.</summary>
    public string? Notice { get; init; }

    public bool Has(string field) => Errors.ContainsKey(field);

    public string For(string field) => Errors.TryGetValue(field, out var m) ? string.Join("；", m) : "";

    public string Invalid(string field) => Has(field) ? "is-invalid" : "";

    public static FormFeedback From(ValidationFailedException e) => new()
    {
        Errors = e.Errors,
        Message = e.Errors.TryGetValue("", out var general) ? string.Join("；", general) : null,
    };
}

internal static class AdminRequests
{
    /// <summary>htmx asks for a fragment; everyone else gets the whole page.</summary>
    public static bool IsHtmx(this HttpRequest request) =>
        request.Headers.TryGetValue("HX-Request", out var v) && v == "true";
}
