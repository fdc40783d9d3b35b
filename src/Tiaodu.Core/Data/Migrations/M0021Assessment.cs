using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>District assessment (督导考评): a year's scoring scheme and its rules, and published results.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050021_Assessment")]
public sealed class M0021Assessment : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("ScoringSchemes", c => new
        {
            Id = Identity(c),
            Year = c.Column<int>(nullable: false),
            Name = Varchar(c, 100),
            RewardTop = c.Column<int>(nullable: false),
            DemoteBottom = c.Column<int>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ScoringSchemes", x => x.Id));
        mb.CreateIndex("IX_ScoringSchemes_Year", "ScoringSchemes", "Year", unique: true);

        mb.CreateTable("ScoringRules", c => new
        {
            Id = Identity(c),
            SchemeId = c.Column<int>(nullable: false),
            SortOrder = c.Column<int>(nullable: false),
            Section = Varchar(c, 20),
            Name = Varchar(c, 50),
            Kind = Varchar(c, 16),
            Metric = Varchar(c, 24),
            Points = Money(c),
            Target = Money(c, nullable: true),
            Slope = Money(c, nullable: true),
            Cap = Money(c, nullable: true),
            Bands = Varchar(c, 200, nullable: true),
            Tag = Varchar(c, 50, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ScoringRules", x => x.Id);
            t.ForeignKey("FK_ScoringRules_ScoringSchemes_SchemeId", x => x.SchemeId, "ScoringSchemes", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ScoringRules_SchemeId", "ScoringRules", "SchemeId");

        mb.CreateTable("AssessmentResults", c => new
        {
            Id = Identity(c),
            RegionId = c.Column<int>(nullable: false),
            Kind = Varchar(c, 16),
            Year = c.Column<int>(nullable: false),
            Number = c.Column<int>(nullable: false),
            AsOf = c.Column<DateOnly>(nullable: false),
            SchemeName = Varchar(c, 100),
            Scores = c.Column<string>(nullable: false),
            PublishedBy = Varchar(c, 50),
            PublishedAt = c.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AssessmentResults", x => x.Id);
            t.ForeignKey("FK_AssessmentResults_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_AssessmentResults_RegionId_Kind_Year_Number", "AssessmentResults", ["RegionId", "Kind", "Year", "Number"], unique: true);
    }
}
