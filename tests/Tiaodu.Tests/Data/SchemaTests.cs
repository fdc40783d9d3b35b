using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Data;

/// <summary>
/// The hand-written migrations must build exactly the schema the EF model describes: an empty database
/// migrated is compared with another built from the model's own create script, on the run's provider.
/// </summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task Migrating_an_empty_database_gives_the_schema_of_the_model()
    {
        await using var migratedDb = await TestDatabase.CreateAsync();
        await using var modelDb = await TestDatabase.CreateAsync();

        await using (var migrated = Open(migratedDb))
        {
            await migrated.Database.MigrateAsync();
        }

        await using (var fromModel = Open(modelDb))
        {
            await fromModel.Database.ExecuteSqlRawAsync(fromModel.Database.GenerateCreateScript());
        }

        await using var a = Open(migratedDb);
        await using var b = Open(modelDb);
        var migratedSchema = await SchemaReader.ReadAsync(a.Database.GetDbConnection(), migratedDb.Provider);
        var modelSchema = await SchemaReader.ReadAsync(b.Database.GetDbConnection(), modelDb.Provider);

        migratedSchema.Count.ShouldBeGreaterThan(100);
        var missing = modelSchema.Except(migratedSchema).ToList();
        var extra = migratedSchema.Except(modelSchema).ToList();
        missing.ShouldBeEmpty("in the model but not made by the migrations:\n" + string.Join('\n', missing));
        extra.ShouldBeEmpty("made by the migrations but not in the model:\n" + string.Join('\n', extra));
    }

    [Fact]
    public async Task A_migrated_database_has_no_pending_migrations()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = Open(database);
        await db.Database.MigrateAsync();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldNotBeEmpty();
    }

    private static TiaoduDb Open(TestDatabase database)
    {
        var options = new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString };
        var builder = new DbContextOptionsBuilder<TiaoduDb>();
        options.Configure(builder);
        return new TiaoduDb(builder.Options);
    }
}
