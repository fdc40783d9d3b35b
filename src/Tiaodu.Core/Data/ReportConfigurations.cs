using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reports;

namespace Tiaodu.Core.Data;

internal sealed class ReportRevisionConfiguration : IEntityTypeConfiguration<ReportRevision>
{
    public void Configure(EntityTypeBuilder<ReportRevision> b)
    {
        b.ToTable("ReportRevisions");
        b.Property(x => x.Reason).HasMaxLength(ReportRevision.ReasonLength);
        b.Property(x => x.Actor).HasMaxLength(50);
        b.HasIndex(x => x.ReportId);
        b.HasOne<MonthlyReport>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportSettingsConfiguration : IEntityTypeConfiguration<ReportSettings>
{
    public void Configure(EntityTypeBuilder<ReportSettings> b)
    {
        b.ToTable("ReportSettings");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasData(new { Id = ReportSettings.SingletonId, DeadlineDay = 25, ReminderDays = 3, Version = 0 });
    }
}

internal sealed class LightRuleConfiguration : IEntityTypeConfiguration<Lights.LightRule>
{
    public void Configure(EntityTypeBuilder<Lights.LightRule> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Basis).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Year);
        b.HasOne<Reference.Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProjectLightConfiguration : IEntityTypeConfiguration<Lights.ProjectLight>
{
    public void Configure(EntityTypeBuilder<Lights.ProjectLight> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Color).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Explanation).HasMaxLength(500);
        b.HasIndex(x => new { x.Year, x.Month, x.ProjectId });
        b.HasIndex(x => new { x.ProjectId, x.Year, x.Month });
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LightExemptionConfiguration : IEntityTypeConfiguration<Lights.LightExemption>
{
    public void Configure(EntityTypeBuilder<Lights.LightExemption> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(Lights.LightExemption.ReasonLength);
        b.Property(x => x.CreatedBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.ProjectId);
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProtectionKeyConfiguration : IEntityTypeConfiguration<ProtectionKey>
{
    public void Configure(EntityTypeBuilder<ProtectionKey> b)
    {
        b.ToTable("ProtectionKeys");
        b.Property(x => x.FriendlyName).HasMaxLength(100);
    }
}

internal sealed class LedgerRemovalConfiguration : IEntityTypeConfiguration<LedgerRemoval>
{
    public void Configure(EntityTypeBuilder<LedgerRemoval> b)
    {
        b.ToTable("LedgerRemovals");
        b.HasIndex(x => x.ChangeSeq);
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<Jobs.JobRun>
{
    public void Configure(EntityTypeBuilder<Jobs.JobRun> b)
    {
        b.Property(x => x.Job).HasMaxLength(50);
        b.Property(x => x.Period).HasMaxLength(20);
        b.Property(x => x.Instance).HasMaxLength(100);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Message).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Job, x.Period }).IsUnique();
    }
}

internal sealed class LightMonthConfiguration : IEntityTypeConfiguration<Lights.LightMonth>
{
    public void Configure(EntityTypeBuilder<Lights.LightMonth> b)
    {
        b.HasKey(x => new { x.Year, x.Month });
    }
}

internal sealed class MilestoneTemplateConfiguration : IEntityTypeConfiguration<Milestones.MilestoneTemplate>
{
    public void Configure(EntityTypeBuilder<Milestones.MilestoneTemplate> b)
    {
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasMany(x => x.Nodes).WithOne().HasForeignKey(n => n.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MilestoneTemplateNodeConfiguration : IEntityTypeConfiguration<Milestones.MilestoneTemplateNode>
{
    public void Configure(EntityTypeBuilder<Milestones.MilestoneTemplateNode> b)
    {
        b.ToTable("MilestoneTemplateNodes");
        b.Property(x => x.Name).HasMaxLength(50);
        b.HasIndex(x => x.TemplateId);
    }
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestones.Milestone>
{
    public void Configure(EntityTypeBuilder<Milestones.Milestone> b)
    {
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Owner).HasMaxLength(Milestones.PlanMilestones.OwnerLength);
        b.Property(x => x.DocumentNumber).HasMaxLength(Milestones.PlanMilestones.DocumentLength);
        b.Property(x => x.OwedItems).HasMaxLength(Milestones.PlanMilestones.OwedLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.ProjectId);
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MilestonePlanConfiguration : IEntityTypeConfiguration<Milestones.MilestonePlan>
{
    public void Configure(EntityTypeBuilder<Milestones.MilestonePlan> b)
    {
        b.HasKey(x => x.ProjectId);
        b.Property(x => x.ProjectId).ValueGeneratedNever();
        b.Property(x => x.TargetNode).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Project>().WithOne().HasForeignKey<Milestones.MilestonePlan>(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Milestones.MilestoneTemplate>().WithMany().HasForeignKey(x => x.TemplateId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<Files.StoredFile>
{
    public void Configure(EntityTypeBuilder<Files.StoredFile> b)
    {
        b.Property(x => x.OwnerType).HasMaxLength(30);
        b.Property(x => x.FileName).HasMaxLength(Files.StoredFile.NameLength);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Path).HasMaxLength(200);
        b.Property(x => x.UploadedBy).HasMaxLength(50);
        b.HasIndex(x => new { x.OwnerType, x.OwnerId });
    }
}

internal sealed class YearPlanConfiguration : IEntityTypeConfiguration<Plans.YearPlan>
{
    public void Configure(EntityTypeBuilder<Plans.YearPlan> b)
    {
        b.HasKey(x => x.Year);
        b.Property(x => x.Year).ValueGeneratedNever();
        b.Property(x => x.ApprovedBy).HasMaxLength(50);
    }
}

internal sealed class PlanBaselineLineConfiguration : IEntityTypeConfiguration<Plans.PlanBaselineLine>
{
    public void Configure(EntityTypeBuilder<Plans.PlanBaselineLine> b)
    {
        b.Property(x => x.PlanCurve).HasMaxLength(Plans.PlanCurve.TextLength);
        b.HasIndex(x => new { x.Year, x.ProjectId }).IsUnique();
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanChangeConfiguration : IEntityTypeConfiguration<Plans.PlanChange>
{
    public void Configure(EntityTypeBuilder<Plans.PlanChange> b)
    {
        b.Property(x => x.Summary).HasMaxLength(500);
        b.Property(x => x.Reason).HasMaxLength(Plans.PlanChange.ReasonLength);
        b.Property(x => x.Actor).HasMaxLength(50);
        b.HasIndex(x => new { x.Year, x.ProjectId });
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notifications.Notice>
{
    public void Configure(EntityTypeBuilder<Notifications.Notice> b)
    {
        b.Property(x => x.Title).HasMaxLength(Notifications.Notice.TitleLength);
        b.Property(x => x.Body).HasMaxLength(Notifications.Notice.BodyLength);
        b.Property(x => x.Link).HasMaxLength(200);
        b.HasIndex(x => new { x.AccountId, x.ReadAt });
        b.HasOne<Accounts.Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationChannelConfiguration : IEntityTypeConfiguration<Notifications.NotificationChannel>
{
    public void Configure(EntityTypeBuilder<Notifications.NotificationChannel> b)
    {
        b.Property(x => x.Name).HasMaxLength(Notifications.NotificationChannel.NameLength);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.WebhookUrl).HasMaxLength(Notifications.NotificationChannel.UrlLength);
        b.Property(x => x.Secret).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Reference.Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<Notifications.OutboxMessage>
{
    public void Configure(EntityTypeBuilder<Notifications.OutboxMessage> b)
    {
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasOne<Notifications.NotificationChannel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
