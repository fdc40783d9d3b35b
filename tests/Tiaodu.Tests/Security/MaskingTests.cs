using Tiaodu.Core.Security;

namespace Tiaodu.Tests.Security;

public sealed class MaskingTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("138 1234 5678", "138****5678")]
    [InlineData("010-12345678", "010****5678")]
    [InlineData("1234567", "123****4567")]
    [InlineData("123456", "****")]
    [InlineData("12", "****")]
    [InlineData("未知", "****")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Phone(string? value, string expected) => Masking.Phone(value).ShouldBe(expected);

    [Theory]
    [InlineData("110101199003071234", "110101********1234")]
    [InlineData("11010119900307123X", "110101********123X")]
    [InlineData(" 110101199003071234 ", "110101********1234")]
    [InlineData("110101900307123", "11***********23")]
    [InlineData("G12345678", "G1*****78")]
    [InlineData("123456", "****")]
    [InlineData("12", "****")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void IdNumber(string? value, string expected) => Masking.IdNumber(value).ShouldBe(expected);
}
