using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Data;

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> b)
    {
        b.ToTable("Leads");
        b.Property(x => x.Name).HasMaxLength(Lead.NameLength);
        b.Property(x => x.Investor).HasMaxLength(Lead.NameLength);
        b.Property(x => x.Origin).HasMaxLength(50);
        b.Property(x => x.ContactName).HasMaxLength(50);
        b.Property(x => x.ContactPhone).HasMaxLength(100);
        b.Property(x => x.Notes).HasMaxLength(Lead.TextLength);
        b.Property(x => x.DropReason).HasMaxLength(Lead.TextLength);
        // Stages are compared (签约 and later), so they are stored as their order, not as names.
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.RegionId, x.Stage });
        b.HasIndex(x => x.SourceEventId);
        b.HasIndex(x => x.CeremonyId);
        b.HasIndex(x => x.ProjectId);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Lookup>().WithMany().HasForeignKey(x => x.IndustryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.OfficerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AttractionEvent>().WithMany().HasForeignKey(x => x.SourceEventId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AttractionEvent>().WithMany().HasForeignKey(x => x.CeremonyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Steps).WithOne().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LeadStepConfiguration : IEntityTypeConfiguration<LeadStep>
{
    public void Configure(EntityTypeBuilder<LeadStep> b)
    {
        b.ToTable("LeadSteps");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.By).HasMaxLength(50);
        b.Property(x => x.Note).HasMaxLength(Lead.TextLength);
        b.HasIndex(x => x.LeadId);
    }
}

internal sealed class AttractionEventConfiguration : IEntityTypeConfiguration<AttractionEvent>
{
    public void Configure(EntityTypeBuilder<AttractionEvent> b)
    {
        b.ToTable("AttractionEvents");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Name).HasMaxLength(AttractionEvent.NameLength);
        b.Property(x => x.Place).HasMaxLength(AttractionEvent.NameLength);
        b.Property(x => x.Notes).HasMaxLength(Lead.TextLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.RegionId, x.On });
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeadImportConfiguration : IEntityTypeConfiguration<LeadImport>
{
    public void Configure(EntityTypeBuilder<LeadImport> b)
    {
        b.ToTable("LeadImports");
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.By).HasMaxLength(50);
        b.Property(x => x.Region).HasMaxLength(32);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Message).HasMaxLength(1000);
        b.Property(x => x.Options).HasDefaultValue("");
        b.Property(x => x.Rows).HasDefaultValue(0);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Status);
    }
}

internal sealed class ScoringSchemeConfiguration : IEntityTypeConfiguration<Assessment.ScoringScheme>
{
    public void Configure(EntityTypeBuilder<Assessment.ScoringScheme> b)
    {
        b.ToTable("ScoringSchemes");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Year).IsUnique();
        b.HasMany(x => x.Rules).WithOne().HasForeignKey(x => x.SchemeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScoringRuleConfiguration : IEntityTypeConfiguration<Assessment.ScoringRule>
{
    public void Configure(EntityTypeBuilder<Assessment.ScoringRule> b)
    {
        b.ToTable("ScoringRules");
        b.Property(x => x.Section).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Metric).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Bands).HasMaxLength(200);
        b.Property(x => x.Tag).HasMaxLength(50);
        b.HasIndex(x => x.SchemeId);
    }
}

internal sealed class AssessmentResultConfiguration : IEntityTypeConfiguration<Assessment.AssessmentResult>
{
    public void Configure(EntityTypeBuilder<Assessment.AssessmentResult> b)
    {
        b.ToTable("AssessmentResults");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.SchemeName).HasMaxLength(100);
        b.Property(x => x.PublishedBy).HasMaxLength(50);
        b.HasIndex(x => new { x.RegionId, x.Kind, x.Year, x.Number }).IsUnique();
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}
