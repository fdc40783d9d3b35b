using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Reference data, the project ledger, year lines and monthly figures.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202611220001_Ledger")]
public sealed class M0001Ledger : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("Regions", c => new
        {
            Id = Identity(c),
            Key = Varchar(c, 32),
            Code = Varchar(c, 12, nullable: true),
            Name = Varchar(c, 100),
            ShortNames = Varchar(c, 300),
            Kind = Varchar(c, 16),
            ParentId = c.Column<int>(nullable: true),
            Path = Varchar(c, 200),
            SortOrder = c.Column<int>(nullable: false),
            IsActive = c.Column<bool>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Regions", x => x.Id);
            t.ForeignKey("FK_Regions_Regions_ParentId", x => x.ParentId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        mb.CreateTable("Tags", c => new
        {
            Id = Identity(c),
            Name = Varchar(c, 50),
            SortOrder = c.Column<int>(nullable: false),
            IsActive = c.Column<bool>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Tags", x => x.Id));

        mb.CreateTable("Lookups", c => new
        {
            Id = Identity(c),
            Kind = Varchar(c, 24),
            Code = Varchar(c, 32),
            Name = Varchar(c, 100),
            ParentId = c.Column<int>(nullable: true),
            Meaning = Varchar(c, 32, nullable: true),
            RegionId = c.Column<int>(nullable: true),
            SortOrder = c.Column<int>(nullable: false),
            IsActive = c.Column<bool>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Lookups", x => x.Id);
            t.ForeignKey("FK_Lookups_Lookups_ParentId", x => x.ParentId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Lookups_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        mb.CreateTable("People", c => new
        {
            Id = Identity(c),
            Name = Varchar(c, 50),
            Title = Varchar(c, 100),
            Role = Varchar(c, 24),
            RegionId = c.Column<int>(nullable: false),
            IsActive = c.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_People", x => x.Id);
            t.ForeignKey("FK_People_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });

        mb.CreateTable("LedgerSequence", c => new
        {
            Id = c.Column<int>(nullable: false),
            Value = c.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_LedgerSequence", x => x.Id));
        mb.Sql("INSERT INTO \"LedgerSequence\" (\"Id\", \"Value\") VALUES (1, 0)");

        CreateProjects(mb);
        CreateYearsAndReports(mb);
        CreateIndexes(mb);
    }

    private static void CreateProjects(MigrationBuilder mb) =>
        mb.CreateTable("Projects", c => new
        {
            Id = Identity(c),
            Code = Varchar(c, 24, nullable: true),
            Name = Varchar(c, 200),
            SearchKey = c.Column<string>(nullable: false),
            OwnerCompany = Varchar(c, 200, nullable: true),
            ContactName = Varchar(c, 50, nullable: true),
            ContactPhone = Varchar(c, 100, nullable: true),
            RegionId = c.Column<int>(nullable: false),
            SectorId = c.Column<int>(nullable: true),
            IndustryId = c.Column<int>(nullable: true),
            CategoryId = c.Column<int>(nullable: true),
            NatureId = c.Column<int>(nullable: true),
            StageId = c.Column<int>(nullable: true),
            LevelId = c.Column<int>(nullable: true),
            TotalInvestment = Money(c),
            Content = Varchar(c, 4000, nullable: true),
            PlannedStart = c.Column<DateOnly>(nullable: true),
            PlannedCompletion = c.Column<DateOnly>(nullable: true),
            PlannedProduction = c.Column<DateOnly>(nullable: true),
            ActualStart = c.Column<DateOnly>(nullable: true),
            ActualCompletion = c.Column<DateOnly>(nullable: true),
            ActualProduction = c.Column<DateOnly>(nullable: true),
            LandArea = Money(c, nullable: true),
            ExpectedOutput = Money(c, nullable: true),
            ExpectedTax = Money(c, nullable: true),
            Longitude = c.Column<double>(nullable: true),
            Latitude = c.Column<double>(nullable: true),
            LeaderId = c.Column<int>(nullable: true),
            ServiceOfficerId = c.Column<int>(nullable: true),
            InStatsOn = c.Column<DateOnly>(nullable: true),
            IsDeleted = c.Column<bool>(nullable: false),
            DeletedAt = c.Column<DateTime>(nullable: true),
            CreatedAt = c.Column<DateTime>(nullable: false),
            UpdatedAt = c.Column<DateTime>(nullable: false),
            ChangeSeq = c.Column<long>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Projects", x => x.Id);
            t.ForeignKey("FK_Projects_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Projects_Lookups_SectorId", x => x.SectorId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Projects_Lookups_IndustryId", x => x.IndustryId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Projects_Lookups_CategoryId", x => x.CategoryId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Projects_Lookups_NatureId", x => x.NatureId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Projects_Lookups_StageId", x => x.StageId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Projects_Lookups_LevelId", x => x.LevelId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Projects_People_LeaderId", x => x.LeaderId, "People", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Projects_People_ServiceOfficerId", x => x.ServiceOfficerId, "People", "Id", onDelete: ReferentialAction.Restrict);
        });

    private static void CreateYearsAndReports(MigrationBuilder mb)
    {
        mb.CreateTable("ProjectYears", c => new
        {
            Id = Identity(c),
            ProjectId = c.Column<int>(nullable: false),
            Year = c.Column<int>(nullable: false),
            InPlan = c.Column<bool>(nullable: false),
            NatureId = c.Column<int>(nullable: true),
            AnnualPlan = Money(c, nullable: true),
            PlannedStartMonth = c.Column<int>(nullable: true),
            StartedOn = c.Column<DateOnly>(nullable: true),
            ReportedMonths = c.Column<int>(nullable: false),
            Version = c.Column<int>(nullable: false),
            ChangeSeq = c.Column<long>(nullable: false),
            Ytd_M01 = Money(c),
            Ytd_M02 = Money(c),
            Ytd_M03 = Money(c),
            Ytd_M04 = Money(c),
            Ytd_M05 = Money(c),
            Ytd_M06 = Money(c),
            Ytd_M07 = Money(c),
            Ytd_M08 = Money(c),
            Ytd_M09 = Money(c),
            Ytd_M10 = Money(c),
            Ytd_M11 = Money(c),
            Ytd_M12 = Money(c),
            SinceStart_M01 = Money(c),
            SinceStart_M02 = Money(c),
            SinceStart_M03 = Money(c),
            SinceStart_M04 = Money(c),
            SinceStart_M05 = Money(c),
            SinceStart_M06 = Money(c),
            SinceStart_M07 = Money(c),
            SinceStart_M08 = Money(c),
            SinceStart_M09 = Money(c),
            SinceStart_M10 = Money(c),
            SinceStart_M11 = Money(c),
            SinceStart_M12 = Money(c),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectYears", x => x.Id);
            t.ForeignKey("FK_ProjectYears_Lookups_NatureId", x => x.NatureId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ProjectYears_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });

        mb.CreateTable("ProjectYearTags", c => new
        {
            ProjectYearId = c.Column<int>(nullable: false),
            TagId = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectYearTags", x => new { x.ProjectYearId, x.TagId });
            t.ForeignKey("FK_ProjectYearTags_ProjectYears_ProjectYearId", x => x.ProjectYearId, "ProjectYears", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ProjectYearTags_Tags_TagId", x => x.TagId, "Tags", "Id", onDelete: ReferentialAction.Restrict);
        });

        mb.CreateTable("MonthlyReports", c => new
        {
            Id = Identity(c),
            ProjectId = c.Column<int>(nullable: false),
            Year = c.Column<int>(nullable: false),
            Month = c.Column<int>(nullable: false),
            InvestmentMonth = Money(c),
            InvestmentYtd = Money(c),
            InvestmentSinceStart = Money(c),
            Progress = Varchar(c, 4000, nullable: true),
            WorkersOnSite = c.Column<int>(nullable: true),
            Status = Varchar(c, 16),
            SubmittedAt = c.Column<DateTime>(nullable: true),
            ApprovedAt = c.Column<DateTime>(nullable: true),
            CreatedAt = c.Column<DateTime>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MonthlyReports", x => x.Id);
            t.ForeignKey("FK_MonthlyReports_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });
    }

    private static void CreateIndexes(MigrationBuilder mb)
    {
        mb.CreateIndex("IX_Regions_Key", "Regions", "Key", unique: true);
        mb.CreateIndex("IX_Regions_ParentId", "Regions", "ParentId");
        mb.CreateIndex("IX_Regions_Path", "Regions", "Path");
        mb.CreateIndex("IX_Tags_Name", "Tags", "Name", unique: true);
        mb.CreateIndex("IX_Lookups_Kind_Code", "Lookups", ["Kind", "Code"], unique: true);
        mb.CreateIndex("IX_Lookups_ParentId", "Lookups", "ParentId");
        mb.CreateIndex("IX_Lookups_RegionId", "Lookups", "RegionId");
        mb.CreateIndex("IX_People_RegionId", "People", "RegionId");
        mb.CreateIndex("IX_Projects_Code", "Projects", "Code", unique: true);
        mb.CreateIndex("IX_Projects_RegionId_IsDeleted", "Projects", ["RegionId", "IsDeleted"]);
        mb.CreateIndex("IX_Projects_TotalInvestment", "Projects", "TotalInvestment");
        mb.CreateIndex("IX_Projects_ChangeSeq", "Projects", "ChangeSeq");
        mb.CreateIndex("IX_ProjectYears_ChangeSeq", "ProjectYears", "ChangeSeq");
        foreach (var fk in new[] { "SectorId", "IndustryId", "CategoryId", "NatureId", "StageId", "LevelId", "LeaderId", "ServiceOfficerId" })
        {
            mb.CreateIndex("IX_Projects_" + fk, "Projects", fk);
        }

        mb.CreateIndex("IX_ProjectYears_ProjectId_Year", "ProjectYears", ["ProjectId", "Year"], unique: true);
        mb.CreateIndex("IX_ProjectYears_Year", "ProjectYears", "Year");
        mb.CreateIndex("IX_ProjectYears_NatureId", "ProjectYears", "NatureId");
        mb.CreateIndex("IX_ProjectYearTags_TagId", "ProjectYearTags", "TagId");
        mb.CreateIndex("IX_MonthlyReports_ProjectId_Year_Month", "MonthlyReports", ["ProjectId", "Year", "Month"], unique: true);
        mb.CreateIndex("IX_MonthlyReports_Year_Month_Status", "MonthlyReports", ["Year", "Month", "Status"]);
    }
}
