using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Tiaodu.Tests.Infrastructure;

/// <summary>
/// Signs in through the real login form on first use (its cookies live in the handler below it), then, if
/// asked, adds the user's anti-forgery token to every state-changing request, as the platform's own pages do.
/// </summary>
/// <param name="recoveryCodes">Recovery codes, one spent per sign-in, for accounts that must pass a second factor (administrators).</param>
/// <param name="signInAgain">Sign in again when the session ended (for shared clients in tests that move the clock).</param>
internal sealed partial class SignedInHandler(string userName, string password, bool sendCsrfToken, IEnumerable<string>? recoveryCodes = null, bool signInAgain = false) : DelegatingHandler
{
    private readonly Queue<string> _codes = new(recoveryCodes ?? []);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _signedIn;
    private string? _token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await EnsureSignedInAsync(request.RequestUri!, cancellationToken);
        if (sendCsrfToken && _token is not null && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head
            && !request.Headers.Contains("X-CSRF-TOKEN"))
        {
            request.Headers.Add("X-CSRF-TOKEN", _token);
        }

        byte[]? body = null;
        if (signInAgain && request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (signInAgain && IsSignedOut(response))
        {
            // The session ended (a test moved the clock past the idle limit): sign in again, once.
            response.Dispose();
            _signedIn = false;
            await EnsureSignedInAsync(request.RequestUri!, cancellationToken);
            using var retry = new HttpRequestMessage(request.Method, request.RequestUri);
            foreach (var h in request.Headers.Where(h => h.Key != "X-CSRF-TOKEN"))
            {
                retry.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            if (sendCsrfToken && _token is not null && request.Method != HttpMethod.Get)
            {
                retry.Headers.Add("X-CSRF-TOKEN", _token);
            }

            if (body is not null)
            {
                retry.Content = new ByteArrayContent(body);
                foreach (var h in request.Content!.Headers)
                {
                    retry.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }
            }

            response = await base.SendAsync(retry, cancellationToken);
        }

        return response;
    }

    private static bool IsSignedOut(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } to
            && (to.IsAbsoluteUri ? to.AbsolutePath : to.OriginalString).StartsWith("/account/login", StringComparison.Ordinal));

    private async Task EnsureSignedInAsync(Uri target, CancellationToken ct)
    {
        if (_signedIn)
        {
            return;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_signedIn)
            {
                return;
            }

            var root = new Uri(target.GetLeftPart(UriPartial.Authority));
            using var page = await base.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(root, "/account/login")), ct);
            var html = await page.Content.ReadAsStringAsync(ct);
            var formToken = TokenField().Match(html).Groups[1].Value;
            using var login = await base.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(root, "/account/login"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["UserName"] = userName,
                    ["Password"] = password,
                    ["__RequestVerificationToken"] = WebUtility.HtmlDecode(formToken),
                }),
            }, ct);
            var location = login.Headers.Location?.OriginalString;
            if (_codes.Count > 0 && location?.StartsWith("/account/two-factor", StringComparison.Ordinal) == true)
            {
                using var codePage = await base.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(root, "/account/two-factor")), ct);
                var codeToken = TokenField().Match(await codePage.Content.ReadAsStringAsync(ct)).Groups[1].Value;
                using var code = await base.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(root, "/account/two-factor"))
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["Code"] = _codes.Dequeue(),
                        ["__RequestVerificationToken"] = WebUtility.HtmlDecode(codeToken),
                    }),
                }, ct);
                location = code.StatusCode == HttpStatusCode.Redirect ? code.Headers.Location?.OriginalString : "(code refused)";
            }

            if (location != "/")
            {
                throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)login.StatusCode} {location}");
            }

            using var token = await base.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(root, "/api/antiforgery")), ct);
            token.EnsureSuccessStatusCode();
            _token = (await token.Content.ReadFromJsonAsync<TokenDto>(ct))!.Token;
            _signedIn = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed record TokenDto(string Token, string HeaderName);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
