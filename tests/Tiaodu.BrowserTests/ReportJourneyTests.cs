using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

/// <summary>The monthly report loop: an enterprise reporter on a phone, the dispatch office on a desktop.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ReportJourneyTests(BrowserFixture fixture)
{
    [GeneratedRegex(@"-?[\d,]+(\.\d+)?")]
    private static partial Regex Number();

    private static decimal Read(string text) =>
        decimal.Parse(Number().Match(text).Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>A small valid PNG (a 1×1 pixel), enough for the browser to decode and scale.</summary>
    private const string SitePhoto = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static async Task<string> StateAsync(IPage page) =>
        await page.Locator("h1 + [data-state]").GetAttributeAsync("data-state") ?? "";

    [Fact]
    public async Task A_report_is_submitted_on_a_phone_returned_resubmitted_approved_and_the_year_figures_follow()
    {
        var year = DateTime.Now.Year;
        var month = DateTime.Now.Month;
        var phone = await fixture.NewPageAsync(375, 740, user: "enterprise");
        var desk = await fixture.NewPageAsync();

        // The enterprise sees its own project on this month's "not reported" list and opens it.
        await phone.GotoAsync("/reports?filter=NotReported");
        var link = phone.Locator("#report-list tbody tr a").First;
        await link.WaitForAsync();
        var project = await link.InnerTextAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("reports-list-phone.png"), FullPage = true });
        await link.ClickAsync();
        await phone.WaitForURLAsync(new Regex($"/reports/{year}/{month}$"));
        var reportUrl = new Uri(phone.Url).AbsolutePath;
        var projectId = reportUrl.Split('/')[2];
        (await StateAsync(phone)).ShouldBe("Missing");

        await desk.GotoAsync("/reports");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("reports-list.png") });

        // Before: the year line's figure at this month end.
        await desk.GotoAsync($"/projects/{projectId}");
        var cell = desk.Locator($"#year-{year} tbody tr").First.Locator("td").Nth(month - 1);
        var before = Read(await cell.InnerTextAsync());

        await phone.FillAsync("#Input_InvestmentMonth", "120");
        await phone.FillAsync("#Input_Progress", "主体结构施工至五层");
        await phone.FillAsync("#Input_Problems", "施工用电增容待供电公司批复");
        await phone.ClickAsync("button[formaction*='handler=Save']");
        await phone.Locator(".alert-success").WaitForAsync();
        (await StateAsync(phone)).ShouldBe("Draft");

        // A site photo from the phone: scaled down in the browser and sent with its small copy.
        await phone.SetInputFilesAsync("form[data-photos] input[type=file]", new FilePayload { Name = "工地.png", MimeType = "image/png", Buffer = Convert.FromBase64String(SitePhoto) });
        await phone.ClickAsync("form[data-photos] button[type=submit]");
        await phone.Locator("#photos figure[data-photo] img").WaitForAsync();
        // The small copy is served: wait for the image to finish loading (a broken one never gets a width).
        await phone.WaitForFunctionAsync("() => { const i = document.querySelector('#photos figure[data-photo] img'); return i !== null && i.complete; }");
        (await phone.Locator("#photos figure[data-photo] img").EvaluateAsync<int>("img => img.naturalWidth")).ShouldBeGreaterThan(0, "the small copy is served");

        await phone.ClickAsync("button[formaction*='handler=Submit']");
        await phone.Locator(".alert-success").WaitForAsync();
        (await StateAsync(phone)).ShouldBe("Submitted");
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(375, "no sideways scrolling on a phone");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("report-submitted-phone.png"), FullPage = true });

        // The dispatch office finds it waiting for review and returns it.
        await desk.GotoAsync($"/reports?year={year}&month={month}&filter=Submitted&q={Uri.EscapeDataString(project)}");
        await desk.Locator("#report-list a", new PageLocatorOptions { HasText = project }).ClickAsync();
        await desk.FillAsync("#ReturnReason", "本月完成投资与形象进度不符，请核实");
        await desk.ClickAsync("button:has-text('退回修改')");
        await desk.Locator(".alert-success").WaitForAsync();
        (await StateAsync(desk)).ShouldBe("Returned");

        // The reporter sees why, corrects the figure and submits again.
        await phone.GotoAsync(reportUrl);
        (await phone.Locator(".alert-warning").First.InnerTextAsync()).ShouldContain("本月完成投资与形象进度不符");
        await phone.FillAsync("#Input_InvestmentMonth", "150");
        await phone.ClickAsync("button[formaction*='handler=Submit']");
        await phone.Locator(".alert-success").WaitForAsync();
        (await StateAsync(phone)).ShouldBe("Submitted");

        // Approved: the figures feed the year line.
        await desk.GotoAsync(reportUrl);
        await desk.ClickAsync("button:has-text('审核通过')");
        await desk.Locator(".alert-success").WaitForAsync();
        (await StateAsync(desk)).ShouldBe("Approved");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("report-approved.png"), FullPage = true });

        await desk.GotoAsync($"/projects/{projectId}");
        Read(await cell.InnerTextAsync()).ShouldBe(before + 150m);
        await desk.Locator("#lights").ScrollIntoViewIfNeededAsync();
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("project-lights.png"), FullPage = true });

        // The month's lights across the province, and on the dashboard.
        await desk.GotoAsync("/lights");
        await desk.Locator("#evaluate").ClickAsync();
        await desk.Locator(".alert-success").WaitForAsync();
        (await desk.Locator("#light-list tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("lights.png") });
        await desk.GotoAsync("/");
        var red = Read(await desk.Locator("[data-lights='red']").InnerTextAsync());
        await desk.Locator("[data-lights='red']").ClickAsync();
        await desk.WaitForURLAsync(new Regex("/lights\\?"));
        Read(await desk.Locator("[data-count='Red']").InnerTextAsync()).ShouldBe(red);
    }
}
