using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

/// <summary>招商引资: a lead recorded in talks is signed, lands, and becomes a project the ledger lists.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AttractionJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_lead_in_talks_is_signed_lands_and_appears_in_the_ledger()
    {
        var name = "浏览器测试氢能装备项目" + DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)[^6..];
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/attraction");
        await page.Locator("#pipeline-stages").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("attraction-pipeline.png"), FullPage = true });

        await page.Locator("#new-lead summary").ClickAsync();
        await page.FillAsync("#lead-name", name);
        await page.FillAsync("#lead-investor", "天津氢能科技有限公司");
        await page.FillAsync("#lead-origin", "天津市");
        await page.CheckAsync("#lead-partner");
        await page.SelectOptionAsync("#lead-region", new SelectOptionValue { Label = "朝阳区" });
        await page.FillAsync("#lead-intended", "60000");
        await page.FillAsync("#lead-phone", "13900001111");
        await page.SelectOptionAsync("#lead-stage", "Negotiating");
        await page.ClickAsync("#lead-create");
        await page.WaitForURLAsync(new Regex("/attraction/\\d+$"));
        (await page.Locator("#lead-stage").InnerTextAsync()).ShouldBe("在谈");
        (await page.Locator("#lead-facts").InnerTextAsync()).ShouldContain("139****1111");

        // Signing without the amount is refused with a message; with it, the lead is signed.
        await page.SelectOptionAsync("#move-stage", "Contracted");
        await page.ClickAsync("#move-submit");
        (await page.Locator("#lead-error").InnerTextAsync()).ShouldContain("签约额");
        await page.SelectOptionAsync("#move-stage", "Contracted");
        await page.FillAsync("#move-contract", "58000");
        await page.ClickAsync("#move-submit");
        await page.Locator("#lead-stage:has-text('签约')").WaitForAsync();

        await page.SelectOptionAsync("#move-stage", "Sited");
        await page.ClickAsync("#move-submit");
        await page.Locator("#lead-stage:has-text('选址落位')").WaitForAsync();

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("#convert-submit");
        var link = page.Locator("#lead-project");
        await link.WaitForAsync();
        (await page.Locator("#lead-history li").CountAsync()).ShouldBe(4);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("attraction-lead.png"), FullPage = true });

        await link.ClickAsync();
        await page.WaitForURLAsync(new Regex("/projects/\\d+$"));
        (await page.Locator("h1").InnerTextAsync()).ShouldContain(name);

        await page.GotoAsync("/projects?q=" + Uri.EscapeDataString(name));
        (await page.Locator("table tbody tr td.name").AllInnerTextsAsync()).ShouldContain(t => t.Contains(name, StringComparison.Ordinal));
    }
}
