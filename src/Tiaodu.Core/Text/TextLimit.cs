using System.Diagnostics.CodeAnalysis;

namespace Tiaodu.Core.Text;

/// <summary>Cuts a text to a column's length (no ellipsis): names of who acted, notes, reasons kept with records.</summary>
public static class TextLimit
{
    /// <summary>The length of the "who acted" columns (an account's name).</summary>
    public const int Actor = 50;

    [return: NotNullIfNotNull(nameof(text))]
    public static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
