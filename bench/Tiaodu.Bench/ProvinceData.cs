using System.Data.Common;
using System.Globalization;
using System.Text;
using Tiaodu.Core.Data;
using static Tiaodu.Bench.ScaleData;

namespace Tiaodu.Bench;

/// <summary>
/// A province-scale ledger: N projects over ten years (the last one <c>lastYear</c>), each with a year line
/// for every year it is under construction (one to three; plan, 建设性质 new then continuing, start or resume
/// date, twelve month-end YTD and since-start figures carried over from year to year), every year approved
/// as a plan with its baseline lines, open and closed problems on one project in twenty, and warning lights
/// for the last month on one line in seven of the last year. Written straight into a migrated database with
/// multi-row inserts; deterministic for a given N.
/// </summary>
internal static class ProvinceData
{
    public const int Years = 10;

    public sealed record Counts(int Projects, int Lines, int BaselineLines, int Problems, int Lights);

    public static async Task<Counts> FillAsync(DbConnection conn, DatabaseProvider provider, int projects, int lastYear, int lightMonth)
    {
        var rnd = new Random(projects);
        var pg = provider == DatabaseProvider.Postgres;
        var t = pg ? "true" : "1";
        var f = pg ? "false" : "0";
        var now = pg ? "now()" : "'2026-01-01 00:00:00'";
        var regions = await IdsAsync(conn, "SELECT \"Id\" FROM \"Regions\" WHERE \"Kind\" NOT IN ('Province', 'City')");
        var natures = await IdsAsync(conn, "SELECT \"Id\" FROM \"Lookups\" WHERE \"Kind\" = 'Nature' ORDER BY \"SortOrder\"");
        var categories = await IdsAsync(conn, "SELECT \"Id\" FROM \"Lookups\" WHERE \"Kind\" = 'Category' ORDER BY \"SortOrder\"");
        var firstYear = lastYear - Years + 1;

        await using var tx = await conn.BeginTransactionAsync();
        await ExecAsync(conn, tx, $"INSERT INTO \"LightRules\" (\"Year\", \"Kind\", \"Enabled\", \"Yellow\", \"Red\", \"Consecutive\", \"RegionId\", \"Version\") VALUES ({lastYear}, 'Progress', {t}, 50000, 100000, 1, NULL, 1)");
        var rule = await ScalarAsync(conn, tx, $"SELECT MAX(\"Id\") FROM \"LightRules\" WHERE \"Year\" = {lastYear}");
        var nextProject = await ScalarAsync(conn, tx, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Projects\"") + 1;
        var nextLine = await ScalarAsync(conn, tx, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"ProjectYears\"") + 1;

        var projectRows = new Rows(conn, tx, "INSERT INTO \"Projects\" (\"Id\", \"Name\", \"SearchKey\", \"RegionId\", \"CategoryId\", \"NatureId\", \"TotalInvestment\", \"LandArea\", \"IsDeleted\", \"CreatedAt\", \"UpdatedAt\", \"ChangeSeq\", \"Version\") VALUES ");
        var lineRows = new Rows(conn, tx, "INSERT INTO \"ProjectYears\" (\"Id\", \"ProjectId\", \"Year\", \"InPlan\", \"NatureId\", \"AnnualPlan\", \"PlannedStartMonth\", \"StartedOn\", \"ReportedMonths\", \"Version\", \"ChangeSeq\", "
            + string.Join(", ", Enumerable.Range(1, 12).Select(m => $"\"Ytd_M{m:D2}\"")) + ", "
            + string.Join(", ", Enumerable.Range(1, 12).Select(m => $"\"SinceStart_M{m:D2}\"")) + ") VALUES ", projectRows);
        var baselineRows = new Rows(conn, tx, "INSERT INTO \"PlanBaselineLines\" (\"Year\", \"ProjectId\", \"InPlan\", \"AnnualPlan\", \"PlannedStartMonth\") VALUES ", projectRows);
        var problemRows = new Rows(conn, tx, "INSERT INTO \"Problems\" (\"ProjectId\", \"Description\", \"Source\", \"Status\", \"RaisedOn\", \"CreatedAt\", \"Version\", \"Level\") VALUES ", projectRows);
        var lightRows = new Rows(conn, tx, "INSERT INTO \"ProjectLights\" (\"ProjectId\", \"Year\", \"Month\", \"RuleId\", \"Kind\", \"Color\", \"Streak\", \"Explanation\", \"EvaluatedAt\") VALUES ", projectRows);
        var planTotals = new long[Years];
        var planCounts = new int[Years];
        var lines = 0;

        for (var i = 0; i < projects; i++)
        {
            var id = nextProject + i;
            var total = Scaled(5_000m + (decimal)(rnd.NextDouble() * rnd.NextDouble() * 300_000));
            var land = rnd.Next(3) == 0 ? "NULL" : Scaled(rnd.Next(5_000, 200_000)).ToString(CultureInfo.InvariantCulture);
            var startYear = firstYear + rnd.Next(Years);
            var endYear = Math.Min(lastYear, startYear + rnd.Next(3));
            await projectRows.AddAsync($"({id}, '规模测试项目{id}', 'guimoceshixiangmu{id}', {regions[rnd.Next(regions.Count)]}, {categories[rnd.Next(categories.Count)]}, {natures[0]}, {total}, {land}, {f}, {now}, {now}, 0, 1)");

            long opening = 0;
            for (var y = startYear; y <= endYear; y++)
            {
                var plan = total / (endYear - startYear + 1);
                var startMonth = rnd.Next(1, y == startYear ? 8 : 5);
                var started = rnd.Next(10) < 9;
                var inPlan = rnd.Next(10) < 9;
                var ytd = Series(rnd, plan, started ? startMonth : 13);
                await lineRows.AddAsync($"({nextLine++}, {id}, {y}, {(inPlan ? t : f)}, {natures[y == startYear ? 0 : 1]}, {plan}, {startMonth}, "
                    + (started ? $"'{y:D4}-{startMonth:D2}-15'" : "NULL") + ", 4095, 1, 0, "
                    + string.Join(", ", ytd) + ", " + string.Join(", ", ytd.Select(v => v + opening)) + ")");
                await baselineRows.AddAsync($"({y}, {id}, {(inPlan ? t : f)}, {plan}, {startMonth})");
                if (inPlan)
                {
                    planTotals[y - firstYear] += plan;
                    planCounts[y - firstYear]++;
                }

                if (y == lastYear && rnd.Next(7) == 0)
                {
                    await lightRows.AddAsync($"({id}, {y}, {lightMonth}, {rule}, 'Progress', '{(rnd.Next(3) == 0 ? "Red" : "Yellow")}', 1, '投资完成落后序时进度', {now})");
                }

                opening += ytd[11];
                lines++;
            }

            if (rnd.Next(20) == 0)
            {
                var open = endYear == lastYear && rnd.Next(2) == 0;
                await problemRows.AddAsync($"({id}, '规模测试问题：用地手续待办理', 'Report', '{(open ? "Open" : "Closed")}', '{endYear:D4}-{rnd.Next(1, 13):D2}-10', {now}, 1, 'TaskForce')");
            }
        }

        foreach (var rows in new[] { projectRows, lineRows, baselineRows, problemRows, lightRows })
        {
            await rows.FlushAsync();
        }

        for (var k = 0; k < Years; k++)
        {
            await ExecAsync(conn, tx, $"INSERT INTO \"YearPlans\" (\"Year\", \"ApprovedAt\", \"ApprovedBy\", \"Projects\", \"AnnualPlan\") VALUES ({firstYear + k}, {now}, '规模测试', {planCounts[k]}, {planTotals[k]})");
        }

        if (pg)
        {
            foreach (var table in new[] { "Projects", "ProjectYears" })
            {
                await ExecAsync(conn, tx, $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT MAX(\"Id\") FROM \"{table}\"))");
            }
        }

        await tx.CommitAsync();
        await ExecAsync(conn, null, "ANALYZE");
        return new Counts(projects, lines, baselineRows.Count, problemRows.Count, lightRows.Count);
    }

    /// <summary>Twelve month-end YTD values rising from the start month.</summary>
    private static long[] Series(Random rnd, long planScaled, int startMonth)
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

        return ytd;
    }

    /// <summary>Rows for one table, written 500 at a time; the rows they refer to (<paramref name="parent"/>) are written first.</summary>
    private sealed class Rows(DbConnection conn, DbTransaction tx, string insert, Rows? parent = null)
    {
        private const int Batch = 500;
        private readonly StringBuilder _sql = new();
        private int _pending;

        public int Count { get; private set; }

        public async Task AddAsync(string row)
        {
            _sql.Append(_pending == 0 ? insert : ", ").Append(row);
            _pending++;
            Count++;
            if (_pending == Batch)
            {
                await FlushAsync();
            }
        }

        public async Task FlushAsync()
        {
            if (_pending == 0)
            {
                return;
            }

            if (parent is not null)
            {
                await parent.FlushAsync();
            }

            await ExecAsync(conn, tx, _sql.ToString());
            _sql.Clear();
            _pending = 0;
        }
    }
}
