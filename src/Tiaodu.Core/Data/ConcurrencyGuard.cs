using Microsoft.EntityFrameworkCore;

namespace Tiaodu.Core.Data;

/// <summary>
/// Lost-update protection with an application-set version column (the same on SQLite and PostgreSQL):
/// a form carries the version it was opened at, and the save only matches a row still at that version.
/// </summary>
public static class ConcurrencyGuard
{
    private static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    public const string StaleMessage = "该记录已被他人修改，请刷新后核对再保存";

    public static void Expect<T>(TiaoduDb db, T entity, int currentVersion, int expectedVersion)
        where T : class
    {
        if (currentVersion != expectedVersion)
        {
            throw new ConflictException(StaleMessage, entity);
        }

        db.Entry(entity).Property("Version").OriginalValue = expectedVersion;
    }

    public static async Task SaveAsync(TiaoduDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(StaleMessage);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            // Two people added the same thing at once (a year line, a project code): the later one is told, not failed.
            throw new ConflictException("同一记录刚被他人同时添加或修改，请刷新后核对再保存");
        }
    }
}
