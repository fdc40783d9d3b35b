using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Tiaodu.Core.Data;

/// <summary>
/// SQLite's side of <see cref="BulkRows"/>: one INSERT prepared on the connection's own handle and run once per row,
/// each value bound by its position. Every value is bound as Microsoft.Data.Sqlite binds a parameter of that type
/// (the same text for dates and times, the same integers and reals), so the stored row is the one a save through
/// EF stores — a test compares them column by column. What this saves is the provider's work on every execution:
/// finding each of a row's dozens of parameters by name in the statement, and a data reader per row.
/// </summary>
internal static class SqliteRows
{
    /// <param name="value">Row r's value of column c, as the database stores it.</param>
    public static void Insert(SqliteConnection connection, string head, int columns, int rows, Func<int, int, object?> value, CancellationToken ct)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var sql = head + "(" + string.Join(",", Enumerable.Range(1, columns).Select(i => "?" + i.ToString(CultureInfo.InvariantCulture))) + ")";
        Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        using (statement)
        {
            for (var r = 0; r < rows; r++)
            {
                ct.ThrowIfCancellationRequested();
                for (var c = 0; c < columns; c++)
                {
                    Check(Bind(statement, c + 1, value(r, c)), handle);
                }

                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(rc, handle);
                }

                Check(raw.sqlite3_reset(statement), handle);
            }
        }
    }

    /// <summary>
    /// Binds as Microsoft.Data.Sqlite binds a parameter whose type is not set otherwise (the model's SQLite mappings
    /// set none that changes this), for the types the bulk-written tables store; any other type is refused.
    /// </summary>
    private static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        int n => raw.sqlite3_bind_int64(statement, index, n),
        long n => raw.sqlite3_bind_int64(statement, index, n),
        bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
        double d => double.IsNaN(d) ? throw new InvalidOperationException("NaN cannot be stored.") : raw.sqlite3_bind_double(statement, index, d),
        DateTime t => raw.sqlite3_bind_text(statement, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        DateOnly d => raw.sqlite3_bind_text(statement, index, d.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException($"Bulk rows do not bind values of type {value.GetType().Name}."),
    };

    private static void Check(int rc, sqlite3 handle)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
        }
    }
}
