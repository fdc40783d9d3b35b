using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Tiaodu.Core.Audit;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// The audit trail: an append-only chained table and its one-row head. Triggers refuse UPDATE and DELETE
/// (and TRUNCATE on PostgreSQL) of audit rows for every database account, the application's included.
/// </summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202611220002_Audit")]
public sealed class M0002Audit : Migration
{
    public const string Refusal = "审计记录只能追加，不能修改或删除";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("AuditEntries", c => new
        {
            Id = LongIdentity(c),
            Sequence = c.Column<long>(nullable: false),
            At = c.Column<DateTime>(nullable: false),
            Actor = Varchar(c, AuditEntry.ActorLength),
            RemoteAddress = Varchar(c, AuditEntry.RemoteAddressLength, nullable: true),
            Action = Varchar(c, 16),
            EntityType = Varchar(c, AuditEntry.EntityTypeLength),
            EntityId = Varchar(c, AuditEntry.EntityIdLength, nullable: true),
            Summary = Varchar(c, AuditEntry.SummaryLength),
            Before = c.Column<string>(nullable: true),
            After = c.Column<string>(nullable: true),
            Result = Varchar(c, 8),
            PreviousHash = Varchar(c, Sm3.HexLength),
            Hash = Varchar(c, Sm3.HexLength),
        }, constraints: t => t.PrimaryKey("PK_AuditEntries", x => x.Id));

        mb.CreateTable("AuditHead", c => new
        {
            Id = c.Column<int>(nullable: false),
            LastSequence = c.Column<long>(nullable: false),
            LastHash = Varchar(c, Sm3.HexLength),
        }, constraints: t => t.PrimaryKey("PK_AuditHead", x => x.Id));
        mb.Sql($"INSERT INTO \"AuditHead\" (\"Id\", \"LastSequence\", \"LastHash\") VALUES (1, 0, '{AuditEntry.GenesisHash}')");

        mb.CreateIndex("IX_AuditEntries_Sequence", "AuditEntries", "Sequence", unique: true);
        mb.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");
        mb.CreateIndex("IX_AuditEntries_Actor_At", "AuditEntries", ["Actor", "At"]);
        mb.CreateIndex("IX_AuditEntries_EntityType_EntityId", "AuditEntries", ["EntityType", "EntityId"]);

        if (mb.IsNpgsql())
        {
            mb.Sql($"""
                CREATE FUNCTION tiaodu_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '{Refusal} (%)', TG_OP;
                END
                $$
                """);
            mb.Sql("""CREATE TRIGGER "AuditEntries_append_only" BEFORE UPDATE OR DELETE ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION tiaodu_audit_append_only()""");
            mb.Sql("""CREATE TRIGGER "AuditEntries_no_truncate" BEFORE TRUNCATE ON "AuditEntries" FOR EACH STATEMENT EXECUTE FUNCTION tiaodu_audit_append_only()""");
        }
        else if (mb.IsSqlite())
        {
            mb.Sql($"""CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, '{Refusal}'); END""");
            mb.Sql($"""CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, '{Refusal}'); END""");
        }
    }
}
