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
        b.Ignore(x => x.Changed);
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
