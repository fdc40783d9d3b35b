using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Security;

namespace Tiaodu.Web.Accounts;

/// <summary>
/// Password hashing and policy. Under the 密评 profile hashes are PBKDF2-HMAC-SM3; otherwise ASP.NET Core
/// Identity's own hasher. Either kind verifies under either profile, and a successful sign-in re-hashes a
/// password stored the other way.
/// </summary>
public sealed class PasswordService(TiaoduDb db, SecurityPolicy policy, TimeProvider clock, IConfiguration config)
{
    private static readonly PasswordHasher<Account> Framework = new();

    /// <summary>Iterations of PBKDF2-HMAC-SM3 (configurable: Security:Sm3Iterations).</summary>
    private int Sm3Iterations => config.GetValue("Security:Sm3Iterations", 100_000);

    public string Hash(Account account, string password, CryptoProfile profile) =>
        profile == CryptoProfile.Guomi ? Pbkdf2Sm3.Hash(password, Sm3Iterations) : Framework.HashPassword(account, password);

    public PasswordVerificationResult Verify(Account account, string? stored, string password, CryptoProfile profile)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return PasswordVerificationResult.Failed;
        }

        if (Pbkdf2Sm3.IsSm3Hash(stored))
        {
            if (!Pbkdf2Sm3.Verify(stored, password, out var iterations))
            {
                return PasswordVerificationResult.Failed;
            }

            return profile != CryptoProfile.Guomi || iterations < Sm3Iterations
                ? PasswordVerificationResult.SuccessRehashNeeded
                : PasswordVerificationResult.Success;
        }

        try
        {
            var result = Framework.VerifyHashedPassword(account, stored, password);
            return result == PasswordVerificationResult.Success && profile == CryptoProfile.Guomi
                ? PasswordVerificationResult.SuccessRehashNeeded
                : result;
        }
        catch (FormatException)
        {
            return PasswordVerificationResult.Failed;
        }
    }

    /// <summary>Spends the time of one verification, so an unknown user name answers as slowly as a wrong password.</summary>
    public void VerifyNothing(CryptoProfile profile) =>
        Verify(new Account("-", "-", DateTime.UnixEpoch),
            profile == CryptoProfile.Guomi ? DummySm3.GetOrAdd(Sm3Iterations, n => Pbkdf2Sm3.Hash(Guid.NewGuid().ToString(), n)) : DummyFramework.Value, "-", profile);

    /// <summary>A throwaway hash per iteration count, so the dummy check costs what a real one costs.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> DummySm3 = new();
    private static readonly Lazy<string> DummyFramework = new(() => Framework.HashPassword(new Account("-", "-", DateTime.UnixEpoch), Guid.NewGuid().ToString()));

    /// <summary>
    /// Checks a new password against the profile's rules and, under 等保, the last five passwords, then sets
    /// it (the caller saves). Messages are Chinese, under the "NewPassword" field.
    /// </summary>
    public async Task SetAsync(Account account, string? password, bool temporary, CancellationToken ct)
    {
        var settings = await policy.CurrentAsync(db, ct);
        var problems = PasswordRules.Check(password, settings.PasswordProfile, account.UserName).ToList();
        // An administrator issuing a temporary password learns nothing about old ones: history applies to
        // passwords the account holder chooses.
        if (problems.Count == 0 && settings.PasswordHistory > 0 && account.Id != 0 && !temporary)
        {
            var previous = await db.PasswordHistory.AsNoTracking().Where(h => h.AccountId == account.Id)
                .OrderByDescending(h => h.ChangedAt).ThenByDescending(h => h.Id).Take(settings.PasswordHistory)
                .Select(h => h.Hash).ToListAsync(ct);
            if (account.PasswordHash is { } current)
            {
                previous.Insert(0, current);
            }

            if (previous.Take(settings.PasswordHistory).Any(h => Verify(account, h, password!, settings.CryptoProfile) != PasswordVerificationResult.Failed))
            {
                problems.Add($"新密码不能与最近{settings.PasswordHistory}次使用过的密码相同");
            }
        }

        if (problems.Count > 0)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["NewPassword"] = [.. problems] });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (account.PasswordHash is { } old && account.Id != 0)
        {
            db.PasswordHistory.Add(new PasswordHistoryEntry(account.Id, old, now));
        }

        account.PasswordHash = Hash(account, password!, settings.CryptoProfile);
        account.PasswordChangedAt = now;
        account.MustChangePassword = temporary;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
    }

    /// <summary>True when the password must be changed before the account may enter: issued by an administrator, or older than the profile allows.</summary>
    public bool MustChange(Account account, SecuritySettings settings) =>
        account.MustChangePassword
        || (settings.PasswordMaxAgeDays is { } days && account.PasswordChangedAt is { } changed
            && clock.GetUtcNow().UtcDateTime - changed > TimeSpan.FromDays(days));
}
