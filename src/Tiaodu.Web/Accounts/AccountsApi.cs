using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Tiaodu.Core.Accounts;
using Tiaodu.Web.Infrastructure;

namespace Tiaodu.Web.Accounts;

/// <summary>
/// What an API client needs around its cookie: who it is signed in as, and the anti-forgery token every
/// state-changing API call must send in the X-CSRF-TOKEN header.
/// </summary>
internal static class AccountsApi
{
    public sealed record MeDto(int Id, string UserName, string DisplayName, IReadOnlyList<Role> Roles, IReadOnlyList<Permission> Permissions);

    public sealed record TokenDto(string Token, string HeaderName);

    public static void MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("账号");
        api.MapGet("/me", (CurrentUser user) =>
            {
                var a = user.Account!;
                return TypedResults.Ok(new MeDto(a.Id, a.UserName, a.DisplayName, [.. a.RoleSet.Order()],
                    [.. Enum.GetValues<Permission>().Where(user.Has)]));
            })
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("当前登录账号：角色与权限");

        api.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return TypedResults.Ok(new TokenDto(tokens.RequestToken!, tokens.HeaderName!));
            })
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("取得防伪令牌：新建、修改、删除类请求须在 X-CSRF-TOKEN 请求头中带上它");
    }

    /// <summary>
    /// Every API call that changes something (POST, PUT, PATCH, DELETE) must carry the anti-forgery token
    /// bound to the signed-in user; without it the answer is 400 and nothing is changed.
    /// </summary>
    public static void UseApiAntiforgery(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            if (Errors.IsApi(http.Request) && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                && !HttpMethods.IsOptions(http.Request.Method))
            {
                // Endpoints that read a form (uploads) were already checked by the framework's middleware, and their
                // form may not be read again after a failed check; the others are checked here.
                var valid = http.Features.Get<IAntiforgeryValidationFeature>() is { } checkedAlready
                    ? checkedAlready.IsValid
                    : await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
                if (!valid)
                {
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = http,
                        ProblemDetails = new ProblemDetails
                        {
                            Status = 400,
                            Title = "防伪令牌无效",
                            Detail = "请求缺少有效的防伪令牌（X-CSRF-TOKEN），请刷新页面或重新获取令牌后再试",
                        },
                    });
                    return;
                }
            }

            await next(http);
        });
}
