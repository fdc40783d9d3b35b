using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tiaodu.Core.Imports;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Problems;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Data;

internal sealed class RunningImportConfiguration : IEntityTypeConfiguration<RunningImport>
{
    public void Configure(EntityTypeBuilder<RunningImport> b)
    {
        b.ToTable("RunningImports");
        b.HasKey(x => new { x.Kind, x.ImportId });
        b.Property(x => x.Kind).HasMaxLength(8);
    }
}

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b)
    {
        b.Property(x => x.FileName).HasMaxLength(ImportBatch.FileNameLength);
        b.Property(x => x.FileHash).HasMaxLength(64);
        b.Property(x => x.Actor).HasMaxLength(50);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Message).HasMaxLength(ImportBatch.MessageLength);
        b.Property(x => x.RolledBackBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.CanConfirm);
        b.HasIndex(x => x.CreatedAt);
        b.HasIndex(x => x.Status);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ImportFileContentConfiguration : IEntityTypeConfiguration<ImportFileContent>
{
    public void Configure(EntityTypeBuilder<ImportFileContent> b)
    {
        b.ToTable("ImportFiles");
        b.HasKey(x => x.BatchId);
        b.HasOne<ImportBatch>().WithOne().HasForeignKey<ImportFileContent>(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportChangeConfiguration : IEntityTypeConfiguration<ImportChange>
{
    public void Configure(EntityTypeBuilder<ImportChange> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => x.BatchId);
        b.HasIndex(x => x.ProjectId);
        b.HasOne<ImportBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportMappingConfiguration : IEntityTypeConfiguration<ImportMapping>
{
    public void Configure(EntityTypeBuilder<ImportMapping> b)
    {
        b.Property(x => x.Name).HasMaxLength(ImportMapping.NameLength);
        b.Property(x => x.Target).HasMaxLength(16).HasDefaultValue(ImportMapping.Ledger);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Target, x.Name }).IsUnique();
    }
}

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> b)
    {
        b.Property(x => x.Description).HasMaxLength(Problem.DescriptionLength);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Resolution).HasMaxLength(Problem.ResolutionLength);
        b.Property(x => x.ResolvedBy).HasMaxLength(50);
        b.Property(x => x.RaisedBy).HasMaxLength(50);
        b.Property(x => x.ClosedBy).HasMaxLength(50);
        // Problems that existed before the ladder start at its first step (the column's default fills them).
        b.Property(x => x.Level).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ProblemLevel.TaskForce);
        b.HasIndex(x => x.CategoryId);
        b.HasIndex(x => x.LeadDepartmentId);
        b.HasMany(x => x.Assisting).WithOne().HasForeignKey(x => x.ProblemId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Actions).WithOne().HasForeignKey(x => x.ProblemId).OnDelete(DeleteBehavior.Cascade);

        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProjectId, x.Status });
        b.HasIndex(x => x.ImportBatchId);
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ImportBatch>().WithMany().HasForeignKey(x => x.ImportBatchId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProblemDepartmentConfiguration : IEntityTypeConfiguration<ProblemDepartment>
{
    public void Configure(EntityTypeBuilder<ProblemDepartment> b)
    {
        b.ToTable("ProblemDepartments");
        b.HasKey(x => new { x.ProblemId, x.DepartmentId });
        b.HasIndex(x => x.DepartmentId);
        b.HasOne<Lookup>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProblemActionConfiguration : IEntityTypeConfiguration<ProblemAction>
{
    public void Configure(EntityTypeBuilder<ProblemAction> b)
    {
        b.ToTable("ProblemActions");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.By).HasMaxLength(50);
        b.Property(x => x.Text).HasMaxLength(ProblemAction.TextLength);
        b.HasIndex(x => x.ProblemId);
    }
}

internal sealed class SupervisionNoticeConfiguration : IEntityTypeConfiguration<SupervisionNotice>
{
    public void Configure(EntityTypeBuilder<SupervisionNotice> b)
    {
        b.ToTable("SupervisionNotices");
        b.Ignore(x => x.Number);
        b.Property(x => x.Reason).HasMaxLength(SupervisionNotice.TextLength);
        b.Property(x => x.Answer).HasMaxLength(SupervisionNotice.TextLength);
        b.Property(x => x.IssuedBy).HasMaxLength(50);
        b.Property(x => x.AnsweredBy).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Year, x.Sequence }).IsUnique();
        b.HasIndex(x => x.ProblemId);
        b.HasOne<Problem>().WithMany().HasForeignKey(x => x.ProblemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupervisionSettingsConfiguration : IEntityTypeConfiguration<SupervisionSettings>
{
    public void Configure(EntityTypeBuilder<SupervisionSettings> b)
    {
        b.ToTable("SupervisionSettings");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
