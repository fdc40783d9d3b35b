using System.Net;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Accounts;

/// <summary>Server-side sessions: idle and absolute limits, sign-out and revocation end them on the server.</summary>
public sealed class SessionTests(TiaoduApp app) : IClassFixture<TiaoduApp>, IDisposable
{
    public void Dispose() => app.Clock.Now = FixedClock.Default;

    [Fact]
    public async Task A_session_idle_for_thirty_minutes_ends()
    {
        await app.CreateAccountAsync("idle.user", [Role.Supervision], "220000");
        using var client = app.ClientFor("idle.user");
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.Clock.Now = app.Clock.Now.AddMinutes(29);
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "29 minutes idle is still within the limit");

        app.Clock.Now = app.Clock.Now.AddMinutes(31);
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var ended = await app.WithDbAsync(db => db.Sessions.Where(s => s.EndReason == "idle").CountAsync());
        ended.ShouldBe(1);
    }

    [Fact]
    public async Task An_active_session_still_ends_after_eight_hours()
    {
        await app.CreateAccountAsync("busy.user", [Role.Supervision], "220000");
        using var client = app.ClientFor("busy.user");
        for (var hour = 0; hour < 8; hour++)
        {
            (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
            for (var step = 0; step < 3; step++)
            {
                app.Clock.Now = app.Clock.Now.AddMinutes(20);
                (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
            }
        }

        app.Clock.Now = app.Clock.Now.AddMinutes(1);
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_out_makes_a_copied_cookie_worthless()
    {
        await app.CreateAccountAsync("copy.cookie", [Role.Supervision], "220000");
        using var raw = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var jar = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (jar.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await raw.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                jar[pair[0]] = pair[1];
            }

            return response;
        }

        static string Token(string html) => System.Net.WebUtility.HtmlDecode(
            System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

        var login = await (await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account/login"))).Content.ReadAsStringAsync();
        var signedIn = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "copy.cookie", ["Password"] = TiaoduApp.TestPassword, ["__RequestVerificationToken"] = Token(login),
            }),
        });
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stolen = "Tiaodu.Auth=" + jar["Tiaodu.Auth"];

        using var thief = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        async Task<HttpStatusCode> ThiefAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Add("Cookie", stolen);
            return (await thief.SendAsync(request)).StatusCode;
        }

        (await ThiefAsync()).ShouldBe(HttpStatusCode.OK);
        var account = await (await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account"))).Content.ReadAsStringAsync();
        var signedOut = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/account/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(account) }),
        });
        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ThiefAsync()).ShouldBe(HttpStatusCode.Unauthorized);
        var reason = await app.WithDbAsync(db => db.Sessions.Where(s => s.EndReason == "signout").CountAsync());
        reason.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Disabling_an_account_or_changing_its_roles_takes_effect_at_once()
    {
        var id = await app.CreateAccountAsync("demoted", [Role.DispatchOffice], "220000");
        using var client = app.ClientFor("demoted");
        (await client.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.WithDbAsync(async db =>
        {
            var a = await db.Accounts.Include(x => x.Roles).SingleAsync(x => x.Id == id);
            a.SetRoles([Role.AuditAdmin], canReveal: false);
            return await db.SaveChangesAsync();
        });
        (await client.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a role change ends the session");
    }
}
