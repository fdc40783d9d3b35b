using Tiaodu.Core.Instructions;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Api;

/// <summary>Leaders' instructions (领导批示) over HTTP: read a project's, give one, answer one.</summary>
internal static class InstructionsApi
{
    public sealed record GiveBody(int? ProblemId, string? Text);

    public sealed record ReplyBody(string? Text);

    public static void MapInstructionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projects/{id:int}/instructions", async (int id, ManageInstructions instructions, CancellationToken ct) =>
                TypedResults.Ok(await instructions.ForProjectAsync(id, ct)))
            .WithTags("领导批示").RequireAuthorization(Policies.ViewLedger)
            .WithSummary("项目的领导批示及落实情况回复，新的在前");
        app.MapPost("/api/projects/{id:int}/instructions", async (int id, GiveBody body, ManageInstructions instructions, CancellationToken ct) =>
            {
                var i = await instructions.GiveAsync(id, body.ProblemId, body.Text, ct);
                return TypedResults.Ok(new { i.Id, i.ProjectId, i.ProblemId, i.Text, i.By, i.At });
            })
            .WithTags("领导批示").RequireAuthorization(Policies.GiveInstructions)
            .WithSummary("领导批示（可针对项目的某个问题 problemId），推送给调度中心、服务秘书、填报人员和问题的责任单位");
        app.MapPost("/api/instructions/{id:int}/replies", async (int id, ReplyBody body, ManageInstructions instructions, CancellationToken ct) =>
            {
                var r = await instructions.ReplyAsync(id, body.Text, ct);
                return TypedResults.Ok(new { r.Id, r.InstructionId, r.Text, r.By, r.At });
            })
            .WithTags("领导批示").RequireAuthorization(Policies.AnswerInstructions)
            .WithSummary("回复批示落实情况（项目的责任人员，或问题的责任单位）；回复推送给批示的领导");
    }
}
