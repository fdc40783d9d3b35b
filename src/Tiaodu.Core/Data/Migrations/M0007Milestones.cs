using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Milestone templates and plans (倒排工期), project milestones with approvals and 容缺后补, stored files.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612040007_Milestones")]
public sealed class M0007Milestones : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("MilestoneTemplates", c => new
        {
            Id = Identity(c),
            Name = Varchar(c, 50),
            IsActive = c.Column<bool>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_MilestoneTemplates", x => x.Id));

        mb.CreateTable("MilestoneTemplateNodes", c => new
        {
            Id = Identity(c),
            TemplateId = c.Column<int>(nullable: false),
            SortOrder = c.Column<int>(nullable: false),
            Name = Varchar(c, 50),
            Days = c.Column<int>(nullable: false),
            IsApproval = c.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MilestoneTemplateNodes", x => x.Id);
            t.ForeignKey("FK_MilestoneTemplateNodes_MilestoneTemplates_TemplateId", x => x.TemplateId, "MilestoneTemplates", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_MilestoneTemplateNodes_TemplateId", "MilestoneTemplateNodes", "TemplateId");

        mb.CreateTable("Milestones", c => new
        {
            Id = Identity(c),
            ProjectId = c.Column<int>(nullable: false),
            SortOrder = c.Column<int>(nullable: false),
            Name = Varchar(c, 50),
            Days = c.Column<int>(nullable: false),
            IsApproval = c.Column<bool>(nullable: false),
            PlannedOn = c.Column<DateOnly>(nullable: false),
            DoneOn = c.Column<DateOnly>(nullable: true),
            Owner = Varchar(c, 50, nullable: true),
            DocumentNumber = Varchar(c, 100, nullable: true),
            Deferred = c.Column<bool>(nullable: false),
            OwedItems = Varchar(c, 500, nullable: true),
            OwedBy = c.Column<DateOnly>(nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Milestones", x => x.Id);
            t.ForeignKey("FK_Milestones_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_Milestones_ProjectId", "Milestones", "ProjectId");

        mb.CreateTable("MilestonePlans", c => new
        {
            ProjectId = c.Column<int>(nullable: false),
            TemplateId = c.Column<int>(nullable: true),
            TargetNode = Varchar(c, 50),
            TargetOn = c.Column<DateOnly>(nullable: false),
            StartOnLand = c.Column<bool>(nullable: false),
            LandOn = c.Column<DateOnly>(nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MilestonePlans", x => x.ProjectId);
            t.ForeignKey("FK_MilestonePlans_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MilestonePlans_MilestoneTemplates_TemplateId", x => x.TemplateId, "MilestoneTemplates", "Id", onDelete: ReferentialAction.SetNull);
        });
        mb.CreateIndex("IX_MilestonePlans_TemplateId", "MilestonePlans", "TemplateId");

        mb.CreateTable("StoredFiles", c => new
        {
            Id = Identity(c),
            OwnerType = Varchar(c, 30),
            OwnerId = c.Column<int>(nullable: false),
            FileName = Varchar(c, 200),
            ContentType = Varchar(c, 100),
            Size = c.Column<long>(nullable: false),
            Sha256 = Varchar(c, 64),
            Path = Varchar(c, 200),
            UploadedBy = Varchar(c, 50),
            UploadedAt = c.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_StoredFiles", x => x.Id));
        mb.CreateIndex("IX_StoredFiles_OwnerType_OwnerId", "StoredFiles", ["OwnerType", "OwnerId"]);
    }
}
