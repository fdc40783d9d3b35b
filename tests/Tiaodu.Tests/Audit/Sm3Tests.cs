using System.Text;
using Tiaodu.Core.Audit;

namespace Tiaodu.Tests.Audit;

/// <summary>The example vectors of GB/T 32905-2016, appendix A.</summary>
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
}
