using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// An account's calendar subscription link: the hash of its secret, so that a calendar app, which cannot sign in,
/// can fetch the account's 企业服务日 and planned leaders' visits (<see cref="Accountability.CalendarSubscription"/>).
/// </summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612060028_CalendarSubscriptions")]
public sealed class M0028CalendarSubscriptions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("CalendarTokenHash", "Accounts", maxLength: 64, nullable: true);
        migrationBuilder.CreateIndex("IX_Accounts_CalendarTokenHash", "Accounts", "CalendarTokenHash", unique: true);
    }
}
