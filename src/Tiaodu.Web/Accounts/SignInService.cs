using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Security;

namespace Tiaodu.Web.Accounts;

/// <summary>Where a sign-in goes after the password: the second factor, enrolling one, a new password, or in.</summary>
public enum SignInStage
{
    Failed,
    TwoFactor,
    Enrol,
    ChangePassword,
    Done,
}

/// <summary>
/// Signing in and out. The password step is answered the same for unknown users, wrong passwords and locked
/// accounts; failures are counted in the database with one atomic update, so every instance shares the
/// lockout. Steps still due (second factor, enrolment, password change) are carried in a short-lived
/// "pending" cookie; only the last step creates the server-side session the main cookie points at.
/// </summary>
public sealed class SignInService(
    TiaoduDb db,
    SecurityPolicy policy,
    PasswordService passwords,
    PersonalData personalData,
    TimeProvider clock,
    IHttpContextAccessor accessor)
{
    public const string Scheme = "Tiaodu";
    public const string PendingScheme = "Tiaodu.Pending";
    public const string SessionClaim = "tiaodu:sid";
    public const string StampClaim = "tiaodu:stamp";
    public const string StageClaim = "tiaodu:stage";
    public const string FailureMessage = "用户名或密码错误，或账号已被锁定";

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No request");

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<SignInStage> PasswordAsync(string? userName, string? password, CancellationToken ct)
    {
        var settings = await policy.CurrentAsync(db, ct);
        var name = Account.Normalize(userName ?? "");
        var account = name.Length == 0 ? null : await db.Accounts.Include(a => a.Roles).FirstOrDefaultAsync(a => a.NormalizedUserName == name, ct);
        var attempted = Short(userName);
        if (account is null || !account.IsActive || string.IsNullOrEmpty(password))
        {
            passwords.VerifyNothing(settings.CryptoProfile);
            await db.RecordAuditAsync(AuditAction.Login, nameof(Account), null, $"登录失败：{attempted}（账号不存在、已停用或未填密码）", AuditResult.Failure, attempted, ct);
            return SignInStage.Failed;
        }

        if (account.LockoutEnd is { } until && until > Now)
        {
            passwords.VerifyNothing(settings.CryptoProfile);
            await db.RecordAuditAsync(AuditAction.Login, nameof(Account), Id(account), $"登录失败：{account.UserName} 账号锁定中", AuditResult.Failure, account.UserName, ct);
            return SignInStage.Failed;
        }

        var result = passwords.Verify(account, account.PasswordHash, password, settings.CryptoProfile);
        if (result == PasswordVerificationResult.Failed)
        {
            await CountFailureAsync(account, settings, ct);
            return SignInStage.Failed;
        }

        // Parallel guesses may have locked the account while this one was hashing: the lock wins.
        if (await IsLockedAsync(account.Id, ct))
        {
            return SignInStage.Failed;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            var rehashed = passwords.Hash(account, password, settings.CryptoProfile);
            await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.PasswordHash, rehashed), ct);
        }

        // The failure count is cleared only when the whole sign-in succeeds: wrong second-factor codes
        // after a right password keep counting towards the lockout.
        return await NextAsync(account, settings, secondFactorDone: false, ct);
    }

    private async Task<bool> IsLockedAsync(int accountId, CancellationToken ct)
    {
        var now = Now;
        return await db.Accounts.AnyAsync(a => a.Id == accountId && a.LockoutEnd != null && a.LockoutEnd > now, ct);
    }

    /// <summary>One more failure, counted atomically in the database; the threshold locks the account.</summary>
    public async Task CountFailureAsync(Account account, SecuritySettings settings, CancellationToken ct)
    {
        await db.Accounts.Where(a => a.Id == account.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.AccessFailedCount, a => a.AccessFailedCount + 1), ct);
        var until = Now.AddMinutes(settings.LockoutMinutes);
        var threshold = settings.LockoutThreshold;
        var locked = await db.Accounts.Where(a => a.Id == account.Id && a.AccessFailedCount >= threshold)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LockoutEnd, until).SetProperty(a => a.AccessFailedCount, 0), ct);
        await db.RecordAuditAsync(AuditAction.Login, nameof(Account), Id(account), $"登录失败：{account.UserName} 密码或验证码错误", AuditResult.Failure, account.UserName, ct);
        if (locked > 0)
        {
            await db.RecordAuditAsync(AuditAction.Lockout, nameof(Account), Id(account),
                $"账号 {account.UserName} 连续{threshold}次登录失败，锁定{settings.LockoutMinutes}分钟", AuditResult.Success, account.UserName, ct);
        }
    }

    public static bool SecondFactorRequired(Account account, SecuritySettings settings) =>
        account.IsAdministrator || settings.TwoFactorForAll || account.TwoFactorEnabled;

    /// <summary>Decides the next step and either signs in for good or remembers the step in the pending cookie.</summary>
    public async Task<SignInStage> NextAsync(Account account, SecuritySettings settings, bool secondFactorDone, CancellationToken ct)
    {
        var stage = !secondFactorDone && SecondFactorRequired(account, settings)
            ? (account.TwoFactorEnabled ? SignInStage.TwoFactor : SignInStage.Enrol)
            : passwords.MustChange(account, settings) ? SignInStage.ChangePassword
            : SignInStage.Done;
        if (stage == SignInStage.Done)
        {
            await CompleteAsync(account, ct);
        }
        else
        {
            var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, Id(account)),
                new Claim(StampClaim, account.SecurityStamp),
                new Claim(StageClaim, stage.ToString()),
                new Claim("tiaodu:2fa", secondFactorDone ? "1" : "0"),
            ], PendingScheme);
            await Http.SignInAsync(PendingScheme, new ClaimsPrincipal(identity));
        }

        return stage;
    }

    /// <summary>The account half-way through signing in, with the step it is at; null when there is none (or it went stale).</summary>
    public async Task<(Account Account, SignInStage Stage, bool SecondFactorDone)?> PendingAsync(CancellationToken ct)
    {
        var result = await Http.AuthenticateAsync(PendingScheme);
        if (!result.Succeeded || CurrentUser.IdOf(result.Principal) is not { } id
            || !Enum.TryParse<SignInStage>(result.Principal.FindFirstValue(StageClaim), out var stage))
        {
            return null;
        }

        var account = await db.Accounts.Include(a => a.Roles).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null || !account.IsActive || account.SecurityStamp != result.Principal.FindFirstValue(StampClaim))
        {
            return null;
        }

        return (account, stage, result.Principal.FindFirstValue("tiaodu:2fa") == "1");
    }

    /// <summary>
    /// Checks a TOTP code (once only) or a recovery code (then spent); counts a failure like a wrong
    /// password. Spending is a conditional update, so two requests racing with the same code cannot both pass.
    /// </summary>
    public async Task<bool> SecondFactorAsync(Account account, string? code, CancellationToken ct)
    {
        var settings = await policy.CurrentAsync(db, ct);
        if (await IsLockedAsync(account.Id, ct))
        {
            return false;
        }

        var text = (code ?? "").Trim();
        var ok = false;
        if (account.AuthenticatorKey is { } stored && text.Replace(" ", "", StringComparison.Ordinal).All(char.IsAsciiDigit))
        {
            var key = Base32.Decode(personalData.Reveal(stored)!);
            if (Totp.Verify(key, text, clock.GetUtcNow(), account.LastTotpStep) is { } step)
            {
                ok = await db.Accounts.Where(a => a.Id == account.Id && (a.LastTotpStep == null || a.LastTotpStep < step))
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastTotpStep, step), ct) == 1;
            }
        }
        else if (text.Length > 0 && account.RecoveryCodes is { } codes)
        {
            var hash = RecoveryCodes.Hash(text);
            var list = codes.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
            var match = list.FirstOrDefault(h => CryptographicOperations.FixedTimeEquals(Convert.FromHexString(h), Convert.FromHexString(hash)));
            if (match is not null)
            {
                list.Remove(match);
                var remaining = string.Join(';', list);
                ok = await db.Accounts.Where(a => a.Id == account.Id && a.RecoveryCodes == codes)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.RecoveryCodes, remaining), ct) == 1;
                if (ok)
                {
                    await db.RecordAuditAsync(AuditAction.Login, nameof(Account), Id(account), $"{account.UserName} 使用恢复码登录（剩余{list.Count}个）", AuditResult.Success, account.UserName, ct);
                }
            }
        }

        if (!ok)
        {
            await CountFailureAsync(account, settings, ct);
        }

        return ok;
    }

    /// <summary>Creates the server-side session and the main cookie that names it.</summary>
    public async Task CompleteAsync(Account account, CancellationToken ct)
    {
        var sid = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        db.Sessions.Add(new UserSession(sid, account.Id, Now, Http.Connection.RemoteIpAddress?.ToString()));
        await db.SaveChangesAsync(ct);

        // Bookkeeping written directly, so an administrator editing the account at this moment cannot make the sign-in fail.
        var now = Now;
        await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.LastSignInAt, now).SetProperty(a => a.AccessFailedCount, 0).SetProperty(a => a.LockoutEnd, (DateTime?)null), ct);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, Id(account)),
            new Claim(ClaimTypes.Name, account.UserName),
            new Claim(SessionClaim, sid),
            new Claim(StampClaim, account.SecurityStamp),
        ], Scheme, ClaimTypes.Name, ClaimTypes.Role);
        await Http.SignOutAsync(PendingScheme);
        await Http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        await db.RecordAuditAsync(AuditAction.Login, nameof(Account), Id(account), $"{account.UserName} 登录成功", AuditResult.Success, account.UserName, ct);
    }

    /// <summary>Ends the session on the server, so the cookie is worthless even if it was copied.</summary>
    public async Task SignOutAsync(CancellationToken ct)
    {
        var user = Http.User;
        if (user.FindFirstValue(SessionClaim) is { } sid)
        {
            var now = Now;
            await db.Sessions.Where(s => s.Id == sid && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndReason, "signout"), ct);
            await db.RecordAuditAsync(AuditAction.Logout, nameof(Account), user.FindFirstValue(ClaimTypes.NameIdentifier),
                $"{user.Identity?.Name} 退出登录", AuditResult.Success, user.Identity?.Name, ct);
        }

        await Http.SignOutAsync(Scheme);
        await Http.SignOutAsync(PendingScheme);
    }

    private static string Id(Account a) => a.Id.ToString(CultureInfo.InvariantCulture);

    private static string Short(string? s) => string.IsNullOrWhiteSpace(s) ? "（空）" : s.Trim().Length <= 50 ? s.Trim() : s.Trim()[..50];
}
