using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Attraction;

/// <summary>
/// The investment-attraction pipeline through the API: stage moves with their rules, drop and revive, ceremonies,
/// conversion into a ledger project whose later figures flow back, the figures, the export and the jurisdiction.
/// Each test uses its own district of 吉林市 so they do not count each other's leads.
/// </summary>
public sealed class AttractionTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    private async Task<AttractionApi.LeadDto> CreateAsync(HttpClient client, string name, string region, decimal intended, LeadStage stage = LeadStage.Clue,
        DateOnly? on = null, int? sourceEvent = null, string? origin = "天津市", decimal? contract = null) =>
        await ReadAsync<AttractionApi.LeadDto>(await client.PostAsJsonAsync("/api/leads", new AttractionApi.LeadBody(new LeadDetails
        {
            Name = name, Investor = name + "投资集团", Origin = origin, FromPartner = origin == "天津市", RegionId = await app.RegionIdAsync(region),
            IntendedInvestment = intended, ContractInvestment = contract, SourceEventId = sourceEvent, Stage = stage, ContactName = "王经理", ContactPhone = "13912345678",
        }, on), Json.Options));

    private static async Task<AttractionApi.LeadDto> MoveAsync(HttpClient client, AttractionApi.LeadDto lead, LeadStage stage, DateOnly on, decimal? contract = null, int? ceremony = null) =>
        await ReadAsync<AttractionApi.LeadDto>(await client.PostAsJsonAsync($"/api/leads/{lead.Id}/move",
            new AttractionApi.MoveBody(stage, on, contract, ceremony, null, lead.Version), Json.Options));

    private async Task<int> EventAsync(HttpClient client, EventKind kind, string name, DateOnly on, string region) =>
        await ReadAsync<int>(await client.PostAsJsonAsync("/api/attraction-events",
            new AttractionApi.EventBody(new EventInput(kind, name, on, "长春", await app.RegionIdAsync(region), null)), Json.Options));

    [Fact]
    public async Task A_lead_moves_forward_only_is_signed_at_a_ceremony_dropped_revived_and_becomes_a_ledger_project()
    {
        using var office = app.Api();
        var ceremony = await EventAsync(office, EventKind.Ceremony, "招商测试集中签约仪式", new DateOnly(2026, 6, 18), "220202");
        var lead = await CreateAsync(office, "招商测试新能源电池项目", "220202", 50_000m, on: new DateOnly(2026, 3, 2));
        lead.ContactPhone.ShouldBe("139****5678");
        lead = await MoveAsync(office, lead, LeadStage.Negotiating, new DateOnly(2026, 4, 10));

        // Signing needs the amount; no going back; no date before the last move or in the future.
        var noAmount = await office.PostAsJsonAsync($"/api/leads/{lead.Id}/move", new AttractionApi.MoveBody(LeadStage.Contracted, new DateOnly(2026, 6, 18), null, ceremony, null, lead.Version), Json.Options);
        noAmount.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noAmount.Content.ReadAsStringAsync()).ShouldContain("签约额");
        (await office.PostAsJsonAsync($"/api/leads/{lead.Id}/move", new AttractionApi.MoveBody(LeadStage.Clue, new DateOnly(2026, 5, 1), null, null, null, lead.Version), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await office.PostAsJsonAsync($"/api/leads/{lead.Id}/move", new AttractionApi.MoveBody(LeadStage.AboutToSign, new DateOnly(2026, 4, 1), null, null, null, lead.Version), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await office.PostAsJsonAsync($"/api/leads/{lead.Id}/move", new AttractionApi.MoveBody(LeadStage.AboutToSign, new DateOnly(2027, 1, 1), null, null, null, lead.Version), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        lead = await MoveAsync(office, lead, LeadStage.Contracted, new DateOnly(2026, 6, 18), 48_000m, ceremony);
        lead.Ceremony.ShouldBe("招商测试集中签约仪式");
        lead.ContractInvestment.ShouldBe(48_000m);

        var dropped = await ReadAsync<AttractionApi.LeadDto>(await office.PostAsJsonAsync($"/api/leads/{lead.Id}/drop", new AttractionApi.DropBody("投资方资金链紧张", lead.Version), Json.Options));
        dropped.IsDropped.ShouldBeTrue();
        (await office.PostAsJsonAsync($"/api/leads/{lead.Id}/move", new AttractionApi.MoveBody(LeadStage.Registered, new DateOnly(2026, 7, 1), null, null, null, dropped.Version), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await office.PostAsJsonAsync($"/api/leads/{lead.Id}/convert", new AttractionApi.VersionBody(dropped.Version), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var revived = await ReadAsync<AttractionApi.LeadDto>(await office.PostAsJsonAsync($"/api/leads/{lead.Id}/revive", new AttractionApi.ReviveBody("资金到位", dropped.Version), Json.Options));
        revived.IsDropped.ShouldBeFalse();
        revived.Stage.ShouldBe(LeadStage.Contracted);

        var converted = await ReadAsync<AttractionApi.LeadDto>(await office.PostAsJsonAsync($"/api/leads/{lead.Id}/convert", new AttractionApi.VersionBody(revived.Version), Json.Options));
        converted.ProjectId.ShouldNotBeNull();
        converted.ProjectName.ShouldBe("招商测试新能源电池项目");
        (await office.PostAsJsonAsync($"/api/leads/{lead.Id}/convert", new AttractionApi.VersionBody(converted.Version), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var project = await app.WithDbAsync(db => db.Projects.SingleAsync(p => p.Id == converted.ProjectId));
        project.TotalInvestment.ShouldBe(48_000m);
        project.OwnerCompany.ShouldBe("招商测试新能源电池项目投资集团");
        project.RegionId.ShouldBe(await app.RegionIdAsync("220202"));

        converted.Steps.Select(s => s.Kind).ShouldBe([LeadStepKind.Created, LeadStepKind.Moved, LeadStepKind.Moved, LeadStepKind.Dropped, LeadStepKind.Revived, LeadStepKind.Converted]);
        converted.Steps[2].From.ShouldBe(LeadStage.Negotiating);
        converted.Steps[3].Note.ShouldBe("投资方资金链紧张");
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Lead) && a.EntityId == lead.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ShouldBeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public async Task Figures_count_stages_events_and_rates_and_follow_the_converted_project()
    {
        using var office = app.Api();
        const string region = "220203";
        var trip = await EventAsync(office, EventKind.Outbound, "招商指标赴津招商", new DateOnly(2026, 2, 10), region);
        var ceremony = await EventAsync(office, EventKind.Ceremony, "招商指标集中签约", new DateOnly(2026, 5, 20), region);
        var a = await CreateAsync(office, "指标招商甲", region, 10_000m, on: new DateOnly(2026, 2, 12), sourceEvent: trip);
        var b = await CreateAsync(office, "指标招商乙", region, 20_000m, on: new DateOnly(2026, 2, 12), sourceEvent: trip);
        var c = await CreateAsync(office, "指标招商丙", region, 30_000m, LeadStage.Negotiating, new DateOnly(2026, 3, 1), origin: "浙江省");
        var d = await CreateAsync(office, "指标招商丁", region, 5_000m, on: new DateOnly(2026, 4, 1), origin: "浙江省");
        a = await MoveAsync(office, a, LeadStage.Contracted, new DateOnly(2026, 5, 20), 12_000m, ceremony);
        b = await MoveAsync(office, b, LeadStage.Contracted, new DateOnly(2026, 5, 20), 18_000m, ceremony);
        c = await MoveAsync(office, c, LeadStage.Contracted, new DateOnly(2026, 5, 20), 25_000m, ceremony);
        a = await MoveAsync(office, a, LeadStage.Registered, new DateOnly(2026, 6, 1));
        b = await MoveAsync(office, b, LeadStage.Sited, new DateOnly(2026, 7, 1));
        b = await ReadAsync<AttractionApi.LeadDto>(await office.PostAsJsonAsync($"/api/leads/{b.Id}/convert", new AttractionApi.VersionBody(b.Version), Json.Options));
        await ReadAsync<AttractionApi.LeadDto>(await office.PostAsJsonAsync($"/api/leads/{c.Id}/drop", new AttractionApi.DropBody("另选他地", c.Version), Json.Options));
        await ReadAsync<AttractionApi.LeadDto>(await office.PutAsJsonAsync($"/api/leads/{a.Id}", new AttractionApi.LeadBody(new LeadDetails
        {
            Name = a.Name, Investor = a.Investor, Origin = a.Origin, FromPartner = true, RegionId = a.RegionId, IntendedInvestment = a.IntendedInvestment,
            ContractInvestment = a.ContractInvestment, FundsInPlace = 3_000m, SourceEventId = trip, ContactName = a.ContactName, ContactPhone = a.ContactPhone,
        }, Version: a.Version), Json.Options));

        // The converted project starts and reports: its investment since start counts as funds in place.
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        await app.SetYearAsync(b.ProjectId!.Value, 2026, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 10_000m, StartedOn = new DateOnly(2026, 8, 1) });
        await app.RecordApprovedMonthAsync(b.ProjectId!.Value, 2026, 9, 9_000m, 9_000m, 9_000m);

        var f = (await office.GetFromJsonAsync<PipelineView>($"/api/leads/figures?region={region}&year=2026", Json.Options))!;
        f.ByStage.Select(g => g.Leads).ShouldBe([1, 0, 0, 0, 1, 1, 0]);
        f.ByStage[4].Amount.ShouldBe(12_000m);
        f.Dropped.Leads.ShouldBe(1);
        f.SignedLeads.ShouldBe(3);
        f.Contracted.ShouldBe(55_000m);
        f.Fulfilment.Numerator.ShouldBe(2m);
        f.Landing.Numerator.ShouldBe(1m);
        f.Starting.Numerator.ShouldBe(1m);
        f.Starting.Value!.Value.ShouldBe(1m / 3m, 0.0001m);
        f.Funds.Numerator.ShouldBe(12_000m);
        f.Funds.Value!.Value.ShouldBe(12_000m / 55_000m, 0.0001m);
        f.ByOrigin.Single(g => g.Name == "浙江省").Leads.ShouldBe(1);
        f.ByEvent.Single(g => g.Name == "招商指标集中签约").Leads.ShouldBe(3);
        f.ByEvent.Single(g => g.Name == "招商指标赴津招商").Leads.ShouldBe(2);

        // The funnel: by the end of May three had reached 签约, by the end of February two leads existed.
        f.Funnel[1].Reached[0].ShouldBe(2);
        f.Funnel[4].Reached[(int)LeadStage.Contracted].ShouldBe(3);
        f.Funnel[11].Reached[(int)LeadStage.Sited].ShouldBe(1);

        // Every group opens exactly its leads.
        foreach (var g in f.ByStage.Concat(f.ByEvent).Concat(f.ByOrigin).Append(f.Dropped))
        {
            (await office.GetFromJsonAsync<LeadPage>("/api/leads?" + g.Drill.ToQueryString(), Json.Options))!.Total.ShouldBe(g.Leads, g.Name);
        }

        var events = (await office.GetFromJsonAsync<List<EventRow>>("/api/attraction-events?kind=Ceremony", Json.Options))!;
        var signing = events.Single(e => e.Name == "招商指标集中签约");
        (signing.SignedLeads, signing.Contracted).ShouldBe((3, 55_000m));

        var csv = await office.GetStringAsync($"/api/leads/export?format=csv&region={region}");
        csv.ShouldContain("指标招商甲");
        csv.ShouldContain("已放弃：另选他地");
        csv.ShouldNotContain("13912345678");
        (await office.GetAsync($"/api/leads/export?format=xlsx&region={region}")).Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    [Fact]
    public async Task Leads_stay_inside_the_jurisdiction_and_bad_input_is_refused_in_chinese()
    {
        using var office = app.Api();
        var lead = await CreateAsync(office, "招商辖区测试项目", "220204", 8_000m);

        await app.CreateAccountAsync("attraction.other", [Role.DistrictLeader], "220211");
        using var other = app.ClientFor("attraction.other");
        (await other.GetFromJsonAsync<LeadPage>("/api/leads?q=" + Uri.EscapeDataString("招商辖区测试"), Json.Options))!.Total.ShouldBe(0);
        (await other.GetAsync($"/api/leads/{lead.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/leads/{lead.Id}/drop", new AttractionApi.DropBody("x", lead.Version), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await app.CreateAccountAsync("attraction.own", [Role.DistrictLeader], "220204");
        using var own = app.ClientFor("attraction.own");
        (await own.GetFromJsonAsync<LeadPage>("/api/leads?q=" + Uri.EscapeDataString("招商辖区测试"), Json.Options))!.Total.ShouldBe(1);

        await app.CreateAccountAsync("attraction.desk", [Role.DispatchOffice], "220211");
        using var desk = app.ClientFor("attraction.desk");
        (await desk.PostAsJsonAsync("/api/leads", new AttractionApi.LeadBody(new LeadDetails
        {
            Name = "越界项目", Investor = "某公司", RegionId = await app.RegionIdAsync("220204"), IntendedInvestment = 1m,
        }), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var bad = await office.PostAsJsonAsync("/api/leads", new AttractionApi.LeadBody(new LeadDetails
        {
            Name = " ", Investor = "", RegionId = await app.RegionIdAsync("220204"), IntendedInvestment = -1m, ContactPhone = "call me",
        }), Json.Options);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await bad.Content.ReadAsStringAsync();
        text.ShouldContain("请填写项目名称");
        text.ShouldContain("请填写投资方");
        text.ShouldContain("意向投资额");
        text.ShouldContain("联系电话");
        (await office.PostAsJsonAsync($"/api/leads/{lead.Id}/drop", new AttractionApi.DropBody(" ", lead.Version), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await office.PostAsJsonAsync($"/api/leads/{lead.Id}/drop", new AttractionApi.DropBody("重复", lead.Version + 5), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Edges_are_refused_cleanly_events_stay_in_their_region_and_concurrent_moves_conflict()
    {
        using var office = app.Api();
        await app.CreateAccountAsync("attraction.edges", [Role.DispatchOffice], "220203");
        using var desk = app.ClientFor("attraction.edges");
        var elsewhere = await EventAsync(office, EventKind.Outbound, "边界测试赴津招商", new DateOnly(2026, 4, 1), "220204");
        var ceremonyElsewhere = await EventAsync(office, EventKind.Ceremony, "边界测试他区签约", new DateOnly(2026, 4, 2), "220204");

        // Another region's event can be neither the source nor the ceremony of this district's lead.
        var foreign = await desk.PostAsJsonAsync("/api/leads", new AttractionApi.LeadBody(new LeadDetails
        {
            Name = "边界测试项目", Investor = "某公司", RegionId = await app.RegionIdAsync("220203"), IntendedInvestment = 100m, SourceEventId = elsewhere,
        }), Json.Options);
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await foreign.Content.ReadAsStringAsync()).ShouldContain("所选招商活动不存在");
        var lead = await ReadAsync<AttractionApi.LeadDto>(await desk.PostAsJsonAsync("/api/leads", new AttractionApi.LeadBody(new LeadDetails
        {
            Name = "边界测试项目", Investor = "某公司", RegionId = await app.RegionIdAsync("220203"), IntendedInvestment = 100m,
        }, new DateOnly(2026, 3, 1)), Json.Options));
        var atForeignCeremony = await desk.PostAsJsonAsync($"/api/leads/{lead.Id}/move",
            new AttractionApi.MoveBody(LeadStage.Contracted, new DateOnly(2026, 4, 2), 100m, ceremonyElsewhere, null, lead.Version), Json.Options);
        atForeignCeremony.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await atForeignCeremony.Content.ReadAsStringAsync()).ShouldContain("所选签约活动不存在");

        // Undefined stages, years out of range and over-long reasons are input errors, not server errors.
        (await desk.PostAsJsonAsync($"/api/leads/{lead.Id}/move", new AttractionApi.MoveBody((LeadStage)99, new DateOnly(2026, 4, 2), null, null, null, lead.Version), Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await desk.PostAsJsonAsync("/api/leads", new AttractionApi.LeadBody(new LeadDetails
        {
            Name = "边界测试阶段", Investor = "某公司", RegionId = await app.RegionIdAsync("220203"), IntendedInvestment = 1m, Stage = (LeadStage)42,
        }), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await desk.GetAsync("/api/leads/figures?year=99999")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await desk.GetAsync("/api/attraction-events?year=1")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await desk.GetAsync("/attraction?year=99999")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var longReason = await desk.PostAsJsonAsync($"/api/leads/{lead.Id}/drop", new AttractionApi.DropBody(new string('长', Lead.TextLength + 1), lead.Version), Json.Options);
        longReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await longReason.Content.ReadAsStringAsync()).ShouldContain("放弃原因不能超过");

        // Five people move the same lead at once: one wins, the others are told it changed.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => desk.PostAsJsonAsync($"/api/leads/{lead.Id}/move",
            new AttractionApi.MoveBody(LeadStage.Negotiating, new DateOnly(2026, 4, 3), null, null, null, lead.Version), Json.Options)));
        attempts.Select(a => a.StatusCode).ShouldAllBe(c => c == HttpStatusCode.OK || c == HttpStatusCode.Conflict);
        attempts.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        (await app.WithDbAsync(db => db.LeadSteps.CountAsync(s => s.LeadId == lead.Id && s.Kind == LeadStepKind.Moved))).ShouldBe(1);

        // The figures' 未分行业 group opens exactly the leads without a sector.
        var figures = (await desk.GetFromJsonAsync<PipelineView>("/api/leads/figures?region=220203", Json.Options))!;
        var unsorted = figures.BySector.Single(g => g.Name == "未分行业");
        unsorted.Drill.Industry.ShouldBe(LeadFilter.NoIndustry);
        var drilled = (await desk.GetFromJsonAsync<LeadPage>("/api/leads?" + unsorted.Drill.ToQueryString(), Json.Options))!;
        drilled.Total.ShouldBe(unsorted.Leads);
        drilled.Total.ShouldBe(await app.WithDbAsync(db => db.Leads.CountAsync(l => l.RegionId == lead.RegionId && l.IndustryId == null && !l.IsDropped)));
    }

    [Fact]
    public async Task Documents_are_kept_with_a_lead_read_inside_the_jurisdiction_and_removed_by_its_editors()
    {
        using var office = app.Api();
        var lead = await CreateAsync(office, "材料测试项目", "220221", 3_000m);
        var pdf = "%PDF-1.4\n% 意向书\n"u8.ToArray();
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(pdf), "file", "投资意向书.pdf");
            var added = await office.PostAsync($"/api/leads/{lead.Id}/documents", form);
            added.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent("MZ not a document"u8.ToArray()), "file", "合同.pdf");
            var refused = await office.PostAsync($"/api/leads/{lead.Id}/documents", form);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("只接受");
        }

        var documents = (await office.GetFromJsonAsync<List<AttractionApi.DocumentDto>>($"/api/leads/{lead.Id}/documents", Json.Options))!;
        var document = documents.ShouldHaveSingleItem();
        document.FileName.ShouldBe("投资意向书.pdf");
        (await office.GetByteArrayAsync($"/api/lead-documents/{document.Id}")).ShouldBe(pdf);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Summary.Contains("下载招商项目材料「投资意向书.pdf」")))).ShouldBe(1);
        (await office.GetStringAsync($"/attraction/{lead.Id}")).ShouldContain("投资意向书.pdf");

        await app.CreateAccountAsync("documents.other", [Role.DistrictLeader], "220211");
        using var other = app.ClientFor("documents.other");
        (await other.GetAsync($"/api/lead-documents/{document.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/leads/{lead.Id}/documents")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await app.CreateAccountAsync("documents.leader", [Role.DistrictLeader], "220221");
        using var leader = app.ClientFor("documents.leader");
        (await leader.GetAsync($"/api/lead-documents/{document.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await leader.DeleteAsync($"/api/lead-documents/{document.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await office.DeleteAsync($"/api/lead-documents/{document.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await office.GetFromJsonAsync<List<AttractionApi.DocumentDto>>($"/api/leads/{lead.Id}/documents", Json.Options))!.ShouldBeEmpty();
        (await office.GetAsync($"/api/lead-documents/{document.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
