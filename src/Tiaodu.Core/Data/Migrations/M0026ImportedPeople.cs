using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// People an import created (包保领导, 服务秘书 named in the file and not yet known) carry the batch, so rolling the
/// import back can remove them too. No foreign key: adding one to an existing SQLite table would mean rebuilding it,
/// and batches are never deleted.
/// </summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050026_ImportedPeople")]
public sealed class M0026ImportedPeople : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("ImportBatchId", "People", nullable: true);
        migrationBuilder.CreateIndex("IX_People_ImportBatchId", "People", "ImportBatchId");
    }
}
