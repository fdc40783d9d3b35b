using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Problems get a deadline and a resolution, so a problem past its deadline can light (问题逾期).</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050012_ProblemDeadlines")]
public sealed class M0012ProblemDeadlines : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.AddColumn<DateOnly>("DueOn", "Problems", nullable: true);
        mb.AddColumn<DateOnly>("ResolvedOn", "Problems", nullable: true);
        mb.AddColumn<string>("Resolution", "Problems", maxLength: 500, nullable: true);
        mb.AddColumn<string>("ResolvedBy", "Problems", maxLength: 50, nullable: true);
    }
}
