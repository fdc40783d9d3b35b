using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tiaodu.Core.Security;

namespace Tiaodu.BrowserTests;

/// <summary>Signing in as people do: a phone-sized login, an administrator's second factor, a district's narrowed ledger.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInJourneyTests(BrowserFixture fixture)
{
    /// <summary>The demo administrators' authenticator key (README).</summary>
    private const string AdminTotpKey = "TIAODUDEMOADMINKEYTOTP2345672345";

    [Fact]
    public async Task The_audit_administrator_signs_in_with_a_totp_code_and_verifies_the_chain()
    {
        var page = await fixture.NewPageAsync(375, 812, user: null);
        await page.GotoAsync("/");
        await page.WaitForURLAsync(new Regex("/account/login"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("login-phone.png"), FullPage = true });

        await page.FillAsync("#UserName", "auditadmin");
        await page.FillAsync("#Password", "wrong-password");
        await page.ClickAsync("#login-form button");
        (await page.Locator("#login-error").InnerTextAsync()).ShouldContain("用户名或密码错误");

        await page.FillAsync("#Password", BrowserFixture.DemoPassword);
        await page.ClickAsync("#login-form button");
        await page.WaitForURLAsync(new Regex("/account/two-factor"));
        var code = Totp.Code(Base32.Decode(AdminTotpKey), Totp.TimeStep(DateTimeOffset.UtcNow));
        await page.FillAsync("#Code", code);
        await page.ClickAsync("#two-factor-form button");

        // An auditor holds no business data: the home page sends them to the audit trail.
        await page.WaitForURLAsync(new Regex("/audit"));
        (await page.Locator("body").InnerTextAsync()).ShouldContain("登录成功");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("audit-phone.png"), FullPage = true });
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        width.ShouldBeLessThanOrEqualTo(375);
    }

    [Fact]
    public async Task A_district_leader_sees_only_the_district()
    {
        var page = await fixture.NewPageAsync(user: "district.leader");
        await page.GotoAsync("/projects");
        var regions = await page.Locator("table tbody tr td.region").AllInnerTextsAsync();
        regions.Count.ShouldBeGreaterThan(0);
        regions.ShouldAllBe(r => r.Contains("朝阳", StringComparison.Ordinal));
        (await page.Locator("a[href='/projects/new']").CountAsync()).ShouldBe(0, "a leader reads, does not create");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("projects-district-leader.png"), FullPage = true });
    }
}
