using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Published monthly bulletins (通报): frozen content and the .docx as issued.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050019_Bulletins")]
public sealed class M0019Bulletins : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("Bulletins", c => new
        {
            Id = Identity(c),
            RegionId = c.Column<int>(nullable: false),
            Year = c.Column<int>(nullable: false),
            Month = c.Column<int>(nullable: false),
            Sequence = c.Column<int>(nullable: false),
            Number = Varchar(c, 40),
            Title = Varchar(c, 200),
            AsOf = c.Column<DateOnly>(nullable: false),
            Content = c.Column<string>(nullable: false),
            Document = c.Column<byte[]>(nullable: false),
            PublishedBy = Varchar(c, 50),
            PublishedByAccountId = c.Column<int>(nullable: true),
            PublishedAt = c.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Bulletins", x => x.Id);
            t.ForeignKey("FK_Bulletins_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Bulletins_RegionId_Year_Month", "Bulletins", ["RegionId", "Year", "Month"], unique: true);
        mb.CreateIndex("IX_Bulletins_RegionId_Year_Sequence", "Bulletins", ["RegionId", "Year", "Sequence"], unique: true);
    }
}
