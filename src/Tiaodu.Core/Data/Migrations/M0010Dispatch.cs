using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Half-monthly dispatch rounds (半月调度) with their project snapshots; the weekly watch list (周监测) and its checks.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050010_Dispatch")]
public sealed class M0010Dispatch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("DispatchRounds", c => new
        {
            Id = Identity(c),
            Year = c.Column<int>(nullable: false),
            Month = c.Column<int>(nullable: false),
            Half = c.Column<int>(nullable: false),
            RegionId = c.Column<int>(nullable: false),
            Status = Varchar(c, 16),
            Summary = Varchar(c, 2000, nullable: true),
            PreviousRoundId = c.Column<int>(nullable: true),
            AsOf = c.Column<DateOnly>(nullable: false),
            SnapshotAt = c.Column<DateTime>(nullable: false),
            CreatedBy = Varchar(c, 50),
            PublishedAt = c.Column<DateTime>(nullable: true),
            PublishedBy = Varchar(c, 50, nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_DispatchRounds", x => x.Id);
            t.ForeignKey("FK_DispatchRounds_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_DispatchRounds_Year_Month_Half_RegionId", "DispatchRounds", ["Year", "Month", "Half", "RegionId"], unique: true);
        mb.CreateIndex("IX_DispatchRounds_RegionId", "DispatchRounds", "RegionId");

        mb.CreateTable("DispatchItems", c => new
        {
            Id = LongIdentity(c),
            RoundId = c.Column<int>(nullable: false),
            ProjectId = c.Column<int>(nullable: false),
            ProjectName = Varchar(c, 200),
            RegionId = c.Column<int>(nullable: false),
            RegionName = Varchar(c, 50),
            InPlan = c.Column<bool>(nullable: false),
            AnnualPlan = Money(c, nullable: true),
            YtdMonths = c.Column<int>(nullable: false),
            Ytd = Money(c),
            SinceStart = Money(c),
            StartedOn = c.Column<DateOnly>(nullable: true),
            Color = Varchar(c, 8),
            LightText = Varchar(c, 1000, nullable: true),
            OpenProblems = c.Column<int>(nullable: false),
            ProblemsText = Varchar(c, 1000, nullable: true),
            Report = Varchar(c, 16, nullable: true),
            InPrevious = c.Column<bool>(nullable: false),
            PreviousYtd = Money(c, nullable: true),
            PreviousColor = Varchar(c, 8, nullable: true),
            PreviousOpenProblems = c.Column<int>(nullable: true),
            Comment = Varchar(c, 500, nullable: true),
            CommentBy = Varchar(c, 50, nullable: true),
            CommentAt = c.Column<DateTime>(nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_DispatchItems", x => x.Id);
            t.ForeignKey("FK_DispatchItems_DispatchRounds_RoundId", x => x.RoundId, "DispatchRounds", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_DispatchItems_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_DispatchItems_RoundId_ProjectId", "DispatchItems", ["RoundId", "ProjectId"], unique: true);
        mb.CreateIndex("IX_DispatchItems_ProjectId", "DispatchItems", "ProjectId");

        mb.CreateTable("WatchEntries", c => new
        {
            Id = Identity(c),
            ProjectId = c.Column<int>(nullable: false),
            Focus = Varchar(c, 200),
            AddedBy = Varchar(c, 50),
            AddedAt = c.Column<DateTime>(nullable: false),
            RemovedAt = c.Column<DateTime>(nullable: true),
            RemovedBy = Varchar(c, 50, nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_WatchEntries", x => x.Id);
            t.ForeignKey("FK_WatchEntries_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_WatchEntries_ProjectId_RemovedAt", "WatchEntries", ["ProjectId", "RemovedAt"]);

        mb.CreateTable("WeeklyChecks", c => new
        {
            Id = LongIdentity(c),
            ProjectId = c.Column<int>(nullable: false),
            WeekOf = c.Column<DateOnly>(nullable: false),
            Status = Varchar(c, 16),
            Workers = c.Column<int>(nullable: true),
            Note = Varchar(c, 500, nullable: true),
            CheckedBy = Varchar(c, 50),
            CheckedAt = c.Column<DateTime>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_WeeklyChecks", x => x.Id);
            t.ForeignKey("FK_WeeklyChecks_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_WeeklyChecks_ProjectId_WeekOf", "WeeklyChecks", ["ProjectId", "WeekOf"], unique: true);
        mb.CreateIndex("IX_WeeklyChecks_WeekOf", "WeeklyChecks", "WeekOf");
    }
}
