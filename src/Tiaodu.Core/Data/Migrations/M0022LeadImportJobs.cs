using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// 招商台账 imports run as background jobs with the uploader's account, options (columns mapped by hand, a saved
/// mapping), a message when they fail and the row count for progress; saved column mappings say which importer
/// they belong to (the ledger's or the pipeline's), and their names are unique per importer.
/// </summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050022_LeadImportJobs")]
public sealed class M0022LeadImportJobs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.AddColumn<int>("AccountId", "LeadImports", nullable: true);
        mb.AddColumn<string>("Options", "LeadImports", nullable: false, defaultValue: "");
        mb.AddColumn<string>("Message", "LeadImports", maxLength: 1000, nullable: true);
        mb.AddColumn<int>("Rows", "LeadImports", nullable: false, defaultValue: 0);
        mb.CreateIndex("IX_LeadImports_Status", "LeadImports", "Status");

        mb.AddColumn<string>("Target", "ImportMappings", maxLength: 16, nullable: false, defaultValue: "Ledger");
        mb.DropIndex("IX_ImportMappings_Name", "ImportMappings");
        mb.CreateIndex("IX_ImportMappings_Target_Name", "ImportMappings", ["Target", "Name"], unique: true);
    }
}
