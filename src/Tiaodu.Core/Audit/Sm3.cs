using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace Tiaodu.Core.Audit;

/// <summary>SM3 (GB/T 32905-2016) digests, the hash the 密评 baseline expects; one place to swap the implementation.</summary>
public static class Sm3
{
    public const int HexLength = 64;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        var input = data.ToArray();
        digest.BlockUpdate(input, 0, input.Length);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>The SM3 digest of the text's UTF-8 bytes, as 64 lower-case hex digits.</summary>
    public static string HexOf(string text) => Convert.ToHexStringLower(Hash(Encoding.UTF8.GetBytes(text)));
}
