using System.Text;

namespace Tiaodu.Core.Security;

/// <summary>
/// RFC 4648 base32, the encoding authenticator apps expect for TOTP secrets.
/// Encoding omits '=' padding because otpauth URIs and manual entry do without it;
/// decoding is lenient about case, spaces, hyphens and padding so that a secret copied by hand still reads.
/// </summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var builder = new StringBuilder((data.Length * 8 + 4) / 5);
        var buffer = 0;
        var bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                builder.Append(Alphabet[(buffer >> bits) & 0x1F]);
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0)
            builder.Append(Alphabet[(buffer << (5 - bits)) & 0x1F]);
        return builder.ToString();
    }

    /// <exception cref="FormatException">The text holds a character outside the base32 alphabet.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<byte>(text.Length * 5 / 8);
        var buffer = 0;
        var bits = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '-' or '=')
                continue;
            var value = ValueOf(c);
            if (value < 0)
                throw new FormatException($"Base32 文本含有非法字符“{c}”。");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        // Leftover bits (fewer than 8) are the zero fill of the last quantum and carry no data.
        return [.. output];
    }

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a',
        >= '2' and <= '7' => c - '2' + 26,
        _ => -1,
    };
}
