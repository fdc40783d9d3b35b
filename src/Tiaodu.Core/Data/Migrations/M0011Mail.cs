using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>E-mail over SMTP: the accounts' addresses, the mail server, the mail outbox; per-role and per-account notice preferences.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612050011_Mail")]
public sealed class M0011Mail : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.AddColumn<string>("Email", "Accounts", maxLength: 500, nullable: true);

        mb.CreateTable("RoleNoticeSettings", c => new
        {
            Role = Varchar(c, 32),
            Topic = Varchar(c, 32),
            InApp = c.Column<bool>(nullable: false),
            Email = c.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_RoleNoticeSettings", x => new { x.Role, x.Topic }));

        mb.CreateTable("AccountNoticeSettings", c => new
        {
            AccountId = c.Column<int>(nullable: false),
            Topic = Varchar(c, 32),
            InApp = c.Column<bool>(nullable: false),
            Email = c.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AccountNoticeSettings", x => new { x.AccountId, x.Topic });
            t.ForeignKey("FK_AccountNoticeSettings_Accounts_AccountId", x => x.AccountId, "Accounts", "Id", onDelete: ReferentialAction.Cascade);
        });

        mb.CreateTable("MailSettings", c => new
        {
            Id = c.Column<int>(nullable: false),
            Enabled = c.Column<bool>(nullable: false),
            Host = Varchar(c, 200, nullable: true),
            Port = c.Column<int>(nullable: false),
            Security = Varchar(c, 16),
            UserName = Varchar(c, 200, nullable: true),
            Password = Varchar(c, 500, nullable: true),
            FromAddress = Varchar(c, 254, nullable: true),
            FromName = Varchar(c, 50, nullable: true),
            SiteUrl = Varchar(c, 200, nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_MailSettings", x => x.Id));
        mb.Sql("""INSERT INTO "MailSettings" ("Id", "Enabled", "Port", "Security", "Version") VALUES (1, FALSE, 25, 'None', 0)""");

        mb.CreateTable("MailMessages", c => new
        {
            Id = LongIdentity(c),
            AccountId = c.Column<int>(nullable: false),
            Subject = Varchar(c, 200),
            Body = Varchar(c, 4000),
            Status = Varchar(c, 16),
            Attempts = c.Column<int>(nullable: false),
            CreatedAt = c.Column<DateTime>(nullable: false),
            NextAttemptAt = c.Column<DateTime>(nullable: false),
            SentAt = c.Column<DateTime>(nullable: true),
            LastError = Varchar(c, 1000, nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MailMessages", x => x.Id);
            t.ForeignKey("FK_MailMessages_Accounts_AccountId", x => x.AccountId, "Accounts", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_MailMessages_Status_NextAttemptAt", "MailMessages", ["Status", "NextAttemptAt"]);
        mb.CreateIndex("IX_MailMessages_AccountId", "MailMessages", "AccountId");
    }
}
