using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;

namespace Tiaodu.Web.Infrastructure;

/// <summary>
/// One place that turns failures into answers: API callers get ProblemDetails with Chinese messages,
/// page visitors the error page; nobody sees a stack trace.
/// </summary>
internal sealed class TiaoduExceptionHandler(IProblemDetailsService problems, ILogger<TiaoduExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // The middleware has already pointed the request at /Error; the feature keeps the original path.
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value ?? "";
        if (!Errors.IsApi(path))
        {
            return false;
        }

        var (status, problem) = exception switch
        {
            ValidationFailedException v => (400, new ValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value)) { Title = "输入有误" }),
            NotFoundException n => (404, new ProblemDetails { Title = "未找到", Detail = n.Message }),
            ForbiddenException f => (403, new ProblemDetails { Title = "无权操作", Detail = f.Message }),
            ConflictException c => (409, Conflict(c)),
            BadHttpRequestException b => (b.StatusCode, new ProblemDetails { Title = "请求格式不正确", Detail = "请检查请求参数和数据格式" }),
            UnauthorizedAccessException => (403, new ProblemDetails { Title = "无权操作" }),
            _ when Errors.IsDatabaseUnavailable(exception) => (503, new ProblemDetails { Title = "数据库暂时不可用", Detail = Errors.UnavailableMessage }),
            _ => (500, new ProblemDetails { Title = "服务器内部错误", Detail = "请稍后重试；如仍出错请联系系统管理员" }),
        };
        if (status == 500)
        {
            log.LogError(exception, "Unhandled error on {Path}", path);
        }
        else if (status == 503)
        {
            http.Response.Headers.RetryAfter = Errors.RetryAfterSeconds;
        }

        problem.Status = status;
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Conflict(ConflictException c)
    {
        var p = new ProblemDetails { Title = "数据冲突", Detail = c.Message };
        // The record as it is now helps the client merge — but never an account or the security settings.
        if (c.Current is not null and not Core.Accounts.Account and not Core.Accounts.SecuritySettings)
        {
            p.Extensions["current"] = c.Current;
        }

        return p;
    }
}

internal static class Errors
{
    public const string UnavailableMessage = "数据库暂时不可用（可能正在重启或维护），您的操作未完成，请稍后重试";
    public const string RetryAfterSeconds = "5";

    /// <summary>
    /// The database cannot be reached or is shutting down or starting (a restart, a failover, a full connection
    /// pool): the request is answered 503 "try again", not 500 — nothing was written, and it will work again by itself.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // 57P01–57P03 admin shutdown, crash shutdown, cannot connect now; class 08 connection exceptions;
                // 53300 too many connections (the server's max_connections is reached).
                case Npgsql.PostgresException pg when pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState == "53300":
                    return true;
                case Npgsql.PostgresException:
                    return false;
                case Npgsql.NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException:
                    return true;

                case DatabaseUnavailableException:
                    return true;

                // SQLITE_BUSY, SQLITE_LOCKED: another writer held the file past the busy timeout.
                case Microsoft.Data.Sqlite.SqliteException sqlite when sqlite.SqliteErrorCode is 5 or 6:
                    return true;
                case System.Net.Sockets.SocketException or TimeoutException:
                    return true;
            }
        }

        return false;
    }

    public static bool IsApi(HttpRequest request) => IsApi(request.Path.Value ?? "");

    public static bool IsApi(string path) =>
        path.Equals("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);

    public static void AddTiaoduErrors(this IServiceCollection services)
    {
        services.AddExceptionHandler<TiaoduExceptionHandler>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Title = ctx.ProblemDetails.Status switch
            {
                400 when ctx.ProblemDetails.Title is null or "Bad Request" => "请求格式不正确",
                404 when ctx.ProblemDetails.Title is null or "Not Found" => "未找到",
                405 => "不支持的请求方法",
                415 => "不支持的数据格式",
                _ => ctx.ProblemDetails.Title,
            };
            ctx.ProblemDetails.Extensions.Remove("exception");
        });
    }

    public static void UseTiaoduErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",

            // Input errors answered as 400/404/409 are not failures of the server: keep them out of the error log.
            SuppressDiagnosticsCallback = ctx => ctx.Exception is ValidationFailedException or NotFoundException or ConflictException or BadHttpRequestException or ForbiddenException,

            // Pages show the error page with the status the failure deserves, not 500.
            StatusCodeSelector = e => e switch
            {
                ForbiddenException => 403,
                NotFoundException => 404,
                ValidationFailedException or BadHttpRequestException => 400,
                ConflictException => 409,
                _ when IsDatabaseUnavailable(e) => 503,
                _ => 500,
            },
        });
        app.UseWhen(ctx => IsApi(ctx.Request), api => api.UseStatusCodePages());
        app.UseWhen(ctx => !IsApi(ctx.Request), pages => pages.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));
    }
}
