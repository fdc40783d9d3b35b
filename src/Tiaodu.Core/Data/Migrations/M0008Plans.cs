using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Year plans: approval and baseline, plan versions with reasons, monthly plan curves; lights against the curve.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612040008_Plans")]
public sealed class M0008Plans : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.AddColumn<string>("PlanCurve", "ProjectYears", maxLength: 100, nullable: true);
        mb.AddColumn<string>("Basis", "LightRules", maxLength: 16, nullable: true);

        mb.CreateTable("YearPlans", c => new
        {
            Year = c.Column<int>(nullable: false),
            ApprovedAt = c.Column<DateTime>(nullable: false),
            ApprovedBy = Varchar(c, 50),
            Projects = c.Column<int>(nullable: false),
            AnnualPlan = Money(c),
        }, constraints: t => t.PrimaryKey("PK_YearPlans", x => x.Year));

        mb.CreateTable("PlanBaselineLines", c => new
        {
            Id = LongIdentity(c),
            Year = c.Column<int>(nullable: false),
            ProjectId = c.Column<int>(nullable: false),
            InPlan = c.Column<bool>(nullable: false),
            AnnualPlan = Money(c, nullable: true),
            PlannedStartMonth = c.Column<int>(nullable: true),
            PlanCurve = Varchar(c, 100, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PlanBaselineLines", x => x.Id);
            t.ForeignKey("FK_PlanBaselineLines_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_PlanBaselineLines_Year_ProjectId", "PlanBaselineLines", ["Year", "ProjectId"], unique: true);
        mb.CreateIndex("IX_PlanBaselineLines_ProjectId", "PlanBaselineLines", "ProjectId");

        mb.CreateTable("PlanChanges", c => new
        {
            Id = LongIdentity(c),
            Year = c.Column<int>(nullable: false),
            ProjectId = c.Column<int>(nullable: false),
            Version = c.Column<int>(nullable: false),
            Summary = Varchar(c, 500),
            Reason = Varchar(c, 500),
            Actor = Varchar(c, 50),
            At = c.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PlanChanges", x => x.Id);
            t.ForeignKey("FK_PlanChanges_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_PlanChanges_Year_ProjectId", "PlanChanges", ["Year", "ProjectId"]);
        mb.CreateIndex("IX_PlanChanges_ProjectId", "PlanChanges", "ProjectId");
    }
}
