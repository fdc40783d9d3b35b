using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class LedgerJourneyTests(BrowserFixture fixture)
{
    [GeneratedRegex(@"[\d,]+")]
    private static partial Regex Number();

    private static int ReadCount(string text) =>
        int.Parse(Number().Match(text).Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Dashboard_figure_leads_to_the_list_of_exactly_its_projects()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        var figure = page.Locator("[data-figure='started.inPlan']");
        await figure.WaitForAsync();
        var count = ReadCount(await figure.InnerTextAsync());
        count.ShouldBeGreaterThan(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("dashboard-desktop.png"), FullPage = true });

        await figure.ClickAsync();
        await page.WaitForURLAsync(new Regex("/projects\\?"));
        page.Url.ShouldContain("started=true");
        page.Url.ShouldContain("inPlan=true");
        var total = await page.Locator("[data-total]").GetAttributeAsync("data-total");
        int.Parse(total!, CultureInfo.InvariantCulture).ShouldBe(count);
        (await page.Locator("table tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("projects-drill-desktop.png"), FullPage = true });
    }

    [Fact]
    public async Task A_project_is_found_by_pinyin_on_a_phone()
    {
        var page = await fixture.NewPageAsync(375, 812);
        await page.GotoAsync("/projects");
        var filters = page.Locator("button[data-bs-target='#filters']");
        await filters.ClickAsync();
        await page.Locator("input[name='q']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await page.FillAsync("input[name='q']", "jingyue");
        await page.PressAsync("input[name='q']", "Enter");
        await page.WaitForURLAsync(new Regex("q=jingyue"));
        var names = await page.Locator("table tbody tr td.name").AllInnerTextsAsync();
        names.Count.ShouldBeGreaterThan(0);
        names.ShouldAllBe(n => n.Contains("净月", StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("projects-search-phone.png"), FullPage = true });

        // The page fits the phone: nothing wider than the viewport except inside scrollable tables.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(0);
    }

    [Fact]
    public async Task The_interface_switches_to_traditional_chinese_and_english()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/projects");
        (await page.Locator("nav.navbar").InnerTextAsync()).ShouldContain("项目台账");
        await page.ClickAsync("text=繁體");
        await page.WaitForURLAsync(new Regex("/projects"));
        (await page.Locator("nav.navbar").InnerTextAsync()).ShouldContain("項目臺賬");
        await page.ClickAsync("text=EN");
        (await page.Locator("nav.navbar").InnerTextAsync()).ShouldContain("Project ledger");
        await page.ClickAsync("text=简体");
        (await page.Locator("nav.navbar").InnerTextAsync()).ShouldContain("项目台账");
    }
}
