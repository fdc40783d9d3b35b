using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Data;

public sealed class TiaoduDb(DbContextOptions<TiaoduDb> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Lookup> Lookups => Set<Lookup>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectYear> ProjectYears => Set<ProjectYear>();
    public DbSet<ProjectYearTag> ProjectYearTags => Set<ProjectYearTag>();
    public DbSet<MonthlyReport> MonthlyReports => Set<MonthlyReport>();
    public DbSet<LedgerSequence> LedgerSequence => Set<LedgerSequence>();

    /// <summary>Saves, stamping changed ledger rows with the next <see cref="Data.LedgerSequence"/> value in the same transaction.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var changed = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => e.Entity is Project or ProjectYear or ProjectYearTag or Region or Lookup or Tag)
            .ToList();
        if (changed.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var seq = await Data.LedgerSequence.NextAsync(this, cancellationToken);
            foreach (var entry in changed)
            {
                var stamped = entry.Entity switch
                {
                    ProjectYearTag t => ChangeTracker.Entries<ProjectYear>().FirstOrDefault(y => y.Entity.Id == t.ProjectYearId),
                    Project or ProjectYear => entry,
                    _ => null,
                };
                if (stamped is not null && stamped.State != EntityState.Deleted)
                {
                    stamped.Property(nameof(Project.ChangeSeq)).CurrentValue = seq;
                }
            }

            var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return result;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Money and areas are exact decimals kept as scaled integers: exact, and summed natively by SQLite too.
        configurationBuilder.Properties<decimal>().HaveConversion<ScaledDecimalConverter>();
        configurationBuilder.Properties<decimal?>().HaveConversion<ScaledDecimalConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TiaoduDb).Assembly);
    }
}
