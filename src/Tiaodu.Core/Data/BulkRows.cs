using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tiaodu.Core.Data;

/// <summary>
/// Writes many new rows of one entity type inside the caller's transaction, without the change tracker (one prepared
/// INSERT run per row on SQLite, a binary COPY on PostgreSQL): the columns, their names and their conversions all come from the EF model, so a row written
/// here is the row EF would write. Ids are drawn beforehand (<see cref="NextIdsAsync"/>), so children can point
/// at their parents before anything is sent. Used where thousands of rows are created at once (an import);
/// the caller records the audit trail and the ledger sequence itself, as a save through EF would.
/// </summary>
internal static class BulkRows
{
    private static readonly ConcurrentDictionary<(IModel, Type), Table> Tables = new();

    /// <summary>Reserves <paramref name="count"/> ids of a table whose id the database generates, and returns them.</summary>
    public static async Task<long[]> NextIdsAsync<T>(TiaoduDb db, int count, CancellationToken ct)
    {
        var ids = new long[count];
        if (count == 0)
        {
            return ids;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException(typeof(T).Name + " is not in the model.");
        var table = entity.GetTableName()!;
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName();
        await using var cmd = Command(db);
        if (db.Database.IsNpgsql())
        {
            cmd.CommandText = $"SELECT nextval(pg_get_serial_sequence('\"{table}\"', '{key}')) FROM generate_series(1, {count.ToString(CultureInfo.InvariantCulture)})";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var i = 0;
            while (await reader.ReadAsync(ct))
            {
                ids[i++] = reader.GetInt64(0);
            }

            if (i != count)
            {
                throw new InvalidOperationException($"Expected {count} ids of {table}, got {i}.");
            }
        }
        else
        {
            // SQLite: the writer holds the file, so the next ids are simply past the highest ever given (AUTOINCREMENT never reuses one).
            cmd.CommandText = $"SELECT MAX(COALESCE((SELECT \"seq\" FROM sqlite_sequence WHERE \"name\" = '{table}'), 0), COALESCE((SELECT MAX(\"{key}\") FROM \"{table}\"), 0))";
            var last = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            for (var i = 0; i < count; i++)
            {
                ids[i] = last + 1 + i;
            }
        }

        return ids;
    }

    /// <summary>Inserts the rows, every mapped column including the key, in the caller's transaction.</summary>
    public static Task InsertAsync<T>(TiaoduDb db, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        var table = Tables.GetOrAdd((db.Model, typeof(T)), k => Table.Of(k.Item1, k.Item2));
        var columns = table.Columns;
        return InsertRowsAsync(db, table.InsertHead, columns.Length, rows.Count, (r, c) => columns[c].Read(rows[r]), table.ToProvider, ct);
    }

    /// <summary>
    /// The INSERT itself: <paramref name="head"/> is "INSERT INTO t (a, b) VALUES "; <paramref name="value"/> gives
    /// row r's value of column c. SQLite gets one statement prepared on the connection's handle and run once per
    /// row (<see cref="SqliteRows"/>); PostgreSQL gets a binary COPY.
    /// </summary>
    /// <param name="toProvider">Column c's conversion of a value to what the database stores (the model's converters); null when the values are ready.</param>
    public static async Task InsertRowsAsync(DbContext db, string head, int columns, int rows, Func<int, int, object?> value,
        Func<object?, object?>[]? toProvider, CancellationToken ct)
    {
        if (rows == 0)
        {
            return;
        }

        // Row r's value of column c as the database stores it: one conversion, whichever way the rows are sent.
        var stored = toProvider is null ? value : (r, c) => value(r, c) is { } v ? toProvider[c](v) : null;
        if (db.Database.IsNpgsql())
        {
            await CopyAsync(db, head, columns, rows, stored, ct);
            return;
        }

        SqliteRows.Insert((Microsoft.Data.Sqlite.SqliteConnection)Transaction(db).Connection!, head, columns, rows, stored, ct);
    }

    /// <summary>
    /// PostgreSQL: a binary COPY of the same columns, each value sent as its CLR type says (int → integer, string →
    /// text, which varchar columns take as it is, DateTime → timestamp); a statement of many parameters would cost
    /// more to parse on both ends than the rows cost to store.
    /// </summary>
    private static async Task CopyAsync(DbContext db, string head, int columns, int rows, Func<int, int, object?> value, CancellationToken ct)
    {
        var connection = (Npgsql.NpgsqlConnection)Transaction(db).Connection!;
        // "INSERT INTO t (a, b) VALUES " → "COPY t (a, b) FROM STDIN (FORMAT BINARY)"
        var target = head["INSERT INTO ".Length..head.LastIndexOf(" VALUES ", StringComparison.Ordinal)];
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        for (var r = 0; r < rows; r++)
        {
            // The synchronous writes fill the importer's buffer and only touch the socket when it is full: awaiting
            // each of a row's dozens of values would cost more than the values.
#pragma warning disable CA1849
            copy.StartRow();
            for (var c = 0; c < columns; c++)
            {
                var v = value(r, c);
                if (v is null)
                {
                    copy.WriteNull();
                }
                else
                {
                    copy.Write(v);
                }
            }
#pragma warning restore CA1849
        }

        await copy.CompleteAsync(ct);
    }

    /// <summary>Sets a generated or private property (an id, a foreign key filled in by EF on a save) before the row is written.</summary>
    public static void Set<T>(T entity, string property, object? value)
        where T : class =>
        (typeof(T).GetProperty(property) ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} does not exist.")).SetValue(entity, value);

    /// <summary>
    /// A command in the caller's transaction, for writes that bypass the change tracker. A transaction whose
    /// connection broke (the server restarted under it) is already rolled back: that is reported as the database
    /// being unavailable, as EF reports it.
    /// </summary>
    internal static DbCommand Command(DbContext db)
    {
        var transaction = Transaction(db);
        var cmd = transaction.Connection!.CreateCommand();
        cmd.Transaction = transaction;
        return cmd;
    }

    /// <summary>The caller's open transaction; a broken connection under it is reported as the database being unavailable.</summary>
    private static DbTransaction Transaction(DbContext db)
    {
        var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Rows written past the change tracker are written inside the caller's transaction.");
        var transaction = tx.GetDbTransaction();
        if (transaction.Connection is not { State: System.Data.ConnectionState.Open })
        {
            throw new DatabaseUnavailableException("数据库连接中断，本次修改未保存");
        }

        return transaction;
    }

    /// <summary>The entity's values by the names the audit trail uses ("Name", "Ytd.M03"), in the model's order, with the key's marked.</summary>
    public static IReadOnlyList<(string Name, bool IsKey, Func<object, object?> Read)> Fields(IModel model, Type type) =>
        Tables.GetOrAdd((model, type), k => Table.Of(k.Item1, k.Item2)).Fields;

    private sealed record Column(string Name, string Property, bool IsKey, RelationalTypeMapping Mapping, Func<object, object?> Read);

    private sealed record Table(string InsertHead, Column[] Columns)
    {
        /// <summary>Each column's value as the database stores it, as the model's mapping makes a parameter of it (converter, or an enum's number).</summary>
        public Func<object?, object?>[] ToProvider { get; } = [.. Columns.Select(c => Converter(c.Mapping))];

        /// <summary>The columns as the audit trail names them, built once: an import describes hundreds of thousands of rows.</summary>
        public IReadOnlyList<(string Name, bool IsKey, Func<object, object?> Read)> Fields { get; } = [.. Columns.Select(c => (c.Property, c.IsKey, c.Read))];

        private static Func<object?, object?> Converter(RelationalTypeMapping mapping) =>
            mapping.Converter is { } converter ? converter.ConvertToProvider
            : v => v is Enum e ? Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture) : v;

        public static Table Of(IModel model, Type type)
        {
            var entity = model.FindEntityType(type) ?? throw new InvalidOperationException(type.Name + " is not in the model.");
            var columns = new List<Column>();
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var p in entity.GetProperties())
            {
                if (p.IsShadowProperty() || p.PropertyInfo is null)
                {
                    throw new NotSupportedException($"{type.Name}.{p.Name} has no CLR property; bulk rows cannot write it.");
                }

                columns.Add(new Column(p.GetColumnName(store)!, p.Name, p.IsPrimaryKey(), p.GetRelationalTypeMapping(), Getter(type, [p.PropertyInfo])));
            }

            foreach (var complex in entity.GetComplexProperties())
            {
                foreach (var p in complex.ComplexType.GetProperties())
                {
                    columns.Add(new Column(p.GetColumnName(store)!, complex.Name + "." + p.Name, false, p.GetRelationalTypeMapping(), Getter(type, [complex.PropertyInfo!, p.PropertyInfo!])));
                }
            }

            var head = $"INSERT INTO \"{entity.GetTableName()}\" ({string.Join(", ", columns.Select(c => "\"" + c.Name + "\""))}) VALUES ";
            return new Table(head, [.. columns]);
        }

        /// <summary>A compiled reader of entity.A.B, boxed.</summary>
        private static Func<object, object?> Getter(Type type, System.Reflection.PropertyInfo[] path)
        {
            var entity = Expression.Parameter(typeof(object), "entity");
            Expression value = Expression.Convert(entity, type);
            foreach (var step in path)
            {
                value = Expression.Property(value, step);
            }

            return Expression.Lambda<Func<object, object?>>(Expression.Convert(value, typeof(object)), entity).Compile();
        }
    }
}
