using Microsoft.AspNetCore.Mvc;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Account;

/// <summary>Where each sign-in step sends the browser next, keeping the page it came for.</summary>
internal static class SignInFlow
{
    public static IActionResult Next(SignInStage stage, string? returnUrl, Func<string, IActionResult> localRedirect)
    {
        var back = SafeReturn(returnUrl);
        var q = back == "/" ? "" : "?returnUrl=" + Uri.EscapeDataString(back);
        return stage switch
        {
            SignInStage.TwoFactor => localRedirect("/account/two-factor" + q),
            SignInStage.Enrol => localRedirect("/account/enrol" + q),
            SignInStage.ChangePassword => localRedirect("/account/password" + q),
            _ => localRedirect(back),
        };
    }

    /// <summary>A path on this site, or the home page: never an open redirect.</summary>
    public static string SafeReturn(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
        && !url.StartsWith("/account/", StringComparison.OrdinalIgnoreCase)
            ? url
            : "/";
}
