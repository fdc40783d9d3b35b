using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Security;

namespace Tiaodu.Web.Accounts;

/// <summary>
/// A new installation has no account: each start prints a one-time setup token to the log, and /setup
/// creates the three administrators with it. Once any account exists, setup is closed for good.
/// </summary>
public sealed class FirstStart(TiaoduDb db, PasswordService passwords, TimeProvider clock, ILogger<FirstStart> log)
{
    public async Task IssueTokenIfNeededAsync(CancellationToken ct)
    {
        if (await db.Accounts.AnyAsync(ct))
        {
            return;
        }

        var token = Base32.Encode(RandomNumberGenerator.GetBytes(15));
        var settings = await db.SecuritySettings.SingleAsync(ct);
        settings.SetupTokenHash = Hash(token);
        await db.SaveChangesAsync(ct);
        log.LogWarning("No account exists yet. Open /setup and enter the setup token {Token} to create the system, security and audit administrators.", token);
    }

    public async Task CreateAdministratorsAsync(string? token, IReadOnlyList<(Role Role, string? UserName, string? DisplayName, string? Password)> admins, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Accounts.AnyAsync(ct))
        {
            throw new ConflictException("系统已初始化");
        }

        var settings = await db.SecuritySettings.SingleAsync(ct);
        var errors = new ValidationErrors();
        if (settings.SetupTokenHash is null || string.IsNullOrWhiteSpace(token)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(settings.SetupTokenHash), Encoding.ASCII.GetBytes(Hash(token))))
        {
            errors.Add("Token", "安装令牌不正确：请使用服务器最近一次启动时日志中打印的令牌");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var accounts = new List<Account>();
        foreach (var (role, userName, displayName, password) in admins)
        {
            var prefix = role switch { Role.SystemAdmin => "System", Role.SecurityAdmin => "Security", _ => "Audit" };
            var name = userName?.Trim() ?? "";
            if (name.Length is < 3 or > Account.UserNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                errors.Add(prefix + ".UserName", "用户名应为3至50位字母、数字或 . _ -");
            }
            else if (!names.Add(Account.Normalize(name)))
            {
                errors.Add(prefix + ".UserName", "三位管理员须使用不同的账号（三权分立）");
            }

            if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > Account.DisplayNameLength)
            {
                errors.Add(prefix + ".DisplayName", "请填写姓名（不超过50个字）");
            }

            var account = new Account(name.Length == 0 ? "-" : name, displayName ?? "", clock.GetUtcNow().UtcDateTime);
            try
            {
                await passwords.SetAsync(account, password, temporary: false, ct);
            }
            catch (ValidationFailedException e)
            {
                foreach (var m in e.Errors.SelectMany(x => x.Value))
                {
                    errors.Add(prefix + ".Password", m);
                }
            }

            account.SetRoles([role], canReveal: false);
            accounts.Add(account);
        }

        errors.ThrowIfAny();
        db.Accounts.AddRange(accounts);
        settings.SetupTokenHash = null;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static string Hash(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal))));
}
