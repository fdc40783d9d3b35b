using System.Security.Cryptography;
using System.Text;

namespace Tiaodu.Core.Security;

/// <summary>
/// One-time recovery codes for a user who has lost the authenticator. Shown once as “xxxxx-xxxxx”;
/// the database keeps only <see cref="Hash"/> of each, so a leaked table does not hand out sign-ins.
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;
    public const int Length = 10;

    /// <summary>Lower-case letters and digits without 0/o, 1/i/l, which are easily confused when read aloud or copied.</summary>
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary><paramref name="count"/> distinct codes, each of 10 random characters (about 49 bits).</summary>
    public static IReadOnlyList<string> Generate(int count = Count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var codes = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (codes.Count < count)
        {
            var chars = RandomNumberGenerator.GetItems<char>(Alphabet, Length);
            var code = string.Concat(new string(chars, 0, Length / 2), "-", new string(chars, Length / 2, Length - Length / 2));
            if (seen.Add(code))
                codes.Add(code);
        }
        return codes;
    }

    /// <summary>The code as stored and compared: whitespace and hyphens removed, lower case.</summary>
    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var builder = new StringBuilder(code.Length);
        foreach (var c in code)
        {
            if (c != '-' && !char.IsWhiteSpace(c))
                builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    /// <summary>Lower-case hex SHA-256 of the normalised code; the codes are random enough not to need a slow hash.</summary>
    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(code))));
}
