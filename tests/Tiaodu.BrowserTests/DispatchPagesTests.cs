using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

/// <summary>The dispatch pages open on a desktop and on a 375 px phone without sideways scrolling.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DispatchPagesTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("/reports", "#report-list", "reports")]
    [InlineData("/lights", "h1", "lights-page")]
    [InlineData("/plans", "#plan-regions", "plans")]
    [InlineData("/milestones", "h1", "milestones-page")]
    [InlineData("/notices", "h1", "notices")]
    [InlineData("/admin/channels", "form[data-channel]", "channels")]
    [InlineData("/dispatch", "h1", "dispatch-rounds")]
    [InlineData("/dispatch/watch", "#watch-list", "watch")]
    [InlineData("/milestones/templates", ".template-form", "milestone-templates")]
    [InlineData("/problems", "#problem-rates", "problems")]
    public async Task A_dispatch_page_reads_on_a_desktop_and_on_a_phone(string path, string marker, string name)
    {
        var desk = await fixture.NewPageAsync();
        var response = await desk.GotoAsync(path);
        response!.Status.ShouldBe(200);
        await desk.Locator(marker).First.WaitForAsync();
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath(name + "-desktop.png") });

        var phone = await fixture.NewPageAsync(375, 740);
        await phone.GotoAsync(path);
        await phone.Locator(marker).First.WaitForAsync();
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(375, $"{path} scrolls sideways on a phone");
    }
}
