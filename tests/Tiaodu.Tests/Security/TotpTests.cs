using System.Text;
using Tiaodu.Core.Security;

namespace Tiaodu.Tests.Security;

/// <summary>RFC 6238 appendix B vectors, then the verification rules the sign-in relies on.</summary>
public sealed class TotpTests
{
    private static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Seed =
        Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    private static readonly byte[] Key = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_015);

    [Theory]
    [InlineData(59L, TotpHash.Sha1, "94287082")]
    [InlineData(59L, TotpHash.Sha256, "46119246")]
    [InlineData(59L, TotpHash.Sha512, "90693936")]
    [InlineData(1111111109L, TotpHash.Sha1, "07081804")]
    [InlineData(1111111109L, TotpHash.Sha256, "68084774")]
    [InlineData(1111111109L, TotpHash.Sha512, "25091201")]
    [InlineData(1111111111L, TotpHash.Sha1, "14050471")]
    [InlineData(1111111111L, TotpHash.Sha256, "67062674")]
    [InlineData(1111111111L, TotpHash.Sha512, "99943326")]
    [InlineData(1234567890L, TotpHash.Sha1, "89005924")]
    [InlineData(1234567890L, TotpHash.Sha256, "91819424")]
    [InlineData(1234567890L, TotpHash.Sha512, "93441116")]
    [InlineData(2000000000L, TotpHash.Sha1, "69279037")]
    [InlineData(2000000000L, TotpHash.Sha256, "90698825")]
    [InlineData(2000000000L, TotpHash.Sha512, "38618901")]
    [InlineData(20000000000L, TotpHash.Sha1, "65353130")]
    [InlineData(20000000000L, TotpHash.Sha256, "77737706")]
    [InlineData(20000000000L, TotpHash.Sha512, "47863826")]
    public void Rfc6238_appendix_b_vectors(long unixSeconds, TotpHash hash, string expected)
    {
        var seed = hash switch
        {
            TotpHash.Sha1 => Sha1Seed,
            TotpHash.Sha256 => Sha256Seed,
            _ => Sha512Seed,
        };
        var step = Totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
        Totp.Code(seed, step, 8, hash).ShouldBe(expected);
    }

    [Fact]
    public void Six_digit_codes_are_the_last_six_of_the_truncation_and_zero_padded()
    {
        // 1111111109 gives 07081804 at eight digits, so six digits keep the leading zero of 081804.
        var step = Totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(1111111109));
        Totp.Code(Sha1Seed, step).ShouldBe("081804");
    }

    [Fact]
    public void Time_step_counts_thirty_second_periods() =>
        Totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(59)).ShouldBe(1);

    [Fact]
    public void The_current_code_verifies_and_returns_its_step()
    {
        var step = Totp.TimeStep(Now);
        Totp.Verify(Key, Totp.Code(Key, step), Now, null).ShouldBe(step);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void An_adjacent_step_is_accepted(int offset)
    {
        var step = Totp.TimeStep(Now) + offset;
        Totp.Verify(Key, Totp.Code(Key, step), Now, null).ShouldBe(step);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void Two_steps_away_is_refused(int offset)
    {
        var code = Totp.Code(Key, Totp.TimeStep(Now) + offset);
        Totp.Verify(Key, code, Now, null).ShouldBeNull();
    }

    [Fact]
    public void A_wider_window_accepts_two_steps_away()
    {
        var step = Totp.TimeStep(Now) - 2;
        Totp.Verify(Key, Totp.Code(Key, step), Now, null, window: 2).ShouldBe(step);
    }

    [Fact]
    public void Replaying_the_same_step_is_refused()
    {
        var step = Totp.TimeStep(Now);
        var code = Totp.Code(Key, step);
        var used = Totp.Verify(Key, code, Now, null);
        used.ShouldBe(step);
        Totp.Verify(Key, code, Now, used).ShouldBeNull();
    }

    [Fact]
    public void An_earlier_step_than_the_last_used_is_refused()
    {
        var step = Totp.TimeStep(Now);
        Totp.Verify(Key, Totp.Code(Key, step - 1), Now, step).ShouldBeNull();
    }

    [Fact]
    public void A_later_step_than_the_last_used_is_accepted()
    {
        var step = Totp.TimeStep(Now);
        Totp.Verify(Key, Totp.Code(Key, step + 1), Now, step).ShouldBe(step + 1);
    }

    [Fact]
    public void Spaces_in_the_code_are_ignored()
    {
        var step = Totp.TimeStep(Now);
        var code = Totp.Code(Key, step);
        Totp.Verify(Key, $" {code[..3]} {code[3..]} ", Now, null).ShouldBe(step);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData("12-456")]
    [InlineData("１２３４５６")]
    public void Malformed_codes_are_refused(string? code) =>
        Totp.Verify(Key, code, Now, null).ShouldBeNull();

    [Fact]
    public void The_code_with_one_extra_digit_is_refused()
    {
        var code = Totp.Code(Key, Totp.TimeStep(Now));
        Totp.Verify(Key, code + "0", Now, null).ShouldBeNull();
    }

    [Fact]
    public void A_wrong_key_is_refused()
    {
        var code = Totp.Code(Key, Totp.TimeStep(Now));
        Totp.Verify(Totp.NewKey(), code, Now, null).ShouldBeNull();
    }

    [Fact]
    public void New_keys_are_twenty_random_bytes()
    {
        var first = Totp.NewKey();
        first.Length.ShouldBe(20);
        Totp.NewKey().ShouldNotBe(first);
    }

    [Fact]
    public void Otpauth_uri_has_the_key_uri_format()
    {
        var uri = Totp.OtpAuthUri("Tiaodu", "zhang.san@example.cn", Encoding.ASCII.GetBytes("foobar"));
        uri.ShouldBe("otpauth://totp/Tiaodu:zhang.san%40example.cn?secret=MZXW6YTBOI&issuer=Tiaodu&algorithm=SHA1&digits=6&period=30");
    }

    [Fact]
    public void Chinese_issuer_and_account_are_percent_encoded_utf8()
    {
        var uri = Totp.OtpAuthUri("调度 平台", "张三", Encoding.ASCII.GetBytes("foobar"));
        uri.ShouldBe("otpauth://totp/%E8%B0%83%E5%BA%A6%20%E5%B9%B3%E5%8F%B0:%E5%BC%A0%E4%B8%89"
            + "?secret=MZXW6YTBOI&issuer=%E8%B0%83%E5%BA%A6%20%E5%B9%B3%E5%8F%B0&algorithm=SHA1&digits=6&period=30");
        new Uri(uri).Scheme.ShouldBe("otpauth");
    }

    [Fact]
    public void A_colon_in_the_issuer_is_refused() =>
        Should.Throw<ArgumentException>(() => Totp.OtpAuthUri("a:b", "user", Key));
}
