using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>When a ledger batch or a 招商台账 file was claimed for analysis or writing, so a claim that nobody works on any more can be released.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050024_ImportClaims")]
public sealed class M0024ImportClaims : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>("ClaimedAt", "ImportBatches", nullable: true);
        migrationBuilder.AddColumn<DateTime>("ClaimedAt", "LeadImports", nullable: true);
    }
}
