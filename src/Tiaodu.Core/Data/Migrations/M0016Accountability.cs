using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// Accountability: service officers' visit and contact logs (服务秘书走访/联系记录) and leaders' visits to
/// companies (领导走访企业), each with the problems it raised. New tables only, so every reference is a foreign key.
/// </summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050016_Accountability")]
public sealed class M0016Accountability : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("ServiceLogs", c => new
        {
            Id = Identity(c),
            ProjectId = c.Column<int>(nullable: false),
            Kind = Varchar(c, 16),
            On = c.Column<DateOnly>(nullable: false),
            Note = Varchar(c, 1000),
            OfficerId = c.Column<int>(nullable: true),
            RecordedBy = Varchar(c, 50),
            RecordedAt = c.Column<DateTime>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ServiceLogs", x => x.Id);
            t.ForeignKey("FK_ServiceLogs_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ServiceLogs_People_OfficerId", x => x.OfficerId, "People", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_ServiceLogs_ProjectId_On", "ServiceLogs", ["ProjectId", "On"]);
        mb.CreateIndex("IX_ServiceLogs_On", "ServiceLogs", "On");
        mb.CreateIndex("IX_ServiceLogs_OfficerId", "ServiceLogs", "OfficerId");

        mb.CreateTable("ServiceLogProblems", c => new
        {
            ServiceLogId = c.Column<int>(nullable: false),
            ProblemId = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ServiceLogProblems", x => new { x.ServiceLogId, x.ProblemId });
            t.ForeignKey("FK_ServiceLogProblems_ServiceLogs_ServiceLogId", x => x.ServiceLogId, "ServiceLogs", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ServiceLogProblems_Problems_ProblemId", x => x.ProblemId, "Problems", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ServiceLogProblems_ProblemId", "ServiceLogProblems", "ProblemId");

        mb.CreateTable("LeaderVisits", c => new
        {
            Id = Identity(c),
            ProjectId = c.Column<int>(nullable: false),
            LeaderId = c.Column<int>(nullable: false),
            On = c.Column<DateOnly>(nullable: false),
            Purpose = Varchar(c, 200),
            Status = Varchar(c, 16),
            Note = Varchar(c, 1000, nullable: true),
            PlannedBy = Varchar(c, 50),
            PlannedAt = c.Column<DateTime>(nullable: false),
            ClosedBy = Varchar(c, 50, nullable: true),
            ClosedAt = c.Column<DateTime>(nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_LeaderVisits", x => x.Id);
            t.ForeignKey("FK_LeaderVisits_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_LeaderVisits_People_LeaderId", x => x.LeaderId, "People", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_LeaderVisits_On", "LeaderVisits", "On");
        mb.CreateIndex("IX_LeaderVisits_ProjectId", "LeaderVisits", "ProjectId");
        mb.CreateIndex("IX_LeaderVisits_LeaderId", "LeaderVisits", "LeaderId");

        mb.CreateTable("LeaderVisitProblems", c => new
        {
            LeaderVisitId = c.Column<int>(nullable: false),
            ProblemId = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_LeaderVisitProblems", x => new { x.LeaderVisitId, x.ProblemId });
            t.ForeignKey("FK_LeaderVisitProblems_LeaderVisits_LeaderVisitId", x => x.LeaderVisitId, "LeaderVisits", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_LeaderVisitProblems_Problems_ProblemId", x => x.ProblemId, "Problems", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_LeaderVisitProblems_ProblemId", "LeaderVisitProblems", "ProblemId");
    }
}
