using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Tiaodu.Core.Security;

namespace Tiaodu.Tests.Security;

public sealed class PersonalDataCipherTests
{
    private readonly PersonalDataCipher _cipher = new(PersonalDataCipher.NewMasterKey());

    [Fact]
    public void Sm4_matches_the_gbt32907_single_block_vector()
    {
        var key = Convert.FromHexString("0123456789abcdeffedcba9876543210");
        var engine = new SM4Engine();
        engine.Init(true, new KeyParameter(key));
        var output = new byte[16];
        engine.ProcessBlock(key, 0, output, 0);
        Convert.ToHexStringLower(output).ShouldBe("681edf34d206965e86b3e94f536e4246");
    }

    [Theory]
    [InlineData(CryptoProfile.Guomi, "13812345678")]
    [InlineData(CryptoProfile.Guomi, "110101199003071234")]
    [InlineData(CryptoProfile.Guomi, "张三，北京市东城区")]
    [InlineData(CryptoProfile.Guomi, "")]
    [InlineData(CryptoProfile.Commercial, "13812345678")]
    [InlineData(CryptoProfile.Commercial, "110101199003071234")]
    [InlineData(CryptoProfile.Commercial, "张三，北京市东城区")]
    [InlineData(CryptoProfile.Commercial, "")]
    public void Text_round_trips(CryptoProfile profile, string plain)
    {
        var stored = _cipher.Encrypt(plain, profile);
        stored.ShouldNotContain(plain == "" ? "\0" : plain);
        PersonalDataCipher.IsEncrypted(stored).ShouldBeTrue();
        _cipher.Decrypt(stored).ShouldBe(plain);
    }

    [Theory]
    [InlineData(CryptoProfile.Guomi, "sm4gcm:")]
    [InlineData(CryptoProfile.Commercial, "aesgcm:")]
    public void The_prefix_names_the_algorithm_and_the_layout_is_nonce_ciphertext_tag(CryptoProfile profile, string prefix)
    {
        var stored = _cipher.Encrypt("13812345678", profile);
        stored.ShouldStartWith(prefix);
        Convert.FromBase64String(stored[prefix.Length..]).Length.ShouldBe(12 + 11 + 16);
    }

    [Theory]
    [InlineData(CryptoProfile.Guomi)]
    [InlineData(CryptoProfile.Commercial)]
    public void Two_encryptions_of_the_same_text_differ(CryptoProfile profile) =>
        _cipher.Encrypt("13812345678", profile).ShouldNotBe(_cipher.Encrypt("13812345678", profile));

    [Theory]
    [InlineData(CryptoProfile.Guomi, 0)]
    [InlineData(CryptoProfile.Guomi, 14)]
    [InlineData(CryptoProfile.Guomi, -1)]
    [InlineData(CryptoProfile.Commercial, 0)]
    [InlineData(CryptoProfile.Commercial, 14)]
    [InlineData(CryptoProfile.Commercial, -1)]
    public void Tampering_with_any_part_fails(CryptoProfile profile, int index)
    {
        var stored = _cipher.Encrypt("110101199003071234", profile);
        var prefix = stored[..7];
        var data = Convert.FromBase64String(stored[7..]);
        data[index < 0 ? data.Length + index : index] ^= 0x01;
        var ex = Should.Throw<CryptographicException>(() => _cipher.Decrypt(prefix + Convert.ToBase64String(data)));
        ex.Message.ShouldBe("个人信息解密失败");
    }

    [Theory]
    [InlineData(CryptoProfile.Guomi)]
    [InlineData(CryptoProfile.Commercial)]
    public void A_different_master_key_fails(CryptoProfile profile)
    {
        var stored = _cipher.Encrypt("13812345678", profile);
        var other = new PersonalDataCipher(PersonalDataCipher.NewMasterKey());
        Should.Throw<CryptographicException>(() => other.Decrypt(stored)).Message.ShouldBe("个人信息解密失败");
    }

    [Fact]
    public void The_same_master_key_decrypts_in_another_instance()
    {
        var master = PersonalDataCipher.NewMasterKey();
        var stored = new PersonalDataCipher(master).Encrypt("张三", CryptoProfile.Guomi);
        new PersonalDataCipher((byte[])master.Clone()).Decrypt(stored).ShouldBe("张三");
    }

    [Fact]
    public void Switching_the_prefix_fails_because_each_algorithm_has_its_own_key()
    {
        var stored = _cipher.Encrypt("13812345678", CryptoProfile.Commercial);
        Should.Throw<CryptographicException>(() => _cipher.Decrypt("sm4gcm:" + stored[7..]));
    }

    [Theory]
    [InlineData("13812345678")]
    [InlineData("des:AAAA")]
    [InlineData("sm4gcm:")]
    [InlineData("sm4gcm:AAAA")]
    [InlineData("aesgcm:not base64!")]
    public void Unknown_prefix_or_malformed_text_fails(string stored) =>
        Should.Throw<CryptographicException>(() => _cipher.Decrypt(stored)).Message.ShouldBe("个人信息解密失败");

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("13812345678", false)]
    [InlineData("sm4gcm:abc", true)]
    [InlineData("aesgcm:abc", true)]
    public void IsEncrypted_looks_at_the_prefix(string? stored, bool expected) =>
        PersonalDataCipher.IsEncrypted(stored).ShouldBe(expected);

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void The_master_key_must_be_32_bytes(int length) =>
        Should.Throw<ArgumentException>(() => new PersonalDataCipher(new byte[length]));

    [Fact]
    public void New_master_keys_are_32_random_bytes()
    {
        var key = PersonalDataCipher.NewMasterKey();
        key.Length.ShouldBe(32);
        PersonalDataCipher.NewMasterKey().ShouldNotBe(key);
    }
}
