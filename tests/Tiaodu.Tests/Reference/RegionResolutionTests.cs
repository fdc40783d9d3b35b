using System.Net;
using System.Net.Http.Json;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Reference;

/// <summary>Offices write regions many ways; the resolver reads them all and asks when a name is ambiguous.</summary>
public sealed class RegionResolutionTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private async Task<ReferenceApi.ResolutionDto> ResolveAsync(string name, string? context = null)
    {
        using var client = app.Api();
        var url = "/api/regions/resolve?name=" + Uri.EscapeDataString(name) + (context is null ? "" : "&context=" + context);
        return (await client.GetFromJsonAsync<ReferenceApi.ResolutionDto>(url, Json.Options))!;
    }

    [Theory]
    [InlineData("220172", "220172")]
    [InlineData("长春净月高新技术产业开发区", "220172")]
    [InlineData("净月高新区", "220172")]
    [InlineData("净月区", "220172")]
    [InlineData("長春凈月高新區", "220172")]
    [InlineData("汽开区", "220174")]
    [InlineData("朝阳区", "220104")]
    [InlineData("长春市朝阳区", "220104")]
    [InlineData("新区", "cc-xinqu")]
    [InlineData("延边州", "222400")]
    public async Task Names_short_names_codes_and_traditional_script_resolve(string name, string key)
    {
        var result = await ResolveAsync(name);
        result.Match.ShouldNotBeNull(name);
        result.Match.Key.ShouldBe(key);
    }

    [Fact]
    public async Task An_ambiguous_short_name_returns_every_candidate()
    {
        var result = await ResolveAsync("经开区");
        result.Match.ShouldBeNull();
        result.Ambiguous.ShouldBeTrue();
        result.Candidates.Select(c => c.Key).ShouldContain("220171");
        result.Candidates.Select(c => c.Key).ShouldContain("220271");
    }

    [Theory]
    [InlineData("220100", "220171")]
    [InlineData("220200", "220271")]
    [InlineData("220202", "220271")]
    public async Task Context_breaks_the_tie(string context, string key)
    {
        var result = await ResolveAsync("经开区", context);
        result.Match.ShouldNotBeNull();
        result.Match.Key.ShouldBe(key);
    }

    [Fact]
    public async Task An_unknown_name_matches_nothing()
    {
        var result = await ResolveAsync("火星开发区");
        result.Match.ShouldBeNull();
        result.Candidates.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_jilin_county_level_unit_is_in_the_tree()
    {
        using var client = app.Api();
        var regions = (await client.GetFromJsonAsync<List<ReferenceApi.RegionDto>>("/api/regions", Json.Options))!;
        regions.Count(r => r.ParentId is not null && regions.Any(p => p.Id == r.ParentId && p.Kind == "City")).ShouldBeGreaterThanOrEqualTo(69);
        regions.Single(r => r.Key == "220000").Kind.ShouldBe("Province");
        regions.Single(r => r.Key == "cc-xinqu").Code.ShouldBeNull();
    }

    [Fact]
    public async Task An_administrator_can_add_a_code_less_area_and_rename_it()
    {
        using var client = await app.AdminClientAsync(Tiaodu.Core.Accounts.Role.SystemAdmin);
        var changchun = await app.RegionIdAsync("220100");
        var add = await client.PostAsJsonAsync($"/api/regions/{changchun}/children",
            new { key = "cc-test-area", name = "测试管理区", kind = "Area", shortNames = "测试区、试验区" }, Json.Options);
        add.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await add.Content.ReadFromJsonAsync<ReferenceApi.RegionDto>(Json.Options))!;
        created.ShortNames.ShouldBe(["测试区", "试验区"]);
        (await ResolveAsync("试验区")).Match!.Key.ShouldBe("cc-test-area");

        var rename = await client.PutAsJsonAsync($"/api/regions/{created.Id}", new { name = "测试新管理区", shortNames = "测试新区", version = created.Version }, Json.Options);
        rename.StatusCode.ShouldBe(HttpStatusCode.OK);
        var stale = await client.PutAsJsonAsync($"/api/regions/{created.Id}", new { name = "又一个名字", version = created.Version }, Json.Options);
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
