using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// Accountability: service officers' visit and contact logs (服务秘书走访/联系记录) and leaders' visits to
/// companies (领导走访企业), each with the problems it raised; task forces (专班) with their members and
/// projects. New tables only, so every reference is a foreign key.
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

        mb.CreateTable("TaskForces", c => new
        {
            Id = Identity(c),
            Name = Varchar(c, 100),
            RegionId = c.Column<int>(nullable: false),
            LeaderId = c.Column<int>(nullable: true),
            Duty = Varchar(c, 200, nullable: true),
            IsActive = c.Column<bool>(nullable: false),
            CreatedBy = Varchar(c, 50),
            CreatedAt = c.Column<DateTime>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TaskForces", x => x.Id);
            t.ForeignKey("FK_TaskForces_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_TaskForces_People_LeaderId", x => x.LeaderId, "People", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_TaskForces_RegionId_Name", "TaskForces", ["RegionId", "Name"], unique: true);
        mb.CreateIndex("IX_TaskForces_LeaderId", "TaskForces", "LeaderId");

        mb.CreateTable("TaskForceMembers", c => new
        {
            Id = Identity(c),
            TaskForceId = c.Column<int>(nullable: false),
            PersonId = c.Column<int>(nullable: true),
            AccountId = c.Column<int>(nullable: true),
            Duty = Varchar(c, 200),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TaskForceMembers", x => x.Id);
            t.ForeignKey("FK_TaskForceMembers_TaskForces_TaskForceId", x => x.TaskForceId, "TaskForces", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_TaskForceMembers_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_TaskForceMembers_Accounts_AccountId", x => x.AccountId, "Accounts", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_TaskForceMembers_TaskForceId", "TaskForceMembers", "TaskForceId");
        mb.CreateIndex("IX_TaskForceMembers_PersonId", "TaskForceMembers", "PersonId");
        mb.CreateIndex("IX_TaskForceMembers_AccountId", "TaskForceMembers", "AccountId");

        mb.CreateTable("TaskForceProjects", c => new
        {
            TaskForceId = c.Column<int>(nullable: false),
            ProjectId = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TaskForceProjects", x => new { x.TaskForceId, x.ProjectId });
            t.ForeignKey("FK_TaskForceProjects_TaskForces_TaskForceId", x => x.TaskForceId, "TaskForces", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_TaskForceProjects_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_TaskForceProjects_ProjectId", "TaskForceProjects", "ProjectId");
    }
}
