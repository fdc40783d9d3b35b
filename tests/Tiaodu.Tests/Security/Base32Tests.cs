using System.Text;
using Tiaodu.Core.Security;

namespace Tiaodu.Tests.Security;

/// <summary>The test vectors of RFC 4648 section 10, without padding, and the lenient decoding rules.</summary>
public sealed class Base32Tests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Rfc4648_vectors_encode_and_decode(string plain, string encoded)
    {
        Base32.Encode(Encoding.ASCII.GetBytes(plain)).ShouldBe(encoded);
        Encoding.ASCII.GetString(Base32.Decode(encoded)).ShouldBe(plain);
    }

    [Fact]
    public void Decoding_ignores_case_spaces_hyphens_and_padding() =>
        Encoding.ASCII.GetString(Base32.Decode("mzxw 6ytb-oi======")).ShouldBe("foobar");

    [Theory]
    [InlineData("MZXW1")]
    [InlineData("MZXW8")]
    [InlineData("MZ_XW")]
    [InlineData("调度")]
    public void Other_characters_are_refused(string text) =>
        Should.Throw<FormatException>(() => Base32.Decode(text));

    [Fact]
    public void Random_bytes_round_trip()
    {
        var random = new Random(20240601);
        for (var length = 0; length < 70; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Base32.Decode(Base32.Encode(data)).ShouldBe(data);
        }
    }
}
