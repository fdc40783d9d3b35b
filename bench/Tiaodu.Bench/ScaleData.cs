using System.Data.Common;
using System.Globalization;
using Tiaodu.Core.Data;

namespace Tiaodu.Bench;

/// <summary>
/// Writes N projects with two year lines each (plan figures, start dates, twelve month-end YTD and
/// since-start values) straight into a migrated database, fast enough for 100,000+ projects.
/// Deterministic: the same N gives the same rows.
/// </summary>
internal static class ScaleData
{
    public static async Task FillAsync(DbConnection conn, DatabaseProvider provider, int projects, int year)
    {
        var rnd = new Random(projects);
        var regions = await IdsAsync(conn, "SELECT \"Id\" FROM \"Regions\" WHERE \"Kind\" NOT IN ('Province', 'City')");
        var natures = await IdsAsync(conn, "SELECT \"Id\" FROM \"Lookups\" WHERE \"Kind\" = 'Nature' ORDER BY \"SortOrder\"");
        var categories = await IdsAsync(conn, "SELECT \"Id\" FROM \"Lookups\" WHERE \"Kind\" = 'Category' ORDER BY \"SortOrder\"");
        var f = provider == DatabaseProvider.Postgres ? "false" : "0";
        var now = provider == DatabaseProvider.Postgres ? "now()" : "'2026-01-01 00:00:00'";

        await using var tx = await conn.BeginTransactionAsync();
        var nextProject = await ScalarAsync(conn, tx, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Projects\"") + 1;
        var nextYear = await ScalarAsync(conn, tx, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"ProjectYears\"") + 1;
        const int batch = 500;
        var projectRows = new List<string>(batch);
        var yearRows = new List<string>(batch * 2);
        for (var i = 0; i < projects; i++)
        {
            var id = nextProject + i;
            var total = Scaled(5_000m + (decimal)(rnd.NextDouble() * rnd.NextDouble() * 300_000));
            var land = rnd.Next(3) == 0 ? "NULL" : Scaled(rnd.Next(5_000, 200_000)).ToString(CultureInfo.InvariantCulture);
            var region = regions[rnd.Next(regions.Count)];
            var category = categories[rnd.Next(categories.Count)];
            var isNew = rnd.Next(2) == 0;
            projectRows.Add($"({id}, '规模测试项目{id}', 'guimoceshixiangmu{id}', {region}, {category}, {natures[isNew ? 0 : 1]}, {total}, {land}, {f}, {now}, {now}, 0, 1)");

            for (var y = year - 1; y <= year; y++)
            {
                var plan = total / 4;
                var startMonth = rnd.Next(1, 8);
                var started = rnd.Next(10) < 9 ? $"'{y:D4}-{startMonth:D2}-15'" : "NULL";
                var series = Series(rnd, plan, started != "NULL" ? startMonth : 13, y == year ? total / 3 : 0);
                var inPlan = rnd.Next(10) < 9 ? (provider == DatabaseProvider.Postgres ? "true" : "1") : f;
                yearRows.Add($"({nextYear++}, {id}, {y}, {inPlan}, {natures[y == year && !isNew ? 1 : 0]}, {plan}, {startMonth}, {started}, 4095, 1, 0, {series})");
            }

            if (projectRows.Count == batch || i == projects - 1)
            {
                await ExecAsync(conn, tx, "INSERT INTO \"Projects\" (\"Id\", \"Name\", \"SearchKey\", \"RegionId\", \"CategoryId\", \"NatureId\", \"TotalInvestment\", \"LandArea\", \"IsDeleted\", \"CreatedAt\", \"UpdatedAt\", \"ChangeSeq\", \"Version\") VALUES " + string.Join(',', projectRows));
                await ExecAsync(conn, tx, "INSERT INTO \"ProjectYears\" (\"Id\", \"ProjectId\", \"Year\", \"InPlan\", \"NatureId\", \"AnnualPlan\", \"PlannedStartMonth\", \"StartedOn\", \"ReportedMonths\", \"Version\", \"ChangeSeq\", "
                    + string.Join(", ", Enumerable.Range(1, 12).Select(m => $"\"Ytd_M{m:D2}\"")) + ", "
                    + string.Join(", ", Enumerable.Range(1, 12).Select(m => $"\"SinceStart_M{m:D2}\"")) + ") VALUES " + string.Join(',', yearRows));
                projectRows.Clear();
                yearRows.Clear();
            }
        }

        if (provider == DatabaseProvider.Postgres)
        {
            await ExecAsync(conn, tx, "SELECT setval(pg_get_serial_sequence('\"Projects\"', 'Id'), (SELECT MAX(\"Id\") FROM \"Projects\"))");
            await ExecAsync(conn, tx, "SELECT setval(pg_get_serial_sequence('\"ProjectYears\"', 'Id'), (SELECT MAX(\"Id\") FROM \"ProjectYears\"))");
        }

        await tx.CommitAsync();
        await ExecAsync(conn, null, provider == DatabaseProvider.Postgres ? "ANALYZE" : "ANALYZE");
    }

    /// <summary>Twelve YTD values rising from the start month, then twelve since-start values.</summary>
    private static string Series(Random rnd, long planScaled, int startMonth, long openingScaled)
    {
        var ytd = new long[12];
        long sum = 0;
        for (var m = 1; m <= 12; m++)
        {
            if (m >= startMonth)
            {
                sum += (long)(planScaled / 10 * rnd.NextDouble());
            }

            ytd[m - 1] = sum;
        }

        return string.Join(", ", ytd.Select(v => v.ToString(CultureInfo.InvariantCulture)))
            + ", " + string.Join(", ", ytd.Select(v => (v + openingScaled).ToString(CultureInfo.InvariantCulture)));
    }

    internal static long Scaled(decimal wan) => (long)(wan * ScaledDecimalConverter.Scale);

    internal static async Task<List<int>> IdsAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new List<int>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    internal static async Task<long> ScalarAsync(DbConnection conn, DbTransaction tx, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    internal static async Task ExecAsync(DbConnection conn, DbTransaction? tx, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 3600;
        await cmd.ExecuteNonQueryAsync();
    }
}
