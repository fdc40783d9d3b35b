using System.Buffers.Binary;
using System.Text;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Security;

namespace Tiaodu.Tests.Security;

/// <summary>
/// PBKDF2-HMAC-SM3 checked against an independent computation written here from RFC 8018 section 5.2 and the
/// HMAC definition of RFC 2104, over the SM3 of <see cref="Sm3"/> (which has its own GB/T 32905 vectors).
/// </summary>
public sealed class Pbkdf2Sm3Tests
{
    private const int Fast = 1000;

    [Theory]
    [InlineData("password", "salt", 1)]
    [InlineData("password", "salt", 2)]
    [InlineData("密码Passw0rd!", "盐值salt", 1)]
    [InlineData("密码Passw0rd!", "盐值salt", 2)]
    [InlineData("a password longer than the sixty-four byte block of SM3, so HMAC hashes it first", "saltSALTsalt", 2)]
    public void Derive_matches_rfc8018_over_hmac_sm3(string password, string salt, int iterations)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var saltBytes = Encoding.UTF8.GetBytes(salt);
        var expected = ReferencePbkdf2(passwordBytes, saltBytes, iterations, 40);
        Pbkdf2Sm3.Derive(password, saltBytes, iterations, 40).ShouldBe(expected);
    }

    [Fact]
    public void Default_length_is_32_bytes() =>
        Pbkdf2Sm3.Derive("password", "salt"u8, 1).Length.ShouldBe(32);

    [Fact]
    public void Hash_has_the_documented_shape()
    {
        var stored = Pbkdf2Sm3.Hash("正确的密码", Fast);
        stored.ShouldStartWith(Pbkdf2Sm3.Prefix);
        var parts = stored[Pbkdf2Sm3.Prefix.Length..].Split('$');
        parts.Length.ShouldBe(3);
        parts[0].ShouldBe("1000");
        Convert.FromBase64String(parts[1]).Length.ShouldBe(16);
        Convert.FromBase64String(parts[2]).Length.ShouldBe(32);
        Pbkdf2Sm3.IsSm3Hash(stored).ShouldBeTrue();
    }

    [Fact]
    public void Hashes_of_the_same_password_use_different_salts() =>
        Pbkdf2Sm3.Hash("same", Fast).ShouldNotBe(Pbkdf2Sm3.Hash("same", Fast));

    [Fact]
    public void The_right_password_verifies_and_reports_the_iterations()
    {
        var stored = Pbkdf2Sm3.Hash("正确的密码", Fast);
        Pbkdf2Sm3.Verify(stored, "正确的密码", out var iterations).ShouldBeTrue();
        iterations.ShouldBe(Fast);
    }

    [Fact]
    public void A_wrong_password_is_refused()
    {
        var stored = Pbkdf2Sm3.Hash("正确的密码", Fast);
        Pbkdf2Sm3.Verify(stored, "错误的密码", out _).ShouldBeFalse();
        Pbkdf2Sm3.Verify(stored, "", out _).ShouldBeFalse();
    }

    [Fact]
    public void A_tampered_hash_is_refused()
    {
        var stored = Pbkdf2Sm3.Hash("password", Fast);
        var lastDollar = stored.LastIndexOf('$');
        var hash = Convert.FromBase64String(stored[(lastDollar + 1)..]);
        hash[0] ^= 1;
        var tampered = stored[..(lastDollar + 1)] + Convert.ToBase64String(hash);
        Pbkdf2Sm3.Verify(tampered, "password", out _).ShouldBeFalse();
    }

    [Fact]
    public void A_changed_iteration_count_is_refused()
    {
        var stored = Pbkdf2Sm3.Hash("password", Fast);
        Pbkdf2Sm3.Verify(stored.Replace("$1000$", "$1001$", StringComparison.Ordinal), "password", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("$pbkdf2-sm3$")]
    [InlineData("$pbkdf2-sm3$x$y$z")]
    [InlineData("$pbkdf2-sm3$1000$AAAA")]
    [InlineData("$pbkdf2-sm3$0$AAAA$AAAA")]
    [InlineData("$pbkdf2-sm3$-5$AAAA$AAAA")]
    [InlineData("$pbkdf2-sm3$1000$$AAAA")]
    [InlineData("$pbkdf2-sm3$1000$AAAA$")]
    [InlineData("$pbkdf2-sm3$1000$AAAA$AAAA$AAAA")]
    [InlineData("$pbkdf2-sm3$99999999999$AAAA$AAAA")]
    [InlineData("$pbkdf2-sha256$1000$AAAA$AAAA")]
    [InlineData("随便写的一段文字 not a hash")]
    public void Malformed_stored_values_give_false(string stored)
    {
        Pbkdf2Sm3.Verify(stored, "password", out var iterations).ShouldBeFalse();
        iterations.ShouldBe(0);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("$pbkdf2-sha256$1$a$b", false)]
    [InlineData("$pbkdf2-sm3$1$a$b", true)]
    public void IsSm3Hash_looks_at_the_prefix(string? stored, bool expected) =>
        Pbkdf2Sm3.IsSm3Hash(stored).ShouldBe(expected);

    private static byte[] HmacSm3(byte[] key, byte[] message)
    {
        const int blockSize = 64;
        if (key.Length > blockSize)
            key = Sm3.Hash(key);
        var padded = new byte[blockSize];
        key.CopyTo(padded, 0);
        var inner = padded.Select(b => (byte)(b ^ 0x36)).Concat(message).ToArray();
        var outer = padded.Select(b => (byte)(b ^ 0x5c)).Concat(Sm3.Hash(inner)).ToArray();
        return Sm3.Hash(outer);
    }

    private static byte[] ReferencePbkdf2(byte[] password, byte[] salt, int iterations, int length)
    {
        var output = new List<byte>();
        for (var block = 1; output.Count < length; block++)
        {
            var index = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(index, block);
            var u = HmacSm3(password, [.. salt, .. index]);
            var t = (byte[])u.Clone();
            for (var i = 1; i < iterations; i++)
            {
                u = HmacSm3(password, u);
                for (var j = 0; j < t.Length; j++)
                    t[j] ^= u[j];
            }
            output.AddRange(t);
        }
        return [.. output.Take(length)];
    }
}
