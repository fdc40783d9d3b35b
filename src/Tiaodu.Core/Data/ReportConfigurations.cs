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
