using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Bulletins;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Documents;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Tests.Bulletins;

/// <summary>
/// Monthly bulletins through the API and pages. The test clock stands at 22 November 2026, so the October
/// bulletin reads figures as of 31 October: ten months, 序时进度 83.3%.
/// </summary>
public sealed class BulletinTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const int Year = 2026;
    private const string City = "220100";
    private const string Chaoyang = "220104";
    private const string Erdao = "220105";

    public sealed record PublishedDto(int Id, string Number, string Title);

    public sealed record ListDto(List<BulletinListRow> Rows, int Total);

    /// <summary>A project ahead of 序时进度 in 朝阳区 and one far behind in 二道区, with October reported (once per class: tests of a class run one after another).</summary>
    private async Task SeedAsync()
    {
        if (await app.WithDbAsync(db => db.Projects.AnyAsync(p => p.Name == "通报测试朝阳项目")))
        {
            return;
        }

        await ProjectAsync("通报测试朝阳项目", Chaoyang, 1_200m, 1_000m);
        await ProjectAsync("通报测试二道项目", Erdao, 1_000m, 100m);
    }

    private async Task<int> ProjectAsync(string name, string region, decimal plan, decimal ytd)
    {
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var p = await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = await app.RegionIdAsync(region), TotalInvestment = 50_000m, NatureId = nature });
        await app.SetYearAsync(p.Id, Year, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = plan, StartedOn = new DateOnly(Year, 10, 8) });
        await app.RecordApprovedMonthAsync(p.Id, Year, 10, ytd / 10m, ytd, ytd);
        return p.Id;
    }

    private static async Task<BulletinContent> PreviewAsync(HttpClient client, string region, int month = 10) =>
        (await client.GetFromJsonAsync<BulletinContent>($"/api/bulletins/preview?region={region}&year={Year}&month={month}", Json.Options))!;

    private static async Task<Dictionary<string, decimal?>> IndicatorsAsync(HttpClient client, string region)
    {
        var set = await client.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>($"/api/indicators?region={region}&year={Year}&asOf={Year}-10-31", Json.Options);
        return set!.Figures.ToDictionary(f => f.Key, f => f.Value);
    }

    private static async Task<PublishedDto> PublishAsync(HttpClient client, string region, int month, string? nextSteps = null)
    {
        var response = await client.PostAsJsonAsync("/api/bulletins", new { region, year = Year, month, nextSteps }, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<PublishedDto>(Json.Options))!;
    }

    [Fact]
    public async Task The_bulletins_figures_are_the_indicator_services_for_the_same_region_and_month()
    {
        await SeedAsync();
        using var office = app.Api();
        var c = await PreviewAsync(office, City);
        c.AsOf.ShouldBe(new DateOnly(Year, 10, 31));
        c.MonthsElapsed.ShouldBe(10);
        c.Title.ShouldBe("关于2026年10月全市重点项目建设情况的通报");
        c.Issuer.ShouldBe("长春市重点项目建设调度中心");
        c.Number.ShouldStartWith("通报〔2026〕");

        var f = await IndicatorsAsync(office, City);
        c.Headline.Projects.ShouldBe((int)f[K.Projects]!.Value);
        c.Headline.Planned.ShouldBe((int)f[K.Planned]!.Value);
        c.Headline.Started.ShouldBe((int)f[K.StartedInPlan]!.Value);
        c.Headline.StartRate.ShouldBe(f[K.StartRate]);
        c.Headline.AnnualPlan.ShouldBe(f[K.AnnualPlan]!.Value);
        c.Headline.Ytd.ShouldBe(f[K.Ytd]!.Value);
        c.Headline.CompletionRate.ShouldBe(f[K.CompletionRate]);
        c.Headline.TimeProgress.ShouldBe(f[K.TimeProgress]!.Value);
        c.Headline.PointsVsTime.ShouldBe(f[K.CompletionVsTime]);
        c.Headline.YearOnYear.ShouldBe(f[K.YearOnYear]);
        c.Headline.Ytd.ShouldBeGreaterThanOrEqualTo(1_100m);

        // Every ranking line is that district's own indicator set; 朝阳区 (83.3%) ranks above 二道区 (10%).
        c.Ranking.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var row in c.Ranking)
        {
            var d = await IndicatorsAsync(office, row.RegionKey);
            row.Projects.ShouldBe((int)d[K.Projects]!.Value, row.Region);
            row.AnnualPlan.ShouldBe(d[K.AnnualPlan]!.Value, row.Region);
            row.Ytd.ShouldBe(d[K.Ytd]!.Value, row.Region);
            row.CompletionRate.ShouldBe(d[K.CompletionRate], row.Region);
            row.PointsVsTime.ShouldBe(d[K.CompletionVsTime], row.Region);
            row.TimeProgress.ShouldBe(d[K.TimeProgress]!.Value, row.Region);
        }

        var chaoyang = c.Ranking.Single(r => r.RegionKey == Chaoyang);
        var erdao = c.Ranking.Single(r => r.RegionKey == Erdao);
        chaoyang.Rank.ShouldBeLessThan(erdao.Rank);
        BulletinDocument.Percent(erdao.CompletionRate).ShouldBe("10.0%");
        erdao.PointsVsTime!.Value.ShouldBeLessThan(0m);
        c.Highlights.StartedThisMonth.Select(p => p.Project).ShouldContain("通报测试朝阳项目");
        c.Highlights.BiggestYtd[0].Project.ShouldBe("通报测试朝阳项目");

        // The charts are PNGs, the same bytes for the same content.
        var chart = await office.GetAsync($"/api/bulletins/preview/chart?region={City}&year={Year}&month=10&kind=ranking");
        chart.StatusCode.ShouldBe(HttpStatusCode.OK);
        chart.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        var png = await chart.Content.ReadAsByteArrayAsync();
        png[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        BulletinDocument.RankingChart(c).ShouldBe(png);
        (await office.GetAsync($"/api/bulletins/preview/chart?region={City}&year={Year}&month=10&kind=pie")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await office.GetAsync($"/api/bulletins/preview?region={City}&year={Year}&month=12")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await office.GetAsync($"/api/bulletins/preview?region=999999&year={Year}&month=10")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // The preview page shows the same figures and the preview .docx is a valid package.
        var page = await office.GetStringAsync($"/bulletins/preview?region={City}&year={Year}&month=10");
        page.ShouldContain(c.Title);
        page.ShouldContain($"data-region=\"{Erdao}\"");
        page.ShouldContain("10.0%");
        var docx = await office.GetByteArrayAsync($"/api/bulletins/preview/document?region={City}&year={Year}&month=10");
        Validate(docx).ShouldContain(c.Title);
    }

    [Fact]
    public async Task The_months_published_district_assessment_is_in_the_bulletin_and_an_unpublished_one_is_not()
    {
        await SeedAsync();
        using var office = app.Api();
        (await PreviewAsync(office, City, 9)).Assessment.ShouldBeNull("nothing is published for September yet");

        (await office.PostAsJsonAsync("/api/assessment/publish", new AssessmentApi.PublishBody(City, Tiaodu.Core.Assessment.PeriodKind.Month, Year, 9), Json.Options))
            .EnsureSuccessStatusCode();
        var published = (await office.GetFromJsonAsync<AssessmentApi.ViewDto>($"/api/assessment?region={City}&kind=Month&year={Year}&number=9", Json.Options))!;
        var c = await PreviewAsync(office, City, 9);

        c.Assessment.ShouldNotBeNull();
        c.Assessment.Scheme.ShouldBe(published.Scheme);
        c.Assessment.Rows.Select(r => (r.Rank, r.Region, r.Total, r.Note))
            .ShouldBe(published.Scores.OrderBy(s => s.Rank).Select(s => (s.Rank, s.RegionName, s.Total, s.Note)));
        (await PreviewAsync(office, City, 8)).Assessment.ShouldBeNull("another month's assessment is not this month's");
        (await PreviewAsync(office, Chaoyang, 9)).Assessment.ShouldBeNull("the city's assessment is not the district's");

        var text = Validate(await office.GetByteArrayAsync($"/api/bulletins/preview/document?region={City}&year={Year}&month=9"));
        text.ShouldContain("（一）督导考评");
        text.ShouldContain(BulletinDocument.AssessmentLine(c));
        var page = await office.GetStringAsync($"/bulletins/preview?region={City}&year={Year}&month=9");
        page.ShouldContain("id=\"assessment\"");
        page.ShouldContain(c.Assessment.Rows[0].Region);
    }

    [Fact]
    public async Task A_published_bulletin_is_frozen_while_the_figures_change_and_is_published_once()
    {
        var id = await ProjectAsync("通报冻结测试项目", "220112", 2_000m, 500m);
        await app.CreateAccountAsync("bulletin.shuangyang", [Role.DistrictLeader], "220112");
        using var office = app.Api();
        var published = await PublishAsync(office, "220112", 10, "请双阳区加快推进冻结测试项目。");
        published.Number.ShouldBe("通报〔2026〕1号");
        published.Title.ShouldBe("关于2026年10月全区重点项目建设情况的通报");
        var before = await office.GetStringAsync($"/api/bulletins/{published.Id}");
        var docx = await office.GetByteArrayAsync($"/api/bulletins/{published.Id}/document");
        var text = Validate(docx);
        text.ShouldContain("请双阳区加快推进冻结测试项目。");
        text.ShouldContain("通报〔2026〕1号");
        using (var doc = WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            // 双阳区 has no districts below it: the trend chart, no ranking chart.
            doc.MainDocumentPart!.ImageParts.Count().ShouldBe(1);
        }

        // The year's plan changes after publishing: the preview follows, the published bulletin does not.
        await app.SetYearAsync(id, Year, new ProjectYearInput { InPlan = true, NatureId = await app.LookupIdAsync(LookupKind.Nature, "新建"), AnnualPlan = 4_000m, StartedOn = new DateOnly(Year, 10, 8),
            Version = await app.WithDbAsync(db => db.ProjectYears.Where(y => y.ProjectId == id && y.Year == Year).Select(y => y.Version).SingleAsync()) });
        (await PreviewAsync(office, "220112")).Headline.AnnualPlan.ShouldBe(4_000m);
        (await office.GetStringAsync($"/api/bulletins/{published.Id}")).ShouldBe(before);
        (await office.GetByteArrayAsync($"/api/bulletins/{published.Id}/document")).ShouldBe(docx);
        var dto = await office.GetFromJsonAsync<BulletinsApi.BulletinDto>($"/api/bulletins/{published.Id}", Json.Options);
        dto!.Content.Headline.AnnualPlan.ShouldBe(2_000m);
        dto.Content.Headline.Ytd.ShouldBe(500m);
        (await office.GetStringAsync($"/bulletins/{published.Id}")).ShouldContain("请双阳区加快推进冻结测试项目。");

        // The same month again is refused; the next month takes the next number.
        (await office.PostAsJsonAsync("/api/bulletins", new { region = "220112", year = Year, month = 10 }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await PublishAsync(office, "220112", 9)).Number.ShouldBe("通报〔2026〕2号");

        // Publishing is audited and the district's leader is told.
        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Bulletin) && a.EntityId == published.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        audited.ShouldBeGreaterThanOrEqualTo(1);
        var leader = await app.WithDbAsync(db => db.Accounts.Where(a => a.UserName == "bulletin.shuangyang").Select(a => a.Id).SingleAsync());
        (await app.WithDbAsync(db => db.Notices.CountAsync(n => n.AccountId == leader && n.Link == $"/bulletins/{published.Id}"))).ShouldBe(1);
    }

    [Fact]
    public async Task Bulletins_are_composed_and_read_only_inside_a_jurisdiction_that_covers_the_region()
    {
        await SeedAsync();
        using var office = app.Api();
        var city = await PublishAsync(office, City, 8);
        var district = await PublishAsync(office, Chaoyang, 8);

        await app.CreateAccountAsync("bulletin.chaoyang", [Role.DistrictLeader], Chaoyang);
        await app.CreateAccountAsync("bulletin.cityleader", [Role.CityLeader], City);
        await app.CreateAccountAsync("bulletin.office.chaoyang", [Role.DispatchOffice], Chaoyang);
        var sector = await app.WithDbAsync(db => db.Lookups.Where(l => l.Kind == LookupKind.Sector).OrderBy(l => l.Id).Select(l => l.Id).FirstAsync());
        await app.CreateAccountAsync("bulletin.taskforce", [Role.TaskForce], City, sectorId: sector);
        using var districtLeader = app.ClientFor("bulletin.chaoyang");
        using var cityLeader = app.ClientFor("bulletin.cityleader");
        using var districtOffice = app.ClientFor("bulletin.office.chaoyang");
        using var taskForce = app.ClientFor("bulletin.taskforce");

        // A district leader reads its district's bulletin, not the city's; it composes none.
        (await districtLeader.GetAsync($"/api/bulletins/{district.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var url in new[] { $"/api/bulletins/{city.Id}", $"/api/bulletins/{city.Id}/document", $"/api/bulletins/{city.Id}/chart?kind=trend", $"/bulletins/{city.Id}" })
        {
            (await districtLeader.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
        }

        var listed = await districtLeader.GetFromJsonAsync<ListDto>("/api/bulletins", Json.Options);
        listed!.Rows.Select(r => r.Id).ShouldContain(district.Id);
        listed.Rows.Select(r => r.Id).ShouldNotContain(city.Id);
        (await districtLeader.GetStringAsync("/bulletins")).ShouldNotContain($"data-bulletin=\"{city.Id}\"");
        (await districtLeader.GetAsync($"/api/bulletins/preview?region={Chaoyang}&year={Year}&month=10")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await districtLeader.PostAsJsonAsync("/api/bulletins", new { region = Chaoyang, year = Year, month = 7 }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var page = await districtLeader.GetAsync($"/bulletins/preview?region={Chaoyang}&year={Year}&month=10");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.OriginalString.ShouldContain("/account/denied");

        // The city's leader reads both.
        (await cityLeader.GetAsync($"/api/bulletins/{city.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cityLeader.GetAsync($"/api/bulletins/{district.Id}/document")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cityLeader.GetStringAsync("/bulletins")).ShouldContain($"data-bulletin=\"{city.Id}\"");

        // A district's dispatch office composes its district's bulletin, not the city's.
        (await districtOffice.GetAsync($"/api/bulletins/preview?region={City}&year={Year}&month=10")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await districtOffice.GetAsync($"/bulletins/preview?region={City}&year={Year}&month=10")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await districtOffice.GetAsync($"/api/bulletins/preview/document?region={City}&year={Year}&month=10")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await districtOffice.PostAsJsonAsync("/api/bulletins", new { region = City, year = Year, month = 7 }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var own = await PreviewAsync(districtOffice, Chaoyang);
        own.Ranking.ShouldBeEmpty();
        own.RegionName.ShouldBe("朝阳区");
        (await districtOffice.GetAsync($"/api/bulletins/{city.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // One sector of the city is not the whole city.
        (await taskForce.GetAsync($"/api/bulletins/{city.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await taskForce.GetFromJsonAsync<ListDto>("/api/bulletins", Json.Options))!.Rows.ShouldBeEmpty();
    }

    [OfficePdfFact]
    public async Task The_bulletin_opens_in_libreoffice_and_converts_to_pdf_with_its_chinese_text_and_ranking()
    {
        await SeedAsync();
        using var office = app.Api();
        var published = await PublishAsync(office, City, 10);
        var response = await office.GetAsync($"/api/bulletins/{published.Id}/document?format=pdf");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var text = await PdfTextAsync(await response.Content.ReadAsByteArrayAsync());
        text.ShouldContain("关于2026年10月全市重点项目建设情况的通报");
        text.ShouldContain(published.Number);
        text.ShouldContain("二、各地区进展");
        text.ShouldContain("四、逾期问题");
        text.ShouldContain("朝阳区");
        text.ShouldContain("二道区");
        text.ShouldContain("10.0%");
        text.ShouldContain("长春市重点项目建设调度中心");
        (await office.GetStringAsync($"/bulletins/{published.Id}")).ShouldContain("format=pdf");
    }

    /// <summary>Checks the .docx against the OpenXml schema and returns its body text.</summary>
    private static string Validate(byte[] docx)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        new OpenXmlValidator().Validate(doc).Select(e => e.Description).ShouldBeEmpty();
        return doc.MainDocumentPart!.Document.Body!.InnerText;
    }

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("tiaodu-bulletin-");
        try
        {
            var file = Path.Combine(dir.FullName, "bulletin.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            var start = new ProcessStartInfo(OfficePdfFactAttribute.PdfToText!, ["-enc", "UTF-8", file, file + ".txt"]) { RedirectStandardError = true };
            using (var process = Process.Start(start)!)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await process.WaitForExitAsync(timeout.Token);
            }

            return (await File.ReadAllTextAsync(file + ".txt")).Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
