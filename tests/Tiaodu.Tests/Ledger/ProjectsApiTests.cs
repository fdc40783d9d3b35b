using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Ledger;

public sealed class ProjectsApiTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private async Task<ProjectDetails> DetailsAsync(string name, string region = "220172", decimal total = 12_000m) => new()
    {
        Name = name,
        RegionId = await app.RegionIdAsync(region),
        TotalInvestment = total,
        NatureId = await app.LookupIdAsync(LookupKind.Nature, "新建"),
        LandArea = 6_666.67m,
    };

    [Fact]
    public async Task Create_read_update_round_trip_keeps_exact_decimals()
    {
        var created = await app.CreateProjectAsync((await DetailsAsync("长春净月数字经济产业园项目")) with { TotalInvestment = 123_456.7891m });
        created.Id.ShouldBeGreaterThan(0);
        created.Version.ShouldBe(1);
        created.Region.ShouldBe("长春净月高新技术产业开发区");
        created.Nature.ShouldBe("新建");
        created.LandAreaMu.ShouldBe(10.00m);

        using var client = app.Api();
        var read = await client.GetFromJsonAsync<ProjectDto>($"/api/projects/{created.Id}", Json.Options);
        read!.TotalInvestment.ShouldBe(123_456.7891m);

        var update = await client.PutAsJsonAsync($"/api/projects/{created.Id}",
            new { project = (await DetailsAsync("长春净月数字经济产业园二期项目")) with { TotalInvestment = 200_000m }, version = 1 }, Json.Options);
        update.StatusCode.ShouldBe(HttpStatusCode.OK);
        var updated = await update.Content.ReadFromJsonAsync<ProjectDto>(Json.Options);
        updated!.Name.ShouldBe("长春净月数字经济产业园二期项目");
        updated.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Invalid_input_gets_400_with_chinese_messages_per_field_and_saves_nothing()
    {
        using var client = app.Api();
        var before = (await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=无效项目", Json.Options))!.Total;
        var bad = (await DetailsAsync("无效项目")) with { Code = "2103-22-04", TotalInvestment = -5m, PlannedStart = new DateOnly(2026, 5, 1), PlannedCompletion = new DateOnly(2025, 1, 1) };

        var response = await client.PostAsJsonAsync("/api/projects", new { project = bad }, Json.Options);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        errors.GetProperty("Code")[0].GetString()!.ShouldContain("项目代码");
        errors.GetProperty("TotalInvestment")[0].GetString()!.ShouldContain("不能为负数");
        errors.GetProperty("PlannedCompletion")[0].GetString()!.ShouldContain("不能早于");
        (await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=无效项目", Json.Options))!.Total.ShouldBe(before);
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_problem_not_a_500()
    {
        using var client = app.Api();
        var response = await client.PostAsync("/api/projects", new StringContent("{\"project\": {\"name\": 12,", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("请求格式不正确");
    }

    [Fact]
    public async Task Unknown_project_is_404_problem_in_chinese()
    {
        using var client = app.Api();
        var response = await client.GetAsync("/api/projects/987654");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("项目不存在");
    }

    [Fact]
    public async Task Saving_over_a_newer_version_is_a_409_and_keeps_the_other_edit()
    {
        var created = await app.CreateProjectAsync(await DetailsAsync("冲突测试项目"));
        using var client = app.Api();
        var first = await client.PutAsJsonAsync($"/api/projects/{created.Id}", new { project = (await DetailsAsync("冲突测试项目（甲改）")), version = 1 }, Json.Options);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);

        var stale = await client.PutAsJsonAsync($"/api/projects/{created.Id}", new { project = (await DetailsAsync("冲突测试项目（乙改）")), version = 1 }, Json.Options);

        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("已被他人修改");
        var now = await client.GetFromJsonAsync<ProjectDto>($"/api/projects/{created.Id}", Json.Options);
        now!.Name.ShouldBe("冲突测试项目（甲改）");
    }

    [Fact]
    public async Task Duplicate_project_code_is_refused()
    {
        await app.CreateProjectAsync((await DetailsAsync("代码甲项目")) with { Code = "2403-220172-04-01-000777" });
        using var client = app.Api();
        var response = await client.PostAsJsonAsync("/api/projects", new { project = (await DetailsAsync("代码乙项目")) with { Code = "2403-220172-04-01-000777" } }, Json.Options);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("已被其他项目使用");
    }

    [Fact]
    public async Task Delete_moves_to_the_recycle_bin_and_restore_brings_it_back()
    {
        var created = await app.CreateProjectAsync(await DetailsAsync("回收站测试项目"));
        using var client = app.Api();

        (await client.DeleteAsync($"/api/projects/{created.Id}?version=1")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=回收站测试", Json.Options))!.Total.ShouldBe(0);
        var bin = await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=回收站测试&deleted=true", Json.Options);
        bin!.Items.Single().Id.ShouldBe(created.Id);

        var restored = await client.PostAsync($"/api/projects/{created.Id}/restore?version=2", null);
        restored.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=回收站测试", Json.Options))!.Total.ShouldBe(1);
    }

    [Theory]
    [InlineData("淨月")]
    [InlineData("凈月")]
    [InlineData("jingyue")]
    [InlineData("JingYue")]
    [InlineData("cjjy")]
    [InlineData("影视基地")]
    public async Task Search_finds_a_project_however_the_name_is_typed(string query)
    {
        await app.CreateProjectAsync(await DetailsAsync("长江净月影视基地项目"));
        using var client = app.Api();
        var page = await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=" + Uri.EscapeDataString(query), Json.Options);
        page!.Items.ShouldContain(p => p.Name == "长江净月影视基地项目");
    }

    [Fact]
    public async Task Search_written_in_traditional_script_finds_a_simplified_name()
    {
        await app.CreateProjectAsync(await DetailsAsync("长春光电产业园项目", "220173"));
        using var client = app.Api();
        var page = await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=" + Uri.EscapeDataString("長春光電"), Json.Options);
        page!.Items.ShouldContain(p => p.Name == "长春光电产业园项目");
    }

    [Fact]
    public async Task Region_filter_includes_the_whole_subtree_only()
    {
        await app.CreateProjectAsync(await DetailsAsync("子树测试净月项目", "220172"));
        await app.CreateProjectAsync(await DetailsAsync("子树测试龙潭项目", "220203"));
        using var client = app.Api();
        var changchun = await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=子树测试&region=220100", Json.Options);
        changchun!.Items.Select(i => i.Name).ShouldBe(["子树测试净月项目"]);
        var province = await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=子树测试&region=220000", Json.Options);
        province!.Total.ShouldBe(2);
    }

    [Fact]
    public async Task Paging_and_sorting_are_done_by_the_server()
    {
        for (var i = 1; i <= 5; i++)
        {
            await app.CreateProjectAsync(await DetailsAsync($"分页测试项目{i}", total: 10_000m * i));
        }

        using var client = app.Api();
        var page = await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=分页测试&sort=investment&desc=true&page=2&pageSize=2", Json.Options);
        page!.Total.ShouldBe(5);
        page.Pages.ShouldBe(3);
        page.Items.Select(x => x.TotalInvestment).ShouldBe([30_000m, 20_000m]);
    }

    [Fact]
    public async Task Year_line_is_validated_and_shown_on_the_project()
    {
        var created = await app.CreateProjectAsync(await DetailsAsync("年度计划测试项目"));
        using var client = app.Api();
        var bad = await client.PutAsJsonAsync($"/api/projects/{created.Id}/years/2026", new ProjectYearInput { InPlan = true, PlannedStartMonth = 13, AnnualPlan = -1m }, Json.Options);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("计划开工月份");

        await app.SetYearAsync(created.Id, 2026, new ProjectYearInput { InPlan = true, AnnualPlan = 5_000m, PlannedStartMonth = 4, StartedOn = new DateOnly(2026, 4, 8) });
        var read = await client.GetFromJsonAsync<ProjectDto>($"/api/projects/{created.Id}", Json.Options);
        var year = read!.Years.Single();
        year.Year.ShouldBe(2026);
        year.AnnualPlan.ShouldBe(5_000m);
        year.StartedOn.ShouldBe(new DateOnly(2026, 4, 8));
    }
}

public sealed class ProjectsApiEdgeTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    [Fact]
    public async Task Over_long_text_is_a_400_on_every_provider()
    {
        var region = await app.RegionIdAsync("220104");
        using var client = app.Api();
        var response = await client.PostAsJsonAsync("/api/projects", new { project = new ProjectDetails { Name = new string('长', 200), RegionId = region, OwnerCompany = new string('企', 300) } }, Json.Options);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("业主单位不能超过200个字");

        var longName = await client.PostAsJsonAsync("/api/projects", new { project = new ProjectDetails { Name = new string('长', 200), RegionId = region } }, Json.Options);
        longName.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_project_is_found_by_its_code_with_or_without_dashes()
    {
        var region = await app.RegionIdAsync("220104");
        await app.CreateProjectAsync(new ProjectDetails { Name = "代码检索测试项目", RegionId = region, Code = "2604-220104-04-01-246810" });
        using var client = app.Api();
        foreach (var q in new[] { "2604-220104-04-01-246810", "2604-220104", "260422010404", "２６０４－２２０１０４" })
        {
            var page = await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=" + Uri.EscapeDataString(q), Json.Options);
            page!.Items.Select(i => i.Name).ShouldContain("代码检索测试项目", q);
        }

        var pipe = await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=%7C", Json.Options);
        var all = await client.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects", Json.Options);
        pipe!.Total.ShouldBe(all!.Total);
    }

    [Fact]
    public async Task Adding_the_same_year_line_at_once_gives_one_success_and_conflicts_never_500()
    {
        var created = await app.CreateProjectAsync(new ProjectDetails { Name = "并发年度测试项目", RegionId = await app.RegionIdAsync("220104") });
        using var client = app.Api();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.PutAsJsonAsync($"/api/projects/{created.Id}/years/2026", new ProjectYearInput { InPlan = true }, Json.Options)));
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(5);
    }

    [Fact]
    public async Task A_deleted_project_must_be_restored_before_it_is_edited()
    {
        var region = await app.RegionIdAsync("220104");
        var created = await app.CreateProjectAsync(new ProjectDetails { Name = "回收站编辑测试项目", RegionId = region });
        using var client = app.Api();
        (await client.DeleteAsync($"/api/projects/{created.Id}?version=1")).EnsureSuccessStatusCode();
        var edit = await client.PutAsJsonAsync($"/api/projects/{created.Id}", new { project = new ProjectDetails { Name = "改名", RegionId = region }, version = 2 }, Json.Options);
        edit.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await edit.Content.ReadAsStringAsync()).ShouldContain("请先恢复");
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task The_language_switch_only_returns_to_pages_of_this_site(string returnUrl)
    {
        using var client = app.Api();
        var response = await client.GetAsync("/culture?c=en&returnUrl=" + returnUrl);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }
}
