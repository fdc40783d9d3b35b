using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// Rows done by imports being analysed or written, shared by the instance running each so that every instance on
/// the database shows the same progress (<see cref="Imports.RunningImport"/>).
/// </summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612060027_RunningImports")]
public sealed class M0027RunningImports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("RunningImports", c => new
        {
            Kind = Varchar(c, 8),
            ImportId = c.Column<int>(nullable: false),
            RowsDone = c.Column<int>(nullable: false),
            UpdatedAt = c.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_RunningImports", x => new { x.Kind, x.ImportId }));
    }
}
