using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Tiaodu.Core.Security;

/// <summary>Which algorithm family protects data: 国密 SM3/SM4 for the 密评 baseline (the default), or SHA-2/AES.</summary>
public enum CryptoProfile
{
    Guomi,
    Commercial,
}

/// <summary>
/// Authenticated encryption of personal data (phone numbers, ID numbers) at rest. The stored text names its
/// algorithm (“sm4gcm:” or “aesgcm:”) so rows written under either profile stay readable after a switch.
/// Layout after the prefix: base64 of a 12-byte random nonce, the ciphertext and the 16-byte GCM tag.
/// Each algorithm gets its own key derived from the one master key, so no key is ever used by two ciphers.
/// </summary>
public sealed class PersonalDataCipher
{
    public const string Sm4Prefix = "sm4gcm:";
    public const string AesPrefix = "aesgcm:";
    public const int MasterKeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const string DecryptFailed = "个人信息解密失败";

    private readonly byte[] _sm4Key;
    private readonly byte[] _aesKey;

    /// <exception cref="ArgumentException">The master key is not exactly 32 bytes.</exception>
    public PersonalDataCipher(byte[] masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (masterKey.Length != MasterKeyBytes)
            throw new ArgumentException($"个人信息主密钥须为{MasterKeyBytes}字节。", nameof(masterKey));
        _sm4Key = HmacSm3(masterKey, Encoding.ASCII.GetBytes("tiaodu-personal-data-sm4"))[..16];
        _aesKey = HMACSHA256.HashData(masterKey, Encoding.ASCII.GetBytes("tiaodu-personal-data-aes"));
    }

    public string Encrypt(string plain, CryptoProfile profile)
    {
        ArgumentNullException.ThrowIfNull(plain);
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var output = new byte[NonceBytes + plainBytes.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        switch (profile)
        {
            case CryptoProfile.Guomi:
            {
                var cipher = Sm4Gcm(true, nonce.ToArray());
                var written = cipher.ProcessBytes(plainBytes, 0, plainBytes.Length, output, NonceBytes);
                cipher.DoFinal(output, NonceBytes + written);
                return Sm4Prefix + Convert.ToBase64String(output);
            }
            case CryptoProfile.Commercial:
            {
                using var aes = new AesGcm(_aesKey, TagBytes);
                aes.Encrypt(nonce, plainBytes, output.AsSpan(NonceBytes, plainBytes.Length), output.AsSpan(NonceBytes + plainBytes.Length));
                return AesPrefix + Convert.ToBase64String(output);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(profile));
        }
    }

    /// <exception cref="CryptographicException">The text was altered, encrypted under another key, or has no known prefix.</exception>
    public string Decrypt(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var isSm4 = stored.StartsWith(Sm4Prefix, StringComparison.Ordinal);
        if (!isSm4 && !stored.StartsWith(AesPrefix, StringComparison.Ordinal))
            throw new CryptographicException(DecryptFailed);
        byte[] data;
        try
        {
            data = Convert.FromBase64String(stored[(isSm4 ? Sm4Prefix : AesPrefix).Length..]);
        }
        catch (FormatException e)
        {
            throw new CryptographicException(DecryptFailed, e);
        }
        if (data.Length < NonceBytes + TagBytes)
            throw new CryptographicException(DecryptFailed);
        var nonce = data.AsSpan(0, NonceBytes);
        var cipherLength = data.Length - NonceBytes - TagBytes;
        var plain = new byte[cipherLength];
        try
        {
            if (isSm4)
            {
                var cipher = Sm4Gcm(false, nonce.ToArray());
                var buffer = new byte[cipher.GetOutputSize(data.Length - NonceBytes)];
                var written = cipher.ProcessBytes(data, NonceBytes, data.Length - NonceBytes, buffer, 0);
                written += cipher.DoFinal(buffer, written);
                buffer.AsSpan(0, written).CopyTo(plain);
            }
            else
            {
                using var aes = new AesGcm(_aesKey, TagBytes);
                aes.Decrypt(nonce, data.AsSpan(NonceBytes, cipherLength), data.AsSpan(NonceBytes + cipherLength), plain);
            }
            return new UTF8Encoding(false, true).GetString(plain);
        }
        catch (Exception e) when (e is InvalidCipherTextException or CryptographicException or ArgumentException)
        {
            throw new CryptographicException(DecryptFailed, e);
        }
    }

    /// <summary>Whether the stored value carries one of the prefixes this class writes (as opposed to legacy plain text).</summary>
    public static bool IsEncrypted(string? stored) =>
        stored is not null
        && (stored.StartsWith(Sm4Prefix, StringComparison.Ordinal) || stored.StartsWith(AesPrefix, StringComparison.Ordinal));

    public static byte[] NewMasterKey() => RandomNumberGenerator.GetBytes(MasterKeyBytes);

    private GcmBlockCipher Sm4Gcm(bool encrypt, byte[] nonce)
    {
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(encrypt, new AeadParameters(new KeyParameter(_sm4Key), TagBytes * 8, nonce));
        return cipher;
    }

    private static byte[] HmacSm3(byte[] key, byte[] message)
    {
        var hmac = new HMac(new SM3Digest());
        hmac.Init(new KeyParameter(key));
        hmac.BlockUpdate(message, 0, message.Length);
        var output = new byte[hmac.GetMacSize()];
        hmac.DoFinal(output, 0);
        return output;
    }
}
