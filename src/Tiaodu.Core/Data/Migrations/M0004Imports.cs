using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Ledger imports (batches, their files, per-project changes for rollback, saved mappings) and problems.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202611220004_Imports")]
public sealed class M0004Imports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("ImportBatches", c => new
        {
            Id = Identity(c),
            FileName = Varchar(c, 200),
            FileHash = Varchar(c, 64),
            FileSize = c.Column<long>(nullable: false),
            AccountId = c.Column<int>(nullable: true),
            Actor = Varchar(c, 50),
            RegionId = c.Column<int>(nullable: true),
            CreatedAt = c.Column<DateTime>(nullable: false),
            Status = Varchar(c, 16),
            OptionsJson = c.Column<string>(nullable: false),
            PreviewJson = c.Column<string>(nullable: true),
            Message = Varchar(c, 1000, nullable: true),
            RowsTotal = c.Column<int>(nullable: false),
            Created = c.Column<int>(nullable: false),
            Updated = c.Column<int>(nullable: false),
            Unchanged = c.Column<int>(nullable: false),
            ProblemsOpened = c.Column<int>(nullable: false),
            ErrorRows = c.Column<int>(nullable: false),
            AppliedAt = c.Column<DateTime>(nullable: true),
            RolledBackAt = c.Column<DateTime>(nullable: true),
            RolledBackBy = Varchar(c, 50, nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ImportBatches", x => x.Id);
            t.ForeignKey("FK_ImportBatches_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_ImportBatches_CreatedAt", "ImportBatches", "CreatedAt");
        mb.CreateIndex("IX_ImportBatches_Status", "ImportBatches", "Status");
        mb.CreateIndex("IX_ImportBatches_RegionId", "ImportBatches", "RegionId");

        mb.CreateTable("ImportFiles", c => new
        {
            BatchId = c.Column<int>(nullable: false),
            Content = c.Column<byte[]>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ImportFiles", x => x.BatchId);
            t.ForeignKey("FK_ImportFiles_ImportBatches_BatchId", x => x.BatchId, "ImportBatches", "Id", onDelete: ReferentialAction.Cascade);
        });

        mb.CreateTable("ImportChanges", c => new
        {
            Id = LongIdentity(c),
            BatchId = c.Column<int>(nullable: false),
            RowNumber = c.Column<int>(nullable: false),
            ProjectId = c.Column<int>(nullable: false),
            Kind = Varchar(c, 16),
            BeforeJson = c.Column<string>(nullable: true),
            AfterVersionsJson = c.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ImportChanges", x => x.Id);
            t.ForeignKey("FK_ImportChanges_ImportBatches_BatchId", x => x.BatchId, "ImportBatches", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_ImportChanges_BatchId", "ImportChanges", "BatchId");
        mb.CreateIndex("IX_ImportChanges_ProjectId", "ImportChanges", "ProjectId");

        mb.CreateTable("ImportMappings", c => new
        {
            Id = Identity(c),
            Name = Varchar(c, 50),
            AccountId = c.Column<int>(nullable: true),
            ColumnsJson = c.Column<string>(nullable: false),
            CreatedAt = c.Column<DateTime>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ImportMappings", x => x.Id));
        mb.CreateIndex("IX_ImportMappings_Name", "ImportMappings", "Name", unique: true);

        mb.CreateTable("Problems", c => new
        {
            Id = Identity(c),
            ProjectId = c.Column<int>(nullable: false),
            Description = Varchar(c, 2000),
            Source = Varchar(c, 16),
            Status = Varchar(c, 16),
            RaisedOn = c.Column<DateOnly>(nullable: false),
            CreatedAt = c.Column<DateTime>(nullable: false),
            ImportBatchId = c.Column<int>(nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Problems", x => x.Id);
            t.ForeignKey("FK_Problems_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_Problems_ImportBatches_ImportBatchId", x => x.ImportBatchId, "ImportBatches", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_Problems_ProjectId_Status", "Problems", ["ProjectId", "Status"]);
        mb.CreateIndex("IX_Problems_ImportBatchId", "Problems", "ImportBatchId");
    }
}
