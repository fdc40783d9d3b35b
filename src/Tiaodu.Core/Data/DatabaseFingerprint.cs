using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Tiaodu.Core.Data;

/// <summary>
/// A SHA-256 of the content of every table of the model (rows in key order, every column), so a backup and its
/// restore can be compared table by table; the key ring is left out (it is key material, not business data), and so are
/// the progress counts of running imports (they change while a backup is taken).
/// </summary>
public static class DatabaseFingerprint
{
    public static Task<IReadOnlyDictionary<string, string>> ComputeAsync(TiaoduDb db, CancellationToken ct) =>
        ComputeAsync(db.Model, db.Database.GetDbConnection(), null, ct);

    /// <summary>The fingerprint of another database of the same schema (a backup file), or of one snapshot (the transaction a dump was taken in).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ComputeAsync(Microsoft.EntityFrameworkCore.Metadata.IModel model, DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var tables = model.GetEntityTypes()
            .Where(t => t.GetTableName() is not null && t.ClrType != typeof(ProtectionKey) && t.ClrType != typeof(Imports.RunningImport) && t.FindPrimaryKey() is not null)
            .GroupBy(t => t.GetTableName()!).Select(g => g.First()).OrderBy(t => t.GetTableName(), StringComparer.Ordinal).ToList();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                var name = table.GetTableName()!;
                var keys = table.FindPrimaryKey()!.Properties.Select(p => Quote(p.GetColumnName())).ToList();
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"SELECT * FROM {Quote(name)} ORDER BY {string.Join(", ", keys)}";
                result[name] = await HashAsync(command, ct);
            }

            return result;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<string> HashAsync(DbCommand command, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var order = columns.Select((c, i) => (c, i)).OrderBy(x => x.c, StringComparer.Ordinal).Select(x => x.i).ToList();
        var rows = 0;
        while (await reader.ReadAsync(ct))
        {
            rows++;
            var line = new StringBuilder();
            foreach (var i in order)
            {
                var value = reader.IsDBNull(i) ? "∅" : reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToHexString(bytes),
                    DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString(),
                };
                line.Append(columns[i]).Append('=').Append(value).Append('\u001f');
            }

            sha.AppendData(Encoding.UTF8.GetBytes(line.Append('\u001e').ToString()));
        }

        return rows.ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
