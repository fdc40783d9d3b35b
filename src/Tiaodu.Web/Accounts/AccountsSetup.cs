using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Security;
using Tiaodu.Web.Infrastructure;

namespace Tiaodu.Web.Accounts;

internal static class AccountsSetup
{
    public static void AddTiaoduAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => new PersonalDataCipher(LoadPersonalDataKey(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DatabaseOptions>())));
        services.AddSingleton<PersonalData>();
        services.AddSingleton<SecurityPolicy>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
        services.AddScoped<PasswordService>();
        services.AddScoped<SignInService>();
        services.AddScoped<ManageAccounts>();
        services.AddScoped<RevealPersonalData>();
        services.AddScoped<FirstStart>();
        services.AddScoped<ProtectStoredPersonalData>();
        services.AddScoped<DemoAccounts>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();

        services.AddAuthentication(SignInService.Scheme)
            .AddCookie(SignInService.Scheme, o =>
            {
                o.Cookie.Name = "Tiaodu.Auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.IsEssential = true;

                // The server-side session enforces idle and absolute limits; the cookie never outlives the latter.
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = false;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.ReturnUrlParameter = "returnUrl";
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = SessionValidation.ValidateAsync,
                    OnRedirectToLogin = ctx => ApiOrRedirect(ctx, 401, "请先登录", "登录已过期或尚未登录，请重新登录"),
                    OnRedirectToAccessDenied = ctx => ApiOrRedirect(ctx, 403, "无权操作", "您的角色不能进行此操作"),
                };
            })
            .AddCookie(SignInService.PendingScheme, o =>
            {
                o.Cookie.Name = "Tiaodu.Pending";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                o.SlidingExpiration = false;
                o.LoginPath = "/account/login";
            });
        services.AddAuthorization(Policies.Add);
    }

    /// <summary>API callers get 401/403 ProblemDetails; page visitors go to the sign-in or "denied" page.</summary>
    private static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status, string title, string detail)
    {
        if (!Errors.IsApi(ctx.Request))
        {
            ctx.Response.Redirect(ctx.RedirectUri);
            return Task.CompletedTask;
        }

        ctx.Response.StatusCode = status;
        var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx.HttpContext,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>
    /// The master key for personal data: Security:PersonalDataKey (base64, 32 bytes) or, when not configured,
    /// a key file in the data folder created on first start with owner-only permissions. Every instance of a
    /// deployment must share it; losing it loses the encrypted phone and ID numbers.
    /// </summary>
    private static byte[] LoadPersonalDataKey(IConfiguration config, DatabaseOptions db)
    {
        if (config["Security:PersonalDataKey"] is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            return key.Length == PersonalDataCipher.MasterKeyBytes ? key
                : throw new InvalidOperationException("Security:PersonalDataKey must be 32 bytes in base64.");
        }

        var folder = Path.Combine(db.DataFolder, "keys");
        var file = Path.Combine(folder, "personal-data.key");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(folder);
            try
            {
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                using var writer = new StreamWriter(stream);
                writer.Write(Convert.ToBase64String(PersonalDataCipher.NewMasterKey()));
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another instance created it first: use theirs.
            }
        }

        return Convert.FromBase64String(File.ReadAllText(file).Trim());
    }
}
