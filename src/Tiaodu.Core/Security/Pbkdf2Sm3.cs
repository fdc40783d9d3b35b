using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Tiaodu.Core.Security;

/// <summary>
/// Password hashing with PBKDF2 (RFC 8018) over HMAC-SM3, the 密评 counterpart of PBKDF2-HMAC-SHA256.
/// The stored form “$pbkdf2-sm3$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;” carries its own parameters,
/// so the iteration count can be raised later and old hashes still verify (and can be re-hashed on sign-in).
/// </summary>
public static class Pbkdf2Sm3
{
    public const string Prefix = "$pbkdf2-sm3$";
    public const int SaltBytes = 16;
    public const int HashBytes = 32;

    /// <summary>PBKDF2-HMAC-SM3 of the password's UTF-8 bytes.</summary>
    public static byte[] Derive(string password, ReadOnlySpan<byte> salt, int iterations, int length = HashBytes)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, int.MaxValue / 8);
        var generator = new Pkcs5S2ParametersGenerator(new SM3Digest());
        generator.Init(Encoding.UTF8.GetBytes(password), salt.ToArray(), iterations);
        var key = (KeyParameter)generator.GenerateDerivedMacParameters(length * 8);
        return key.GetKey();
    }

    /// <summary>A new stored hash with a fresh 16-byte random salt.</summary>
    public static string Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether the stored value is in this format (as opposed to a hash from an older scheme).</summary>
    public static bool IsSm3Hash(string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// Whether the password matches the stored hash, compared in constant time. A malformed stored value gives false,
    /// not an exception, so that a damaged row cannot break sign-in for others. <paramref name="iterations"/> is the
    /// count recorded in a well-formed hash (whether or not the password matched), 0 when malformed.
    /// </summary>
    public static bool Verify(string stored, string password, out int iterations)
    {
        iterations = 0;
        if (password is null || !TryParse(stored, out var count, out var salt, out var expected))
            return false;
        iterations = count;
        var actual = Derive(password, salt, count, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        if (!IsSm3Hash(stored))
            return false;
        var parts = stored!.AsSpan(Prefix.Length).ToString().Split('$');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations < 1)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[1]);
            hash = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length > 0 && hash.Length > 0;
    }
}
