using Tiaodu.Core.Ledger;

namespace Tiaodu.Tests.Ledger;

public sealed class ProjectCodeTests
{
    [Theory]
    [InlineData("2103-220104-04-01-123456")]
    [InlineData("2412-220172-89-05-000001")]
    public void Well_formed_codes_are_valid(string code) => ProjectCode.IsValid(code).ShouldBeTrue();

    [Theory]
    [InlineData("2103-220104-04-01-12345")]
    [InlineData("2103220104-04-01-123456")]
    [InlineData("21O3-220104-04-01-123456")]
    [InlineData("2103-220104-04-01-123456 x")]
    [InlineData("")]
    public void Malformed_codes_are_invalid(string code) => ProjectCode.IsValid(code).ShouldBeFalse();

    [Fact]
    public void Full_width_digits_and_dashes_and_spaces_are_normalised()
    {
        var code = ProjectCode.Normalize(" ２１０３－２２０１０４－０４－０１－１２３４５６ ");
        code.ShouldBe("2103-220104-04-01-123456");
        ProjectCode.IsValid(code).ShouldBeTrue();
    }

    [Fact]
    public void Blank_codes_become_null() => ProjectCode.Normalize("   ").ShouldBeNull();
}
