using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// Removed projects and year lines, stamped with the ledger sequence, for the in-memory indicator facts; and
/// projects in name order, so a page of the ledger list reads twenty rows instead of sorting the ledger.
/// </summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050025_ScaleUpkeep")]
public sealed class M0025ScaleUpkeep : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("LedgerRemovals", c => new
        {
            Id = LongIdentity(c),
            ChangeSeq = c.Column<long>(nullable: false),
            ProjectId = c.Column<int>(nullable: false),
            Year = c.Column<int>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_LedgerRemovals", x => x.Id));
        migrationBuilder.CreateIndex("IX_LedgerRemovals_ChangeSeq", "LedgerRemovals", "ChangeSeq");
        migrationBuilder.CreateIndex("IX_Projects_Name_Id", "Projects", ["Name", "Id"]);
    }
}
