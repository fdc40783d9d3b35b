using Tiaodu.Core.Security;

namespace Tiaodu.Core.Accounts;

/// <summary>
/// The security policy, one row, edited by the security administrator and audited. Defaults follow
/// 等保2.0 三级 and the 密评 baseline; ASVS and commercial cryptography are the alternatives.
/// </summary>
public sealed class SecuritySettings
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;

    public PasswordProfile PasswordProfile { get; set; } = PasswordProfile.Dengbao;

    /// <summary>Guomi: PBKDF2-HMAC-SM3 passwords and SM4 personal data; Commercial: the framework's PBKDF2 and AES.</summary>
    public CryptoProfile CryptoProfile { get; set; } = CryptoProfile.Guomi;

    /// <summary>Second factor for everyone, not only administrators (always required for them).</summary>
    public bool TwoFactorForAll { get; set; }

    public int LockoutThreshold { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    public int IdleMinutes { get; set; } = 30;

    public int AbsoluteHours { get; set; } = 8;

    /// <summary>Hash of the one-time token that lets the first administrators be created on a new installation.</summary>
    public string? SetupTokenHash { get; set; }

    public int Version { get; set; }

    /// <summary>Days a password lasts under the 等保 profile; the ASVS profile does not force rotation.</summary>
    public int? PasswordMaxAgeDays => PasswordProfile == PasswordProfile.Dengbao ? 90 : null;

    /// <summary>Previous passwords that may not be reused.</summary>
    public int PasswordHistory => PasswordProfile == PasswordProfile.Dengbao ? 5 : 0;

    public void Validate(ValidationErrors errors)
    {
        if (LockoutThreshold is < 3 or > 10)
        {
            errors.Add(nameof(LockoutThreshold), "连续失败锁定次数应在3至10次之间");
        }

        if (LockoutMinutes is < 5 or > 1440)
        {
            errors.Add(nameof(LockoutMinutes), "锁定时长应在5至1440分钟之间");
        }

        if (IdleMinutes is < 5 or > 30)
        {
            errors.Add(nameof(IdleMinutes), "空闲超时应在5至30分钟之间");
        }

        if (AbsoluteHours is < 1 or > 12)
        {
            errors.Add(nameof(AbsoluteHours), "会话最长时长应在1至12小时之间");
        }
    }
}
