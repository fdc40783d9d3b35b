using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>The monthly report workflow: the report's split, funds, start date, problems and review fields; revisions; the reporting calendar.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612040005_Reports")]
public sealed class M0005Reports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        foreach (var money in new[] { "ConstructionWork", "InstallationWork", "EquipmentPurchase", "OtherWork", "FundsFiscal", "FundsLoan", "FundsSelf", "FundsOther" })
        {
            mb.AddColumn<long>(money, "MonthlyReports", nullable: true);
        }

        mb.AddColumn<DateOnly>("StartedOn", "MonthlyReports", nullable: true);
        mb.AddColumn<string>("ProblemsText", "MonthlyReports", maxLength: 2000, nullable: true);
        mb.AddColumn<string>("Explanation", "MonthlyReports", maxLength: 500, nullable: true);
        mb.AddColumn<string>("SubmittedBy", "MonthlyReports", maxLength: 50, nullable: true);
        mb.AddColumn<string>("ReviewedBy", "MonthlyReports", maxLength: 50, nullable: true);
        mb.AddColumn<DateTime>("ReturnedAt", "MonthlyReports", nullable: true);
        mb.AddColumn<string>("ReturnReason", "MonthlyReports", maxLength: 500, nullable: true);

        mb.CreateTable("ReportRevisions", c => new
        {
            Id = LongIdentity(c),
            ReportId = c.Column<int>(nullable: false),
            MonthBefore = Money(c),
            YtdBefore = Money(c),
            SinceStartBefore = Money(c),
            MonthAfter = Money(c),
            YtdAfter = Money(c),
            SinceStartAfter = Money(c),
            Reason = Varchar(c, 500),
            Actor = Varchar(c, 50),
            CreatedAt = c.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ReportRevisions", x => x.Id);
            t.ForeignKey("FK_ReportRevisions_MonthlyReports_ReportId", x => x.ReportId, "MonthlyReports", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ReportRevisions_ReportId", "ReportRevisions", "ReportId");

        mb.CreateTable("ReportSettings", c => new
        {
            Id = c.Column<int>(nullable: false),
            DeadlineDay = c.Column<int>(nullable: false),
            ReminderDays = c.Column<int>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ReportSettings", x => x.Id));
        mb.Sql("""INSERT INTO "ReportSettings" ("Id", "DeadlineDay", "ReminderDays", "Version") VALUES (1, 25, 3, 0)""");
    }
}
