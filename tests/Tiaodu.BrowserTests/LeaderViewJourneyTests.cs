using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

/// <summary>The leaders' views on the demo ledger: the cockpit on a desk, the big screen on a wall, the leader view on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LeaderViewJourneyTests(BrowserFixture fixture)
{
    private const string ChartsDrawn = """
        () => {
          const c = window.tiaoduCockpit && window.tiaoduCockpit.charts;
          return !!(c && c.ranking && c.map && c.map.getOption() && c.map.getOption().series.length === 2);
        }
        """;

    [Fact]
    public async Task A_ranking_bar_on_the_cockpit_opens_the_projects_of_that_region()
    {
        var page = await fixture.NewPageAsync(1440, 900);
        // Bars that are still growing are not where the chart says they end: the click below needs them drawn.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ReducedMotion = ReducedMotion.Reduce });
        await page.GotoAsync("/cockpit?region=220100");
        (await page.Locator("h1").InnerTextAsync()).ShouldContain("驾驶舱");
        await page.WaitForFunctionAsync(ChartsDrawn);
        (await page.Locator("#chart-map canvas").CountAsync()).ShouldBeGreaterThan(0);
        (await page.EvaluateAsync<bool>("() => window.tiaoduCockpit.charts.ranking.getOption().animation")).ShouldBeFalse();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("cockpit-desktop.png"), FullPage = true });

        // The first-ranked region's bar, clicked where the chart drew it.
        using var data = JsonDocument.Parse(await page.Locator("#cockpit-data").TextContentAsync() ?? "{}");
        var first = data.RootElement.GetProperty("ranking").GetProperty("rows")[0];
        var link = first.GetProperty("link").GetString()!;
        var point = await page.EvaluateAsync<float[]>("""
            () => {
              const chart = window.tiaoduCockpit.charts.ranking;
              const axis = chart.getOption().yAxis[0].data;
              const rate = chart.getOption().series[0].data[axis.length - 1].value;
              return chart.convertToPixel({ seriesIndex: 0 }, [rate / 2, axis[axis.length - 1]]);
            }
            """);
        var box = (await page.Locator("#chart-ranking").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + point[0], box.Y + point[1]);
        await page.WaitForURLAsync(new Regex("/projects\\?"));
        page.Url.ShouldEndWith(link);
        var total = int.Parse((await page.Locator("[data-total]").GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture);
        total.ShouldBeGreaterThan(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("cockpit-drill-projects.png") });
    }

    [Fact]
    public async Task The_big_screen_fills_a_1920_by_1080_wall_without_scrolling_and_rotates_its_panels()
    {
        var page = await fixture.NewPageAsync(1920, 1080);
        await page.GotoAsync("/cockpit/screen?region=220100");
        await page.WaitForFunctionAsync(ChartsDrawn);
        var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
        size[0].ShouldBeLessThanOrEqualTo(1920);
        size[1].ShouldBeLessThanOrEqualTo(1080);
        (await page.Locator(".screen-header h1").InnerTextAsync()).ShouldContain("长春市");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("big-screen.png") });

        var shown = await page.Locator(".screen-rotating:not([hidden])").GetAttributeAsync("data-panel");
        await page.WaitForFunctionAsync(
            "p => document.querySelector('.screen-rotating:not([hidden])').getAttribute('data-panel') !== p",
            shown, new PageWaitForFunctionOptions { Timeout = 30_000 });
    }

    [Fact]
    public async Task The_leader_view_fits_a_phone_and_offers_to_install()
    {
        var page = await fixture.NewPageAsync(375, 812, "city.leader");
        await page.GotoAsync("/leader");
        await page.Locator("#leader-waiting").WaitForAsync();
        (await page.Locator("#leader-projects li, #leader-red li").CountAsync()).ShouldBeGreaterThan(0);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("leader-phone.png") });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("leader-phone-full.png"), FullPage = true });

        var manifest = await page.EvaluateAsync<string>("() => fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json()).then(m => m.start_url + '|' + m.display + '|' + m.icons.length)");
        manifest.ShouldBe("/leader|standalone|3");
        var worker = await page.EvaluateAsync<bool>("() => navigator.serviceWorker.ready.then(r => !!r.active)");
        worker.ShouldBeTrue();
    }

    [Fact]
    public async Task A_leader_makes_a_calendar_link_on_a_phone_that_a_calendar_app_reads_without_signing_in()
    {
        var page = await fixture.NewPageAsync(375, 812, "city.leader");
        await page.GotoAsync("/account");
        (await page.Locator("#calendar-on").CountAsync()).ShouldBe(0, "no link until the leader makes one");
        await page.Locator("#calendar-create").ClickAsync();
        var link = await page.Locator("#calendar-link").InputValueAsync();
        link.ShouldContain("/api/service-days/subscription/");
        (await page.Locator("#calendar-on").CountAsync()).ShouldBe(1);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(0);
        await page.Locator("#calendar").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("account-calendar-link.png") });

        // A calendar app: a plain request, no cookie.
        using var app = new HttpClient();
        var feed = await app.GetStringAsync(new Uri(link));
        feed.ShouldStartWith("BEGIN:VCALENDAR");
        feed.ShouldContain("SUMMARY:企业服务日");

        // Stopping the link asks first, then the app gets nothing.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.Locator("#calendar-remove").ClickAsync();
        await page.Locator("#calendar-create").WaitForAsync();
        (await app.GetAsync(new Uri(link))).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }
}
