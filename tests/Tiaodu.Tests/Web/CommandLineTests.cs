using System.Net.Http.Json;
using System.Text.Json;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Web;

public sealed class CommandLineTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task Indicators_verb_prints_the_same_figures_as_the_api()
    {
        var (code, output, _) = await app.RunVerbAsync("indicators", "--year", "2026", "--as-of", "2026-09-30", "--region", "220100", "--json");
        code.ShouldBe(0);
        var cli = JsonSerializer.Deserialize<IndicatorsApi.IndicatorSetDto>(output, Json.Options)!;

        using var client = app.Api();
        var api = await client.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>("/api/indicators?year=2026&asOf=2026-09-30&region=220100", Json.Options);

        cli.Figures.Count.ShouldBeGreaterThan(30);
        cli.Figures.Select(f => (f.Key, f.Value)).ShouldBe(api!.Figures.Select(f => (f.Key, f.Value)));
        cli.Figures.Single(f => f.Key == "projects").Value!.Value.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Indicators_verb_filters_by_tag_name()
    {
        var (all, allOut, _) = await app.RunVerbAsync("indicators", "--year", "2026", "--json");
        var (tagged, taggedOut, _) = await app.RunVerbAsync("indicators", "--year", "2026", "--tag", "百大项目", "--json");
        all.ShouldBe(0);
        tagged.ShouldBe(0);
        var total = JsonSerializer.Deserialize<IndicatorsApi.IndicatorSetDto>(allOut, Json.Options)!.Figures.Single(f => f.Key == "projects").Value;
        var hundred = JsonSerializer.Deserialize<IndicatorsApi.IndicatorSetDto>(taggedOut, Json.Options)!.Figures.Single(f => f.Key == "projects").Value;
        hundred!.Value.ShouldBeGreaterThan(0);
        hundred.Value.ShouldBeLessThan(total!.Value);
    }

    [Theory]
    [InlineData("indicators", "--year", "abc")]
    [InlineData("indicators", "--as-of", "2026/13/01")]
    [InlineData("indicators", "--region", "999999")]
    [InlineData("indicators", "--tag", "没有的标签")]
    [InlineData("indicators", "--year")]
    public async Task Bad_arguments_exit_with_2_and_a_chinese_message(params string[] args)
    {
        var (code, _, errors) = await app.RunVerbAsync(args);
        code.ShouldBe(2);
        errors.ShouldContain("参数错误");
    }

    [Fact]
    public async Task Migrate_and_seed_demo_are_idempotent()
    {
        var (code, output, _) = await app.RunVerbAsync("migrate");
        code.ShouldBe(0);
        output.ShouldContain("已应用迁移 0 个");
        (await app.RunVerbAsync("seed-demo")).Output.ShouldContain("未写入演示数据");
    }
}
