using Microsoft.EntityFrameworkCore;
using Tiaodu.Core;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;

using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

internal static class ReferenceApi
{
    public sealed record RegionDto(int Id, string Key, string? Code, string Name, string Kind, int? ParentId, IReadOnlyList<string> ShortNames, int SortOrder, bool IsActive, int Version);

    public sealed record ResolutionDto(RegionDto? Match, IReadOnlyList<RegionDto> Candidates, bool Ambiguous);

    public sealed record LookupDto(int Id, string Kind, string Code, string Name, int? ParentId, string? Meaning, int? RegionId, int SortOrder, bool IsActive, int Version);

    public sealed record TagDto(int Id, string Name, int SortOrder, bool IsActive, int Version);

    public static RegionDto ToDto(Region r) =>
        new(r.Id, r.Key, r.Code, r.Name, r.Kind.ToString(), r.ParentId, r.ShortNameList.ToList(), r.SortOrder, r.IsActive, r.Version);

    public static LookupDto ToDto(Lookup l) =>
        new(l.Id, l.Kind.ToString(), l.Code, l.Name, l.ParentId, l.Meaning, l.RegionId, l.SortOrder, l.IsActive, l.Version);

    public static void MapRegionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/regions").WithTags("区域");
        api.MapGet("/", async (TiaoduDb db, CancellationToken ct) =>
                TypedResults.Ok((await RegionDirectory.LoadAsync(db, ct)).All.Select(ToDto).ToList()))
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("全部区域（省、市、县区、开发区、管理区），按层级排序");

        api.MapGet("/resolve", async (string name, string? context, TiaoduDb db, CancellationToken ct) =>
            {
                var regions = await RegionDirectory.LoadAsync(db, ct);
                var result = regions.Resolve(name, regions.ByKey(context));
                return TypedResults.Ok(new ResolutionDto(result.Match is null ? null : ToDto(result.Match),
                    result.Candidates.Select(ToDto).ToList(), result.IsAmbiguous));
            })
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("识别区域名称（全称、简称、代码、繁体），有歧义时返回全部候选");

        api.MapPut("/{id:int}", async (int id, RegionInput body, SaveRegion save, CancellationToken ct) =>
                TypedResults.Ok(ToDto(await save.UpdateAsync(id, body, ct))))
            .RequireAuthorization(Policies.ManageReference)
            .WithSummary("修改区域名称、简称、排序或停用");

        api.MapPost("/{parentId:int}/children", async (int parentId, NewRegionInput body, SaveRegion save, CancellationToken ct) =>
            {
                var region = await save.AddChildAsync(parentId, body, ct);
                return TypedResults.Created($"/api/regions/{region.Id}", ToDto(region));
            })
            .RequireAuthorization(Policies.ManageReference)
            .WithSummary("新增下级区域（如无代码的管理区）");
    }

    public static void MapReferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reference").WithTags("基础数据");
        api.MapGet("/{kind}", async (string kind, TiaoduDb db, CancellationToken ct) =>
            {
                var k = ParseKind(kind);
                var rows = await db.Lookups.AsNoTracking().Where(l => l.Kind == k).OrderBy(l => l.SortOrder).ToListAsync(ct);
                return TypedResults.Ok(rows.Select(ToDto).ToList());
            })
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("基础数据列表：Industry 行业、Category 项目类别、Nature 建设性质、Stage 阶段、Level 级别、ProblemCategory 问题类别、Sector 专班");

        api.MapPost("/{kind}", async (string kind, LookupInput body, SaveLookup save, CancellationToken ct) =>
            {
                var lookup = await save.CreateAsync(ParseKind(kind), body, ct);
                return TypedResults.Created($"/api/reference/{kind}/{lookup.Id}", ToDto(lookup));
            })
            .RequireAuthorization(Policies.ManageReference)
            .WithSummary("新增基础数据条目");

        api.MapPut("/{kind}/{id:int}", async (string kind, int id, LookupInput body, SaveLookup save, CancellationToken ct) =>
            {
                ParseKind(kind);
                return TypedResults.Ok(ToDto(await save.UpdateAsync(id, body, ct)));
            })
            .RequireAuthorization(Policies.ManageReference)
            .WithSummary("修改基础数据条目（名称、统计含义、排序、停用）");

        api.MapGet("/tags", async (TiaoduDb db, CancellationToken ct) =>
                TypedResults.Ok(await db.Tags.AsNoTracking().OrderBy(t => t.SortOrder).Select(t => new TagDto(t.Id, t.Name, t.SortOrder, t.IsActive, t.Version)).ToListAsync(ct)))
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("年度计划标签（春季开复工项目、百大项目等）");

        api.MapPost("/tags", async (TagInput body, SaveTag save, CancellationToken ct) =>
            {
                var t = await save.CreateAsync(body, ct);
                return TypedResults.Created($"/api/reference/tags/{t.Id}", new TagDto(t.Id, t.Name, t.SortOrder, t.IsActive, t.Version));
            })
            .RequireAuthorization(Policies.ManageTags)
            .WithSummary("新增标签");

        api.MapPut("/tags/{id:int}", async (int id, TagInput body, SaveTag save, CancellationToken ct) =>
            {
                var t = await save.UpdateAsync(id, body, ct);
                return TypedResults.Ok(new TagDto(t.Id, t.Name, t.SortOrder, t.IsActive, t.Version));
            })
            .RequireAuthorization(Policies.ManageTags)
            .WithSummary("修改标签（名称、排序、停用）");
    }

    private static LookupKind ParseKind(string kind) =>
        Enum.TryParse<LookupKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k)
            ? k
            : throw new NotFoundException("没有这类基础数据：" + kind);
}
