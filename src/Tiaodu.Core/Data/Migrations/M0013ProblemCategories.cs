using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// Problems raised by hand carry a category (a reference list, deactivated rather than deleted, so the column
/// has no foreign key — adding one to an existing SQLite table would mean rebuilding it) and who raised them.
/// </summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050013_ProblemCategories")]
public sealed class M0013ProblemCategories : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.AddColumn<int>("CategoryId", "Problems", nullable: true);
        mb.AddColumn<string>("RaisedBy", "Problems", maxLength: 50, nullable: true);
        mb.CreateIndex("IX_Problems_CategoryId", "Problems", "CategoryId");
    }
}
