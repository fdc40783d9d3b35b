using System.Security.Cryptography;
using Tiaodu.Core.Security;

namespace Tiaodu.Core.Accounts;

/// <summary>
/// Phone and ID numbers at rest: encrypted with the profile's cipher, shown masked, revealed only through
/// an audited permission. Values written before encryption existed are read as they are.
/// </summary>
public sealed class PersonalData(PersonalDataCipher cipher)
{
    public string? Protect(string? plain, CryptoProfile profile) =>
        string.IsNullOrWhiteSpace(plain) ? null : cipher.Encrypt(plain.Trim(), profile);

    public string? Reveal(string? stored) =>
        stored is null ? null : PersonalDataCipher.IsEncrypted(stored) ? cipher.Decrypt(stored) : stored;

    /// <summary>The masked value, or "****" when it cannot be decrypted (a key that changed).</summary>
    public string MaskedPhone(string? stored) => Safe(stored, Masking.Phone);

    public string MaskedEmail(string? stored) => Safe(stored, Masking.Email);

    public string MaskedIdNumber(string? stored) => Safe(stored, Masking.IdNumber);

    private string Safe(string? stored, Func<string?, string> mask)
    {
        try
        {
            return mask(Reveal(stored));
        }
        catch (CryptographicException)
        {
            return "****";
        }
    }
}
