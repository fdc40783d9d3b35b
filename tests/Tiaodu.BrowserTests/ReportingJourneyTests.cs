using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

/// <summary>The bulletin preview with its server-drawn charts, and the district assessment with a district's points opened.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportingJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_bulletin_preview_shows_its_charts_and_the_assessment_explains_each_point()
    {
        var page = await fixture.NewPageAsync(1366, 900);
        var today = DateTime.UtcNow.AddHours(8);
        await page.GotoAsync($"/bulletins/preview?region=220100&year={today.Year}&month={today.Month}");
        (await page.Locator("#b-title").InnerTextAsync()).ShouldContain("重点项目建设情况的通报");
        foreach (var chart in new[] { "#chart-trend", "#chart-ranking" })
        {
            await page.Locator(chart).ScrollIntoViewIfNeededAsync();
            (await page.EvaluateAsync<int>($"() => document.querySelector('{chart}').naturalWidth")).ShouldBeGreaterThan(300);
        }

        (await page.Locator("#ranking tbody tr").CountAsync()).ShouldBeGreaterThan(3);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("bulletin-preview.png"), FullPage = true });

        await page.GotoAsync($"/assessment?region=220100&kind=Month&year={today.Year}&number={today.Month}");
        var first = page.Locator("#assessment-scores details").First;
        await first.Locator("summary").ClickAsync();
        (await first.InnerTextAsync()).ShouldContain("第1名");
        (await first.Locator("tbody tr").CountAsync()).ShouldBeGreaterThan(5);
        (await first.InnerTextAsync()).ShouldContain("投资完成率");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("assessment.png"), FullPage = true });
    }
}
