using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Meetings (联席会议, 专题会议, 常务会议, 调度会, 推进会) with their agenda and their decisions (议定事项).</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050015_Meetings")]
public sealed class M0015Meetings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("Meetings", c => new
        {
            Id = Identity(c),
            Kind = Varchar(c, 16),
            RegionId = c.Column<int>(nullable: false),
            Title = Varchar(c, 200),
            Session = c.Column<int>(nullable: false),
            HeldOn = c.Column<DateOnly>(nullable: false),
            Place = Varchar(c, 200, nullable: true),
            Chair = Varchar(c, 200, nullable: true),
            Attendees = Varchar(c, 2000, nullable: true),
            Status = Varchar(c, 16),
            Summary = Varchar(c, 2000, nullable: true),
            CreatedBy = Varchar(c, 50),
            CreatedAt = c.Column<DateTime>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Meetings", x => x.Id);
            t.ForeignKey("FK_Meetings_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Meetings_RegionId_HeldOn", "Meetings", ["RegionId", "HeldOn"]);

        mb.CreateTable("MeetingItems", c => new
        {
            Id = Identity(c),
            MeetingId = c.Column<int>(nullable: false),
            ProblemId = c.Column<int>(nullable: true),
            Topic = Varchar(c, 500),
            SortOrder = c.Column<int>(nullable: false),
            AddedBy = Varchar(c, 50),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MeetingItems", x => x.Id);
            t.ForeignKey("FK_MeetingItems_Meetings_MeetingId", x => x.MeetingId, "Meetings", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MeetingItems_Problems_ProblemId", x => x.ProblemId, "Problems", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_MeetingItems_MeetingId", "MeetingItems", "MeetingId");
        mb.CreateIndex("IX_MeetingItems_ProblemId", "MeetingItems", "ProblemId");

        mb.CreateTable("MeetingDecisions", c => new
        {
            Id = Identity(c),
            MeetingId = c.Column<int>(nullable: false),
            ItemId = c.Column<int>(nullable: true),
            ProblemId = c.Column<int>(nullable: true),
            Text = Varchar(c, 1000),
            OwnerDepartmentId = c.Column<int>(nullable: true),
            DueOn = c.Column<DateOnly>(nullable: false),
            Status = Varchar(c, 16),
            DoneOn = c.Column<DateOnly>(nullable: true),
            DoneNote = Varchar(c, 1000, nullable: true),
            DoneBy = Varchar(c, 50, nullable: true),
            DecidedBy = Varchar(c, 50),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MeetingDecisions", x => x.Id);
            t.ForeignKey("FK_MeetingDecisions_Meetings_MeetingId", x => x.MeetingId, "Meetings", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MeetingDecisions_MeetingItems_ItemId", x => x.ItemId, "MeetingItems", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MeetingDecisions_Problems_ProblemId", x => x.ProblemId, "Problems", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MeetingDecisions_Lookups_OwnerDepartmentId", x => x.OwnerDepartmentId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_MeetingDecisions_MeetingId", "MeetingDecisions", "MeetingId");
        mb.CreateIndex("IX_MeetingDecisions_ProblemId", "MeetingDecisions", "ProblemId");
        mb.CreateIndex("IX_MeetingDecisions_ItemId", "MeetingDecisions", "ItemId");
        mb.CreateIndex("IX_MeetingDecisions_OwnerDepartmentId_Status", "MeetingDecisions", ["OwnerDepartmentId", "Status"]);
    }
}
