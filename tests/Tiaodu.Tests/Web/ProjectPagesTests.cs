using System.Net;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Web;

public sealed class ProjectPagesTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private async Task<Dictionary<string, string>> ValidFormAsync(string name) => new()
    {
        ["Input.Name"] = name,
        ["Input.RegionId"] = (await app.RegionIdAsync("220104")).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Input.TotalInvestment"] = "12,500.5",
        ["Input.LandArea"] = "75",
        ["Input.LandUnit"] = "mu",
    };

    [Fact]
    public async Task Creating_a_project_through_the_form_stores_exact_figures_and_land_in_square_metres()
    {
        using var client = app.Api();
        var form = await client.GetPageAsync("/projects/new");
        var response = await client.SubmitAsync(form, "", await ValidFormAsync("页面新建测试项目"), "/projects/new");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var details = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        details.Body!.TextContent.ShouldContain("页面新建测试项目");
        details.Body.TextContent.ShouldContain("50,000 m²");
        var page = await app.WithDbAsync(db => Task.FromResult(db.Projects.Single(p => p.Name == "页面新建测试项目")));
        page.TotalInvestment.ShouldBe(12_500.5m);
        page.LandArea.ShouldBe(50_000m);
    }

    [Fact]
    public async Task A_mistyped_number_comes_back_with_a_chinese_message_and_nothing_saved()
    {
        using var client = app.Api();
        var form = await client.GetPageAsync("/projects/new");
        var values = await ValidFormAsync("错误数字测试项目");
        values["Input.TotalInvestment"] = "一百万abc";
        var response = await client.SubmitAsync(form, "", values, "/projects/new");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ParseAsync()).Body!.TextContent.ShouldContain("总投资应为数字");
        (await app.WithDbAsync(db => Task.FromResult(db.Projects.Any(p => p.Name == "错误数字测试项目")))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var client = app.ClientFor(app.Tester, sendCsrfToken: false);
        var values = await ValidFormAsync("无令牌测试项目");
        var response = await client.PostAsync("/projects/new", new FormUrlEncodedContent(values));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => Task.FromResult(db.Projects.Any(p => p.Name == "无令牌测试项目")))).ShouldBeFalse();
    }

    [Fact]
    public async Task Saving_an_edit_opened_before_someone_elses_save_shows_both_versions()
    {
        var created = await app.CreateProjectAsync(new ProjectDetails { Name = "页面冲突测试项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 8_000m });
        using var client = app.Api();
        var stale = await client.GetPageAsync($"/projects/{created.Id}/edit");
        var fresh = await client.GetPageAsync($"/projects/{created.Id}/edit");
        var first = await client.SubmitAsync(fresh, "", new Dictionary<string, string> { ["Input.TotalInvestment"] = "9000" }, $"/projects/{created.Id}/edit");
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var second = await client.SubmitAsync(stale, "", new Dictionary<string, string> { ["Input.TotalInvestment"] = "9500" }, $"/projects/{created.Id}/edit");

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = (await second.ParseAsync()).Body!.TextContent;
        text.ShouldContain("已被他人修改");
        text.ShouldContain("9,500");
        text.ShouldContain("9,000");
        (await app.WithDbAsync(db => Task.FromResult(db.Projects.Single(p => p.Id == created.Id).TotalInvestment))).ShouldBe(9_000m);
    }

    [Fact]
    public async Task Deleting_asks_first_and_can_be_undone()
    {
        var created = await app.CreateProjectAsync(new ProjectDetails { Name = "页面删除测试项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 8_000m });
        using var client = app.Api();
        var confirm = await client.GetPageAsync($"/projects/{created.Id}/delete");
        confirm.Body!.TextContent.ShouldContain("页面删除测试项目");
        (await app.WithDbAsync(db => Task.FromResult(db.Projects.Single(p => p.Id == created.Id).IsDeleted))).ShouldBeFalse();

        var deleted = await client.SubmitAsync(confirm, "delete", new Dictionary<string, string>(), $"/projects/{created.Id}/delete");
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => Task.FromResult(db.Projects.Single(p => p.Id == created.Id).IsDeleted))).ShouldBeTrue();

        var list = await client.GetPageAsync(deleted.Headers.Location!.OriginalString);
        var undo = await client.SubmitAsync(list, "restore", new Dictionary<string, string>());
        undo.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => Task.FromResult(db.Projects.Single(p => p.Id == created.Id).IsDeleted))).ShouldBeFalse();
    }

    [Fact]
    public async Task Deleting_from_a_filtered_chinese_list_returns_to_that_list()
    {
        var created = await app.CreateProjectAsync(new ProjectDetails { Name = "返回列表测试项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 8_000m });
        using var client = app.Api();
        var url = $"/projects/{created.Id}/delete?back=" + Uri.EscapeDataString("q=长春&region=220100");
        var confirm = await client.GetPageAsync(url);

        // The form has no action, so the browser posts back to the page's own address, query included.
        var deleted = await client.SubmitAsync(confirm, "delete", new Dictionary<string, string>(), url);
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = deleted.Headers.Location!.OriginalString;
        location.ShouldStartWith("/projects?");
        Uri.UnescapeDataString(location).ShouldContain("q=长春");
        (await client.GetAsync(location)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_list_keeps_its_filter_in_the_url_and_finds_traditional_spellings()
    {
        await app.CreateProjectAsync(new ProjectDetails { Name = "长春净月页面检索项目", RegionId = await app.RegionIdAsync("220172"), TotalInvestment = 8_000m });
        using var client = app.Api();
        var page = await client.GetPageAsync("/projects?q=" + Uri.EscapeDataString("淨月頁面") + "&region=220100");
        page.QuerySelector("[data-total]")!.GetAttribute("data-total").ShouldBe("1");
        page.Body!.TextContent.ShouldContain("长春净月页面检索项目");
        page.QuerySelector("input[name=q]")!.GetAttribute("value").ShouldBe("淨月頁面");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/projects")]
    [InlineData("/projects?year=2026&started=true&inPlan=true")]
    [InlineData("/projects/new")]
    [InlineData("/admin/regions")]
    [InlineData("/admin/lookups")]
    [InlineData("/admin/lookups?kind=Industry")]
    [InlineData("/admin/tags")]
    [InlineData("/admin/accounts")]
    [InlineData("/admin/account")]
    [InlineData("/admin/security")]
    [InlineData("/audit")]
    [InlineData("/account")]
    [InlineData("/account/login")]
    [InlineData("/api-docs/index.html")]
    public async Task Every_page_opens_in_chinese(string url)
    {
        using var client = url switch
        {
            "/account/login" => app.Anonymous(),
            "/admin/security" => await app.AdminClientAsync(Tiaodu.Core.Accounts.Role.SecurityAdmin),
            "/audit" => await app.AdminClientAsync(Tiaodu.Core.Accounts.Role.AuditAdmin),
            _ when url.StartsWith("/admin/", StringComparison.Ordinal) && url != "/admin/tags" => await app.AdminClientAsync(Tiaodu.Core.Accounts.Role.SystemAdmin),
            _ => app.Api(),
        };
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        if (!url.StartsWith("/api-docs", StringComparison.Ordinal))
        {
            html.ShouldContain("重点项目调度平台");
        }
    }

    [Theory]
    [InlineData("/projects/999999")]
    [InlineData("/projects/999999/edit")]
    [InlineData("/no-such-page")]
    public async Task Missing_pages_answer_404_with_a_chinese_page(string url)
    {
        using var client = app.Api();
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("页面不存在");
    }

    [Fact]
    public async Task Bad_query_values_on_the_list_do_not_break_the_page()
    {
        using var client = app.Api();
        var response = await client.GetAsync("/projects?band=9&year=abc&page=-4&pageSize=100000&asOf=2026-02-31");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Traditional_and_english_interfaces_come_from_the_resource_files()
    {
        using var client = app.Api();
        (await client.GetStringAsync("/projects?culture=zh-TW")).ShouldContain("項目臺賬");
        (await client.GetStringAsync("/projects?culture=en")).ShouldContain("Project ledger");
    }
}
