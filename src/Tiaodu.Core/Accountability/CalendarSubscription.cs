using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Accountability;

/// <summary>
/// An account's calendar subscription link. A calendar app cannot sign in, so the link carries a random secret
/// (256 bits); the account keeps only its hash. The feed behind it is built as the account — its roles and
/// jurisdiction as they are when the app fetches it — and stops with a new link, a removed link or a disabled
/// account. Giving and removing a link are audited on the account (the hash itself never enters the trail).
/// </summary>
public sealed class CalendarSubscription(TiaoduDb db)
{
    private const int SecretBytes = 32;

    /// <summary>Gives the account a new link, ending the previous one; returns the secret, which is shown once.</summary>
    public async Task<string> RenewAsync(int accountId, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct) ?? throw new NotFoundException("账号不存在");
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        account.CalendarTokenHash = Hash(secret);
        await db.SaveChangesAsync(ct);
        return secret;
    }

    /// <summary>Ends the account's link; nothing happens when it has none.</summary>
    public async Task RemoveAsync(int accountId, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct) ?? throw new NotFoundException("账号不存在");
        if (account.CalendarTokenHash is not null)
        {
            account.CalendarTokenHash = null;
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The active account, with its roles, whose link carries this secret; null for any other text.</summary>
    public async Task<Account?> FindAsync(string? secret, CancellationToken ct)
    {
        if (secret is null || secret.Length != 43 || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        var hash = Hash(secret);
        var account = await db.Accounts.AsNoTracking().Include(a => a.Roles).FirstOrDefaultAsync(a => a.CalendarTokenHash == hash, ct);
        return account is { IsActive: true } ? account : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
