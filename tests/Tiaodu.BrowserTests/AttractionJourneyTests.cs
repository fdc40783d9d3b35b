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

    [Fact]
    public async Task A_table_with_an_unknown_column_is_mapped_by_hand_imported_in_the_background_and_a_document_is_kept()
    {
        var stamp = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)[^6..];
        var name = "浏览器映射测试项目" + stamp;
        var csv = $"项目名称,合作企业,落地区域,意向投资额（万元）,所处阶段\n{name},映射测试集团,南关区,3200,在谈\n";
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/attraction/import");
        await page.SetInputFilesAsync("#li-file", new FilePayload { Name = "映射台账.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.ClickAsync("#li-submit");
        await page.WaitForURLAsync(new Regex("/attraction/import\\?id=\\d+$"));
        (await page.Locator("[data-file-error]").InnerTextAsync()).ShouldContain("投资方");
        (await page.Locator("#li-commit").IsDisabledAsync()).ShouldBeTrue();

        // Column B holds the investor: say so, keep the mapping for next month, and preview again.
        await page.SelectOptionAsync("#mapping-table tr[data-column='B'] select", "Investor");
        await page.FillAsync("#li-save-as", "浏览器测试方案" + stamp);
        await page.ClickAsync("#li-map");
        await page.Locator("#lead-preview[data-errors='0']").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("attraction-import-mapped.png"), FullPage = true });

        await page.ClickAsync("#li-commit");
        await page.Locator("#import-applied").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        (await page.Locator("#import-applied").InnerTextAsync()).ShouldContain("新增1个");
        (await page.Locator("#li-mapping option").AllInnerTextsAsync()).ShouldContain("浏览器测试方案" + stamp);

        await page.GotoAsync("/attraction?q=" + Uri.EscapeDataString(name));
        await page.Locator($"a:has-text('{name}')").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/attraction/\\d+$"));
        (await page.Locator("#lead-facts").InnerTextAsync()).ShouldContain("映射测试集团");
        await page.SetInputFilesAsync("#lead-document", new FilePayload { Name = "投资意向书.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%意向书\n"u8.ToArray() });
        await page.ClickAsync("#document-upload button[type=submit]");
        await page.Locator("#lead-documents a:has-text('投资意向书.pdf')").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("attraction-lead-documents.png"), FullPage = true });
    }
}
