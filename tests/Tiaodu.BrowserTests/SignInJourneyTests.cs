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

    [Fact]
    public async Task The_system_administrator_manages_accounts_and_reveals_a_phone_on_purpose()
    {
        var page = await fixture.NewPageAsync(user: null);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#UserName", "sysadmin");
        await page.FillAsync("#Password", BrowserFixture.DemoPassword);
        await page.ClickAsync("#login-form button");
        await page.WaitForURLAsync(new Regex("/account/two-factor"));
        await page.FillAsync("#Code", Totp.Code(Base32.Decode(AdminTotpKey), Totp.TimeStep(DateTimeOffset.UtcNow)));
        await page.ClickAsync("#two-factor-form button");
        await page.WaitForURLAsync(new Regex("/admin/accounts"));
        (await page.Locator("body").InnerTextAsync()).ShouldContain("enterprise");
        (await page.Locator("a[href='/projects']").CountAsync()).ShouldBe(0, "the system administrator has no business data");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("admin-accounts-desktop.png"), FullPage = true });

        await page.ClickAsync("text=enterprise");
        await page.WaitForURLAsync(new Regex("/admin/account/\\d+"));
        var masked = await page.Locator("#profile-form").InnerHTMLAsync();
        masked.ShouldContain("****");
        await page.ClickAsync("button[hx-post*='field=phone']");
        await page.Locator("#phone-full").Filter(new LocatorFilterOptions { HasTextRegex = new Regex("^1380431\\d{4}$") }).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("admin-account-revealed.png"), FullPage = true });
    }
}
