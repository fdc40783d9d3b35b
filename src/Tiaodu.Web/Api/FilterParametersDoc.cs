using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tiaodu.Web.Api;

/// <summary>
/// Marks endpoints that read a <see cref="QueryFilter"/>, so the OpenAPI document lists its query
/// parameters (the custom binder hides them from the generator).
/// </summary>
internal sealed class ProjectFilterParameters
{
    private static readonly (string Name, JsonSchemaType Type, string? Format, string Description)[] Parameters =
    [
        ("q", JsonSchemaType.String, null, "搜索：项目名称（简体或繁体）、全拼、首字母或项目代码"),
        ("region", JsonSchemaType.String, null, "区域代码或标识，含全部下级区域"),
        ("industry", JsonSchemaType.Integer, null, "行业（门类含其下大类）"),
        ("category", JsonSchemaType.Integer, null, "项目类别"),
        ("nature", JsonSchemaType.Integer, null, "建设性质（项目属性）"),
        ("stage", JsonSchemaType.Integer, null, "项目阶段"),
        ("sector", JsonSchemaType.Integer, null, "专班"),
        ("leader", JsonSchemaType.Integer, null, "包保领导"),
        ("officer", JsonSchemaType.Integer, null, "服务秘书"),
        ("band", JsonSchemaType.Integer, null, "规模：1 ≥5000万，2 ≥1亿，3 ≥10亿"),
        ("year", JsonSchemaType.Integer, null, "年度（默认截止日期所在年度）"),
        ("asOf", JsonSchemaType.String, "date", "截止日期 yyyy-MM-dd（默认今天）"),
        ("tag", JsonSchemaType.Integer, null, "年度标签"),
        ("inPlan", JsonSchemaType.Boolean, null, "是否列入年度计划（false = 计划外）"),
        ("started", JsonSchemaType.Boolean, null, "截至日期是否已开复工"),
        ("yearNature", JsonSchemaType.String, null, "本年度建设性质含义：new 新建，continuing 续建"),
        ("inStats", JsonSchemaType.Boolean, null, "截至日期是否已入库"),
        ("industrial", JsonSchemaType.Boolean, null, "是否产业项目"),
        ("hasLand", JsonSchemaType.Boolean, null, "是否有用地面积"),
        ("deleted", JsonSchemaType.Boolean, null, "查看回收站"),
        ("sort", JsonSchemaType.String, null, "排序：name、code、region、investment、updated"),
        ("desc", JsonSchemaType.Boolean, null, "倒序"),
        ("page", JsonSchemaType.Integer, null, "页码，从1开始"),
        ("pageSize", JsonSchemaType.Integer, null, "每页条数，最多200"),
    ];

    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<ProjectFilterParameters>().Any())
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        foreach (var (name, type, format, description) in Parameters)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = description,
                Schema = new OpenApiSchema { Type = type, Format = format },
            });
        }

        return Task.CompletedTask;
    }
}
