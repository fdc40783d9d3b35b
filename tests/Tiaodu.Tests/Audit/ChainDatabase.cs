using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Audit;

/// <summary>A migrated throwaway database of the run's provider holding a short audit chain, one record per saved tag.</summary>
internal sealed class ChainDatabase : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private ChainDatabase(TestDatabase database) => _database = database;

    public DatabaseProvider Provider => _database.Provider;

    public static async Task<ChainDatabase> CreateAsync(int records)
    {
        var chain = new ChainDatabase(await TestDatabase.CreateAsync());
        await using var db = chain.Open();
        await db.Database.MigrateAsync();
        for (var i = 1; i <= records; i++)
        {
            db.Tags.Add(new Tag("审计测试标签" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), i));
            await db.SaveChangesAsync();
        }

        return chain;
    }

    public TiaoduDb Open(IAuditActor? actor = null, TimeProvider? clock = null)
    {
        var builder = new DbContextOptionsBuilder<TiaoduDb>();
        new DatabaseOptions { Provider = _database.Provider, ConnectionString = _database.ConnectionString }.Configure(builder);
        return new TiaoduDb(builder.Options, actor, clock);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var db = Open();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    public async Task<AuditChainReport> VerifyAsync()
    {
        await using var db = Open();
        return await new VerifyAuditChain(db).HandleAsync(CancellationToken.None);
    }

    public async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var db = Open();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    /// <summary>Writes a record straight into the table, as a forger with database access would.</summary>
    public async Task InsertRawAsync(AuditEntry e)
    {
        await using var db = Open();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AuditEntries" ("Sequence", "At", "Actor", "RemoteAddress", "Action", "EntityType", "EntityId", "Summary", "Before", "After", "Result", "PreviousHash", "Hash")
            VALUES ({e.Sequence}, {e.At}, {e.Actor}, {e.RemoteAddress}, {e.Action.ToString()}, {e.EntityType}, {e.EntityId}, {e.Summary}, {e.Before}, {e.After}, {e.Result.ToString()}, {e.PreviousHash}, {e.Hash})
            """);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
