using System.Data.Common;
using Tiaodu.Core.Data;

namespace Tiaodu.Tests.Data;

/// <summary>
/// Describes a database's schema as sorted lines (columns with type, nullability and default; indexes;
/// foreign keys), read from the database's own catalog, so two databases can be compared line by line.
/// </summary>
internal static class SchemaReader
{
    public static async Task<List<string>> ReadAsync(DbConnection conn, DatabaseProvider provider)
    {
        if (conn.State != System.Data.ConnectionState.Open)
        {
            await conn.OpenAsync();
        }

        var lines = provider == DatabaseProvider.Sqlite ? await SqliteAsync(conn) : await PostgresAsync(conn);
        lines.RemoveAll(l => l.Contains("__EFMigrations", StringComparison.Ordinal));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> SqliteAsync(DbConnection conn)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        foreach (var t in tables.Select(r => r[0]))
        {
            foreach (var c in await QueryAsync(conn, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{t}')"))
            {
                lines.Add($"column {t}.{c[0]} {c[1]} notnull={c[2]} default={c[3]} pk={c[4]}");
            }

            foreach (var f in await QueryAsync(conn, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{t}')"))
            {
                lines.Add($"fk {t}.{f[1]} -> {f[0]}.{f[2]} on delete {f[3]}");
            }
        }

        foreach (var i in await QueryAsync(conn, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
        {
            lines.Add($"index {i[0]}: {i[1]}");
        }

        return lines;
    }

    private static async Task<List<string>> PostgresAsync(DbConnection conn)
    {
        var lines = new List<string>();
        const string columns = """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   coalesce(pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            """;
        foreach (var c in await QueryAsync(conn, columns))
        {
            lines.Add($"column {c[0]}.{c[1]} {c[2]} notnull={c[3]} default={c[4]} identity={c[5]}");
        }

        const string constraints = """
            SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public'
            """;
        foreach (var k in await QueryAsync(conn, constraints))
        {
            lines.Add($"constraint {k[0]}.{k[1]}: {k[2]}");
        }

        foreach (var i in await QueryAsync(conn, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
        {
            lines.Add($"index {i[0]}: {i[1]}");
        }

        return lines;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }

            rows.Add(row);
        }

        return rows;
    }
}
