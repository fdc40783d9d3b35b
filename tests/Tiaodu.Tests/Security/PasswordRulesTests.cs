using Tiaodu.Core.Security;

namespace Tiaodu.Tests.Security;

public sealed class PasswordRulesTests
{
    private const string TooShort8 = "密码至少8位";
    private const string TooShort12 = "密码至少12位";
    private const string TooLong = "密码不能超过128位";
    private const string Classes = "密码须包含大写字母、小写字母、数字、符号中的至少三类";
    private const string Common = "该密码过于常见，请换一个";
    private const string UserName = "密码不能包含用户名";

    [Theory]
    [InlineData("Abcdef1!")]
    [InlineData("abcdef1!")]
    [InlineData("ABCDEF1!")]
    [InlineData("Abcdefg1")]
    [InlineData("Abcdefg!")]
    [InlineData("correct horse Battery")]
    public void Dengbao_accepts_eight_characters_of_three_classes(string password) =>
        PasswordRules.Check(password, PasswordProfile.Dengbao, "zhangsan").ShouldBeEmpty();

    [Fact]
    public void Dengbao_refuses_fewer_than_eight_characters() =>
        PasswordRules.Check("Abc12!x", PasswordProfile.Dengbao, null).ShouldBe([TooShort8]);

    [Theory]
    [InlineData("abcdefgh")]
    [InlineData("12345678")]
    [InlineData("abcd1234")]
    [InlineData("ABCDabcd")]
    [InlineData("!@#$1234")]
    public void Dengbao_refuses_fewer_than_three_classes(string password) =>
        PasswordRules.Check(password, PasswordProfile.Dengbao, null).ShouldBe([Classes]);

    [Fact]
    public void Dengbao_has_no_blocklist() =>
        PasswordRules.Check("Aa123456789!", PasswordProfile.Dengbao, null).ShouldBeEmpty();

    [Theory]
    [InlineData(PasswordProfile.Dengbao)]
    [InlineData(PasswordProfile.Asvs)]
    public void Both_refuse_the_user_name_ignoring_case(PasswordProfile profile) =>
        PasswordRules.Check("My-ZhangSan-2024-pass", profile, "zhangsan").ShouldBe([UserName]);

    [Theory]
    [InlineData(PasswordProfile.Dengbao)]
    [InlineData(PasswordProfile.Asvs)]
    public void An_empty_user_name_is_not_checked(PasswordProfile profile)
    {
        PasswordRules.Check("My-ZhangSan-2024-pass", profile, "").ShouldBeEmpty();
        PasswordRules.Check("My-ZhangSan-2024-pass", profile, null).ShouldBeEmpty();
        PasswordRules.Check("My-ZhangSan-2024-pass", profile, "  ").ShouldBeEmpty();
    }

    [Theory]
    [InlineData(PasswordProfile.Dengbao)]
    [InlineData(PasswordProfile.Asvs)]
    public void Both_allow_128_characters_and_refuse_129(PasswordProfile profile)
    {
        var ok = "Aa1!" + new string('x', 124);
        PasswordRules.Check(ok, profile, null).ShouldBeEmpty();
        PasswordRules.Check(ok + "y", profile, null).ShouldBe([TooLong]);
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("alllowercaseletters")]
    [InlineData("1029384756473829")]
    [InlineData("调度平台的一个很长的口令")]
    public void Asvs_accepts_twelve_characters_without_composition_rules(string password) =>
        PasswordRules.Check(password, PasswordProfile.Asvs, "zhangsan").ShouldBeEmpty();

    [Fact]
    public void Asvs_refuses_fewer_than_twelve_characters() =>
        PasswordRules.Check("Abcdef12345", PasswordProfile.Asvs, null).ShouldBe([TooShort12]);

    [Theory]
    [InlineData("123456789012")]
    [InlineData("password1234")]
    [InlineData("Password1234")]
    [InlineData("QWERTYUIOP12")]
    [InlineData("1q2w3e4r5t6y")]
    [InlineData("Aa123456789!")]
    public void Asvs_refuses_common_passwords_ignoring_case(string password) =>
        PasswordRules.Check(password, PasswordProfile.Asvs, null).ShouldBe([Common]);

    [Fact]
    public void Asvs_reports_short_and_common_together() =>
        PasswordRules.Check("woaini1314", PasswordProfile.Asvs, null).ShouldBe([TooShort12, Common]);

    [Theory]
    [InlineData(PasswordProfile.Dengbao, TooShort8)]
    [InlineData(PasswordProfile.Asvs, TooShort12)]
    public void Null_and_empty_are_too_short(PasswordProfile profile, string message)
    {
        PasswordRules.Check(null, profile, null).ShouldContain(message);
        PasswordRules.Check("", profile, null).ShouldContain(message);
    }

    [Fact]
    public void Dengbao_reports_every_failure() =>
        PasswordRules.Check("admin", PasswordProfile.Dengbao, "Admin").ShouldBe([TooShort8, Classes, UserName]);
}
