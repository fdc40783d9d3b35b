using System.Text;
using Tiaodu.Core.Audit;

namespace Tiaodu.Tests.Audit;

/// <summary>The example vectors of GB/T 32905-2016, appendix A, and agreement with BouncyCastle's SM3 on every padding case.</summary>
public sealed class Sm3Tests
{
    [Fact]
    public void Abc_gives_the_standard_digest() =>
        Sm3.HexOf("abc").ShouldBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");

    [Fact]
    public void Sixty_four_bytes_of_abcd_give_the_standard_digest()
    {
        var input = string.Concat(Enumerable.Repeat("abcd", 16));
        Encoding.UTF8.GetByteCount(input).ShouldBe(64);
        Sm3.HexOf(input).ShouldBe("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    [Fact]
    public void Chinese_text_is_hashed_as_utf8() =>
        Sm3.HexOf("审计").ShouldBe(Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes("审计"))));

    [Fact]
    public void Every_length_around_the_block_and_padding_boundaries_agrees_with_bouncycastle()
    {
        var random = new Random(32905);
        foreach (var length in Enumerable.Range(0, 300).Concat([1_000, 4_095, 4_096, 4_097, 65_536, 1_000_003]))
        {
            var data = new byte[length];
            random.NextBytes(data);
            Convert.ToHexStringLower(Sm3.Hash(data)).ShouldBe(Reference(data), $"{length} bytes");
        }

        var text = string.Concat(Enumerable.Repeat("新建项目「长春汽车零部件产业园」", 400));
        Sm3.HexOf(text).ShouldBe(Reference(Encoding.UTF8.GetBytes(text)), "a text past the stack buffer");
    }

    private static string Reference(byte[] data)
    {
        var digest = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return Convert.ToHexStringLower(output);
    }
}
