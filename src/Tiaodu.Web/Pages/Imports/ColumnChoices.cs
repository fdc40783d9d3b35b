using System.Globalization;

namespace Tiaodu.Web.Pages.Imports;

/// <summary>
/// The column mapping a preview form posts: one select per column (<c>col{index}</c>) with the choice it was shown
/// with (<c>was{index}</c>). Shared by the ledger and the 招商台账 imports.
/// </summary>
public static class ColumnChoices
{
    /// <summary>The columns mapped by hand: those whose choice changed now, or that were chosen by hand before.</summary>
    public static Dictionary<int, string> FromForm(IFormCollection form, IEnumerable<int> chosenBefore)
    {
        var before = chosenBefore.ToHashSet();
        var columns = new Dictionary<int, string>();
        foreach (var (key, value) in form)
        {
            if (key.StartsWith("col", StringComparison.Ordinal) && int.TryParse(key.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && (form[$"was{index}"] != value.ToString() || before.Contains(index)))
            {
                columns[index] = value.ToString();
            }
        }

        return columns;
    }
}
