using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Warning lights (rules per year, lights per project and month, valid reasons) and the runs of scheduled jobs.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612040006_Lights")]
public sealed class M0006Lights : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("LightRules", c => new
        {
            Id = Identity(c),
            Year = c.Column<int>(nullable: false),
            Kind = Varchar(c, 16),
            Enabled = c.Column<bool>(nullable: false),
            Yellow = Money(c, nullable: true),
            Red = Money(c, nullable: true),
            Consecutive = c.Column<int>(nullable: false),
            RegionId = c.Column<int>(nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_LightRules", x => x.Id);
            t.ForeignKey("FK_LightRules_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_LightRules_Year", "LightRules", "Year");
        mb.CreateIndex("IX_LightRules_RegionId", "LightRules", "RegionId");

        mb.CreateTable("ProjectLights", c => new
        {
            Id = LongIdentity(c),
            ProjectId = c.Column<int>(nullable: false),
            Year = c.Column<int>(nullable: false),
            Month = c.Column<int>(nullable: false),
            RuleId = c.Column<int>(nullable: false),
            Kind = Varchar(c, 16),
            Color = Varchar(c, 8),
            Streak = c.Column<int>(nullable: false),
            Explanation = Varchar(c, 500),
            ExemptionId = c.Column<int>(nullable: true),
            EvaluatedAt = c.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectLights", x => x.Id);
            t.ForeignKey("FK_ProjectLights_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ProjectLights_Year_Month_ProjectId", "ProjectLights", ["Year", "Month", "ProjectId"]);
        mb.CreateIndex("IX_ProjectLights_ProjectId_Year_Month", "ProjectLights", ["ProjectId", "Year", "Month"]);

        mb.CreateTable("LightExemptions", c => new
        {
            Id = Identity(c),
            ProjectId = c.Column<int>(nullable: false),
            Kind = Varchar(c, 16),
            Reason = Varchar(c, 500),
            FromPeriod = c.Column<int>(nullable: false),
            ToPeriod = c.Column<int>(nullable: true),
            CreatedBy = Varchar(c, 50),
            CreatedAt = c.Column<DateTime>(nullable: false),
            RevokedAt = c.Column<DateTime>(nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_LightExemptions", x => x.Id);
            t.ForeignKey("FK_LightExemptions_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_LightExemptions_ProjectId", "LightExemptions", "ProjectId");

        mb.CreateTable("LightMonths", c => new
        {
            Year = c.Column<int>(nullable: false),
            Month = c.Column<int>(nullable: false),
            EvaluatedAt = c.Column<DateTime>(nullable: false),
            Projects = c.Column<int>(nullable: false),
            Red = c.Column<int>(nullable: false),
            Yellow = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_LightMonths", x => new { x.Year, x.Month }));

        mb.CreateTable("JobRuns", c => new
        {
            Id = LongIdentity(c),
            Job = Varchar(c, 50),
            Period = Varchar(c, 20),
            Instance = Varchar(c, 100),
            Status = Varchar(c, 16),
            StartedAt = c.Column<DateTime>(nullable: false),
            LeaseUntil = c.Column<DateTime>(nullable: false),
            FinishedAt = c.Column<DateTime>(nullable: true),
            Message = Varchar(c, 1000, nullable: true),
            Attempts = c.Column<int>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_JobRuns", x => x.Id));
        mb.CreateIndex("IX_JobRuns_Job_Period", "JobRuns", ["Job", "Period"], unique: true);
    }
}
