using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>In-app notices, group robots (企业微信, 钉钉, 飞书) and the outbox of messages to them.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202612040009_Notifications")]
public sealed class M0009Notifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("Notices", c => new
        {
            Id = LongIdentity(c),
            AccountId = c.Column<int>(nullable: false),
            Title = Varchar(c, 100),
            Body = Varchar(c, 1000),
            Link = Varchar(c, 200, nullable: true),
            CreatedAt = c.Column<DateTime>(nullable: false),
            ReadAt = c.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Notices", x => x.Id);
            t.ForeignKey("FK_Notices_Accounts_AccountId", x => x.AccountId, "Accounts", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_Notices_AccountId_ReadAt", "Notices", ["AccountId", "ReadAt"]);

        mb.CreateTable("NotificationChannels", c => new
        {
            Id = Identity(c),
            Name = Varchar(c, 50),
            Kind = Varchar(c, 16),
            WebhookUrl = Varchar(c, 500),
            Secret = Varchar(c, 500, nullable: true),
            RegionId = c.Column<int>(nullable: true),
            Enabled = c.Column<bool>(nullable: false),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_NotificationChannels", x => x.Id);
            t.ForeignKey("FK_NotificationChannels_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_NotificationChannels_RegionId", "NotificationChannels", "RegionId");

        mb.CreateTable("OutboxMessages", c => new
        {
            Id = LongIdentity(c),
            ChannelId = c.Column<int>(nullable: false),
            Title = Varchar(c, 200),
            Text = Varchar(c, 4000),
            Status = Varchar(c, 16),
            Attempts = c.Column<int>(nullable: false),
            CreatedAt = c.Column<DateTime>(nullable: false),
            NextAttemptAt = c.Column<DateTime>(nullable: false),
            SentAt = c.Column<DateTime>(nullable: true),
            LastError = Varchar(c, 1000, nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OutboxMessages", x => x.Id);
            t.ForeignKey("FK_OutboxMessages_NotificationChannels_ChannelId", x => x.ChannelId, "NotificationChannels", "Id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_OutboxMessages_Status_NextAttemptAt", "OutboxMessages", ["Status", "NextAttemptAt"]);
        mb.CreateIndex("IX_OutboxMessages_ChannelId", "OutboxMessages", "ChannelId");
    }
}
