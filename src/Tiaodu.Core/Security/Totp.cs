using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tiaodu.Core.Security;

/// <summary>The HMAC behind a TOTP code; authenticator apps all support SHA-1, which therefore stays the default.</summary>
public enum TotpHash
{
    Sha1,
    Sha256,
    Sha512,
}

/// <summary>
/// Time-based one-time passwords (RFC 6238 over the HOTP truncation of RFC 4226), the second factor of sign-in.
/// Pure functions of key and time so that the caller owns the clock and the record of the last step used.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;
    public const int KeyBytes = 20;

    /// <summary>The RFC 6238 time counter: whole 30-second steps since the Unix epoch (rounded down, also before 1970).</summary>
    public static long TimeStep(DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds();
        return seconds >= 0 ? seconds / StepSeconds : (seconds - (StepSeconds - 1)) / StepSeconds;
    }

    /// <summary>The code for one time step: HMAC of the big-endian counter, RFC 4226 dynamic truncation, zero-padded.</summary>
    public static string Code(ReadOnlySpan<byte> key, long timeStep, int digits = Digits, TotpHash hash = TotpHash.Sha1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 10);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
        var mac = Mac(key, counter, hash);
        var offset = mac[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(mac.AsSpan(offset, 4)) & 0x7FFFFFFF;
        var modulus = 1L;
        for (var i = 0; i < digits; i++)
            modulus *= 10;
        return (binary % modulus).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>
    /// Checks a six-digit code typed by the user against the steps <paramref name="window"/> either side of now
    /// (clock drift and typing time). Returns the step that matched, which the caller stores as the new
    /// <paramref name="lastUsedStep"/>: a step at or before the last one used is refused so a code works once (ASVS 2.8.4).
    /// </summary>
    public static long? Verify(ReadOnlySpan<byte> key, string? code, DateTimeOffset now, long? lastUsedStep, int window = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        if (code is null)
            return null;
        var typed = code.Replace(" ", "", StringComparison.Ordinal);
        if (typed.Length != Digits || !typed.All(char.IsAsciiDigit))
            return null;
        var typedBytes = Encoding.ASCII.GetBytes(typed);
        var current = TimeStep(now);
        long? matched = null;
        // Every candidate step is computed and compared, so the time taken does not reveal which one matched.
        for (var step = current - window; step <= current + window; step++)
        {
            if (lastUsedStep is { } last && step <= last)
                continue;
            var expected = Encoding.ASCII.GetBytes(Code(key, step));
            if (CryptographicOperations.FixedTimeEquals(expected, typedBytes) && matched is null)
                matched = step;
        }
        return matched;
    }

    /// <summary>A fresh 160-bit secret, the key length RFC 4226 recommends for HMAC-SHA1.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    /// <summary>
    /// The otpauth:// URI an authenticator app reads from a QR code. Issuer and account are percent-encoded UTF-8,
    /// so a Chinese issuer such as “调度平台” survives; neither may contain a colon, which separates them in the label.
    /// </summary>
    public static string OtpAuthUri(string issuer, string accountName, ReadOnlySpan<byte> key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        if (issuer.Contains(':', StringComparison.Ordinal) || accountName.Contains(':', StringComparison.Ordinal))
            throw new ArgumentException("发行方和账号名称不能包含冒号。");
        var escapedIssuer = Uri.EscapeDataString(issuer);
        return string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{escapedIssuer}:{Uri.EscapeDataString(accountName)}?secret={Base32.Encode(key)}&issuer={escapedIssuer}&algorithm=SHA1&digits={Digits}&period={StepSeconds}");
    }

    private static byte[] Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, TotpHash hash) => hash switch
    {
        // HMAC-SHA1 remains sound as a MAC and is what RFC 6238 and every authenticator app default to.
#pragma warning disable CA5350
        TotpHash.Sha1 => HMACSHA1.HashData(key, message),
#pragma warning restore CA5350
        TotpHash.Sha256 => HMACSHA256.HashData(key, message),
        TotpHash.Sha512 => HMACSHA512.HashData(key, message),
        _ => throw new ArgumentOutOfRangeException(nameof(hash)),
    };
}
