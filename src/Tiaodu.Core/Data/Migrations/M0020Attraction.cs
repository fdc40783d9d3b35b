using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>The investment-attraction pipeline (招商引资): events, leads, their history and the 招商台账 imports.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050020_Attraction")]
public sealed class M0020Attraction : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("AttractionEvents", c => new
        {
            Id = Identity(c),
            Kind = Varchar(c, 16),
            Name = Varchar(c, 200),
            On = c.Column<DateOnly>(nullable: false),
            Place = Varchar(c, 200, nullable: true),
            RegionId = c.Column<int>(nullable: false),
            Notes = Varchar(c, 2000, nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AttractionEvents", x => x.Id);
            t.ForeignKey("FK_AttractionEvents_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_AttractionEvents_RegionId_On", "AttractionEvents", ["RegionId", "On"]);

        mb.CreateTable("Leads", c => new
        {
            Id = Identity(c),
            Name = Varchar(c, 200),
            Investor = Varchar(c, 200),
            Origin = Varchar(c, 50, nullable: true),
            FromPartner = c.Column<bool>(nullable: false),
            IndustryId = c.Column<int>(nullable: true),
            RegionId = c.Column<int>(nullable: false),
            IntendedInvestment = Money(c),
            ContractInvestment = Money(c, nullable: true),
            FundsInPlace = Money(c, nullable: true),
            ContactName = Varchar(c, 50, nullable: true),
            ContactPhone = Varchar(c, 100, nullable: true),
            OfficerId = c.Column<int>(nullable: true),
            Notes = Varchar(c, 2000, nullable: true),
            Stage = c.Column<int>(nullable: false),
            StageOn = c.Column<DateOnly>(nullable: false),
            IsDropped = c.Column<bool>(nullable: false),
            DropReason = Varchar(c, 2000, nullable: true),
            SourceEventId = c.Column<int>(nullable: true),
            CeremonyId = c.Column<int>(nullable: true),
            ProjectId = c.Column<int>(nullable: true),
            CreatedAt = c.Column<DateTime>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Leads", x => x.Id);
            t.ForeignKey("FK_Leads_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Leads_Lookups_IndustryId", x => x.IndustryId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Leads_People_OfficerId", x => x.OfficerId, "People", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Leads_AttractionEvents_SourceEventId", x => x.SourceEventId, "AttractionEvents", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Leads_AttractionEvents_CeremonyId", x => x.CeremonyId, "AttractionEvents", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Leads_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Leads_RegionId_Stage", "Leads", ["RegionId", "Stage"]);
        mb.CreateIndex("IX_Leads_SourceEventId", "Leads", "SourceEventId");
        mb.CreateIndex("IX_Leads_CeremonyId", "Leads", "CeremonyId");
        mb.CreateIndex("IX_Leads_ProjectId", "Leads", "ProjectId");
        mb.CreateIndex("IX_Leads_IndustryId", "Leads", "IndustryId");
        mb.CreateIndex("IX_Leads_OfficerId", "Leads", "OfficerId");

        mb.CreateTable("LeadSteps", c => new
        {
            Id = Identity(c),
            LeadId = c.Column<int>(nullable: false),
            Kind = Varchar(c, 16),
            From = Varchar(c, 16, nullable: true),
            To = Varchar(c, 16),
            On = c.Column<DateOnly>(nullable: false),
            By = Varchar(c, 50),
            At = c.Column<DateTime>(nullable: false),
            Note = Varchar(c, 2000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_LeadSteps", x => x.Id);
            t.ForeignKey("FK_LeadSteps_Leads_LeadId", x => x.LeadId, "Leads", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_LeadSteps_LeadId", "LeadSteps", "LeadId");

        mb.CreateTable("LeadImports", c => new
        {
            Id = Identity(c),
            FileName = Varchar(c, 200),
            Content = c.Column<byte[]>(nullable: false),
            Region = Varchar(c, 32, nullable: true),
            Sha256 = Varchar(c, 64),
            By = Varchar(c, 50),
            At = c.Column<DateTime>(nullable: false),
            Created = c.Column<int>(nullable: false),
            Updated = c.Column<int>(nullable: false),
            Unchanged = c.Column<int>(nullable: false),
            Status = Varchar(c, 16),
            Changes = c.Column<string>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_LeadImports", x => x.Id));
    }
}
