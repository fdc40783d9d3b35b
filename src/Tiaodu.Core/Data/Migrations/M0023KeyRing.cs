using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>The data-protection key ring, shared by every app instance on the database.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050023_KeyRing")]
public sealed class M0023KeyRing : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("ProtectionKeys", c => new
        {
            Id = Identity(c),
            FriendlyName = Varchar(c, 100, nullable: true),
            Xml = c.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ProtectionKeys", x => x.Id));
    }
}
