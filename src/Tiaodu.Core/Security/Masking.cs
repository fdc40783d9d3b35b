namespace Tiaodu.Core.Security;

/// <summary>
/// Display masks for personal data on screens and exports (个人信息去标识化展示): enough to tell records apart,
/// not enough to reconstruct the number.
/// </summary>
public static class Masking
{
    private const string Hidden = "****";

    /// <summary>
    /// The digits of the value with all but the first 3 and last 4 hidden (13812345678 → 138****5678);
    /// separators such as spaces and hyphens are dropped. Fewer than 7 digits → "****"; null or empty → "".
    /// </summary>
    /// <summary>An e-mail address keeps the first character of the name and the whole domain (zhang.san@ccdrc.gov.cn → z****@ccdrc.gov.cn).</summary>
    public static string Email(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var at = value.IndexOf('@');
        return at <= 0 ? Hidden : string.Concat(value.AsSpan(0, 1), Hidden, value.AsSpan(at));
    }

    public static string Phone(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        return digits.Length < 7 ? Hidden : string.Concat(digits.AsSpan(0, 3), Hidden, digits.AsSpan(digits.Length - 4));
    }

    /// <summary>
    /// A resident ID number of 18 characters keeps its 6-digit region code and last 4
    /// (110101199003071234 → 110101********1234), hiding the birth date; any other length keeps the first and
    /// last 2 characters; 6 characters or fewer → "****"; null or empty → "".
    /// </summary>
    public static string IdNumber(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var text = value.Trim();
        if (text.Length == 18)
            return string.Concat(text.AsSpan(0, 6), "********", text.AsSpan(14));
        if (text.Length <= 6)
            return Hidden;
        return string.Concat(text.AsSpan(0, 2), new string('*', text.Length - 4), text.AsSpan(text.Length - 2));
    }
}
