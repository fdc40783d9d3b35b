using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Tiaodu.Core.Data.Migrations.MigrationColumns;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>Accounts, their roles and assigned projects, password history, server-side sessions and the security policy.</summary>
[DbContext(typeof(TiaoduDb))]
[Migration("202611220003_Accounts")]
public sealed class M0003Accounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("Accounts", c => new
        {
            Id = Identity(c),
            UserName = Varchar(c, 50),
            NormalizedUserName = Varchar(c, 50),
            DisplayName = Varchar(c, 50),
            Organization = Varchar(c, 100, nullable: true),
            Phone = Varchar(c, 200, nullable: true),
            IdNumber = Varchar(c, 200, nullable: true),
            RegionId = c.Column<int>(nullable: true),
            SectorId = c.Column<int>(nullable: true),
            PersonId = c.Column<int>(nullable: true),
            IsActive = c.Column<bool>(nullable: false),
            CanRevealPersonalData = c.Column<bool>(nullable: false),
            PasswordHash = Varchar(c, 300, nullable: true),
            PasswordChangedAt = c.Column<DateTime>(nullable: true),
            MustChangePassword = c.Column<bool>(nullable: false),
            SecurityStamp = Varchar(c, 64),
            AccessFailedCount = c.Column<int>(nullable: false),
            LockoutEnd = c.Column<DateTime>(nullable: true),
            TwoFactorEnabled = c.Column<bool>(nullable: false),
            AuthenticatorKey = Varchar(c, 200, nullable: true),
            LastTotpStep = c.Column<long>(nullable: true),
            RecoveryCodes = Varchar(c, 1000, nullable: true),
            CreatedAt = c.Column<DateTime>(nullable: false),
            LastSignInAt = c.Column<DateTime>(nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Accounts", x => x.Id);
            t.ForeignKey("FK_Accounts_Regions_RegionId", x => x.RegionId, "Regions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Accounts_Lookups_SectorId", x => x.SectorId, "Lookups", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Accounts_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Restrict);
        });

        mb.CreateTable("AccountRoles", c => new
        {
            AccountId = c.Column<int>(nullable: false),
            Role = Varchar(c, 24),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AccountRoles", x => new { x.AccountId, x.Role });
            t.ForeignKey("FK_AccountRoles_Accounts_AccountId", x => x.AccountId, "Accounts", "Id", onDelete: ReferentialAction.Cascade);
        });

        mb.CreateTable("AccountProjects", c => new
        {
            AccountId = c.Column<int>(nullable: false),
            ProjectId = c.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AccountProjects", x => new { x.AccountId, x.ProjectId });
            t.ForeignKey("FK_AccountProjects_Accounts_AccountId", x => x.AccountId, "Accounts", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_AccountProjects_Projects_ProjectId", x => x.ProjectId, "Projects", "Id", onDelete: ReferentialAction.Cascade);
        });

        mb.CreateTable("PasswordHistory", c => new
        {
            Id = LongIdentity(c),
            AccountId = c.Column<int>(nullable: false),
            Hash = Varchar(c, 300),
            ChangedAt = c.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PasswordHistory", x => x.Id);
            t.ForeignKey("FK_PasswordHistory_Accounts_AccountId", x => x.AccountId, "Accounts", "Id", onDelete: ReferentialAction.Cascade);
        });

        mb.CreateTable("Sessions", c => new
        {
            Id = Varchar(c, 64),
            AccountId = c.Column<int>(nullable: false),
            CreatedAt = c.Column<DateTime>(nullable: false),
            LastSeenAt = c.Column<DateTime>(nullable: false),
            EndedAt = c.Column<DateTime>(nullable: true),
            EndReason = Varchar(c, 16, nullable: true),
            RemoteAddress = Varchar(c, 64, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Sessions", x => x.Id);
            t.ForeignKey("FK_Sessions_Accounts_AccountId", x => x.AccountId, "Accounts", "Id", onDelete: ReferentialAction.Cascade);
        });

        mb.CreateTable("SecuritySettings", c => new
        {
            Id = c.Column<int>(nullable: false),
            PasswordProfile = Varchar(c, 16),
            CryptoProfile = Varchar(c, 16),
            TwoFactorForAll = c.Column<bool>(nullable: false),
            LockoutThreshold = c.Column<int>(nullable: false),
            LockoutMinutes = c.Column<int>(nullable: false),
            IdleMinutes = c.Column<int>(nullable: false),
            AbsoluteHours = c.Column<int>(nullable: false),
            SetupTokenHash = Varchar(c, 128, nullable: true),
            Version = c.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_SecuritySettings", x => x.Id));
        mb.Sql("""
            INSERT INTO "SecuritySettings" ("Id", "PasswordProfile", "CryptoProfile", "TwoFactorForAll", "LockoutThreshold", "LockoutMinutes", "IdleMinutes", "AbsoluteHours", "Version")
            VALUES (1, 'Dengbao', 'Guomi', FALSE, 5, 15, 30, 8, 0)
            """);

        mb.CreateIndex("IX_Accounts_NormalizedUserName", "Accounts", "NormalizedUserName", unique: true);
        mb.CreateIndex("IX_Accounts_RegionId", "Accounts", "RegionId");
        mb.CreateIndex("IX_Accounts_SectorId", "Accounts", "SectorId");
        mb.CreateIndex("IX_Accounts_PersonId", "Accounts", "PersonId");
        mb.CreateIndex("IX_AccountProjects_ProjectId", "AccountProjects", "ProjectId");
        mb.CreateIndex("IX_PasswordHistory_AccountId_ChangedAt", "PasswordHistory", ["AccountId", "ChangedAt"]);
        mb.CreateIndex("IX_Sessions_AccountId", "Sessions", "AccountId");
    }
}
