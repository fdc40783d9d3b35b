using System.Collections.Frozen;

namespace Tiaodu.Core.Security;

/// <summary>Which password policy applies: 等保 (GB/T 22239 composition rules) or OWASP ASVS 2.1 (length and blocklist).</summary>
public enum PasswordProfile
{
    Dengbao,
    Asvs,
}

/// <summary>
/// Checks a new password against the chosen policy and explains each failure in Chinese.
/// 等保 asks for 8 characters from at least three character classes; ASVS asks for 12 characters, no composition
/// rule, and refuses passwords known from breaches. Both allow up to 128 characters (spaces included, so
/// passphrases work) and refuse a password that contains the user name.
/// </summary>
public static class PasswordRules
{
    public const int MaxLength = 128;
    public const int DengbaoMinLength = 8;
    public const int AsvsMinLength = 12;

    /// <summary>
    /// A small sample of the most common and breached passwords, lower case (ASVS 2.1.7). Not a full breach corpus:
    /// it catches the predictable choices users make when told “at least 12 characters”.
    /// </summary>
    private static readonly FrozenSet<string> Common = new[]
    {
        "123456789012", "1234567890123", "12345678901234", "123456123456", "123123123123", "111111111111",
        "000000000000", "123456789abc", "abc123456789", "password1234", "password123456", "passw0rd1234",
        "p@ssw0rd1234", "p@ssword1234", "password@123", "password!234", "qwertyuiop12", "qwertyuiop123",
        "qwerty123456", "qwertyuiopas", "1qaz2wsx3edc", "1qaz2wsx3edc4rfv", "1q2w3e4r5t6y", "1q2w3e4r5t6y7u",
        "q1w2e3r4t5y6", "zaq12wsxcde3", "zxcvbnm12345", "asdfghjkl123", "aa123456789!", "aa1234567890",
        "a123456789012", "abcd12345678", "abcdefgh1234", "abc123abc123", "admin1234567", "admin@123456",
        "administrator", "admin123456789", "root12345678", "welcome12345", "welcome@1234", "iloveyou1234",
        "iloveyou123456", "woaini1314520", "woaini131452", "woaini520131", "5201314520131", "woaini1314",
        "woaini123456", "wodemima1234", "mima12345678", "zhang123456789", "wang123456789", "li1234567890",
        "liu123456789", "chen12345678", "qq1234567890", "qq123456789", "a5201314a5201314", "5201314", "1314520",
        "520520520520", "147258369123", "147852369123", "159357159357", "159753159753", "123654789123", "987654321012",
        "9876543210123", "112233445566", "123321123321", "666666666666", "888888888888", "abcabcabcabc",
        "monkey123456", "dragon123456", "football1234", "baseball1234", "sunshine1234", "princess1234", "letmein12345",
        "trustno11234", "changeme1234", "changeme123", "test12345678", "test@1234567", "huawei123456", "huawei@12345",
        "tiaodu123456", "tiaodu@12345", "beijing12345", "china1234567", "zhongguo1234", "computer1234", "internet1234",
        "1234qwerasdf", "qwer1234asdf", "asdf1234qwer", "password12345", "superman1234",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The reasons the password is refused; an empty list means it is acceptable.</summary>
    public static IReadOnlyList<string> Check(string? password, PasswordProfile profile, string? userName)
    {
        password ??= "";
        var problems = new List<string>();
        switch (profile)
        {
            case PasswordProfile.Dengbao:
                if (password.Length < DengbaoMinLength)
                    problems.Add("密码至少8位");
                if (password.Length > MaxLength)
                    problems.Add("密码不能超过128位");
                if (ClassCount(password) < 3)
                    problems.Add("密码须包含大写字母、小写字母、数字、符号中的至少三类");
                break;
            case PasswordProfile.Asvs:
                if (password.Length < AsvsMinLength)
                    problems.Add("密码至少12位");
                if (password.Length > MaxLength)
                    problems.Add("密码不能超过128位");
                if (Common.Contains(password.ToLowerInvariant()))
                    problems.Add("该密码过于常见，请换一个");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(profile));
        }
        var name = userName?.Trim();
        if (!string.IsNullOrEmpty(name) && password.Contains(name, StringComparison.OrdinalIgnoreCase))
            problems.Add("密码不能包含用户名");
        return problems;
    }

    /// <summary>How many of upper case, lower case, digits and symbols (anything else, including spaces and Chinese characters) appear.</summary>
    private static int ClassCount(string password)
    {
        bool upper = false, lower = false, digit = false, symbol = false;
        foreach (var c in password)
        {
            if (char.IsUpper(c))
                upper = true;
            else if (char.IsLower(c))
                lower = true;
            else if (char.IsDigit(c))
                digit = true;
            else
                symbol = true;
        }
        return (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    }
}
