using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Excel;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Attraction;

/// <summary>
/// 招商台账 imports: a generated table in the office layout (title, 亿元 unit line, two-level headers, stage sections,
/// 合计) reproduces its totals by stage and event; the same file again changes nothing; rollback restores; the
/// export reads back unchanged; bad rows and hostile files are refused in Chinese with nothing written.
/// </summary>
public sealed class LeadImportTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private static readonly (string Name, string Investor, string Origin, string Region, decimal IntendedYi, decimal? ContractYi, string Stage, string? Trip, string? Ceremony)[] Rows =
    [
        ("导入测试动力电池项目", "宁波锂电集团", "浙江省", "昌邑区", 12.5m, 11m, "签约", "导入测试赴浙招商", "导入测试集中签约"),
        ("导入测试港航物流项目", "天津港航集团", "天津市", "龙潭区", 8m, 7.5m, "选址落位", "导入测试赴津招商", "导入测试集中签约"),
        ("导入测试冷链项目", "粤海冷链公司", "广东省", "船营区", 3.2m, null, "在谈", "导入测试赴津招商", null),
        ("导入测试光伏项目", "隆基光伏公司", "陕西省", "丰满区", 20m, null, "线索", null, null),
    ];

    private static byte[] Workbook()
    {
        TableColumn[] columns =
        [
            new("序号", CellKind.WholeNumber), new("项目名称", CellKind.Text), new("投资方", CellKind.Text), new("来源地", CellKind.Text),
            new("落地区域", CellKind.Text), new("意向投资", CellKind.Money, "投资额", Sum: true), new("协议投资额", CellKind.Money, "投资额", Sum: true),
            new("项目进展", CellKind.Text), new("签约时间", CellKind.Date), new("招商活动", CellKind.Text), new("签约活动", CellKind.Text),
        ];
        var sections = Rows.GroupBy(r => r.Stage).Select(g => new TableSection(g.Key, [.. g.Select(r => new object?[]
        {
            null, r.Name, r.Investor, r.Origin, r.Region, r.IntendedYi, r.ContractYi, r.Stage, new DateOnly(2026, 6, 18), r.Trip, r.Ceremony,
        })])).ToList();
        var table = new LedgerTable("吉林市2026年招商引资项目推进表", "单位：亿元", "截至2026年11月20日", columns, sections, "招商台账", ["注：阶段以最新进展为准。"]);
        using var output = new MemoryStream();
        LedgerWorkbookWriter.WriteXlsx(table, output);
        return output.ToArray();
    }

    private static async Task<AttractionApi.PreviewDto> UploadAsync(HttpClient client, byte[] bytes, string fileName, HttpStatusCode expect = HttpStatusCode.OK)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent("220200"), "region");
        var response = await client.PostAsync("/api/lead-imports", form);
        if (expect != HttpStatusCode.OK)
        {
            response.StatusCode.ShouldBe(expect, await response.Content.ReadAsStringAsync());
            return null!;
        }

        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<AttractionApi.PreviewDto>(Json.Options))!;
    }

    private static async Task<AttractionApi.PreviewDto> CommitAsync(HttpClient client, int id)
    {
        var response = await client.PostAsync($"/api/lead-imports/{id}/commit", null);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<AttractionApi.PreviewDto>(Json.Options))!;
    }

    [Fact]
    public async Task A_generated_ledger_reproduces_its_totals_imports_once_and_rolls_back()
    {
        using var office = app.Api();
        var file = Workbook();
        var first = await UploadAsync(office, file, "招商台账.xlsx");
        first.Preview.Errors.ShouldBe(0, string.Join("；", first.Preview.Rows.SelectMany(r => r.Errors)));
        first.Preview.New.ShouldBe(4);
        first.Preview.Columns.Single(c => c.Field == LeadColumn.Contract).Unit.Unit.ShouldBe("亿元");
        first.Preview.ByStage.Single(t => t.Name == "签约").Amount.ShouldBe(110_000m);
        first.Preview.ByEvent.Single(t => t.Name == "导入测试集中签约").ShouldBe(new LeadImportTotal("导入测试集中签约", 2, 185_000m));
        (await app.WithDbAsync(db => db.Leads.CountAsync(l => l.Name.StartsWith("导入测试")))).ShouldBe(0);

        var applied = await CommitAsync(office, first.Id);
        applied.Preview.New.ShouldBe(4);
        (await office.PostAsync($"/api/lead-imports/{first.Id}/commit", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // The pipeline now adds up as the file did, by stage and by event.
        var figures = (await office.GetFromJsonAsync<PipelineView>("/api/leads/figures?region=220200&q=" + Uri.EscapeDataString("导入测试") + "&year=2026", Json.Options))!;
        figures.ByStage.Single(g => g.Name == "签约").Amount.ShouldBe(110_000m);
        figures.ByStage.Single(g => g.Name == "选址落位").Amount.ShouldBe(75_000m);
        figures.ByStage.Single(g => g.Name == "在谈").Amount.ShouldBe(32_000m);
        figures.ByEvent.Single(g => g.Name == "导入测试集中签约").Amount.ShouldBe(185_000m);
        figures.ByEvent.Single(g => g.Name == "导入测试赴津招商").Leads.ShouldBe(2);
        var events = (await office.GetFromJsonAsync<List<EventRow>>("/api/attraction-events", Json.Options))!;
        events.Single(e => e.Name == "导入测试集中签约").Kind.ShouldBe(EventKind.Ceremony);

        // The same file again changes nothing.
        var again = await UploadAsync(office, file, "招商台账（再次）.xlsx");
        again.Preview.Unchanged.ShouldBe(4, string.Join("；", again.Preview.Rows.Select(r => r.Outcome + " " + string.Join(",", r.Warnings))));
        var audit = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        var second = await CommitAsync(office, again.Id);
        second.Preview.New.ShouldBe(0);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync())).ShouldBe(audit + 1);

        // Rolling back the first import removes its leads and the events it created.
        (await office.PostAsync($"/api/lead-imports/{first.Id}/rollback", null)).EnsureSuccessStatusCode();
        (await app.WithDbAsync(db => db.Leads.CountAsync(l => l.Name.StartsWith("导入测试")))).ShouldBe(0);
        (await app.WithDbAsync(db => db.AttractionEvents.CountAsync(e => e.Name.StartsWith("导入测试")))).ShouldBe(0);
        (await office.PostAsync($"/api/lead-imports/{first.Id}/rollback", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_export_imports_back_unchanged_and_a_later_edit_blocks_the_rollback()
    {
        using var office = app.Api();
        var region = await app.RegionIdAsync("220211");
        foreach (var (name, stage) in new[] { ("回读测试甲", LeadStage.Negotiating), ("回读测试乙", LeadStage.Clue) })
        {
            (await office.PostAsJsonAsync("/api/leads", new AttractionApi.LeadBody(new LeadDetails
            {
                Name = name, Investor = name + "公司", Origin = "天津市", FromPartner = true, RegionId = region, IntendedInvestment = 12_345.5m, ContactPhone = "13912345678",
                Stage = stage,
            }, new DateOnly(2026, 5, 1)), Json.Options)).EnsureSuccessStatusCode();
        }

        var export = await office.GetByteArrayAsync("/api/leads/export?format=xlsx&region=220211&q=" + Uri.EscapeDataString("回读测试"));
        var preview = await UploadAsync(office, export, "导出.xlsx");
        preview.Preview.Rows.Select(r => r.Outcome).ShouldBe([LeadRowOutcome.Unchanged, LeadRowOutcome.Unchanged]);

        // A changed amount is an update; after it is applied, editing the lead blocks the rollback.
        var csv = "项目名称,投资方,落地区域,意向投资额（万元）,所处阶段\n回读测试甲,回读测试甲公司,丰满区,20000,拟签约\n";
        var changed = await UploadAsync(office, Encoding.GetEncoding("GB18030").GetBytes(csv), "修改.csv");
        changed.Preview.Rows.Single().Outcome.ShouldBe(LeadRowOutcome.Update);
        await CommitAsync(office, changed.Id);
        var lead = (await office.GetFromJsonAsync<LeadPage>("/api/leads?q=" + Uri.EscapeDataString("回读测试甲"), Json.Options))!.Rows.Single();
        (lead.Stage, lead.IntendedInvestment).ShouldBe((LeadStage.AboutToSign, 20_000m));
        var detail = (await office.GetFromJsonAsync<AttractionApi.LeadDto>($"/api/leads/{lead.Id}", Json.Options))!;
        detail.ContactPhone.ShouldBe("139****5678");
        (await office.PostAsJsonAsync($"/api/leads/{lead.Id}/move", new AttractionApi.MoveBody(LeadStage.Contracted, null, 18_000m, null, null, detail.Version), Json.Options)).EnsureSuccessStatusCode();
        var blocked = await office.PostAsync($"/api/lead-imports/{changed.Id}/rollback", null);
        blocked.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await blocked.Content.ReadAsStringAsync()).ShouldContain("回读测试甲");
    }

    [Fact]
    public async Task Bad_rows_and_hostile_files_are_refused_in_chinese_and_nothing_is_written()
    {
        using var office = app.Api();
        var csv = "项目名称,投资方,落地区域,意向投资额（万元）,所处阶段\n坏行测试甲,,丰满区,100,在谈\n坏行测试乙,某公司,火星区,100,在谈\n坏行测试丙,某公司,丰满区,一百,签约\n坏行测试丁,某公司,朝阳区,100,在谈\n";
        var preview = await UploadAsync(office, Encoding.UTF8.GetBytes(csv), "坏行.csv");
        var errors = preview.Preview.Rows.Select(r => string.Join("；", r.Errors)).ToList();
        errors[0].ShouldContain("缺少投资方");
        errors[1].ShouldContain("无法识别落地区域「火星区」");
        errors[2].ShouldContain("意向投资额不是有效的金额");
        errors[3].ShouldBeEmpty();
        var refused = await office.PostAsync($"/api/lead-imports/{preview.Id}/commit", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("3 行错误");
        (await app.WithDbAsync(db => db.Leads.CountAsync(l => l.Name.StartsWith("坏行测试")))).ShouldBe(0);

        await UploadAsync(office, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5], "坏.xlsx", HttpStatusCode.BadRequest);
        await UploadAsync(office, Encoding.UTF8.GetBytes("随便写的文字，没有表头\n第二行\n"), "无表头.csv", HttpStatusCode.BadRequest);

        // Another account sees neither the file nor its preview; a leader cannot import at all.
        await app.CreateAccountAsync("lead.import.other", [Core.Accounts.Role.DispatchOffice], "220200");
        using var other = app.ClientFor("lead.import.other");
        (await other.GetAsync($"/api/lead-imports/{preview.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await app.CreateAccountAsync("lead.import.leader", [Core.Accounts.Role.CityLeader], "220200");
        using var leader = app.ClientFor("lead.import.leader");
        (await leader.GetAsync("/api/lead-imports")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Columns_mapped_by_hand_are_saved_reused_and_a_signed_row_without_contract_takes_the_intended_amount()
    {
        using var office = app.Api();
        var csv = "项目名称,合作企业,落地区域,意向投资额（万元）,所处阶段,经办人备注\n映射测试甲,甲方集团,永吉县,5000,签约,首签\n映射测试乙,乙方集团,永吉县,800,在谈,\n";
        var first = await UploadAsync(office, Encoding.UTF8.GetBytes(csv), "映射.csv");
        first.Preview.FileErrors.ShouldContain(e => e.Contains("没有「投资方」列"));
        first.Preview.Errors.ShouldBeGreaterThan(0);
        first.Preview.Headers.Select(h => h.Letter).ShouldBe(["A", "B", "C", "D", "E", "F"]);
        (await office.PostAsync($"/api/lead-imports/{first.Id}/commit", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // B is the investor; F is the notes; saved under a name for next month's file.
        var mapped = await office.PutAsJsonAsync($"/api/lead-imports/{first.Id}/columns",
            new AttractionApi.ColumnsBody(new Dictionary<int, string> { [1] = nameof(LeadColumn.Investor), [5] = nameof(LeadColumn.Notes) }, "永吉县招商台账"), Json.Options);
        await mapped.EnsureSuccessAsync();
        var preview = (await mapped.Content.ReadFromJsonAsync<AttractionApi.PreviewDto>(Json.Options))!.Preview;
        preview.FileErrors.ShouldBeEmpty();
        preview.Errors.ShouldBe(0, string.Join("；", preview.Rows.SelectMany(r => r.Errors)));
        preview.Headers.Single(h => h.Letter == "B").ByUser.ShouldBeTrue();
        preview.Rows[0].Warnings.ShouldContain("未填签约额，按意向投资额计为签约额");
        (await office.PutAsJsonAsync($"/api/lead-imports/{first.Id}/columns",
            new AttractionApi.ColumnsBody(new Dictionary<int, string> { [2] = "Nonsense" }), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await CommitAsync(office, first.Id);
        var signed = await app.WithDbAsync(db => db.Leads.SingleAsync(l => l.Name == "映射测试甲"));
        (signed.Investor, signed.ContractInvestment, signed.Notes).ShouldBe(("甲方集团", 5_000m, "首签"));

        // The saved mapping reads next month's file of the same layout without any hand work.
        var mappings = (await office.GetFromJsonAsync<List<AttractionApi.MappingDto>>("/api/lead-imports/mappings", Json.Options))!;
        var saved = mappings.Single(m => m.Name == "永吉县招商台账");
        (await office.GetStringAsync("/api/imports/mappings")).ShouldNotContain("永吉县招商台账");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv.Replace("映射测试乙,乙方集团,永吉县,800", "映射测试乙,乙方集团,永吉县,900", StringComparison.Ordinal))), "file", "映射-12月.csv");
        form.Add(new StringContent(saved.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), "mappingId");
        var next = await office.PostAsync("/api/lead-imports", form);
        await next.EnsureSuccessAsync();
        var again = (await next.Content.ReadFromJsonAsync<AttractionApi.PreviewDto>(Json.Options))!.Preview;
        again.Errors.ShouldBe(0);
        again.Rows.Select(r => r.Outcome).ShouldBe([LeadRowOutcome.Unchanged, LeadRowOutcome.Update]);
    }

    [Fact]
    public async Task A_file_confirmed_on_the_page_is_written_in_the_background_and_can_be_followed()
    {
        using var office = app.Api();
        var csv = new StringBuilder("项目名称,投资方,落地区域,意向投资额（万元）,所处阶段\n");
        for (var i = 1; i <= 450; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"后台测试项目{i:000},后台测试集团{i:000},磐石市,{100 + i},在谈\n");
        }

        var uploaded = await UploadAsync(office, Encoding.UTF8.GetBytes(csv.ToString()), "后台.csv");
        uploaded.Preview.New.ShouldBe(450);
        var confirm = await office.PostAsync("/attraction/import?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = uploaded.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["version"] = uploaded.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        confirm.Headers.Location!.ToString().ShouldBe($"/attraction/import?id={uploaded.Id}");

        AttractionApi.ImportDto? done = null;
        for (var attempt = 0; attempt < 120 && done is null; attempt++)
        {
            var import = (await office.GetFromJsonAsync<List<AttractionApi.ImportDto>>("/api/lead-imports", Json.Options))!.Single(i => i.Id == uploaded.Id);
            done = import.Status is LeadImportStatus.Applied or LeadImportStatus.Failed ? import : null;
            await Task.Delay(250);
        }

        done.ShouldNotBeNull("the worker did not finish the import");
        (done.Status, done.Created, done.Message).ShouldBe((LeadImportStatus.Applied, 450, (string?)null));
        (await app.WithDbAsync(db => db.Leads.CountAsync(l => l.Name.StartsWith("后台测试项目")))).ShouldBe(450);
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(LeadImport) && a.EntityId == uploaded.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync());
        audit.ShouldHaveSingleItem().Actor.ShouldBe(app.Tester);
        (await office.GetStringAsync($"/attraction/import?id={uploaded.Id}")).ShouldContain("id=\"import-applied\"");

        // Confirming again is refused; the file is written once.
        var twice = await office.PostAsync("/attraction/import?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = uploaded.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["version"] = uploaded.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        (await twice.Content.ReadAsStringAsync()).ShouldContain("该记录已被他人修改");
    }

    [Fact]
    public async Task The_command_line_previews_imports_and_uses_a_saved_mapping()
    {
        var path = Path.Combine(Path.GetTempPath(), "招商台账-" + Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllTextAsync(path, "项目名称,客商单位,落地区域,意向投资额（亿元）,所处阶段\n命令行测试项目,命令行测试集团,舒兰市,2.5,拟签约\n", Encoding.UTF8);
        try
        {
            var (refusedCode, refusedOut, refusedErrors) = await app.RunVerbAsync("import-leads", path, "--dry-run");
            refusedCode.ShouldBe(1, refusedOut + refusedErrors);
            refusedOut.ShouldContain("没有「投资方」列");

            await app.WithDbAsync(async db =>
            {
                db.ImportMappings.Add(new Core.Imports.ImportMapping("命令行方案", null, "{\"客商单位\":\"Investor\"}", DateTime.UtcNow, Core.Imports.ImportMapping.Leads));
                return await db.SaveChangesAsync();
            });
            var (dryCode, dryOut, _) = await app.RunVerbAsync("import-leads", path, "--mapping", "命令行方案", "--dry-run");
            dryCode.ShouldBe(0, dryOut);
            dryOut.ShouldContain("B「客商单位」→投资方");
            dryOut.ShouldContain("试运行");
            (await app.WithDbAsync(db => db.Leads.CountAsync(l => l.Name == "命令行测试项目"))).ShouldBe(0);

            var (code, output, errors) = await app.RunVerbAsync("import-leads", path, "--mapping", "命令行方案");
            code.ShouldBe(0, output + errors);
            output.ShouldContain("已导入：新增1");
            var lead = await app.WithDbAsync(db => db.Leads.SingleAsync(l => l.Name == "命令行测试项目"));
            (lead.Investor, lead.IntendedInvestment, lead.Stage).ShouldBe(("命令行测试集团", 25_000m, LeadStage.AboutToSign));

            (await app.RunVerbAsync("import-leads", path, "--mapping", "没有这个方案")).Code.ShouldBe(2);
            (await app.RunVerbAsync("import-leads", path, "--sheet", "2")).Code.ShouldBe(2);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
