using System.Data.Common;
using System.Globalization;
using Tiaodu.Core.Data;

namespace Tiaodu.Bench;

/// <summary>
/// The baseline: the least SQL that reads the same rows the indicator set reads — this year's lines joined
/// to their projects, grouped by plan and start, plus last year's YTD — with no query building around it.
/// </summary>
internal sealed class PlainAggregate(DbConnection conn, DatabaseProvider provider, int year, DateOnly asOf)
{
    public async Task<(long Count, decimal Ytd)> RunAsync()
    {
        var month = asOf.Year > year ? 12 : asOf.Month;
        var notDeleted = provider == DatabaseProvider.Postgres ? "NOT p.\"IsDeleted\"" : "p.\"IsDeleted\" = 0";
        var date = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var started = provider == DatabaseProvider.Postgres ? $"y.\"StartedOn\" <= DATE '{date}'" : $"y.\"StartedOn\" <= '{date}'";
        var sql = $"""
            SELECT y."InPlan", {started}, COUNT(*), SUM(p."TotalInvestment"), SUM(y."AnnualPlan"),
                   SUM(y."Ytd_M{month:D2}"), SUM(y."SinceStart_M{month:D2}"), SUM(p."LandArea")
            FROM "ProjectYears" y JOIN "Projects" p ON p."Id" = y."ProjectId"
            WHERE y."Year" = {year} AND {notDeleted}
            GROUP BY 1, 2
            """;
        long count = 0;
        long ytd = 0;
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = sql;
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                count += Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
                ytd += reader.IsDBNull(5) ? 0 : Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture);
            }
        }

        await using (var last = conn.CreateCommand())
        {
            last.CommandText = $"SELECT SUM(y.\"Ytd_M{month:D2}\") FROM \"ProjectYears\" y JOIN \"Projects\" p ON p.\"Id\" = y.\"ProjectId\" WHERE y.\"Year\" = {year - 1} AND {notDeleted}";
            await last.ExecuteScalarAsync();
        }

        return (count, ytd / ScaledDecimalConverter.Scale);
    }
}
