using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// Problem coordination: a lead department and assisting ones, a level on the escalation ladder, close-out
/// (销号), the timeline of actions, supervision notices (督办单) and their settings; an account's department.
/// The new columns on existing tables carry no foreign key (adding one to a SQLite table means rebuilding it).
/// </summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050014_ProblemCoordination")]
public sealed class M0014ProblemCoordination : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.AddColumn<int>("LeadDepartmentId", "Problems", nullable: true);
        mb.AddColumn<string>("Level", "Problems", maxLength: 16, nullable: false, defaultValue: "TaskForce");
        mb.AddColumn<DateOnly>("ClosedOn", "Problems", nullable: true);
        mb.AddColumn<string>("ClosedBy", "Problems", maxLength: 50, nullable: true);
        mb.CreateIndex("IX_Problems_LeadDepartmentId", "Problems", "LeadDepartmentId");
        mb.AddColumn<int>("DepartmentId", "Accounts", nullable: true);
        mb.CreateIndex("IX_Accounts_DepartmentId", "Accounts", "DepartmentId");

        mb.CreateTable("ProblemDepartments", c => new
        {
            ProblemId = c.Column<int>(nullable: false),
            DepartmentId = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProblemDepartments", x => new { x.ProblemId, x.DepartmentId });
            t.ForeignKey("FK_ProblemDepartments_Problems_ProblemId", x => x.ProblemId, "Problems", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ProblemDepartments_Lookups_DepartmentId", x => x.DepartmentId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_ProblemDepartments_DepartmentId", "ProblemDepartments", "DepartmentId");

        mb.CreateTable("ProblemActions", c => new
        {
            Id = LongIdentity(c),
            ProblemId = c.Column<int>(nullable: false),
            Kind = Varchar(c, 24),
            At = c.Column<DateTime>(nullable: false),
            By = Varchar(c, 50),
            DepartmentId = c.Column<int>(nullable: true),
            Text = Varchar(c, 1000, nullable: true),
            DueBefore = c.Column<DateOnly>(nullable: true),
            DueAfter = c.Column<DateOnly>(nullable: true),
            Level = Varchar(c, 16, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProblemActions", x => x.Id);
            t.ForeignKey("FK_ProblemActions_Problems_ProblemId", x => x.ProblemId, "Problems", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ProblemActions_ProblemId", "ProblemActions", "ProblemId");

        mb.CreateTable("SupervisionNotices", c => new
        {
            Id = Identity(c),
            ProblemId = c.Column<int>(nullable: false),
            Year = c.Column<int>(nullable: false),
            Sequence = c.Column<int>(nullable: false),
            IssuedOn = c.Column<DateOnly>(nullable: false),
            DueOn = c.Column<DateOnly>(nullable: false),
            ProblemDueOn = c.Column<DateOnly>(nullable: true),
            Reason = Varchar(c, 1000, nullable: true),
            IssuedBy = Varchar(c, 50),
            Automatic = c.Column<bool>(nullable: false),
            AnsweredOn = c.Column<DateOnly>(nullable: true),
            Answer = Varchar(c, 1000, nullable: true),
            AnsweredBy = Varchar(c, 50, nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SupervisionNotices", x => x.Id);
            t.ForeignKey("FK_SupervisionNotices_Problems_ProblemId", x => x.ProblemId, "Problems", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_SupervisionNotices_Year_Sequence", "SupervisionNotices", ["Year", "Sequence"], unique: true);
        mb.CreateIndex("IX_SupervisionNotices_ProblemId", "SupervisionNotices", "ProblemId");

        mb.CreateTable("SupervisionSettings", c => new
        {
            Id = c.Column<int>(nullable: false),
            AutoSupervise = c.Column<bool>(nullable: false),
            NoticeDays = c.Column<int>(nullable: false),
            EscalateAfter = c.Column<int>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_SupervisionSettings", x => x.Id));
    }
}
