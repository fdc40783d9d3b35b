using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Tiaodu.BrowserTests;

/// <summary>
/// A report approved or corrected changes the lights and the dashboard at once: a project red for lagging
/// behind 序时进度 has its last complete month's figure raised to its annual plan, and its red progress light
/// goes out while the dashboard's year-to-date total rises.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LightChangeJourneyTests(BrowserFixture fixture)
{
    private static decimal Read(string text) =>
        decimal.Parse(new string([.. text.Where(c => char.IsAsciiDigit(c) || c == '.')]), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Raising_a_laggards_approved_figure_puts_its_red_light_out_and_moves_the_dashboard()
    {
        // The month's lights judge the months complete by now (in January none: then last December is judged).
        var today = DateOnly.FromDateTime(DateTime.Now);
        var monthEnd = today.Day == DateTime.DaysInMonth(today.Year, today.Month);
        var (year, month) = today.Month > 1 || monthEnd ? (today.Year, today.Month) : (today.Year - 1, 12);
        var complete = year < today.Year ? 12 : monthEnd ? today.Month : today.Month - 1;

        var desk = await fixture.NewPageAsync();
        await desk.GotoAsync($"/lights?year={year}&month={month}");
        await desk.ClickAsync("#evaluate");
        await desk.Locator(".alert-success").WaitForAsync();
        await desk.GotoAsync($"/lights?year={year}&month={month}&filter=Red&kind=Progress");
        var row = desk.Locator("#light-list tbody tr").First;
        (await row.InnerTextAsync()).ShouldContain("序时进度");
        var project = (await row.GetAttributeAsync("data-project"))!;

        var detail = JsonDocument.Parse(await (await desk.APIRequest.GetAsync($"/api/projects/{project}")).TextAsync()).RootElement;
        var line = detail.GetProperty("years").EnumerateArray().First(y => y.GetProperty("year").GetInt32() == year);
        var plan = line.GetProperty("annualPlan").GetDecimal();

        await desk.GotoAsync("/?year=" + year.ToString(CultureInfo.InvariantCulture));
        var ytdBefore = Read(await desk.Locator("[data-figure='investment.ytd']").First.InnerTextAsync());

        // The office raises the year-to-date figure of the last complete month to the annual plan.
        await desk.GotoAsync($"/projects/{project}/reports/{year}/{complete}");
        var state = await desk.Locator("h1 + [data-state]").GetAttributeAsync("data-state");
        if (state == "Submitted")
        {
            await desk.ClickAsync("button:has-text('审核通过')");
            await desk.Locator(".alert-success").WaitForAsync();
            state = "Approved";
        }

        if (state == "Approved")
        {
            await desk.GotoAsync($"/projects/{project}/reports/{year}/{complete}?correct=true");
        }

        await desk.FillAsync("#Input_InvestmentMonth", "");
        await desk.FillAsync("#Input_InvestmentYtd", plan.ToString(CultureInfo.InvariantCulture));
        await desk.FillAsync("#Input_Explanation", "按年度计划足额完成，核实无误");
        if (state == "Approved")
        {
            await desk.FillAsync("#Reason", "统计局反馈数据更正");
            await desk.ClickAsync("button[formaction*='handler=Correct']");
        }
        else
        {
            await desk.ClickAsync("button[formaction*='handler=Submit']");
            await desk.Locator(".alert-success").WaitForAsync();
            await desk.ClickAsync("button:has-text('审核通过')");
        }

        await desk.Locator(".alert-success").WaitForAsync();
        (await desk.Locator("h1 + [data-state]").GetAttributeAsync("data-state")).ShouldBe("Approved");

        await desk.GotoAsync($"/lights?year={year}&month={month}");
        await desk.ClickAsync("#evaluate");
        await desk.Locator(".alert-success").WaitForAsync();
        await desk.GotoAsync($"/lights?year={year}&month={month}&filter=Red&kind=Progress");
        (await desk.Locator($"#light-list tbody tr[data-project='{project}']").CountAsync()).ShouldBe(0);

        await desk.GotoAsync("/?year=" + year.ToString(CultureInfo.InvariantCulture));
        Read(await desk.Locator("[data-figure='investment.ytd']").First.InnerTextAsync()).ShouldBeGreaterThan(ytdBefore);
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("dashboard-after-correction.png") });
    }
}
