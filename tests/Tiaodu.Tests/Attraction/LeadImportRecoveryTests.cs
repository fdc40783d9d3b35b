using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Imports;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Attraction;

/// <summary>
/// What happens to a 招商台账 import when things go wrong between its confirmation and its commit — a cancelled
/// request, a permission lost, an instance that died, an import kept by an older version — and to the saved
/// mappings and rollbacks around it: never left "being written", never written with the wrong rights or columns.
/// </summary>
public sealed class LeadImportRecoveryTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    /// <summary>The uploader as the importer sees it, with or without the right to import.</summary>
    private sealed class Uploader(int accountId, string name, bool canImport) : ICurrentUser
    {
        public int? AccountId => accountId;
        public string Name => name;
        public bool Has(Permission permission) => canImport || permission != Permission.EditLedger;
        public Task<AccessScope> ScopeAsync(CancellationToken ct) => SystemUser.Instance.ScopeAsync(ct);
    }

    private static byte[] Csv(string prefix, int rows)
    {
        var csv = new StringBuilder("项目名称,投资方,落地区域,意向投资额（万元）,所处阶段\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{prefix}{i:000},{prefix}集团{i:000},桦甸市,{100 + i},在谈\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task<AttractionApi.PreviewDto> UploadAsync(HttpClient client, byte[] bytes, string fileName, int? mappingId = null)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", fileName);
        form.Add(new StringContent("220200"), "region");
        if (mappingId is { } id)
        {
            form.Add(new StringContent(id.ToString(CultureInfo.InvariantCulture)), "mappingId");
        }

        var response = await client.PostAsync("/api/lead-imports", form);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<AttractionApi.PreviewDto>(Json.Options))!;
    }

    private Task<LeadImport> ImportAsync(int id) => app.WithDbAsync(db => db.LeadImports.AsNoTracking().SingleAsync(i => i.Id == id));

    private Task<int> LeadsAsync(string prefix) => app.WithDbAsync(db => db.Leads.CountAsync(l => l.Name.StartsWith(prefix)));

    private Task<T> AsUploaderAsync<T>(bool canImport, Func<ImportLeads, TiaoduDb, Task<T>> action) => app.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<TiaoduDb>();
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.UserName == app.Tester);
        var leads = ActivatorUtilities.CreateInstance<ImportLeads>(services, new Uploader(account.Id, app.Tester, canImport));
        return await action(leads, db);
    });

    /// <summary>Puts the import in the state a worker leaves it in when it claims it (not through the queue, which the running worker would take).</summary>
    private Task<int> ClaimAsync(int id, DateTime at) => app.WithDbAsync(async db =>
    {
        var import = await db.LeadImports.SingleAsync(i => i.Id == id);
        import.Start(import.Rows, at);
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_claimed_import_that_cannot_be_written_is_left_failed_with_its_reason_and_can_be_confirmed_again()
    {
        using var office = app.Api();
        const string prefix = "恢复测试项目";
        var uploaded = await UploadAsync(office, Csv(prefix, 450), "恢复.csv");
        uploaded.Preview.New.ShouldBe(450);

        // A request cancelled half-way (after the first 200 rows were saved inside the transaction).
        using var cancel = new CancellationTokenSource();
        await Should.ThrowAsync<OperationCanceledException>(() => AsUploaderAsync(canImport: true, (leads, _) =>
            leads.ApplyAsync(uploaded.Id, cancel.Token, progress: _ => cancel.Cancel())));
        var cancelled = await ImportAsync(uploaded.Id);
        (cancelled.Status, cancelled.Message).ShouldBe((LeadImportStatus.Failed, ImportClaims.Interrupted));
        (await LeadsAsync(prefix)).ShouldBe(0, "nothing of a cancelled import is written");
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(LeadImport) && a.EntityId == uploaded.Id.ToString(CultureInfo.InvariantCulture)
            && a.Result == AuditResult.Failure))).ShouldBe(1);

        // A worker's claim, when the uploader has since lost the right to import.
        await ClaimAsync(uploaded.Id, DateTime.UtcNow);
        await Should.ThrowAsync<ForbiddenException>(() => AsUploaderAsync(canImport: false, (leads, _) =>
            leads.ApplyAsync(uploaded.Id, CancellationToken.None, claimed: true)));
        var refused = await ImportAsync(uploaded.Id);
        refused.Status.ShouldBe(LeadImportStatus.Failed);
        refused.Message.ShouldNotBeNull().ShouldContain("不能导入招商台账");

        // An instance that died holding the claim: released once the claim is old and nobody holds its row.
        await ClaimAsync(uploaded.Id, DateTime.UtcNow - ImportClaims.Grace - TimeSpan.FromMinutes(1));
        var provider = await app.WithDbAsync(db => Task.FromResult(db.Database.IsNpgsql()));
        if (provider)
        {
            // While a live write holds the row, the claim is not touched.
            await app.WithDbAsync(async writer =>
            {
                await using var tx = await writer.Database.BeginTransactionAsync();
                await ImportClaims.HoldAsync(writer, "LeadImports", uploaded.Id, CancellationToken.None);
                await app.WithDbAsync(sweeper => ImportClaims.ReleaseStaleAsync(sweeper, DateTime.UtcNow, ImportClaims.Grace, CancellationToken.None));
                (await ImportAsync(uploaded.Id)).Status.ShouldBe(LeadImportStatus.Applying);
                await tx.RollbackAsync();
                return 0;
            });
            await app.WithDbAsync(sweeper => ImportClaims.ReleaseStaleAsync(sweeper, DateTime.UtcNow, ImportClaims.Grace, CancellationToken.None));
        }
        else
        {
            (await app.WithDbAsync(db => ImportClaims.ReleaseStaleAsync(db, DateTime.UtcNow, ImportClaims.Grace, CancellationToken.None))).ShouldBe(0, "SQLite releases claims at start");
            await app.WithDbAsync(async db =>
            {
                await ImportClaims.ReleaseAllAsync(db, CancellationToken.None);
                return 0;
            });
        }

        var released = await ImportAsync(uploaded.Id);
        (released.Status, released.Message).ShouldBe((LeadImportStatus.Failed, ImportClaims.Interrupted));

        // After all that, confirming again writes the whole file once.
        var (applied, _) = await AsUploaderAsync(canImport: true, (leads, _) => leads.ApplyAsync(uploaded.Id, CancellationToken.None));
        (applied.Status, applied.Created).ShouldBe((LeadImportStatus.Applied, 450));
        (await LeadsAsync(prefix)).ShouldBe(450);

        // Each created lead has its audit record, appended at the end of the import, and the chain holds.
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Lead) && a.Summary.Contains(prefix)))).ShouldBe(450);
        var chain = await app.WithServicesAsync(s => s.GetRequiredService<VerifyAuditChain>().HandleAsync(CancellationToken.None));
        chain.Intact.ShouldBeTrue(chain.Problem);
    }

    [Fact]
    public async Task A_queued_import_without_an_account_is_sent_back_not_written_as_the_system()
    {
        using var office = app.Api();
        const string prefix = "无账号测试项目";
        var uploaded = await UploadAsync(office, Csv(prefix, 3), "无账号.csv");

        // As an older version left it: queued, with no account recorded.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"LeadImports\" SET \"AccountId\" = NULL, \"Status\" = 'Queued', \"Version\" = \"Version\" + 1 WHERE \"Id\" = {0}", uploaded.Id));
        LeadImport? import = null;
        for (var attempt = 0; attempt < 120 && import?.Status != LeadImportStatus.Failed; attempt++)
        {
            await Task.Delay(250);
            import = await ImportAsync(uploaded.Id);
        }

        import.ShouldNotBeNull().Status.ShouldBe(LeadImportStatus.Failed);
        import.Message.ShouldBe("无法确定确认导入的账号，请重新确认导入");
        (await LeadsAsync(prefix)).ShouldBe(0);
    }

    [Fact]
    public async Task A_saved_mapping_is_copied_into_the_file_changed_only_by_its_owner_and_a_hand_choice_beats_a_detected_column()
    {
        using var office = app.Api();

        // 投资方 (B) is recognised by itself; the office means 合作企业 (C). Chosen by hand, C wins and B is not read.
        var csv = Encoding.UTF8.GetBytes("项目名称,投资方,合作企业,落地区域,意向投资额（万元）\n方案测试项目,联系人单位,真正的投资方,桦甸市,600\n");
        var first = await UploadAsync(office, csv, "方案.csv");
        first.Preview.Headers.Single(h => h.Letter == "B").Field.ShouldBe(LeadColumn.Investor);
        var mapped = await office.PutAsJsonAsync($"/api/lead-imports/{first.Id}/columns",
            new AttractionApi.ColumnsBody(new Dictionary<int, string> { [2] = nameof(LeadColumn.Investor) }, "桦甸市合作企业方案"), Json.Options);
        await mapped.EnsureSuccessAsync();
        var preview = (await mapped.Content.ReadFromJsonAsync<AttractionApi.PreviewDto>(Json.Options))!.Preview;
        preview.Headers.Single(h => h.Letter == "C").Field.ShouldBe(LeadColumn.Investor);
        preview.Headers.Single(h => h.Letter == "B").Field.ShouldBeNull();
        preview.FileWarnings.ShouldBeEmpty();
        preview.Errors.ShouldBe(0);

        // Next month's file starts from the saved mapping, which is copied into it.
        var saved = (await office.GetFromJsonAsync<List<AttractionApi.MappingDto>>("/api/lead-imports/mappings", Json.Options))!.Single(m => m.Name == "桦甸市合作企业方案");
        var next = await UploadAsync(office, csv, "方案-12月.csv", saved.Id);
        next.Preview.Headers.Single(h => h.Letter == "C").Field.ShouldBe(LeadColumn.Investor);

        // A choice made for this file beats the saved mapping it started from.
        var overridden = await office.PutAsJsonAsync($"/api/lead-imports/{next.Id}/columns",
            new AttractionApi.ColumnsBody(new Dictionary<int, string> { [1] = nameof(LeadColumn.Investor) }), Json.Options);
        await overridden.EnsureSuccessAsync();
        var chosen = (await overridden.Content.ReadFromJsonAsync<AttractionApi.PreviewDto>(Json.Options))!.Preview;
        (chosen.Headers.Single(h => h.Letter == "B").Field, chosen.Headers.Single(h => h.Letter == "C").Field).ShouldBe((LeadColumn.Investor, (LeadColumn?)null));
        chosen.FileWarnings.ShouldBeEmpty();

        // Back to the saved mapping's choice for the rest of the test.
        (await office.PutAsJsonAsync($"/api/lead-imports/{next.Id}/columns",
            new AttractionApi.ColumnsBody(new Dictionary<int, string> { [1] = LeadImportOptions.Ignore, [2] = nameof(LeadColumn.Investor) }), Json.Options)).EnsureSuccessStatusCode();

        // Another importer may not replace it; a concurrent save under one new name never fails with a 500.
        await app.CreateAccountAsync("mapping-other", [Role.DispatchOffice], "220200");
        using var other = app.ClientFor("mapping-other");
        var theirs = await UploadAsync(other, csv, "他人.csv");
        var replaced = await other.PutAsJsonAsync($"/api/lead-imports/{theirs.Id}/columns",
            new AttractionApi.ColumnsBody(new Dictionary<int, string> { [2] = LeadImportOptions.Ignore }, "桦甸市合作企业方案"), Json.Options);
        replaced.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await replaced.Content.ReadAsStringAsync()).ShouldContain("已有他人保存的方案");

        // The owner changes the saved mapping; the file uploaded with it still reads as it did when it was uploaded.
        (await office.PutAsJsonAsync($"/api/lead-imports/{first.Id}/columns",
            new AttractionApi.ColumnsBody(new Dictionary<int, string> { [2] = LeadImportOptions.Ignore }, "桦甸市合作企业方案"), Json.Options)).EnsureSuccessStatusCode();
        var kept = (await office.GetFromJsonAsync<AttractionApi.PreviewDto>($"/api/lead-imports/{next.Id}", Json.Options))!.Preview;
        kept.Headers.Single(h => h.Letter == "C").Field.ShouldBe(LeadColumn.Investor);

        var a = await UploadAsync(office, csv, "并发甲.csv");
        var b = await UploadAsync(other, csv, "并发乙.csv");
        var both = await Task.WhenAll(
            office.PutAsJsonAsync($"/api/lead-imports/{a.Id}/columns", new AttractionApi.ColumnsBody(new Dictionary<int, string> { [2] = nameof(LeadColumn.Investor) }, "同时保存的方案"), Json.Options),
            other.PutAsJsonAsync($"/api/lead-imports/{b.Id}/columns", new AttractionApi.ColumnsBody(new Dictionary<int, string> { [2] = nameof(LeadColumn.Investor) }, "同时保存的方案"), Json.Options));
        both.Select(r => r.StatusCode).ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.BadRequest || s == HttpStatusCode.Conflict);
        both.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        (await app.WithDbAsync(db => db.ImportMappings.CountAsync(m => m.Name == "同时保存的方案"))).ShouldBe(1);
    }

    [Fact]
    public async Task An_import_whose_lead_has_documents_since_is_not_rolled_back_until_they_are_removed()
    {
        using var office = app.Api();
        const string prefix = "材料撤销测试项目";
        var uploaded = await UploadAsync(office, Csv(prefix, 2), "材料撤销.csv");
        (await office.PostAsync($"/api/lead-imports/{uploaded.Id}/commit", null)).EnsureSuccessStatusCode();
        var leadId = await app.WithDbAsync(db => db.Leads.Where(l => l.Name == prefix + "001").Select(l => l.Id).SingleAsync());
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent("%PDF-1.4\n% 协议\n"u8.ToArray()), "file", "投资协议.pdf");
            (await office.PostAsync($"/api/leads/{leadId}/documents", form)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var refused = await office.PostAsync($"/api/lead-imports/{uploaded.Id}/rollback", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("已添加材料");
        (await LeadsAsync(prefix)).ShouldBe(2);

        var document = (await office.GetFromJsonAsync<List<AttractionApi.DocumentDto>>($"/api/leads/{leadId}/documents", Json.Options))!.Single();
        (await office.DeleteAsync($"/api/lead-documents/{document.Id}")).EnsureSuccessStatusCode();
        (await office.PostAsync($"/api/lead-imports/{uploaded.Id}/rollback", null)).EnsureSuccessStatusCode();
        (await LeadsAsync(prefix)).ShouldBe(0);
    }
}
