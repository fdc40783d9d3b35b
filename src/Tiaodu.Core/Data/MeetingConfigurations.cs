using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tiaodu.Core.Meetings;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Data;

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.ToTable("Meetings");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Title).HasMaxLength(Meeting.TextLength);
        b.Property(x => x.Place).HasMaxLength(Meeting.TextLength);
        b.Property(x => x.Chair).HasMaxLength(Meeting.TextLength);
        b.Property(x => x.Attendees).HasMaxLength(Meeting.SummaryLength);
        b.Property(x => x.Summary).HasMaxLength(Meeting.SummaryLength);
        b.Property(x => x.CreatedBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.RegionId, x.HeldOn });
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingItemConfiguration : IEntityTypeConfiguration<MeetingItem>
{
    public void Configure(EntityTypeBuilder<MeetingItem> b)
    {
        b.ToTable("MeetingItems");
        b.Property(x => x.Topic).HasMaxLength(MeetingItem.TopicLength);
        b.Property(x => x.AddedBy).HasMaxLength(50);
        b.HasIndex(x => x.MeetingId);
        b.HasIndex(x => x.ProblemId);
        b.HasOne<Problem>().WithMany().HasForeignKey(x => x.ProblemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingDecisionConfiguration : IEntityTypeConfiguration<MeetingDecision>
{
    public void Configure(EntityTypeBuilder<MeetingDecision> b)
    {
        b.ToTable("MeetingDecisions");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Text).HasMaxLength(MeetingDecision.TextLength);
        b.Property(x => x.DoneNote).HasMaxLength(MeetingDecision.TextLength);
        b.Property(x => x.DoneBy).HasMaxLength(50);
        b.Property(x => x.DecidedBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.MeetingId);
        b.HasIndex(x => x.ProblemId);
        b.HasIndex(x => new { x.OwnerDepartmentId, x.Status });
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<MeetingItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Problem>().WithMany().HasForeignKey(x => x.ProblemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Lookup>().WithMany().HasForeignKey(x => x.OwnerDepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InstructionConfiguration : IEntityTypeConfiguration<Instructions.Instruction>
{
    public void Configure(EntityTypeBuilder<Instructions.Instruction> b)
    {
        b.ToTable("Instructions");
        b.Property(x => x.Text).HasMaxLength(Instructions.Instruction.TextLength);
        b.Property(x => x.By).HasMaxLength(50);
        b.HasIndex(x => x.ProjectId);
        b.HasIndex(x => x.ProblemId);
        b.HasOne<Ledger.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Problem>().WithMany().HasForeignKey(x => x.ProblemId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Replies).WithOne().HasForeignKey(x => x.InstructionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InstructionReplyConfiguration : IEntityTypeConfiguration<Instructions.InstructionReply>
{
    public void Configure(EntityTypeBuilder<Instructions.InstructionReply> b)
    {
        b.ToTable("InstructionReplies");
        b.Property(x => x.Text).HasMaxLength(Instructions.Instruction.TextLength);
        b.Property(x => x.By).HasMaxLength(50);
        b.HasIndex(x => x.InstructionId);
    }
}
