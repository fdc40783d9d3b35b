using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

/// <summary>半月调度 and 周监测 in the browser: take a round, comment, publish; record a week's check from a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DispatchRoundJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_dispatch_office_takes_a_round_comments_on_a_red_project_and_publishes_it()
    {
        var page = await fixture.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GotoAsync("/dispatch");
        await page.SelectOptionAsync("#t-region", "220104");
        await page.ClickAsync("#take-round");
        await page.WaitForURLAsync(new Regex("/dispatch/\\d+$"));
        (await page.Locator("#round-state").InnerTextAsync()).ShouldContain("草稿");
        (await page.Locator("#round-items tbody tr").CountAsync()).ShouldBeGreaterThan(0);

        // Red and yellow projects come first, each with its reason in words; comment on the first project.
        var first = page.Locator("#round-items tbody tr").First;
        if (await first.GetAttributeAsync("data-color") != "None")
        {
            (await first.InnerTextAsync()).ShouldMatch("红灯|黄灯");
        }

        var name = (await first.Locator("td").Nth(1).Locator("a").InnerTextAsync()).Trim();
        await first.Locator("textarea").FillAsync("请区发改局本周内协调施工用电，月底前复核进度");
        await page.FillAsync("#summary", "本期红灯项目逐一明确责任单位和时限");
        await page.ClickAsync("#save-comments");
        await page.Locator(".alert").First.WaitForAsync();
        (await page.Locator(".alert").First.GetAttributeAsync("class"))!.ShouldContain("alert-success", customMessage: page.Url + " " + await page.Locator("body").InnerTextAsync());
        (await page.Locator("#round-items tbody tr").First.Locator("textarea").InputValueAsync()).ShouldBe("请区发改局本周内协调施工用电，月底前复核进度");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("dispatch-round-draft.png"), FullPage = true });

        await page.ClickAsync("#publish");
        await page.Locator(".alert-success").WaitForAsync();
        (await page.Locator("#round-state").InnerTextAsync()).ShouldContain("发布");
        (await page.Locator("#save-comments").CountAsync()).ShouldBe(0);
        await page.ClickAsync("a[data-filter=Commented]");
        (await page.Locator("#round-items tbody").InnerTextAsync()).ShouldContain(name);

        // A district leader's phone reads the published round without sideways scrolling.
        var url = page.Url;
        var phone = await fixture.NewPageAsync(375, 740, user: "district.leader");
        await phone.GotoAsync(new Uri(url).PathAndQuery);
        await phone.Locator("#round-figures").WaitForAsync();
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(375);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("dispatch-round-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task A_weekly_check_is_recorded_from_a_phone()
    {
        var phone = await fixture.NewPageAsync(375, 740);
        await phone.GotoAsync("/dispatch/watch?unchecked=true");
        var row = phone.Locator("#watch-list [data-checked=False]").First;
        var project = await row.GetAttributeAsync("data-project");
        await row.Locator("select[name=status]").SelectOptionAsync("Behind");
        await row.Locator("input[name=workers]").FillAsync("85");
        await row.Locator("input[name=note]").FillAsync("钢材到货延迟，预计下周补齐");
        await row.Locator("form.check-form button").ClickAsync();
        await phone.Locator(".alert-success").WaitForAsync();
        await phone.GotoAsync("/dispatch/watch");
        var done = phone.Locator($"#watch-list [data-project='{project}']");
        (await done.GetAttributeAsync("data-checked")).ShouldBe("True");
        (await done.InnerTextAsync()).ShouldContain("钢材到货延迟");
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(375);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("watch-phone.png"), FullPage = true });
    }
}
