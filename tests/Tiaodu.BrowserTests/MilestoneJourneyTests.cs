using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

/// <summary>倒排工期 in the browser: a plan computed back from a target, a node recorded, the wall charts drawn.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MilestoneJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_dispatch_office_plans_backwards_records_a_node_and_sees_it_on_the_wall_chart()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/projects?region=220104&q=" + Uri.EscapeDataString("朝阳区"));
        await page.Locator("table.table-ledger tbody tr a").First.ClickAsync();
        await page.Locator("#milestones-link").ClickAsync();
        await page.WaitForURLAsync(new Regex("/milestones$"));

        var target = DateTime.Now.AddMonths(4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.SelectOptionAsync("#targetNode", "开工");
        await page.FillAsync("#targetOn", target);
        await page.ClickAsync("form[action*='handler=Plan'] button[type=submit]");
        await page.Locator(".alert-success").WaitForAsync();
        (await page.Locator("#nodes tbody tr").CountAsync()).ShouldBe(14);
        (await page.Locator("#nodes tr[data-node='开工'] td").Nth(1).InnerTextAsync()).Trim().ShouldBe(target);
        (await page.Locator("#wall-chart svg g[data-node]").CountAsync()).ShouldBe(14);

        // Record 签约 as done with its owner.
        var sign = page.Locator("#nodes tr[data-node='签约']");
        await sign.Locator("summary").ClickAsync();
        await sign.Locator("input[name=doneOn]").FillAsync(DateTime.Now.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await sign.Locator("input[name=owner]").FillAsync("区招商局");
        await sign.Locator("form[action*='handler=Node'] button[type=submit]").ClickAsync();
        await page.Locator(".alert-success").WaitForAsync();
        (await page.Locator("#nodes tr[data-node='签约']").GetAttributeAsync("data-state")).ShouldBe("Done");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("milestones-project.png"), FullPage = true });

        await page.GotoAsync("/milestones?region=220104");
        (await page.Locator("#wall circle").CountAsync()).ShouldBeGreaterThanOrEqualTo(14);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("milestones-wall.png"), FullPage = true });
    }
}
