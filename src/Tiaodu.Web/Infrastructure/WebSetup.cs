using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;

namespace Tiaodu.Web.Infrastructure;

internal static class WebSetup
{
    public static void AddTiaoduWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddTiaoduErrors();
        // Pages write Chinese as characters, not as &#x…; entities (still HTML-encoded where it matters).
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
            {
                o.Conventions.AddPageRoute("/Projects/Edit", "/projects/new");
                Accounts.PageAuthorization.Apply(o.Conventions);
            })
            .AddMvcOptions(o => o.Filters.Add<NoHandlerFilter>())
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));
        services.AddAntiforgery(o => o.HeaderName = "X-CSRF-TOKEN");
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Tiaodu 调度 API";
                doc.Info.Description = "重点项目调度平台接口：区域、基础数据、项目台账与指标。错误以 ProblemDetails 返回，提示为中文。";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(Api.ProjectFilterParameters.Describe);
        });
    }

    /// <summary>Remembers the language the user picked (a preference cookie, not data) and goes back.</summary>
    public static void MapCultureSwitch(this WebApplication app) =>
        app.MapGet("/culture", (string c, string? returnUrl, HttpContext http) =>
        {
            if (Localization.Cultures.Contains(c))
            {
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(c)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            }

            var target = IsLocal(returnUrl) ? returnUrl! : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));

    public static void MapTiaoduApiDocs(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization(Accounts.Policies.SignedIn);
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "Tiaodu v1");
            o.RoutePrefix = "api-docs";
            o.DocumentTitle = "Tiaodu API";
        });
    }
}
