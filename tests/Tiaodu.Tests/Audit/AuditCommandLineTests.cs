using Microsoft.EntityFrameworkCore;

namespace Tiaodu.Tests.Audit;

/// <summary>The verify-audit verb: exit 0 with the count when whole, exit 1 with the broken sequence otherwise.</summary>
public sealed class AuditCommandLineTests(AuditApp app) : IClassFixture<AuditApp>
{
    [Fact]
    public async Task Verify_audit_exits_0_when_whole_and_1_at_the_first_broken_record()
    {
        // Changes made by a verb are the CLI's.
        (await app.RunVerbAsync("seed-demo")).Code.ShouldBe(0);
        var projects = await app.WithDbAsync(db => db.Projects.CountAsync());
        (await app.SearchAsync("actor=cli&entityType=Project&action=Create")).Total.ShouldBe(projects);
        (await app.SearchAsync("actor=cli")).Items[0].RemoteAddress.ShouldBeNull();

        var count = await app.AuditCountAsync();
        var (code, output, _) = await app.RunVerbAsync("verify-audit");
        code.ShouldBe(0);
        output.ShouldContain($"审计链完整，共 {count} 条");

        await app.ExecuteSqlAsync(Tampering.DropTriggers(app.Database.Provider));
        await app.ExecuteSqlAsync("""UPDATE "AuditEntries" SET "Summary" = '新建项目「无害」' WHERE "Sequence" = 300""");
        (code, _, var errors) = await app.RunVerbAsync("verify-audit");
        code.ShouldBe(1);
        errors.ShouldContain("第 300 条");
        (await app.VerifyAsync()).BrokenAt.ShouldBe(300);
    }
}
