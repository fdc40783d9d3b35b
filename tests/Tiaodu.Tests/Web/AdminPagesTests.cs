using System.Net;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Web;

public sealed class AdminPagesTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    [Fact]
    public async Task Tags_can_be_added_renamed_and_retired_from_the_page()
    {
        using var client = app.Api();
        var page = await client.GetPageAsync("/admin/tags");
        page.QuerySelectorAll("tr[data-tag]").Length.ShouldBe(4);

        var added = await client.SubmitFormAsync(page, "#add-tag", new Dictionary<string, string> { ["Form.Name"] = "重大产业项目", ["Form.SortOrder"] = "9" }, "/admin/tags");
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        page = await client.GetPageAsync("/admin/tags");
        page.Body!.TextContent.ShouldContain("已保存标签“重大产业项目”");
        page.QuerySelectorAll("tr[data-tag]").Length.ShouldBe(5);
        page.QuerySelector("tr[data-tag='百大项目']").ShouldNotBeNull();
        var row = page.QuerySelector("tr[data-tag='重大产业项目'] form")!;
        var fields = row.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
        var retire = await client.PostAsync("/admin/tags", new FormUrlEncodedContent(new Dictionary<string, string>(fields)
        {
            ["Form.Name"] = "重大产业项目（停用）",
            ["Form.SortOrder"] = "9",
            ["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        retire.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var tag = await app.WithDbAsync(db => db.Tags.SingleAsync(t => t.Name == "重大产业项目（停用）"));
        tag.IsActive.ShouldBeFalse();
        tag.SortOrder.ShouldBe(9);
    }

    [Fact]
    public async Task A_duplicate_tag_name_is_refused_in_chinese()
    {
        using var client = app.Api();
        var page = await client.GetPageAsync("/admin/tags");
        var response = await client.SubmitFormAsync(page, "#add-tag", new Dictionary<string, string> { ["Form.Name"] = "百大项目" }, "/admin/tags");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ParseAsync()).Body!.TextContent.ShouldContain("标签名称已存在");
        (await app.WithDbAsync(db => db.Tags.CountAsync(t => t.Name == "百大项目"))).ShouldBe(1);
    }
}
