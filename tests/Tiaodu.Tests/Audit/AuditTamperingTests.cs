using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Data.Migrations;
using Tiaodu.Core.Reference;

namespace Tiaodu.Tests.Audit;

/// <summary>
/// The database refuses to change audit rows; and when someone gets past that (the tests drop the
/// triggers in their throwaway database first), verification names the first broken record.
/// </summary>
public sealed class AuditTamperingTests
{
    private const int Records = 6;

    private static AuditEntry Forged(long sequence, string previousHash) =>
        new(new AuditEvent(new DateTime(2026, 11, 22, 2, 0, 0, DateTimeKind.Utc), "forger", "10.9.9.9", AuditAction.Delete, "Project", "1",
            "删除项目「伪造」", "{}", "{}"), sequence, previousHash);

    [Fact]
    public async Task A_migrated_database_has_the_append_only_triggers()
    {
        await using var chain = await ChainDatabase.CreateAsync(1);
        await using var db = chain.Open();
        string[] expected = chain.Provider == DatabaseProvider.Postgres
            ? ["AuditEntries_append_only", "AuditEntries_no_truncate"]
            : ["AuditEntries_no_delete", "AuditEntries_no_update"];
        (await Tampering.TriggerNamesAsync(db, chain.Provider)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("""UPDATE "AuditEntries" SET "Summary" = '篡改' WHERE "Sequence" = 2""")]
    [InlineData("""UPDATE "AuditEntries" SET "Actor" = 'someone'""")]
    [InlineData("""DELETE FROM "AuditEntries" WHERE "Sequence" = 2""")]
    [InlineData("DELETE FROM \"AuditEntries\"")]
    public async Task The_database_refuses_to_change_or_remove_audit_rows(string sql)
    {
        await using var chain = await ChainDatabase.CreateAsync(3);
        var before = await chain.EntriesAsync();

        var refused = await Should.ThrowAsync<DbException>(() => chain.ExecuteAsync(sql));

        refused.Message.ShouldContain(M0002Audit.Refusal);
        (await chain.EntriesAsync()).Select(e => (e.Sequence, e.Summary, e.Actor, e.Hash)).ShouldBe(before.Select(e => (e.Sequence, e.Summary, e.Actor, e.Hash)));
        (await chain.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task PostgreSQL_refuses_to_truncate_the_audit_table()
    {
        await using var chain = await ChainDatabase.CreateAsync(2);
        if (chain.Provider != DatabaseProvider.Postgres)
        {
            return; // SQLite has no TRUNCATE; DELETE without WHERE is covered above.
        }

        var refused = await Should.ThrowAsync<DbException>(() => chain.ExecuteAsync("""TRUNCATE "AuditEntries" """));
        refused.Message.ShouldContain(M0002Audit.Refusal);
        (await chain.EntriesAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_edited_record_is_reported_at_its_sequence()
    {
        await using var chain = await ChainDatabase.CreateAsync(Records);
        (await chain.VerifyAsync()).ShouldBe(new AuditChainReport(true, Records, null, null, Records, (await chain.EntriesAsync())[^1].Hash));
        await chain.ExecuteAsync(Tampering.DropTriggers(chain.Provider));

        await chain.ExecuteAsync("""UPDATE "AuditEntries" SET "Summary" = '新建标签「无害」' WHERE "Sequence" = 3""");

        var report = await chain.VerifyAsync();
        report.Intact.ShouldBeFalse();
        report.BrokenAt.ShouldBe(3);
        report.Problem!.ShouldContain("修改");
    }

    [Fact]
    public async Task An_edited_record_with_its_hash_recomputed_breaks_the_next_link()
    {
        await using var chain = await ChainDatabase.CreateAsync(Records);
        await chain.ExecuteAsync(Tampering.DropTriggers(chain.Provider));
        var third = (await chain.EntriesAsync())[2];
        var rewritten = new AuditEntry(new AuditEvent(third.At, third.Actor, third.RemoteAddress, third.Action, third.EntityType, third.EntityId,
            "新建标签「无害」", third.Before, third.After), third.Sequence, third.PreviousHash);

        await chain.ExecuteAsync($"""UPDATE "AuditEntries" SET "Summary" = '新建标签「无害」', "Hash" = '{rewritten.Hash}' WHERE "Sequence" = 3""");

        var report = await chain.VerifyAsync();
        report.BrokenAt.ShouldBe(4);
        report.Problem!.ShouldContain("链接不符");
    }

    [Fact]
    public async Task A_deleted_middle_record_is_reported_at_its_sequence()
    {
        await using var chain = await ChainDatabase.CreateAsync(Records);
        await chain.ExecuteAsync(Tampering.DropTriggers(chain.Provider));

        await chain.ExecuteAsync("""DELETE FROM "AuditEntries" WHERE "Sequence" = 4""");

        var report = await chain.VerifyAsync();
        report.Intact.ShouldBeFalse();
        report.BrokenAt.ShouldBe(4);
        report.Problem!.ShouldContain("删除");
    }

    [Fact]
    public async Task A_deleted_last_record_is_caught_by_the_recorded_head()
    {
        await using var chain = await ChainDatabase.CreateAsync(Records);
        await chain.ExecuteAsync(Tampering.DropTriggers(chain.Provider));

        await chain.ExecuteAsync($"""DELETE FROM "AuditEntries" WHERE "Sequence" = {Records}""");

        var report = await chain.VerifyAsync();
        report.BrokenAt.ShouldBe(Records);
        report.Problem!.ShouldContain("删除");
    }

    [Fact]
    public async Task A_forged_record_inserted_in_the_middle_is_reported_at_its_sequence()
    {
        await using var chain = await ChainDatabase.CreateAsync(Records);
        await chain.ExecuteAsync(Tampering.DropTriggers(chain.Provider));
        await chain.ExecuteAsync("""DROP INDEX "IX_AuditEntries_Sequence" """);
        var entries = await chain.EntriesAsync();

        // Correctly linked to record 2 and correctly hashed: only its place in the chain gives it away.
        await chain.InsertRawAsync(Forged(3, entries[1].Hash));

        var report = await chain.VerifyAsync();
        report.Intact.ShouldBeFalse();
        report.BrokenAt.ShouldBe(3);
    }

    [Fact]
    public async Task A_forged_record_with_a_made_up_link_is_reported_at_its_sequence()
    {
        await using var chain = await ChainDatabase.CreateAsync(Records);
        await chain.ExecuteAsync(Tampering.DropTriggers(chain.Provider));
        await chain.ExecuteAsync("""DROP INDEX "IX_AuditEntries_Sequence" """);
        await chain.ExecuteAsync("""UPDATE "AuditEntries" SET "Sequence" = "Sequence" + 1 WHERE "Sequence" >= 5""");

        // Records 5 and 6 renumbered to make room, the forgery put in at 5.
        await chain.InsertRawAsync(Forged(5, Sm3.HexOf("made up")));

        var report = await chain.VerifyAsync();
        report.BrokenAt.ShouldBe(5);
        report.Problem!.ShouldContain("链接不符");
    }

    [Fact]
    public async Task A_forged_record_appended_past_the_head_is_reported_at_its_sequence()
    {
        await using var chain = await ChainDatabase.CreateAsync(Records);
        var entries = await chain.EntriesAsync();

        // Inserting needs no dropped trigger; linked and hashed as a real record would be.
        await chain.InsertRawAsync(Forged(Records + 1, entries[^1].Hash));

        var report = await chain.VerifyAsync();
        report.Intact.ShouldBeFalse();
        report.BrokenAt.ShouldBe(Records + 1);
        report.Problem!.ShouldContain("伪造");
    }

    [Fact]
    public async Task A_failed_business_write_leaves_no_audit_record()
    {
        await using var chain = await ChainDatabase.CreateAsync(2);
        await using (var db = chain.Open())
        {
            db.People.Add(new Person("王审计", "测试", PersonRole.Leader, regionId: 987_654));
            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        (await chain.EntriesAsync()).Count.ShouldBe(2);
        (await chain.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_failed_audit_write_leaves_no_business_row()
    {
        await using var chain = await ChainDatabase.CreateAsync(2);
        await chain.ExecuteAsync(chain.Provider == DatabaseProvider.Postgres
            ? """
              CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$;
              CREATE TRIGGER test_refuse_insert BEFORE INSERT ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION test_refuse_audit();
              """
            : """CREATE TRIGGER test_refuse_insert BEFORE INSERT ON "AuditEntries" BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END""");

        await using (var db = chain.Open())
        {
            db.Tags.Add(new Tag("不应留下的标签", 99));
            (await Should.ThrowAsync<DbException>(() => db.SaveChangesAsync())).Message.ShouldContain("audit store unavailable");
        }

        await using var read = chain.Open();
        (await read.Tags.CountAsync(t => t.Name == "不应留下的标签")).ShouldBe(0);
        (await read.AuditHead.SingleAsync()).LastSequence.ShouldBe(2);
    }

    [Fact]
    public async Task Events_without_a_row_change_are_chained_with_the_given_actor_and_result()
    {
        await using var chain = await ChainDatabase.CreateAsync(1);
        var at = new DateTimeOffset(2026, 11, 22, 9, 30, 0, 123, TimeSpan.FromHours(8)).AddTicks(4567);
        await using (var db = chain.Open(new FixedActor("zhangsan", "192.168.3.4"), new Tiaodu.Tests.Infrastructure.FixedClock(at)))
        {
            await db.RecordAuditAsync(AuditAction.Login, "Account", "zhangsan", "登录失败：密码错误", AuditResult.Failure, CancellationToken.None);
        }

        var entry = (await chain.EntriesAsync())[^1];
        entry.Sequence.ShouldBe(2);
        (entry.Actor, entry.RemoteAddress, entry.Action, entry.Result).ShouldBe(("zhangsan", "192.168.3.4", AuditAction.Login, AuditResult.Failure));
        entry.At.ShouldBe(new DateTime(at.UtcTicks - 7, DateTimeKind.Utc), "kept to whole microseconds");
        (await chain.EntriesAsync())[0].Actor.ShouldBe("system");
        (await chain.VerifyAsync()).Intact.ShouldBeTrue();
    }

    private sealed record FixedActor(string Actor, string? RemoteAddress) : IAuditActor;
}
