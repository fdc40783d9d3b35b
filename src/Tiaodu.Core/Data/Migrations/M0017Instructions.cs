using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Leaders' instructions (领导批示) on projects and problems, and the replies to them.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050017_Instructions")]
public sealed class M0017Instructions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("Instructions", c => new
        {
            Id = Identity(c),
            ProjectId = c.Column<int>(nullable: false),
            ProblemId = c.Column<int>(nullable: true),
            Text = Varchar(c, 1000),
            By = Varchar(c, 50),
            ByAccountId = c.Column<int>(nullable: true),
            At = c.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Instructions", x => x.Id);
            t.ForeignKey("FK_Instructions_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_Instructions_Problems_ProblemId", x => x.ProblemId, "Problems", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Instructions_ProjectId", "Instructions", "ProjectId");
        mb.CreateIndex("IX_Instructions_ProblemId", "Instructions", "ProblemId");

        mb.CreateTable("InstructionReplies", c => new
        {
            Id = Identity(c),
            InstructionId = c.Column<int>(nullable: false),
            Text = Varchar(c, 1000),
            By = Varchar(c, 50),
            DepartmentId = c.Column<int>(nullable: true),
            At = c.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_InstructionReplies", x => x.Id);
            t.ForeignKey("FK_InstructionReplies_Instructions_InstructionId", x => x.InstructionId, "Instructions", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_InstructionReplies_InstructionId", "InstructionReplies", "InstructionId");
    }
}
