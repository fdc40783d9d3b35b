using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tiaodu.Core.Excel;

namespace Tiaodu.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class ImportJourneyTests(BrowserFixture fixture)
{
    private const string Region = "220112";

    [GeneratedRegex(@"[\d,]+")]
    private static partial Regex Number();

    private static decimal Read(string text) =>
        decimal.Parse(Number().Match(text).Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>A 双阳区 ledger whose total-investment column has a header the importer does not know.</summary>
    private static byte[] Ledger()
    {
        TableColumn[] columns =
        [
            new("序号", CellKind.WholeNumber),
            new("项目名称", CellKind.Text),
            new("所属区域", CellKind.Text),
            new("投资规模（亿元）", CellKind.Number),
            new("年度计划投资", CellKind.Money, Sum: true),
        ];
        var table = new LedgerTable("双阳区2026年新增重点项目表", "单位：万元", null, columns,
        [
            new TableSection("新建", [
                [null, "浏览器导入测试鹿乡食品加工项目", "双阳区", 1.2m, 3_000m],
                [null, "浏览器导入测试奢岭物流中心项目", "双阳区", 2.5m, 5_000m],
            ]),
        ]);
        using var stream = new MemoryStream();
        LedgerWorkbookWriter.WriteXlsx(table, stream);
        return stream.ToArray();
    }

    private static async Task<decimal> ProjectsFigureAsync(IPage page)
    {
        await page.GotoAsync($"/?region={Region}&year=2026");
        var figure = page.Locator("[data-figure='projects']").First;
        await figure.WaitForAsync();
        return Read(await figure.InnerTextAsync());
    }

    [Fact]
    public async Task A_ledger_is_uploaded_a_column_mapped_by_hand_confirmed_and_the_dashboard_counts_it()
    {
        var page = await fixture.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var before = await ProjectsFigureAsync(page);

        await page.GotoAsync("/imports");
        await page.SetInputFilesAsync("input[name='file']", new FilePayload
        {
            Name = "双阳区新增项目.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = Ledger(),
        });
        await page.ClickAsync("form[enctype] button[type='submit']");
        await page.WaitForURLAsync(new Regex("/imports/\\d+$"));
        var unknown = page.Locator("#column-map tr.table-warning select");
        await unknown.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        (await page.Locator("#confirm-import").IsDisabledAsync()).ShouldBeTrue("a new project without its total investment cannot be imported");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("import-preview.png"), FullPage = true });

        var row = page.Locator("#column-map tr", new PageLocatorOptions { HasText = "投资规模（亿元）" });
        await row.Locator("select").SelectOptionAsync("TotalInvestment");
        await page.ClickAsync("#reanalyse");
        var confirm = page.Locator("#confirm-import:not([disabled])");
        await confirm.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        (await page.Locator("[data-count='create']").InnerTextAsync()).Trim().ShouldBe("2");
        await confirm.ClickAsync();
        var result = page.Locator("[data-result]");
        await result.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        (await result.InnerTextAsync()).ShouldContain("新增2个");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("import-applied.png"), FullPage = true });

        (await ProjectsFigureAsync(page)).ShouldBe(before + 2);
    }
}
