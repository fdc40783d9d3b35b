using System.Text.Json;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Web;

public sealed class OpenApiTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    [Fact]
    public async Task The_api_is_described_with_its_filter_parameters()
    {
        using var client = app.Api();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/projects", "/api/projects/{id}", "/api/indicators", "/api/regions", "/api/regions/resolve", "/api/reference/{kind}", "/api/reference/tags" })
        {
            paths.TryGetProperty(path, out _).ShouldBeTrue(path);
        }

        var parameters = paths.GetProperty("/api/indicators").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        parameters.ShouldContain("region");
        parameters.ShouldContain("asOf");
        parameters.ShouldContain("yearNature");
        parameters.ShouldContain("band");
    }
}
