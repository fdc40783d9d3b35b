using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Data;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.Property(x => x.Key).HasMaxLength(32);
        b.Property(x => x.Code).HasMaxLength(12);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.ShortNames).HasMaxLength(300);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Path).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.ShortNameList);
        b.HasIndex(x => x.Key).IsUnique();
        b.HasIndex(x => x.Path);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LookupConfiguration : IEntityTypeConfiguration<Lookup>
{
    public void Configure(EntityTypeBuilder<Lookup> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Code).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Meaning).HasMaxLength(32);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Kind, x.Code }).IsUnique();
        b.HasOne<Lookup>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("People");
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(24);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ImportBatchId);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.Property(x => x.Code).HasMaxLength(24);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.OwnerCompany).HasMaxLength(200);
        b.Property(x => x.ContactName).HasMaxLength(50);
        b.Property(x => x.ContactPhone).HasMaxLength(100);
        b.Property(x => x.Content).HasMaxLength(4000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Code).IsUnique();
        b.HasIndex(x => new { x.RegionId, x.IsDeleted });
        b.HasIndex(x => x.TotalInvestment);
        b.HasIndex(x => new { x.Name, x.Id });
        b.HasIndex(x => x.ChangeSeq);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        foreach (var fk in new[] { nameof(Project.SectorId), nameof(Project.IndustryId), nameof(Project.CategoryId), nameof(Project.NatureId), nameof(Project.StageId), nameof(Project.LevelId) })
        {
            b.HasOne<Lookup>().WithMany().HasForeignKey(fk).OnDelete(DeleteBehavior.Restrict);
        }

        b.HasOne<Person>().WithMany().HasForeignKey(x => x.LeaderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.ServiceOfficerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Years).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectYearConfiguration : IEntityTypeConfiguration<ProjectYear>
{
    public void Configure(EntityTypeBuilder<ProjectYear> b)
    {
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.PlanCurve).HasMaxLength(Plans.PlanCurve.TextLength);
        b.ComplexProperty(x => x.Ytd);
        b.ComplexProperty(x => x.SinceStart);
        b.HasIndex(x => new { x.ProjectId, x.Year }).IsUnique();
        b.HasIndex(x => x.Year);
        b.HasIndex(x => x.ChangeSeq);
        b.HasOne<Lookup>().WithMany().HasForeignKey(x => x.NatureId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(x => x.ProjectYearId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectYearTagConfiguration : IEntityTypeConfiguration<ProjectYearTag>
{
    public void Configure(EntityTypeBuilder<ProjectYearTag> b)
    {
        b.HasKey(x => new { x.ProjectYearId, x.TagId });
        b.HasIndex(x => x.TagId);
        b.HasOne(x => x.Tag).WithMany().HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MonthlyReportConfiguration : IEntityTypeConfiguration<MonthlyReport>
{
    public void Configure(EntityTypeBuilder<MonthlyReport> b)
    {
        b.Property(x => x.Progress).HasMaxLength(MonthlyReport.ProgressLength);
        b.Property(x => x.ProblemsText).HasMaxLength(MonthlyReport.ProblemsLength);
        b.Property(x => x.Explanation).HasMaxLength(MonthlyReport.NoteLength);
        b.Property(x => x.ReturnReason).HasMaxLength(MonthlyReport.NoteLength);
        b.Property(x => x.SubmittedBy).HasMaxLength(50);
        b.Property(x => x.ReviewedBy).HasMaxLength(50);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProjectId, x.Year, x.Month }).IsUnique();
        b.HasIndex(x => new { x.Year, x.Month, x.Status });
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LedgerSequenceConfiguration : IEntityTypeConfiguration<LedgerSequence>
{
    public void Configure(EntityTypeBuilder<LedgerSequence> b)
    {
        b.ToTable("LedgerSequence");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasData(new { Id = LedgerSequence.SingletonId, Value = 0L });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.Property(x => x.Actor).HasMaxLength(AuditEntry.ActorLength);
        b.Property(x => x.RemoteAddress).HasMaxLength(AuditEntry.RemoteAddressLength);
        b.Property(x => x.Action).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.EntityType).HasMaxLength(AuditEntry.EntityTypeLength);
        b.Property(x => x.EntityId).HasMaxLength(AuditEntry.EntityIdLength);
        b.Property(x => x.Summary).HasMaxLength(AuditEntry.SummaryLength);

        // Plain text, not jsonb: the hash covers the exact characters written.
        b.Property(x => x.Before);
        b.Property(x => x.After);
        b.Property(x => x.Result).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.PreviousHash).HasMaxLength(Sm3.HexLength);
        b.Property(x => x.Hash).HasMaxLength(Sm3.HexLength);
        b.HasIndex(x => x.Sequence).IsUnique();
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.Actor, x.At });
        b.HasIndex(x => new { x.EntityType, x.EntityId });
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> b)
    {
        b.ToTable("AuditHead");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.LastHash).HasMaxLength(Sm3.HexLength);
        b.HasData(new { Id = AuditHead.SingletonId, LastSequence = 0L, LastHash = AuditEntry.GenesisHash });
    }
}
