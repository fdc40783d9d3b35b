using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Data;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.Property(x => x.UserName).HasMaxLength(Account.UserNameLength);
        b.Property(x => x.NormalizedUserName).HasMaxLength(Account.UserNameLength);
        b.Property(x => x.DisplayName).HasMaxLength(Account.DisplayNameLength);
        b.Property(x => x.Organization).HasMaxLength(100);
        b.Property(x => x.Phone).HasMaxLength(200);
        b.Property(x => x.Email).HasMaxLength(500);
        b.Property(x => x.IdNumber).HasMaxLength(200);
        b.Property(x => x.PasswordHash).HasMaxLength(300);
        b.Property(x => x.SecurityStamp).HasMaxLength(64);
        b.Property(x => x.AuthenticatorKey).HasMaxLength(200);
        b.Property(x => x.RecoveryCodes).HasMaxLength(1000);
        b.Property(x => x.CalendarTokenHash).HasMaxLength(64);
        b.HasIndex(x => x.CalendarTokenHash).IsUnique();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.RoleSet);
        b.Ignore(x => x.IsAdministrator);
        b.HasIndex(x => x.NormalizedUserName).IsUnique();
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Lookup>().WithMany().HasForeignKey(x => x.SectorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.DepartmentId);
        b.HasMany(x => x.Roles).WithOne().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Projects).WithOne().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccountRoleConfiguration : IEntityTypeConfiguration<AccountRole>
{
    public void Configure(EntityTypeBuilder<AccountRole> b)
    {
        b.HasKey(x => new { x.AccountId, x.Role });
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(24);
    }
}

internal sealed class AccountProjectConfiguration : IEntityTypeConfiguration<AccountProject>
{
    public void Configure(EntityTypeBuilder<AccountProject> b)
    {
        b.HasKey(x => new { x.AccountId, x.ProjectId });
        b.HasIndex(x => x.ProjectId);
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PasswordHistoryConfiguration : IEntityTypeConfiguration<PasswordHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PasswordHistoryEntry> b)
    {
        b.ToTable("PasswordHistory");
        b.Property(x => x.Hash).HasMaxLength(300);
        b.HasIndex(x => new { x.AccountId, x.ChangedAt });
        b.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("Sessions");
        b.Property(x => x.Id).HasMaxLength(64).ValueGeneratedNever();
        b.Property(x => x.EndReason).HasMaxLength(16);
        b.Property(x => x.RemoteAddress).HasMaxLength(64);
        b.HasIndex(x => x.AccountId);
        b.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SecuritySettingsConfiguration : IEntityTypeConfiguration<SecuritySettings>
{
    public void Configure(EntityTypeBuilder<SecuritySettings> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.PasswordProfile).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.CryptoProfile).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.SetupTokenHash).HasMaxLength(128);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.PasswordMaxAgeDays);
        b.Ignore(x => x.PasswordHistory);
        b.HasData(new
        {
            Id = SecuritySettings.SingletonId,
            PasswordProfile = Security.PasswordProfile.Dengbao,
            CryptoProfile = Security.CryptoProfile.Guomi,
            TwoFactorForAll = false,
            LockoutThreshold = 5,
            LockoutMinutes = 15,
            IdleMinutes = 30,
            AbsoluteHours = 8,
            Version = 0,
        });
    }
}
