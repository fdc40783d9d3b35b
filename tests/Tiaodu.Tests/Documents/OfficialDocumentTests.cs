using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using W = DocumentFormat.OpenXml.Wordprocessing;
using Tiaodu.Core.Documents;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Excel;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Documents;

/// <summary>Official documents (公文) as .docx: valid packages in the GB/T 9704 layout, and the 督办单 of a problem, read back through LibreOffice.</summary>
public sealed class OfficialDocumentTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private static OfficialDocument Sample(string hostile = "") => new("长春市重点项目建设调度中心", "关于督办征地拆迁问题的通知" + hostile,
        [
            new Paragraph("请于2026年12月1日前解决并反馈。" + hostile),
            new Heading("一、督办事项"),
            new LabelLine("问题描述", "剩余3户未完成征收" + hostile),
            new Table(["日期", "事项", "内容"], [["2026-11-20", "督办", "征地拆迁" + hostile], ["2026-11-26", "反馈", "已签约2户"]], [2, 2, 5]),
        ], "长春市重点项目建设调度中心", new DateOnly(2026, 11, 22))
    {
        Number = "督办〔2026〕3号",
        Addressee = "市自然资源和规划局：",
        CopyTo = "市住房和城乡建设局。",
    };

    [Fact]
    public void The_document_is_a_valid_package_in_the_official_layout_whatever_the_text()
    {
        foreach (var hostile in new[] { "", "<script>&\"'\u0001\u0007\uFFFF\r\n第二行", new string('长', 5000) })
        {
            using var stream = new MemoryStream(OfficialDocumentWriter.ToBytes(Sample(hostile)));
            using var doc = WordprocessingDocument.Open(stream, false);
            new OpenXmlValidator().Validate(doc).Select(e => e.Description).ShouldBeEmpty();
            var body = doc.MainDocumentPart!.Document.Body!;
            body.InnerText.ShouldContain("关于督办征地拆迁问题的通知");
            body.InnerText.ShouldContain("督办〔2026〕3号");
            body.InnerText.ShouldContain("2026年11月22日");
            body.InnerText.ShouldNotContain("\u0001");
            body.Descendants<W.Languages>().ShouldAllBe(l => l.EastAsia!.Value == "zh-CN");
            var size = body.Descendants<W.PageSize>().Single();
            (size.Width!.Value, size.Height!.Value).ShouldBe((11906U, 16838U));
            var margin = body.Descendants<W.PageMargin>().Single();
            ((int)margin.Top!.Value, (int)margin.Bottom!.Value, margin.Left!.Value, margin.Right!.Value).ShouldBe((2098, 1984, 1587U, 1474U));
            body.Descendants<W.TableHeader>().Count().ShouldBe(1);
        }
    }

    [OfficePdfFact]
    public async Task The_supervision_notice_of_a_problem_opens_in_libreoffice_and_converts_to_pdf_with_its_chinese_text()
    {
        var project = (await app.CreateProjectAsync(new ProjectDetails { Name = "督办文书测试项目", RegionId = await app.RegionIdAsync("220112"), TotalInvestment = 20_000m })).Id;
        var lead = await app.LookupIdAsync(LookupKind.Department, "市自然资源和规划局");
        var category = await app.LookupIdAsync(LookupKind.ProblemCategory, "征地拆迁");
        using var office = app.Api();
        var raised = await office.PostAsJsonAsync($"/api/projects/{project}/problems",
            new { categoryId = category, description = "剩余3户未完成征收补偿协议签订", source = "SiteVisit", raisedOn = "2026-11-01", due = "2026-11-15", lead }, Json.Options);
        await raised.EnsureSuccessAsync();
        var problem = (await raised.Content.ReadFromJsonAsync<ProblemsApi.ProblemDto>(Json.Options))!;
        var issued = await office.PostAsJsonAsync($"/api/problems/{problem.Id}/supervise", new { due = "2026-11-29", reason = "已逾期7天未解决" }, Json.Options);
        await issued.EnsureSuccessAsync();
        var notice = (await issued.Content.ReadFromJsonAsync<ProblemsApi.NoticeDto>(Json.Options))!;

        var response = await office.GetAsync($"/api/problems/notices/{notice.Id}/document");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // And the minutes of a joint meeting that decided on it.
        var version = (await office.GetFromJsonAsync<ProblemsApi.DetailDto>($"/api/problems/{problem.Id}", Json.Options))!.Problem.Version;
        await (await office.PostAsJsonAsync($"/api/problems/{problem.Id}/escalate", new { level = "JointMeeting", reason = "征收需区政府协调", version }, Json.Options)).EnsureSuccessAsync();
        var called = await office.PostAsJsonAsync("/api/meetings", new { kind = "JointMeeting", region = "220112", heldOn = "2026-11-21", chair = "王副区长", place = "双阳区政府会议室" }, Json.Options);
        await called.EnsureSuccessAsync();
        var meeting = (await called.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        await (await office.PostAsJsonAsync($"/api/meetings/{meeting}/agenda/assemble", new { }, Json.Options)).EnsureSuccessAsync();
        var agenda = await office.GetFromJsonAsync<MeetingsApi.DetailDto>($"/api/meetings/{meeting}", Json.Options);
        await (await office.PostAsJsonAsync($"/api/meetings/{meeting}/decisions",
            new { itemId = agenda!.Agenda.Single(a => a.ProblemId == problem.Id).Id, text = "区征收办12月10日前完成剩余3户协议签订", owner = lead, due = "2026-12-10" }, Json.Options)).EnsureSuccessAsync();
        var minutes = await office.GetByteArrayAsync($"/api/meetings/{meeting}/minutes");

        var text = await PdfTextAsync(bytes, OfficialDocumentWriter.ToBytes(Sample()), minutes);
        text[0].ShouldContain("重点项目问题督办单");
        text[0].ShouldContain(notice.Number);
        text[0].ShouldContain("剩余3户未完成征收补偿协议签订");
        text[0].ShouldContain("市自然资源和规划局");
        text[0].ShouldContain("2026年11月29日");
        text[1].ShouldContain("关于督办征地拆迁问题的通知");
        text[1].ShouldContain("征地拆迁");
        text[2].ShouldContain("双阳区项目建设联席会议纪要");
        text[2].ShouldContain("区征收办12月10日前完成剩余3户协议签订");
        text[2].ShouldContain("王副区长");

        // The server converts both itself where LibreOffice is installed, and their pages offer the PDF.
        var noticePdf = await office.GetAsync($"/api/problems/notices/{notice.Id}/document?format=pdf");
        noticePdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        noticePdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var served = await PdfTextOfAsync(await noticePdf.Content.ReadAsByteArrayAsync(), await office.GetByteArrayAsync($"/api/meetings/{meeting}/minutes?format=pdf"));
        served[0].ShouldContain("重点项目问题督办单");
        served[0].ShouldContain(notice.Number);
        served[1].ShouldContain("双阳区项目建设联席会议纪要");
        served[1].ShouldContain("区征收办12月10日前完成剩余3户协议签订");
        (await office.GetStringAsync($"/problems/{problem.Id}")).ShouldContain($"/api/problems/notices/{notice.Id}/document?format=pdf");
        (await office.GetStringAsync($"/meetings/{meeting}")).ShouldContain($"/api/meetings/{meeting}/minutes?format=pdf");
        (await office.GetAsync($"/api/meetings/{meeting}/minutes?format=odt")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Nobody outside the problem's jurisdiction reads its notice.
        await app.CreateAccountAsync("document.jiutai", [Core.Accounts.Role.DistrictLeader], "220113");
        using var other = app.ClientFor("document.jiutai");
        (await other.GetAsync($"/api/problems/notices/{notice.Id}/document")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>The text of each PDF, read with pdftotext.</summary>
    private static async Task<string[]> PdfTextOfAsync(params byte[][] pdfs)
    {
        var dir = Directory.CreateTempSubdirectory("tiaodu-pdf-");
        try
        {
            var texts = new string[pdfs.Length];
            for (var i = 0; i < pdfs.Length; i++)
            {
                var pdf = Path.Combine(dir.FullName, $"doc{i}.pdf");
                await File.WriteAllBytesAsync(pdf, pdfs[i]);
                await RunAsync(OfficePdfFactAttribute.PdfToText!, ["-enc", "UTF-8", pdf, pdf + ".txt"]);
                texts[i] = (await File.ReadAllTextAsync(pdf + ".txt")).Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
            }

            return texts;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Converts each .docx to PDF with LibreOffice and reads the PDF's text back with pdftotext.</summary>
    private static async Task<string[]> PdfTextAsync(params byte[][] documents)
    {
        var dir = Directory.CreateTempSubdirectory("tiaodu-doc-");
        try
        {
            var inputs = new List<string>();
            for (var i = 0; i < documents.Length; i++)
            {
                var path = Path.Combine(dir.FullName, $"doc{i}.docx");
                await File.WriteAllBytesAsync(path, documents[i]);
                inputs.Add(path);
            }

            await RunAsync(LibreOfficeFactAttribute.Program!, ["--headless", "--norestore", $"-env:UserInstallation=file://{dir.FullName}/profile", "--convert-to", "pdf", "--outdir", dir.FullName, .. inputs]);
            var pdfs = new byte[documents.Length][];
            for (var i = 0; i < documents.Length; i++)
            {
                var pdf = Path.Combine(dir.FullName, $"doc{i}.pdf");
                File.Exists(pdf).ShouldBeTrue("LibreOffice made no PDF of document " + i);
                pdfs[i] = await File.ReadAllBytesAsync(pdf);
            }

            return await PdfTextOfAsync(pdfs);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
    }
}

/// <summary>A test that needs LibreOffice Writer and pdftotext: skipped, saying so, where either is missing.</summary>
public sealed class OfficePdfFactAttribute : FactAttribute
{
    public static readonly string? PdfToText = new[] { "/usr/bin/pdftotext", "/usr/local/bin/pdftotext" }.FirstOrDefault(File.Exists);

    public OfficePdfFactAttribute()
    {
        if (LibreOfficeFactAttribute.Program is null || PdfToText is null)
        {
            Skip = "LibreOffice or pdftotext is not installed";
        }
    }
}
