using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Tests.Web;

/// <summary>
/// The audit administrator's page (/audit) as a browser uses it: the search form, the chain check and the
/// CSV export; every other role is turned away.
/// </summary>
public sealed class AuditPageTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    // ------------------------------------------------------------------ search

    [Fact]
    public async Task The_auditor_searches_by_actor_action_entity_and_platform_dates()
    {
        // A: 2026-11-12 10:00 (Beijing); B, C: 2026-11-22 10:00; D: 2026-11-13 00:30 Beijing, still 11-12 in UTC.
        await RecordAtAsync(FixedClock.Default.AddDays(-10), AuditAction.Export, "SearchTest", "901", "检索测试A", AuditResult.Success, "search.alpha");
        await RecordAtAsync(FixedClock.Default, AuditAction.Update, "SearchTest", "902", "检索测试B", AuditResult.Success, "search.alpha");
        await RecordAtAsync(FixedClock.Default, AuditAction.Export, "SearchTest", "901", "检索测试C", AuditResult.Failure, "search.beta");
        await RecordAtAsync(new DateTimeOffset(2026, 11, 13, 0, 30, 0, TimeSpan.FromHours(8)), AuditAction.Login, "SearchTest", "903", "检索测试D", AuditResult.Success, "search.gamma");

        using var auditor = await app.AdminClientAsync(Role.AuditAdmin);
        var page = await auditor.GetPageAsync("/audit");
        page.QuerySelector("#audit-entries").ShouldNotBeNull();

        async Task<List<string>> FindAsync(params (string Name, string Value)[] values)
        {
            var result = await auditor.GetPageAsync(AccountAdminPagesTests.FormUrl(page, "#audit-filter", values));
            result.QuerySelectorAll("[role=alert]").Where(a => a.ClassList.Contains("alert-danger")).ShouldBeEmpty();
            var rows = result.QuerySelectorAll("#audit-entries tbody tr[data-sequence]").Select(r => r.Children[6].TextContent.Trim()).ToList();
            result.QuerySelector("[data-total]")!.GetAttribute("data-total").ShouldBe(rows.Count.ToString(CultureInfo.InvariantCulture));
            return rows;
        }

        (await FindAsync(("actor", "search.alpha"))).ShouldBe(["检索测试B", "检索测试A"], "newest first");
        (await FindAsync(("action", "Export"), ("entityType", "SearchTest"))).ShouldBe(["检索测试C", "检索测试A"]);
        (await FindAsync(("entityType", "SearchTest"), ("entityId", "901"))).ShouldBe(["检索测试C", "检索测试A"]);
        (await FindAsync(("entityType", "SearchTest"), ("entityId", "999"))).ShouldBeEmpty();
        (await FindAsync(("actor", "search.alpha"), ("from", "2026-11-10"), ("to", "2026-11-12"))).ShouldBe(["检索测试A"]);
        (await FindAsync(("actor", "search.alpha"), ("from", "2026-11-13"))).ShouldBe(["检索测试B"]);
        (await FindAsync(("entityType", "SearchTest"), ("to", "2026-11-12"))).ShouldBe(["检索测试A"], "the end date is a Beijing day, not a UTC one");
        (await FindAsync(("entityType", "SearchTest"), ("from", "2026-11-13"), ("to", "2026-11-13"))).ShouldBe(["检索测试D"]);
        (await FindAsync(("actor", "search.alpha"), ("action", "Update"), ("entityType", "SearchTest"), ("entityId", "902"), ("from", "2026-11-22"), ("to", "2026-11-22")))
            .ShouldBe(["检索测试B"]);

        // The rows speak Chinese: the action, the result, the time in Beijing.
        var found = await auditor.GetPageAsync(AccountAdminPagesTests.FormUrl(page, "#audit-filter", [("actor", "search.beta")]));
        var row = found.QuerySelector("#audit-entries tbody tr[data-sequence]")!;
        row.Children[1].TextContent.Trim().ShouldBe("2026-11-22 10:00:00");
        row.Children[2].TextContent.Trim().ShouldBe("search.beta");
        row.Children[4].TextContent.Trim().ShouldBe("导出");
        row.Children[5].TextContent.ShouldContain("#901");
        row.Children[7].TextContent.Trim().ShouldBe("失败");
        found.QuerySelector("#q-actor")!.GetAttribute("value").ShouldBe("search.beta", "the form keeps the conditions");
    }

    [Fact]
    public async Task Unreadable_conditions_get_a_chinese_message_not_an_error()
    {
        using var auditor = await app.AdminClientAsync(Role.AuditAdmin);
        var page = await auditor.GetPageAsync("/audit");

        async Task<IHtmlDocument> FindAsync(params (string Name, string Value)[] values)
        {
            var response = await auditor.GetAsync(AccountAdminPagesTests.FormUrl(page, "#audit-filter", values));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return await response.ParseAsync();
        }

        var bad = await FindAsync(("from", "2026-13-45"));
        bad.QuerySelector("#q-from")!.ClassList.ShouldContain("is-invalid");
        bad.QuerySelector("#q-from")!.ParentElement!.QuerySelector(".invalid-feedback")!.TextContent.Trim().ShouldBe("日期应为 年-月-日 格式，如 2026-01-31");
        bad.QuerySelector("#q-from")!.GetAttribute("value").ShouldBe("2026-13-45", "what was typed is shown back");
        bad.QuerySelector("#audit-entries").ShouldBeNull("nothing is searched with an unreadable condition");

        var words = await FindAsync(("to", "昨天"));
        words.QuerySelector("#q-to")!.ParentElement!.QuerySelector(".invalid-feedback")!.TextContent.Trim().ShouldBe("日期应为 年-月-日 格式，如 2026-01-31");

        var backwards = await FindAsync(("from", "2026-11-20"), ("to", "2026-11-01"));
        backwards.QuerySelector("#q-to")!.ParentElement!.QuerySelector(".invalid-feedback")!.TextContent.Trim().ShouldBe("结束日期不能早于开始日期");

        var action = await auditor.GetAsync("/audit?action=Hack");
        action.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await action.ParseAsync()).QuerySelector("#q-action")!.ParentElement!.QuerySelector(".invalid-feedback")!.TextContent.Trim().ShouldBe("请选择有效的操作类型");

        // The export with an unreadable date goes back to the list rather than failing or exporting everything.
        var exports = await ExportCountAsync();
        var export = await auditor.GetAsync("/audit?handler=Export&from=2026-02-30");
        export.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        AccountAdminPagesTests.PathOf(export).ShouldStartWith("/audit");
        (await ExportCountAsync()).ShouldBe(exports);
    }

    // ------------------------------------------------------------------ chain

    [Fact]
    public async Task Checking_the_chain_reports_it_intact()
    {
        await RecordAtAsync(FixedClock.Default, AuditAction.Update, "ChainTest", "1", "校验测试", AuditResult.Success, "chain.check");
        using var auditor = await app.AdminClientAsync(Role.AuditAdmin);
        var page = await auditor.GetPageAsync("/audit");
        page.QuerySelector("#chain-result").ShouldBeNull();
        var verified = await auditor.GetPageAsync(page.QuerySelector("#verify-chain")!.GetAttribute("href")!);
        var result = verified.QuerySelector("#chain-result")!;
        result.GetAttribute("data-intact").ShouldBe("true");
        result.TextContent.ShouldContain("审计链完整");
        var total = await app.WithDbAsync(db => db.AuditEntries.LongCountAsync());
        var head = await app.WithDbAsync(db => db.AuditEntries.MaxAsync(e => e.Sequence));
        result.TextContent.ShouldContain("链头序号 " + head.ToString("#,##0", CultureInfo.InvariantCulture));
        result.TextContent.ShouldContain("共校验 " + total.ToString("#,##0", CultureInfo.InvariantCulture) + " 条记录");
        verified.QuerySelector("#audit-entries").ShouldNotBeNull("the results are still shown");
    }

    // ------------------------------------------------------------------ export

    [Fact]
    public async Task The_csv_export_is_excel_ready_safe_and_itself_audited()
    {
        const string Quoted = "修改项目「长春,一汽\"红旗\"基地」";
        const string Formula = "=HYPERLINK(\"http://evil.example\",\"点我\")";
        const string Multiline = "+1 第一行\n第二行";
        await RecordAtAsync(FixedClock.Default, AuditAction.Update, "CsvTest", "1", Quoted, AuditResult.Success, "csv.one");
        await RecordAtAsync(FixedClock.Default, AuditAction.Update, "CsvTest", "2", Formula, AuditResult.Success, "csv.two");
        await RecordAtAsync(FixedClock.Default, AuditAction.Delete, "CsvTest", "-3", Multiline, AuditResult.Failure, "@csv.three");

        using var auditor = await app.AdminClientAsync(Role.AuditAdmin);
        var auditorName = (await auditor.GetFromJsonAsync<AccountsApi.MeDto>("/api/me", Json.Options))!.UserName;
        var page = await auditor.GetPageAsync("/audit");
        var found = await auditor.GetPageAsync(AccountAdminPagesTests.FormUrl(page, "#audit-filter", [("entityType", "CsvTest")]));
        found.QuerySelectorAll("#audit-entries tbody tr[data-sequence]").Length.ShouldBe(3);
        var href = found.QuerySelector("#export-csv")!.GetAttribute("href")!;
        href.ShouldContain("handler=Export");
        href.ShouldContain("entityType=CsvTest");

        var response = await auditor.GetAsync(href);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentType.CharSet.ShouldBe("utf-8");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe("audit-20261122-1000.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "Excel needs the byte-order mark to read the Chinese text");
        var text = new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3);

        // Quotes doubled, fields with commas, quotes or line breaks quoted, formula starts neutralised.
        text.ShouldContain("\"修改项目「长春,一汽\"\"红旗\"\"基地」\"");
        text.ShouldContain("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\"");
        text.ShouldContain("\"'+1 第一行\n第二行\"");
        text.ShouldEndWith("\r\n");

        var records = ParseCsv(text);
        records[0].ShouldBe(["序号", "时间", "操作人", "来源地址", "操作类型", "对象类型", "对象编号", "摘要", "结果", "修改前", "修改后", "哈希"]);
        var rows = records.Skip(1).ToList();
        rows.Count.ShouldBe(3, "the export's own record is not in the file");
        rows.ShouldAllBe(r => r.Count == 12);
        rows.Select(r => r[7]).ShouldBe(["'" + Multiline, "'" + Formula, Quoted], "newest first, as searched");
        rows[0][2].ShouldBe("'@csv.three");
        rows[0][6].ShouldBe("'-3");
        rows[0][4].ShouldBe("删除");
        rows[0][8].ShouldBe("失败");
        rows[2][1].ShouldBe("2026-11-22 10:00:00");
        rows[2][2].ShouldBe("csv.one");
        rows[2][5].ShouldBe("CsvTest");
        rows[2][8].ShouldBe("成功");
        rows.ShouldAllBe(r => r[11].Length == 64);
        var stored = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "CsvTest").OrderByDescending(e => e.Sequence).ToListAsync());
        rows.Select(r => r[0]).ShouldBe(stored.Select(e => e.Sequence.ToString(CultureInfo.InvariantCulture)));
        rows.Select(r => r[11]).ShouldBe(stored.Select(e => e.Hash));

        // The export is on the record, by whom and of what.
        var export = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditAction.Export && e.EntityType == "AuditEntry").OrderByDescending(e => e.Sequence).FirstAsync());
        export.Actor.ShouldBe(auditorName);
        export.Result.ShouldBe(AuditResult.Success);
        export.Summary.ShouldBe("导出审计记录3条（对象类型=CsvTest）");
        export.Sequence.ShouldBeGreaterThan(stored.Max(e => e.Sequence));

        // ... and the chain is still intact afterwards.
        var verified = await auditor.GetPageAsync("/audit?handler=Verify");
        verified.QuerySelector("#chain-result")!.GetAttribute("data-intact").ShouldBe("true");
    }

    // ------------------------------------------------------------------ who may

    [Fact]
    public async Task Other_roles_are_sent_to_the_denied_page()
    {
        using var dispatch = app.Api();
        using var system = await app.AdminClientAsync(Role.SystemAdmin);
        using var security = await app.AdminClientAsync(Role.SecurityAdmin);
        var exports = await ExportCountAsync();
        foreach (var (who, client) in new[] { ("dispatch", dispatch), ("system", system), ("security", security) })
        {
            foreach (var url in new[] { "/audit", "/audit?handler=Verify", "/audit?handler=Export" })
            {
                var response = await client.GetAsync(url);
                response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{who} {url}");
                AccountAdminPagesTests.PathOf(response).ShouldStartWith("/account/denied", Case.Sensitive, $"{who} {url}");
                var body = await response.Content.ReadAsByteArrayAsync();
                body.Length.ShouldBe(0, $"{who} {url} gets nothing of the trail");
            }
        }

        var denied = await dispatch.GetAsync("/account/denied");
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ExportCountAsync()).ShouldBe(exports, "a refused export records no export");

        using var anonymous = app.Anonymous();
        var signIn = await anonymous.GetAsync("/audit");
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        AccountAdminPagesTests.PathOf(signIn).ShouldStartWith("/account/login");
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Records an event (as the sign-in page does for an unknown user) at a given moment.</summary>
    private async Task RecordAtAsync(DateTimeOffset at, AuditAction action, string type, string id, string summary, AuditResult result, string actor)
    {
        app.Clock.Now = at;
        try
        {
            await app.WithDbAsync(async db =>
            {
                await db.RecordAuditAsync(action, type, id, summary, result, actor, CancellationToken.None);
                return 0;
            });
        }
        finally
        {
            app.Clock.Now = FixedClock.Default;
        }
    }

    private Task<int> ExportCountAsync() =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditAction.Export && e.EntityType == "AuditEntry"));

    /// <summary>RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold anything with quotes doubled.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                field.Length.ShouldBe(0, "a quote may only open a field");
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        quoted.ShouldBeFalse("every quoted field is closed");
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
