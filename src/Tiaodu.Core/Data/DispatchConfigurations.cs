using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tiaodu.Core.Dispatch;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Data;

internal sealed class DispatchRoundConfiguration : IEntityTypeConfiguration<DispatchRound>
{
    public void Configure(EntityTypeBuilder<DispatchRound> b)
    {
        b.ToTable("DispatchRounds");
        b.Ignore(x => x.Period);
        b.Ignore(x => x.Title);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Summary).HasMaxLength(DispatchRound.SummaryLength);
        b.Property(x => x.CreatedBy).HasMaxLength(50);
        b.Property(x => x.PublishedBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Year, x.Month, x.Half, x.RegionId }).IsUnique();
        b.HasIndex(x => x.RegionId);
        b.HasOne<Reference.Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DispatchItemConfiguration : IEntityTypeConfiguration<DispatchItem>
{
    public void Configure(EntityTypeBuilder<DispatchItem> b)
    {
        b.ToTable("DispatchItems");
        b.Property(x => x.ProjectName).HasMaxLength(200);
        b.Property(x => x.RegionName).HasMaxLength(50);
        b.Property(x => x.Color).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.PreviousColor).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Report).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.LightText).HasMaxLength(DispatchItem.TextLength);
        b.Property(x => x.ProblemsText).HasMaxLength(DispatchItem.TextLength);
        b.Property(x => x.Comment).HasMaxLength(DispatchItem.CommentLength);
        b.Property(x => x.CommentBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.RoundId, x.ProjectId }).IsUnique();
        b.HasIndex(x => x.ProjectId);
        b.HasOne<DispatchRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WatchEntryConfiguration : IEntityTypeConfiguration<WatchEntry>
{
    public void Configure(EntityTypeBuilder<WatchEntry> b)
    {
        b.ToTable("WatchEntries");
        b.Property(x => x.Focus).HasMaxLength(WatchEntry.FocusLength);
        b.Property(x => x.AddedBy).HasMaxLength(50);
        b.Property(x => x.RemovedBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProjectId, x.RemovedAt });
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WeeklyCheckConfiguration : IEntityTypeConfiguration<WeeklyCheck>
{
    public void Configure(EntityTypeBuilder<WeeklyCheck> b)
    {
        b.ToTable("WeeklyChecks");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Note).HasMaxLength(WeeklyCheck.NoteLength);
        b.Property(x => x.CheckedBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProjectId, x.WeekOf }).IsUnique();
        b.HasIndex(x => x.WeekOf);
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoleNoticeSettingConfiguration : IEntityTypeConfiguration<Notifications.RoleNoticeSetting>
{
    public void Configure(EntityTypeBuilder<Notifications.RoleNoticeSetting> b)
    {
        b.ToTable("RoleNoticeSettings");
        b.HasKey(x => new { x.Role, x.Topic });
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Topic).HasConversion<string>().HasMaxLength(32);
    }
}

internal sealed class AccountNoticeSettingConfiguration : IEntityTypeConfiguration<Notifications.AccountNoticeSetting>
{
    public void Configure(EntityTypeBuilder<Notifications.AccountNoticeSetting> b)
    {
        b.ToTable("AccountNoticeSettings");
        b.HasKey(x => new { x.AccountId, x.Topic });
        b.Property(x => x.Topic).HasConversion<string>().HasMaxLength(32);
        b.HasOne<Accounts.Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MailSettingsConfiguration : IEntityTypeConfiguration<Notifications.MailSettings>
{
    public void Configure(EntityTypeBuilder<Notifications.MailSettings> b)
    {
        b.ToTable("MailSettings");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Host).HasMaxLength(200);
        b.Property(x => x.Security).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.UserName).HasMaxLength(200);
        b.Property(x => x.Password).HasMaxLength(500);
        b.Property(x => x.FromAddress).HasMaxLength(254);
        b.Property(x => x.FromName).HasMaxLength(50);
        b.Property(x => x.SiteUrl).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasData(new { Id = Notifications.MailSettings.SingletonId, Enabled = false, Port = 25, Security = Notifications.MailSecurity.None, Version = 0 });
    }
}

internal sealed class MailMessageConfiguration : IEntityTypeConfiguration<Notifications.MailMessage>
{
    public void Configure(EntityTypeBuilder<Notifications.MailMessage> b)
    {
        b.ToTable("MailMessages");
        b.Property(x => x.Subject).HasMaxLength(Notifications.MailMessage.SubjectLength);
        b.Property(x => x.Body).HasMaxLength(Notifications.MailMessage.BodyLength);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => x.AccountId);
        b.HasOne<Accounts.Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
