using System.Text.RegularExpressions;

namespace Tiaodu.Core.Ledger;

/// <summary>
/// The national investment-project code (项目代码), 24 characters: 4 digits, 6-digit region, 2, 2, 6 serial.
/// Opaque to us: only its shape is checked.
/// </summary>
public static partial class ProjectCode
{
    [GeneratedRegex(@"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Trims and turns full-width digits and dashes into ASCII; null for blank input.</summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var text = raw.Trim().Normalize(System.Text.NormalizationForm.FormKC);
        return text.Replace('－', '-').Replace('—', '-').Replace('–', '-');
    }

    public static bool IsValid(string? code) => code is not null && Shape().IsMatch(code);
}
