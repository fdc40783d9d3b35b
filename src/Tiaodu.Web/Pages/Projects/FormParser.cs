using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>
/// Reads the text of numeric and date inputs the way people type them (full-width digits, thousands
/// separators, a trailing unit) and records a Chinese message under the field when it cannot.
/// </summary>
public sealed class FormParser(ModelStateDictionary modelState, IStringLocalizer l, string prefix)
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd"];

    /// <summary>True once any value could not be read.</summary>
    public bool HasErrors { get; private set; }

    public decimal? ReadDecimal(string? text, string field, string label, params string[] units)
    {
        var s = Clean(text, units);
        if (s.Length == 0)
        {
            return null;
        }

        if (decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Fail(field, l["Projects.Error.Number", label]);
        return null;
    }

    public double? ReadDouble(string? text, string field, string label)
    {
        var s = Clean(text, "°");
        if (s.Length == 0)
        {
            return null;
        }

        if (double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            return value;
        }

        Fail(field, l["Projects.Error.Number", label]);
        return null;
    }

    public DateOnly? ReadDate(string? text, string field, string label)
    {
        var s = Clean(text);
        if (s.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        Fail(field, l["Projects.Error.Date", label]);
        return null;
    }

    private void Fail(string field, string message)
    {
        modelState.AddModelError(prefix + field, message);
        HasErrors = true;
    }

    /// <summary>Full-width characters to ASCII, separators and a trailing unit removed.</summary>
    private static string Clean(string? text, params string[] units)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var s = text.Normalize(NormalizationForm.FormKC).Replace("。", ".", StringComparison.Ordinal).Trim();
        foreach (var unit in units)
        {
            if (s.EndsWith(unit, StringComparison.Ordinal))
            {
                s = s[..^unit.Length].TrimEnd();
                break;
            }
        }

        return s.Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
    }

    public static string Number(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    public static string Number(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";

    public static string DateText(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// Replaces the framework's English messages for values that could not be bound at all (a tampered select)
    /// with one Chinese message, so no English text reaches the user.
    /// </summary>
    public static void LocalizeBindingErrors(ModelStateDictionary modelState, IStringLocalizer l)
    {
        foreach (var key in modelState.Where(e => e.Value is { Errors.Count: > 0 }).Select(e => e.Key).ToList())
        {
            modelState.Remove(key);
            modelState.AddModelError(key, l["Projects.Error.BadValue"]);
        }
    }

    /// <summary>Puts a Core validation failure's messages under the form fields named by its keys.</summary>
    public static void AddCoreErrors(ModelStateDictionary modelState, IReadOnlyDictionary<string, string[]> errors, string prefix, ISet<string> fields)
    {
        foreach (var (key, messages) in errors)
        {
            var target = fields.Contains(key) ? prefix + key : "";
            foreach (var message in messages)
            {
                modelState.AddModelError(target, message);
            }
        }
    }
}
