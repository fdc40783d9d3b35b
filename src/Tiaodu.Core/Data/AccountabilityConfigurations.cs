using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tiaodu.Core.Accountability;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Data;

internal sealed class ServiceLogConfiguration : IEntityTypeConfiguration<ServiceLog>
{
    public void Configure(EntityTypeBuilder<ServiceLog> b)
    {
        b.ToTable("ServiceLogs");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Note).HasMaxLength(ServiceLog.NoteLength);
        b.Property(x => x.RecordedBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProjectId, x.On });
        b.HasIndex(x => x.On);
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reference.Person>().WithMany().HasForeignKey(x => x.OfficerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceLogProblemConfiguration : IEntityTypeConfiguration<ServiceLogProblem>
{
    public void Configure(EntityTypeBuilder<ServiceLogProblem> b)
    {
        b.ToTable("ServiceLogProblems");
        b.HasKey(x => new { x.ServiceLogId, x.ProblemId });
        b.HasIndex(x => x.ProblemId);
        b.HasOne<ServiceLog>().WithMany().HasForeignKey(x => x.ServiceLogId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Problems.Problem>().WithMany().HasForeignKey(x => x.ProblemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LeaderVisitConfiguration : IEntityTypeConfiguration<LeaderVisit>
{
    public void Configure(EntityTypeBuilder<LeaderVisit> b)
    {
        b.ToTable("LeaderVisits");
        b.Property(x => x.Purpose).HasMaxLength(LeaderVisit.PurposeLength);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Note).HasMaxLength(LeaderVisit.NoteLength);
        b.Property(x => x.PlannedBy).HasMaxLength(50);
        b.Property(x => x.ClosedBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.On);
        b.HasIndex(x => x.ProjectId);
        b.HasIndex(x => x.LeaderId);
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reference.Person>().WithMany().HasForeignKey(x => x.LeaderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeaderVisitProblemConfiguration : IEntityTypeConfiguration<LeaderVisitProblem>
{
    public void Configure(EntityTypeBuilder<LeaderVisitProblem> b)
    {
        b.ToTable("LeaderVisitProblems");
        b.HasKey(x => new { x.LeaderVisitId, x.ProblemId });
        b.HasIndex(x => x.ProblemId);
        b.HasOne<LeaderVisit>().WithMany().HasForeignKey(x => x.LeaderVisitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Problems.Problem>().WithMany().HasForeignKey(x => x.ProblemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskForceConfiguration : IEntityTypeConfiguration<TaskForce>
{
    public void Configure(EntityTypeBuilder<TaskForce> b)
    {
        b.ToTable("TaskForces");
        b.Property(x => x.Name).HasMaxLength(TaskForce.NameLength);
        b.Property(x => x.Duty).HasMaxLength(TaskForce.DutyLength);
        b.Property(x => x.CreatedBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.RegionId, x.Name }).IsUnique();
        b.HasIndex(x => x.LeaderId);
        b.HasOne<Reference.Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Reference.Person>().WithMany().HasForeignKey(x => x.LeaderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TaskForceMemberConfiguration : IEntityTypeConfiguration<TaskForceMember>
{
    public void Configure(EntityTypeBuilder<TaskForceMember> b)
    {
        b.ToTable("TaskForceMembers");
        b.Property(x => x.Duty).HasMaxLength(TaskForce.DutyLength);
        b.HasIndex(x => x.TaskForceId);
        b.HasIndex(x => x.PersonId);
        b.HasIndex(x => x.AccountId);
        b.HasOne<TaskForce>().WithMany().HasForeignKey(x => x.TaskForceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reference.Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Accounts.Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskForceProjectConfiguration : IEntityTypeConfiguration<TaskForceProject>
{
    public void Configure(EntityTypeBuilder<TaskForceProject> b)
    {
        b.ToTable("TaskForceProjects");
        b.HasKey(x => new { x.TaskForceId, x.ProjectId });
        b.HasIndex(x => x.ProjectId);
        b.HasOne<TaskForce>().WithMany().HasForeignKey(x => x.TaskForceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
