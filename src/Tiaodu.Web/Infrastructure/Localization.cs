using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Tiaodu.Web.Infrastructure;

internal static class Localization
{
    public static readonly string[] Cultures = ["zh-CN", "zh-TW", "en"];

    public static void AddTiaoduLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;

            // Chinese unless the user picked another language (cookie) or a link asks for one (?culture=).
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
    }

    public static void UseTiaoduLocalization(this WebApplication app) => app.UseRequestLocalization();
}
