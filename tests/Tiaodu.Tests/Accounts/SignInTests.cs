using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Security;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Tests.Web;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Tests.Accounts;

/// <summary>Signing in through the real pages: one answer for every failure, lockout shared by instances, TOTP, password rules.</summary>
public sealed partial class SignInTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>Posts the login form from a fresh page; returns the answer (not following redirects).</summary>
    internal static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password)
    {
        var page = await client.GetPageAsync("/account/login");
        return await client.SubmitFormAsync(page, "#login-form", new Dictionary<string, string> { ["UserName"] = user, ["Password"] = password }, "/account/login");
    }

    [Fact]
    public async Task Unknown_user_wrong_password_and_locked_account_get_the_same_answer()
    {
        await app.CreateAccountAsync("same.answer", [Role.Supervision], "220000");
        using var client = app.Anonymous();
        var unknown = await (await PostLoginAsync(client, "nobody.here", "Whatever#2026")).Content.ReadAsStringAsync();
        var wrong = await (await PostLoginAsync(client, "same.answer", "Whatever#2026")).Content.ReadAsStringAsync();
        static string Message(string html) => Regex.Match(html, "id=\"login-error\">([^<]+)<").Groups[1].Value;
        Message(unknown).ShouldNotBeEmpty();
        Message(unknown).ShouldBe(Message(wrong));

        var failures = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditAction.Login && e.Result == AuditResult.Failure).CountAsync());
        failures.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_sign_in_on_one_instance_is_honoured_by_another_through_the_key_ring_in_the_database()
    {
        await app.CreateAccountAsync("two.instances", [Role.Supervision], "220000");
        using var a = app.Anonymous();
        var signedIn = await PostLoginAsync(a, "two.instances", TiaoduApp.TestPassword);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookies = string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        (await app.WithDbAsync(db => db.ProtectionKeys.CountAsync())).ShouldBeGreaterThan(0);

        await using var second = app.StartSecondInstance();
        using var b = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/my");
        request.Headers.Add("Cookie", cookies);
        var page = await b.SendAsync(request);
        page.StatusCode.ShouldBe(HttpStatusCode.OK, "the second instance reads the first one's sign-in cookie");

        using var stranger = new HttpRequestMessage(HttpMethod.Get, "/my");
        stranger.Headers.Add("Cookie", cookies.Replace(cookies.Split('=')[1][..8], "AAAAAAAA", StringComparison.Ordinal));
        (await b.SendAsync(stranger)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a tampered cookie is not a sign-in");
    }

    [Fact]
    public async Task Five_failures_across_two_instances_lock_the_account_on_both_for_fifteen_minutes()
    {
        await app.CreateAccountAsync("locked.out", [Role.Supervision], "220000");
        await using var second = app.StartSecondInstance();
        using var a = app.Anonymous();
        using var b = second.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            var response = await PostLoginAsync(i % 2 == 0 ? a : b, "locked.out", "Wrong#Password1");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, "a failed sign-in shows the form again");
        }

        // The right password no longer opens either instance.
        (await PostLoginAsync(a, "locked.out", TiaoduApp.TestPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostLoginAsync(b, "locked.out", TiaoduApp.TestPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var lockouts = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditAction.Lockout && e.Summary.Contains("locked.out")));
        lockouts.ShouldBe(1);

        // Fifteen minutes later it opens again (the clock is shared by both instances).
        app.Clock.Now = app.Clock.Now.AddMinutes(16);
        try
        {
            var ok = await PostLoginAsync(b, "locked.out", TiaoduApp.TestPassword);
            ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        finally
        {
            app.Clock.Now = FixedClock.Default;
        }
    }

    [Fact]
    public async Task An_administrator_must_enrol_a_totp_authenticator_and_then_use_it_once_per_code()
    {
        await app.CreateAccountAsync("auditor.one", [Role.AuditAdmin]);
        using var client = app.Anonymous();
        var login = await PostLoginAsync(client, "auditor.one", TiaoduApp.TestPassword);
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        login.Headers.Location!.OriginalString.ShouldStartWith("/account/enrol");

        // Not signed in yet: the audit page still sends to sign-in.
        (await client.GetAsync("/audit")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var enrol = await client.GetPageAsync("/account/enrol");
        var key = Base32.Decode(enrol.QuerySelector("#totp-key")!.TextContent);
        enrol.QuerySelector(".qr svg").ShouldNotBeNull();
        var step = Totp.TimeStep(app.Clock.GetUtcNow());
        var confirmed = await client.SubmitFormAsync(enrol, "#enrol-form", new Dictionary<string, string> { ["Code"] = Totp.Code(key, step) }, "/account/enrol");
        var codesPage = await confirmed.ParseAsync();
        var codes = codesPage.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        codes.Count.ShouldBe(RecoveryCodes.Count);
        var next = await client.SubmitAsync(codesPage, "Continue", new Dictionary<string, string>(), "/account/enrol");
        next.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var stored = await app.WithDbAsync(db => db.Accounts.SingleAsync(a => a.UserName == "auditor.one"));
        stored.AuthenticatorKey!.ShouldStartWith(PersonalDataCipher.Sm4Prefix);
        stored.RecoveryCodes!.ShouldNotContain(codes[0]);

        // Next sign-in asks for a code; the code already used is refused, the next one and a recovery code work once.
        using var again = app.Anonymous();
        (await PostLoginAsync(again, "auditor.one", TiaoduApp.TestPassword)).Headers.Location!.OriginalString.ShouldStartWith("/account/two-factor");
        var form = await again.GetPageAsync("/account/two-factor");
        (await again.SubmitFormAsync(form, "#two-factor-form", new Dictionary<string, string> { ["Code"] = Totp.Code(key, step) }, "/account/two-factor"))
            .StatusCode.ShouldBe(HttpStatusCode.OK, "a code is good only once");
        app.Clock.Now = app.Clock.Now.AddSeconds(Totp.StepSeconds);
        try
        {
            form = await again.GetPageAsync("/account/two-factor");
            (await again.SubmitFormAsync(form, "#two-factor-form", new Dictionary<string, string> { ["Code"] = Totp.Code(key, step + 1) }, "/account/two-factor"))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        finally
        {
            app.Clock.Now = FixedClock.Default;
        }

        using var third = app.Anonymous();
        await PostLoginAsync(third, "auditor.one", TiaoduApp.TestPassword);
        form = await third.GetPageAsync("/account/two-factor");
        (await third.SubmitFormAsync(form, "#two-factor-form", new Dictionary<string, string> { ["Code"] = codes[0].ToUpperInvariant() }, "/account/two-factor"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var fourth = app.Anonymous();
        await PostLoginAsync(fourth, "auditor.one", TiaoduApp.TestPassword);
        form = await fourth.GetPageAsync("/account/two-factor");
        (await fourth.SubmitFormAsync(form, "#two-factor-form", new Dictionary<string, string> { ["Code"] = codes[0] }, "/account/two-factor"))
            .StatusCode.ShouldBe(HttpStatusCode.OK, "a recovery code is spent once used");
    }

    [Fact]
    public async Task An_expired_password_must_be_changed_and_may_not_repeat_a_recent_one()
    {
        var id = await app.CreateAccountAsync("old.password", [Role.Supervision], "220000");
        await app.WithDbAsync(async db =>
        {
            var a = await db.Accounts.SingleAsync(x => x.Id == id);
            a.PasswordChangedAt = app.Clock.GetUtcNow().UtcDateTime.AddDays(-91);
            return await db.SaveChangesAsync();
        });

        using var client = app.Anonymous();
        var login = await PostLoginAsync(client, "old.password", TiaoduApp.TestPassword);
        login.Headers.Location!.OriginalString.ShouldStartWith("/account/password");
        (await client.GetAsync("/projects")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "not signed in until the password is changed");

        var page = await client.GetPageAsync("/account/password");
        var same = await client.SubmitFormAsync(page, "#password-form", new Dictionary<string, string>
        {
            ["CurrentPassword"] = TiaoduApp.TestPassword, ["NewPassword"] = TiaoduApp.TestPassword, ["ConfirmPassword"] = TiaoduApp.TestPassword,
        }, "/account/password");
        (await same.Content.ReadAsStringAsync()).ShouldContain("最近5次");

        page = await client.GetPageAsync("/account/password");
        var weak = await client.SubmitFormAsync(page, "#password-form", new Dictionary<string, string>
        {
            ["CurrentPassword"] = TiaoduApp.TestPassword, ["NewPassword"] = "abcdefgh", ["ConfirmPassword"] = "abcdefgh",
        }, "/account/password");
        (await weak.Content.ReadAsStringAsync()).ShouldContain("至少三类");

        page = await client.GetPageAsync("/account/password");
        var ok = await client.SubmitFormAsync(page, "#password-form", new Dictionary<string, string>
        {
            ["CurrentPassword"] = TiaoduApp.TestPassword, ["NewPassword"] = "Brand-New#2027", ["ConfirmPassword"] = "Brand-New#2027",
        }, "/account/password");
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var history = await app.WithDbAsync(db => db.PasswordHistory.CountAsync(h => h.AccountId == id));
        history.ShouldBe(1);
    }

    [Fact]
    public async Task Passwords_are_pbkdf2_sm3_under_the_guomi_profile()
    {
        var id = await app.CreateAccountAsync("hash.check", [Role.Supervision], "220000");
        var hash = await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == id).Select(a => a.PasswordHash).SingleAsync());
        hash!.ShouldStartWith(Pbkdf2Sm3.Prefix);
        Pbkdf2Sm3.Verify(hash, TiaoduApp.TestPassword, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Me_reports_roles_and_permissions()
    {
        using var client = app.Api();
        var me = await client.GetFromJsonAsync<AccountsApi.MeDto>("/api/me", Json.Options);
        me!.UserName.ShouldBe(app.Tester);
        me.Roles.ShouldBe([Role.DispatchOffice]);
        me.Permissions.ShouldContain(Permission.EditLedger);
        me.Permissions.ShouldNotContain(Permission.ReadAudit);
    }

    [Fact]
    public async Task The_second_factor_cannot_be_skipped_by_jumping_to_another_step()
    {
        var id = await app.CreateAccountAsync("no.skip", [Role.Supervision], "220000");
        await EnrolAsync(id);
        using var client = app.Anonymous();
        (await PostLoginAsync(client, "no.skip", TiaoduApp.TestPassword)).Headers.Location!.OriginalString.ShouldStartWith("/account/two-factor");

        // The enrolment page's "continue" and the password page belong to other steps: neither lets the account in.
        var form = await client.GetPageAsync("/account/two-factor");
        await client.SubmitFormAsync(form, "#two-factor-form", new Dictionary<string, string> { ["Code"] = "000000" }, "/account/two-factor");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await client.PostAsync("/account/enrol?handler=Continue", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["CurrentPassword"] = TiaoduApp.TestPassword, ["NewPassword"] = "Other#Pass2027", ["ConfirmPassword"] = "Other#Pass2027",
        }));
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.WithDbAsync(db => db.Sessions.CountAsync(s => s.AccountId == id))).ShouldBe(0);
    }

    [Fact]
    public async Task Wrong_second_factor_codes_after_a_right_password_lock_the_account()
    {
        var id = await app.CreateAccountAsync("code.guesser", [Role.Supervision], "220000");
        var key = await EnrolAsync(id);
        for (var round = 0; round < 5; round++)
        {
            using var client = app.Anonymous();
            (await PostLoginAsync(client, "code.guesser", TiaoduApp.TestPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var form = await client.GetPageAsync("/account/two-factor");
            (await client.SubmitFormAsync(form, "#two-factor-form", new Dictionary<string, string> { ["Code"] = "123456" }, "/account/two-factor"))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var late = app.Anonymous();
        (await PostLoginAsync(late, "code.guesser", TiaoduApp.TestPassword)).StatusCode.ShouldBe(HttpStatusCode.OK, "locked: the right password no longer opens it");
        var right = Totp.Code(key, Totp.TimeStep(app.Clock.GetUtcNow()));
        right.ShouldNotBe("123456");
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditAction.Lockout && e.Summary.Contains("code.guesser")))).ShouldBe(1);
    }

    /// <summary>Gives an account a known authenticator key, as if it had enrolled.</summary>
    private Task<byte[]> EnrolAsync(int accountId) =>
        app.WithServicesAsync(async sp =>
        {
            var key = Totp.NewKey();
            var db = sp.GetRequiredService<Tiaodu.Core.Data.TiaoduDb>();
            var account = await db.Accounts.SingleAsync(a => a.Id == accountId);
            account.AuthenticatorKey = sp.GetRequiredService<PersonalData>().Protect(Base32.Encode(key), CryptoProfile.Guomi);
            account.TwoFactorEnabled = true;
            await db.SaveChangesAsync();
            return key;
        });
}
