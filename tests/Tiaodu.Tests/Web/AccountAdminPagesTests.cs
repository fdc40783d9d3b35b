using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Data;
using Tiaodu.Core.Security;
using Tiaodu.Tests.Accounts;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Tests.Web;

/// <summary>
/// The account pages (/admin/accounts, /admin/account/{id}) and the security page (/admin/security) as a
/// browser uses them: every post is a form of the page, sent with the page's own anti-forgery token (the
/// administrators' clients here never add a token by themselves).
/// </summary>
public sealed class AccountAdminPagesTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const string Phone = "13912345678";
    private const string MaskedPhone = "139****5678";

    /// <summary>A resident ID number (长春市朝阳区, born 1990-03-07) with its GB 11643 check digit.</summary>
    private static readonly string IdNumber = WithCheckDigit("22010419900307123");

    private static int _administrators;

    // ------------------------------------------------------------------ creating accounts

    [Fact]
    public async Task System_administrator_creates_an_account_that_is_listed_masked_encrypted_and_must_change_its_password()
    {
        var (sys, _, _) = await AdministratorAsync(Role.SystemAdmin);
        using var _sys = sys;
        var chaoyang = await app.RegionIdAsync("220104");

        var list = await sys.GetPageAsync("/admin/accounts");
        var newLink = list.QuerySelector("#new-account")!.GetAttribute("href")!;
        var form = await sys.GetPageAsync(newLink);
        form.QuerySelector("#p-password").ShouldNotBeNull("a new account gets a temporary password");
        var created = await PostFormAsync(sys, form, "#profile-form",
        [
            ("Form.UserName", "zhang.wei"),
            ("Form.DisplayName", "张伟"),
            ("Form.Organization", "朝阳区发改局"),
            ("Form.Phone", Phone),
            ("Form.IdNumber", IdNumber),
            ("Form.RegionId", chaoyang.ToString(CultureInfo.InvariantCulture)),
            ("Form.TemporaryPassword", "Temp-Start#2026"),
        ]);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var id = await app.WithDbAsync(db => db.Accounts.Where(a => a.UserName == "zhang.wei").Select(a => a.Id).SingleAsync());
        PathOf(created).ShouldBe("/admin/account/" + id.ToString(CultureInfo.InvariantCulture));

        // Stored encrypted under the 密评 profile; the holder must change the temporary password.
        var stored = await app.WithDbAsync(db => db.Accounts.Include(a => a.Roles).SingleAsync(a => a.Id == id));
        stored.Phone!.ShouldStartWith(PersonalDataCipher.Sm4Prefix);
        stored.IdNumber!.ShouldStartWith(PersonalDataCipher.Sm4Prefix);
        stored.Phone.ShouldNotContain(Phone);
        stored.IdNumber.ShouldNotContain(IdNumber);
        stored.DisplayName.ShouldBe("张伟");
        stored.Organization.ShouldBe("朝阳区发改局");
        stored.RegionId.ShouldBe(chaoyang);
        stored.MustChangePassword.ShouldBeTrue();
        stored.RoleSet.ShouldBeEmpty("roles come from the security administrator");
        var plain = await app.WithServicesAsync(sp => Task.FromResult(sp.GetRequiredService<PersonalData>().Reveal(stored.Phone)));
        plain.ShouldBe(Phone);

        // The account page shows the personal data masked, never in full.
        var details = await sys.GetPageAsync(PathOf(created));
        details.Body!.TextContent.ShouldContain("已创建账号“zhang.wei”");
        details.QuerySelector("#p-phone")!.GetAttribute("value").ShouldBe(MaskedPhone);
        details.QuerySelector("#p-idnumber")!.GetAttribute("value").ShouldBe(IdNumber[..6] + "********" + IdNumber[14..]);
        details.QuerySelector("#p-region option[selected]")!.GetAttribute("value").ShouldBe(chaoyang.ToString(CultureInfo.InvariantCulture));
        details.DocumentElement.OuterHtml.ShouldNotContain(Phone);
        details.DocumentElement.OuterHtml.ShouldNotContain(IdNumber);
        details.QuerySelector("#account-state .text-bg-warning")!.TextContent.ShouldBe("须修改密码");

        // The list finds it by user name, name or unit, and narrows by role.
        list = await sys.GetPageAsync("/admin/accounts");
        foreach (var q in new[] { "zhang.w", "张伟", "朝阳区发改" })
        {
            var found = await sys.GetPageAsync(FormUrl(list, "#account-filter", [("q", q)]));
            found.QuerySelectorAll("tr[data-account]").Select(r => r.GetAttribute("data-account")).ShouldBe(["zhang.wei"], q);
            found.QuerySelector("tr[data-account='zhang.wei'] a")!.GetAttribute("href").ShouldBe(PathOf(created));
        }

        var dispatch = await sys.GetPageAsync(FormUrl(list, "#account-filter", [("role", nameof(Role.DispatchOffice))]));
        var names = dispatch.QuerySelectorAll("tr[data-account]").Select(r => r.GetAttribute("data-account")).ToList();
        names.ShouldContain(app.Tester);
        names.ShouldNotContain("zhang.wei");
        var none = await sys.GetPageAsync(FormUrl(list, "#account-filter", [("q", "zhang.wei"), ("role", nameof(Role.DistrictLeader))]));
        none.QuerySelectorAll("tr[data-account]").ShouldBeEmpty();

        // First sign-in goes to the password change; afterwards the account is in.
        using var holder = app.Anonymous();
        var login = await SignInTests.PostLoginAsync(holder, "zhang.wei", "Temp-Start#2026");
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        PathOf(login).ShouldBe("/account/password");
        var notYet = await holder.GetAsync("/account");
        notYet.StatusCode.ShouldBe(HttpStatusCode.Redirect, "not signed in until the temporary password is changed");
        PathOf(notYet).ShouldStartWith("/account/login");
        var change = await holder.GetPageAsync("/account/password");
        var changed = await holder.SubmitFormAsync(change, "#password-form", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "Temp-Start#2026", ["NewPassword"] = "Zhang-Own#2027", ["ConfirmPassword"] = "Zhang-Own#2027",
        }, "/account/password");
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        PathOf(changed).ShouldBe("/");
        var home = await holder.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect, "an account without roles has no dashboard");
        PathOf(home).ShouldBe("/account");
        (await holder.GetPageAsync("/account")).QuerySelector("main")!.TextContent.ShouldContain("zhang.wei");
        (await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == id).Select(a => a.MustChangePassword).SingleAsync())).ShouldBeFalse();
    }

    [Fact]
    public async Task A_duplicate_user_name_and_a_bad_id_number_come_back_in_chinese_and_nothing_is_saved()
    {
        var (sys, _, _) = await AdministratorAsync(Role.SystemAdmin);
        using var _sys = sys;
        var before = await app.WithDbAsync(db => db.Accounts.CountAsync());
        var badId = IdNumber[..17] + (IdNumber[17] == '0' ? "1" : "0");
        ManageAccounts.IsIdNumber(badId).ShouldBeFalse();

        var form = await sys.GetPageAsync("/admin/account");
        var response = await PostFormAsync(sys, form, "#profile-form",
        [
            ("Form.UserName", app.Tester.ToUpperInvariant()),
            ("Form.DisplayName", "重名测试"),
            ("Form.Phone", Phone),
            ("Form.IdNumber", badId),
            ("Form.TemporaryPassword", "Temp-Start#2026"),
        ]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.ParseAsync();
        FieldError(page, "#p-username").ShouldBe("用户名已被使用");
        FieldError(page, "#p-idnumber").ShouldBe("身份证号应为18位，最后一位可以是X");
        page.QuerySelector("#p-username")!.ClassList.ShouldContain("is-invalid");
        page.QuerySelector("#p-idnumber")!.ClassList.ShouldContain("is-invalid");
        page.QuerySelector("#p-name")!.GetAttribute("value").ShouldBe("重名测试", "what was typed is kept");

        // A fresh name with the bad ID number alone is refused as well.
        form = await sys.GetPageAsync("/admin/account");
        response = await PostFormAsync(sys, form, "#profile-form",
        [
            ("Form.UserName", "bad.id.number"),
            ("Form.DisplayName", "身份证测试"),
            ("Form.IdNumber", "22010419900307"),
            ("Form.TemporaryPassword", "Temp-Start#2026"),
        ]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page = await response.ParseAsync();
        FieldError(page, "#p-idnumber").ShouldBe("身份证号应为18位，最后一位可以是X");
        FieldError(page, "#p-username").ShouldBeEmpty();

        (await app.WithDbAsync(db => db.Accounts.CountAsync())).ShouldBe(before);
        (await app.WithDbAsync(db => db.Accounts.AnyAsync(a => a.UserName == "bad.id.number"))).ShouldBeFalse();
    }

    // ------------------------------------------------------------------ roles (三权分立)

    [Fact]
    public async Task The_security_administrator_grants_roles_within_the_separation_of_duties()
    {
        var target = await app.CreateAccountAsync("grant.target", [], "220104");
        var (security, securityId, securityName) = await AdministratorAsync(Role.SecurityAdmin);
        using var _security = security;

        // A business role is granted and audited.
        var page = await security.GetPageAsync(AccountUrl(target));
        page.QuerySelector("#profile-form").ShouldBeNull("the security administrator does not edit profiles");
        var granted = await PostFormAsync(security, page, "#roles-form", [("roles", nameof(Role.DistrictLeader))]);
        granted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await granted.Content.ReadAsStringAsync());
        PathOf(granted).ShouldBe(AccountUrl(target));
        (await RolesOfAsync(target)).ShouldBe([Role.DistrictLeader]);
        var grant = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditAction.Grant && e.EntityType == "AccountRole" && e.EntityId == target.ToString(CultureInfo.InvariantCulture) + "/DistrictLeader")
            .ToListAsync());
        grant.Count.ShouldBe(1);
        grant[0].Actor.ShouldBe(securityName);
        grant[0].Result.ShouldBe(AuditResult.Success);
        grant[0].Summary.ShouldContain("区县领导");

        page = await security.GetPageAsync(AccountUrl(target));
        page.Body!.TextContent.ShouldContain("已保存账号“grant.target”的角色与权限");
        page.QuerySelector("#role-DistrictLeader")!.HasAttribute("checked").ShouldBeTrue();

        // The list now finds it under that role.
        var list = await security.GetPageAsync("/admin/accounts");
        var byRole = await security.GetPageAsync(FormUrl(list, "#account-filter", [("role", nameof(Role.DistrictLeader))]));
        byRole.QuerySelectorAll("tr[data-account]").Select(r => r.GetAttribute("data-account")).ShouldContain("grant.target");
        byRole.QuerySelector("#new-account").ShouldBeNull("only the system administrator creates accounts");

        // Two administrator roles together are refused with the 三权分立 message; nothing changes.
        var refused = await PostFormAsync(security, page, "#roles-form", [("roles", nameof(Role.SystemAdmin)), ("roles", nameof(Role.AuditAdmin))]);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var refusedPage = await refused.ParseAsync();
        var message = refusedPage.QuerySelector("#roles-form")!.TextContent;
        message.ShouldContain("三权分立");
        message.ShouldContain("系统管理员");
        message.ShouldContain("审计管理员");
        refusedPage.QuerySelector("#role-SystemAdmin")!.HasAttribute("checked").ShouldBeTrue("the choice is shown back");
        (await RolesOfAsync(target)).ShouldBe([Role.DistrictLeader]);

        // The security administrator's own roles: no form, and a forged post changes nothing.
        var own = await security.GetPageAsync(AccountUrl(securityId));
        own.QuerySelector("#roles-form").ShouldBeNull();
        own.QuerySelector("#roles-view")!.TextContent.ShouldContain("不能修改自己的角色");
        var self = await PostAsync(security, own, AccountUrl(securityId) + "?handler=Roles",
            [("roles", nameof(Role.DistrictLeader)), ("version", await VersionOfAsync(securityId))]);
        await ShouldBeRefusedAsync(self, "不能修改自己的角色");
        (await RolesOfAsync(securityId)).ShouldBe([Role.SecurityAdmin]);

        // The system administrator sees the roles but no form, and a forged post changes nothing.
        var (sys, _, _) = await AdministratorAsync(Role.SystemAdmin);
        using var _sys = sys;
        var asSystem = await sys.GetPageAsync(AccountUrl(target));
        asSystem.QuerySelector("#roles-form").ShouldBeNull();
        asSystem.QuerySelector("#roles-view")!.TextContent.ShouldContain("区县领导");
        var forged = await PostAsync(sys, asSystem, AccountUrl(target) + "?handler=Roles",
            [("roles", nameof(Role.CityLeader)), ("version", await VersionOfAsync(target))]);
        forged.StatusCode.ShouldNotBe(HttpStatusCode.Redirect, "no success redirect");
        (await RolesOfAsync(target)).ShouldBe([Role.DistrictLeader]);
    }

    [Fact]
    public async Task A_roles_post_by_the_system_administrator_is_refused_with_403_or_a_visible_message()
    {
        var target = await app.CreateAccountAsync("forged.grant", [Role.Supervision], "220000");
        var (sys, _, _) = await AdministratorAsync(Role.SystemAdmin);
        using var _sys = sys;
        var page = await sys.GetPageAsync(AccountUrl(target));
        var forged = await PostAsync(sys, page, AccountUrl(target) + "?handler=Roles",
            [("roles", nameof(Role.CityLeader)), ("version", await VersionOfAsync(target))]);
        (await RolesOfAsync(target)).ShouldBe([Role.Supervision]);
        await ShouldBeRefusedAsync(forged, "您的角色不能管理账号");
    }

    // ------------------------------------------------------------------ disable, unlock, reset

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_an_enabled_one_can_again()
    {
        var id = await app.CreateAccountAsync("disable.me", [Role.Supervision], "220000");
        var (sys, _, _) = await AdministratorAsync(Role.SystemAdmin);
        using var _sys = sys;

        var page = await sys.GetPageAsync(AccountUrl(id));
        var disabled = await PostFormAsync(sys, page, "form[action*='handler=Active']", []);
        disabled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await disabled.Content.ReadAsStringAsync());
        (await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == id).Select(a => a.IsActive).SingleAsync())).ShouldBeFalse();
        page = await sys.GetPageAsync(AccountUrl(id));
        page.Body!.TextContent.ShouldContain("已停用账号“disable.me”");

        using var browser = app.Anonymous();
        var refused = await SignInTests.PostLoginAsync(browser, "disable.me", TiaoduApp.TestPassword);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var unknown = await SignInTests.PostLoginAsync(browser, "nobody.at.all", TiaoduApp.TestPassword);
        var message = (await refused.ParseAsync()).QuerySelector("#login-error")!.TextContent.Trim();
        message.ShouldNotBeEmpty();
        message.ShouldBe((await unknown.ParseAsync()).QuerySelector("#login-error")!.TextContent.Trim(), "a disabled account is not told apart");

        var enabled = await PostFormAsync(sys, page, "form[action*='handler=Active']", []);
        enabled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await enabled.Content.ReadAsStringAsync());
        (await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == id).Select(a => a.IsActive).SingleAsync())).ShouldBeTrue();
        var again = await SignInTests.PostLoginAsync(browser, "disable.me", TiaoduApp.TestPassword);
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        PathOf(again).ShouldBe("/");
    }

    [Fact]
    public async Task Unlock_clears_a_lockout()
    {
        var id = await app.CreateAccountAsync("unlock.me", [Role.Supervision], "220000");
        await app.WithDbAsync(async db =>
        {
            var a = await db.Accounts.SingleAsync(x => x.Id == id);
            a.LockoutEnd = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(10);
            a.AccessFailedCount = 2;
            return await db.SaveChangesAsync();
        });
        using var browser = app.Anonymous();
        (await SignInTests.PostLoginAsync(browser, "unlock.me", TiaoduApp.TestPassword)).StatusCode.ShouldBe(HttpStatusCode.OK, "locked");

        var (sys, _, _) = await AdministratorAsync(Role.SystemAdmin);
        using var _sys = sys;
        var list = await sys.GetPageAsync("/admin/accounts?q=unlock.me");
        list.QuerySelector("tr[data-account='unlock.me'] .text-bg-danger").ShouldNotBeNull("the list marks the lockout");
        var page = await sys.GetPageAsync(AccountUrl(id));
        page.QuerySelector("#account-state .text-bg-danger").ShouldNotBeNull();
        var unlocked = await PostFormAsync(sys, page, "form[action*='handler=Unlock']", []);
        unlocked.StatusCode.ShouldBe(HttpStatusCode.Redirect, await unlocked.Content.ReadAsStringAsync());
        var stored = await app.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id));
        stored.LockoutEnd.ShouldBeNull();
        stored.AccessFailedCount.ShouldBe(0);
        page = await sys.GetPageAsync(AccountUrl(id));
        page.Body!.TextContent.ShouldContain("已解除账号“unlock.me”的锁定");
        page.QuerySelector("form[action*='handler=Unlock']").ShouldBeNull();

        var ok = await SignInTests.PostLoginAsync(browser, "unlock.me", TiaoduApp.TestPassword);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        PathOf(ok).ShouldBe("/");
    }

    [Fact]
    public async Task A_password_reset_must_be_changed_at_next_sign_in()
    {
        var id = await app.CreateAccountAsync("reset.me", [Role.Supervision], "220000");
        var (sys, _, _) = await AdministratorAsync(Role.SystemAdmin);
        using var _sys = sys;

        var page = await sys.GetPageAsync(AccountUrl(id));
        var weak = await PostFormAsync(sys, page, "#reset-password", [("temporaryPassword", "short")]);
        weak.StatusCode.ShouldBe(HttpStatusCode.OK);
        FieldError(await weak.ParseAsync(), "#reset-temp").ShouldContain("密码至少8位");

        var reset = await PostFormAsync(sys, page, "#reset-password", [("temporaryPassword", "Reset-Temp#2026")]);
        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect, await reset.Content.ReadAsStringAsync());
        (await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == id).Select(a => a.MustChangePassword).SingleAsync())).ShouldBeTrue();
        (await sys.GetPageAsync(AccountUrl(id))).Body!.TextContent.ShouldContain("已重置账号“reset.me”的密码");

        using var browser = app.Anonymous();
        (await SignInTests.PostLoginAsync(browser, "reset.me", TiaoduApp.TestPassword)).StatusCode.ShouldBe(HttpStatusCode.OK, "the old password is gone");
        var login = await SignInTests.PostLoginAsync(browser, "reset.me", "Reset-Temp#2026");
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        PathOf(login).ShouldBe("/account/password");
        var change = await browser.GetPageAsync("/account/password");
        var changed = await browser.SubmitFormAsync(change, "#password-form", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "Reset-Temp#2026", ["NewPassword"] = "Reset-Own#2027", ["ConfirmPassword"] = "Reset-Own#2027",
        }, "/account/password");
        PathOf(changed).ShouldBe("/");
    }

    [Fact]
    public async Task Only_the_security_administrator_resets_an_administrators_credentials()
    {
        var auditor = await app.CreateAccountAsync("reset.auditor", [Role.AuditAdmin]);
        var hash = await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == auditor).Select(a => a.PasswordHash).SingleAsync());

        // The system administrator gets no reset form for an administrator, and a forged post is refused.
        var (sys, _, _) = await AdministratorAsync(Role.SystemAdmin);
        using var _sys = sys;
        var page = await sys.GetPageAsync(AccountUrl(auditor));
        page.QuerySelector("#reset-password").ShouldBeNull();
        page.QuerySelector("#actions")!.TextContent.ShouldContain("三权分立");
        var forged = await PostAsync(sys, page, AccountUrl(auditor) + "?handler=ResetPassword", [("temporaryPassword", "Forged-Temp#2026")]);
        forged.StatusCode.ShouldNotBe(HttpStatusCode.Redirect, "no success redirect");
        var unchanged = await app.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == auditor));
        unchanged.PasswordHash.ShouldBe(hash);
        unchanged.MustChangePassword.ShouldBeFalse();

        // The security administrator may.
        var (security, securityId, _) = await AdministratorAsync(Role.SecurityAdmin);
        using var _security = security;
        page = await security.GetPageAsync(AccountUrl(auditor));
        var reset = await PostFormAsync(security, page, "#reset-password", [("temporaryPassword", "Auditor-Temp#2026")]);
        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect, await reset.Content.ReadAsStringAsync());
        var after = await app.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == auditor));
        after.PasswordHash.ShouldNotBe(hash);
        after.MustChangePassword.ShouldBeTrue();

        // ... but not their own.
        var own = await security.GetPageAsync(AccountUrl(securityId));
        own.QuerySelector("#reset-password").ShouldBeNull();
    }

    [Fact]
    public async Task A_credentials_reset_of_an_administrator_by_the_system_administrator_is_refused_with_403_or_a_visible_message()
    {
        var auditor = await app.CreateAccountAsync("forged.reset", [Role.AuditAdmin]);
        var hash = await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == auditor).Select(a => a.PasswordHash).SingleAsync());
        var (sys, _, _) = await AdministratorAsync(Role.SystemAdmin);
        using var _sys = sys;
        var page = await sys.GetPageAsync(AccountUrl(auditor));
        var forged = await PostAsync(sys, page, AccountUrl(auditor) + "?handler=ResetPassword", [("temporaryPassword", "Forged-Temp#2026")]);
        (await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == auditor).Select(a => a.PasswordHash).SingleAsync())).ShouldBe(hash);
        await ShouldBeRefusedAsync(forged, "您的角色不能管理账号");
    }

    // ------------------------------------------------------------------ personal data

    [Fact]
    public async Task Revealing_full_personal_data_needs_the_permission_and_is_audited_either_way()
    {
        var target = await app.CreateAccountAsync("reveal.target", [Role.Supervision], "220000");
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<TiaoduDb>();
            var pd = sp.GetRequiredService<PersonalData>();
            var a = await db.Accounts.SingleAsync(x => x.Id == target);
            a.SetPersonalData(pd.Protect(Phone, CryptoProfile.Guomi), pd.Protect(IdNumber, CryptoProfile.Guomi));
            return await db.SaveChangesAsync();
        });
        var targetId = target.ToString(CultureInfo.InvariantCulture);
        var (sys, sysId, sysName) = await AdministratorAsync(Role.SystemAdmin);
        using var _sys = sys;

        // Without the permission: no button, and the handler refuses and records the attempt.
        var page = await sys.GetPageAsync(AccountUrl(target));
        page.QuerySelector("[hx-post*='handler=Reveal']").ShouldBeNull();
        var refused = await PostAsync(sys, page, AccountUrl(target) + "?handler=Reveal&field=phone", []);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var refusedHtml = await refused.ParseAsync();
        refusedHtml.QuerySelector("[role=alert]")!.TextContent.ShouldBe("您没有查看完整个人信息的权限");
        refusedHtml.QuerySelector("[data-revealed]").ShouldBeNull();
        refusedHtml.Body!.TextContent.ShouldNotContain(Phone);
        var failures = await RevealEntriesAsync(targetId, sysName);
        failures.Count.ShouldBe(1);
        failures[0].Result.ShouldBe(AuditResult.Failure);

        // The security administrator grants the permission on the system administrator's page.
        var (security, _, _) = await AdministratorAsync(Role.SecurityAdmin);
        using var _security = security;
        var sysPage = await security.GetPageAsync(AccountUrl(sysId));
        sysPage.QuerySelector("#role-SystemAdmin")!.HasAttribute("checked").ShouldBeTrue();
        var granted = await PostFormAsync(security, sysPage, "#roles-form", [("canReveal", "true")]);
        granted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await granted.Content.ReadAsStringAsync());
        var sysAccount = await app.WithDbAsync(db => db.Accounts.Include(a => a.Roles).AsNoTracking().SingleAsync(a => a.Id == sysId));
        sysAccount.CanRevealPersonalData.ShouldBeTrue();
        sysAccount.RoleSet.ShouldBe([Role.SystemAdmin]);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditAction.Grant && e.EntityType == "Account" && e.EntityId == sysId.ToString(CultureInfo.InvariantCulture))))
            .ShouldBe(1, "the permission grant is audited");

        // With it (the grant ended the old session; the client signs in again): the buttons appear and reveal.
        page = await sys.GetPageAsync(AccountUrl(target));
        var phoneButton = page.QuerySelector("[hx-post*='field=phone']")!;
        var idButton = page.QuerySelector("[hx-post*='field=idNumber']")!;
        var phone = await HtmxPostAsync(sys, phoneButton);
        phone.StatusCode.ShouldBe(HttpStatusCode.OK);
        var phoneHtml = await phone.ParseAsync();
        phoneHtml.QuerySelector("[data-revealed='phone']")!.TextContent.ShouldBe(Phone);
        var id = await HtmxPostAsync(sys, idButton);
        (await id.ParseAsync()).QuerySelector("[data-revealed='idNumber']")!.TextContent.ShouldBe(IdNumber);

        var entries = await RevealEntriesAsync(targetId, sysName);
        entries.Count.ShouldBe(3);
        entries.Count(e => e.Result == AuditResult.Success).ShouldBe(2);
        entries.ShouldAllBe(e => e.EntityType == "Account");
        entries.Where(e => e.Result == AuditResult.Success).Select(e => e.Summary).ShouldBe(
            ["查看账号「reveal.target」手机号码完整号码", "查看账号「reveal.target」身份证号完整号码"], ignoreOrder: true);
        entries.ShouldAllBe(e => !(e.Summary.Contains(Phone) || e.Summary.Contains(IdNumber)));
    }

    // ------------------------------------------------------------------ security policy

    [Fact]
    public async Task Switching_to_the_asvs_profile_applies_at_once_and_is_audited()
    {
        var (security, _, securityName) = await AdministratorAsync(Role.SecurityAdmin);
        using var _security = security;
        try
        {
            var page = await security.GetPageAsync("/admin/security");
            page.QuerySelector("#pp-Dengbao")!.HasAttribute("checked").ShouldBeTrue();
            var saved = await PostFormAsync(security, page, "#security-form", [("Form.PasswordProfile", "Asvs")]);
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
            page = await security.GetPageAsync(PathOf(saved));
            page.Body!.TextContent.ShouldContain("已保存安全策略");
            page.QuerySelector("#pp-Asvs")!.HasAttribute("checked").ShouldBeTrue();
            (await SettingsAsync()).PasswordProfile.ShouldBe(PasswordProfile.Asvs);

            var setting = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
                .Where(e => e.Action == AuditAction.Setting && e.EntityType == "SecuritySettings").OrderByDescending(e => e.Sequence).FirstAsync());
            setting.Actor.ShouldBe(securityName);
            setting.After!.ShouldContain("Asvs");
            setting.Before!.ShouldContain("Dengbao");

            // A ten-character password passes 等保 but not ASVS.
            await app.CreateAccountAsync("asvs.user", [Role.Supervision], "220000");
            using var user = app.ClientFor("asvs.user");
            var change = await user.GetPageAsync("/account/password");
            var response = await user.SubmitFormAsync(change, "#password-form", new Dictionary<string, string>
            {
                ["CurrentPassword"] = TiaoduApp.TestPassword, ["NewPassword"] = "Abcd#12345", ["ConfirmPassword"] = "Abcd#12345",
            }, "/account/password");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            FieldError(await response.ParseAsync(), "#NewPassword").ShouldContain("至少12位");

            // Back to 等保, through the page.
            page = await security.GetPageAsync("/admin/security");
            var restored = await PostFormAsync(security, page, "#security-form", [("Form.PasswordProfile", "Dengbao")]);
            restored.StatusCode.ShouldBe(HttpStatusCode.Redirect, await restored.Content.ReadAsStringAsync());
            (await SettingsAsync()).PasswordProfile.ShouldBe(PasswordProfile.Dengbao);
        }
        finally
        {
            await RestoreDefaultsAsync();
        }
    }

    [Fact]
    public async Task Invalid_security_settings_are_refused_in_chinese_and_change_nothing()
    {
        var (security, _, _) = await AdministratorAsync(Role.SecurityAdmin);
        using var _security = security;
        try
        {
            var before = await SettingsAsync();
            var page = await security.GetPageAsync("/admin/security");
            var response = await PostFormAsync(security, page, "#security-form",
                [("Form.IdleMinutes", "0"), ("Form.LockoutThreshold", "99"), ("Form.PasswordProfile", "Asvs")]);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var result = await response.ParseAsync();
            FieldError(result, "#s-IdleMinutes").ShouldBe("空闲超时应在5至30分钟之间");
            FieldError(result, "#s-LockoutThreshold").ShouldBe("连续失败锁定次数应在3至10次之间");
            result.QuerySelector("#s-IdleMinutes")!.ClassList.ShouldContain("is-invalid");
            result.QuerySelector("#s-LockoutMinutes")!.ClassList.ShouldNotContain("is-invalid");

            var after = await SettingsAsync();
            after.IdleMinutes.ShouldBe(before.IdleMinutes);
            after.LockoutThreshold.ShouldBe(before.LockoutThreshold);
            after.PasswordProfile.ShouldBe(before.PasswordProfile);
            after.Version.ShouldBe(before.Version);

            // Text that is not a number is refused too.
            page = await security.GetPageAsync("/admin/security");
            response = await PostFormAsync(security, page, "#security-form", [("Form.AbsoluteHours", "八")]);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            FieldError(await response.ParseAsync(), "#s-AbsoluteHours").ShouldBe("请输入整数");
            (await SettingsAsync()).Version.ShouldBe(before.Version);
        }
        finally
        {
            await RestoreDefaultsAsync();
        }
    }

    [Fact]
    public async Task A_stale_security_form_gets_a_conflict_message_and_the_newer_version()
    {
        var (security, _, _) = await AdministratorAsync(Role.SecurityAdmin);
        using var _security = security;
        try
        {
            var first = await security.GetPageAsync("/admin/security");
            var second = await security.GetPageAsync("/admin/security");
            var saved = await PostFormAsync(security, first, "#security-form", [("Form.LockoutMinutes", "20")]);
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
            var current = await SettingsAsync();
            current.LockoutMinutes.ShouldBe(20);

            var stale = await PostFormAsync(security, second, "#security-form", [("Form.LockoutMinutes", "25")]);
            stale.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = await stale.ParseAsync();
            page.QuerySelector("#security-form")!.PreviousElementSibling!.TextContent.ShouldContain(ConcurrencyGuard.StaleMessage);
            page.QuerySelector("#s-LockoutMinutes")!.GetAttribute("value").ShouldBe("25", "the input is kept");
            page.QuerySelector("input[name='Form.Version']")!.GetAttribute("value").ShouldBe(current.Version.ToString(CultureInfo.InvariantCulture));
            (await SettingsAsync()).LockoutMinutes.ShouldBe(20);
            (await SettingsAsync()).Version.ShouldBe(current.Version);

            // Saving the kept input again is a deliberate overwrite.
            var overwrite = await PostFormAsync(security, page, "#security-form", [("Form.LockoutMinutes", "15")]);
            overwrite.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await SettingsAsync()).LockoutMinutes.ShouldBe(15);
        }
        finally
        {
            await RestoreDefaultsAsync();
        }
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>
    /// A client signed in as a new administrator (second factor passed with a recovery code, signing in again
    /// when a grant ends its session) that sends no anti-forgery token of its own: only the page's forms do.
    /// </summary>
    private async Task<(HttpClient Client, int Id, string UserName)> AdministratorAsync(Role role)
    {
        var name = $"pages{Interlocked.Increment(ref _administrators).ToString(CultureInfo.InvariantCulture)}.{role.ToString().ToLowerInvariant()}";
        var codes = RecoveryCodes.Generate();
        var id = await app.CreateAccountAsync(name, [role]);
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<TiaoduDb>();
            var account = await db.Accounts.SingleAsync(a => a.Id == id);
            account.TwoFactorEnabled = true;
            account.AuthenticatorKey = sp.GetRequiredService<PersonalData>().Protect(Base32.Encode(Totp.NewKey()), CryptoProfile.Guomi);
            account.RecoveryCodes = string.Join(';', codes.Select(RecoveryCodes.Hash));
            return await db.SaveChangesAsync();
        });
        var client = app.CreateDefaultClient(new Uri("http://localhost"),
            new SignedInHandler(name, TiaoduApp.TestPassword, sendCsrfToken: false, recoveryCodes: codes, signInAgain: true),
            new RelativeLocationHandler(),
            new CookieContainerHandler());
        return (client, id, name);
    }

    /// <summary>
    /// Turns the cookie middleware's absolute redirect (http://localhost/account/login?…) into a path, so the
    /// sign-in handler above it recognises an ended session and signs in again.
    /// </summary>
    private sealed class RelativeLocationHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.Location is { IsAbsoluteUri: true } location && location.Host == "localhost")
            {
                response.Headers.Location = new Uri(location.PathAndQuery, UriKind.Relative);
            }

            return response;
        }
    }

    private static string AccountUrl(int id) => "/admin/account/" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The path a redirect points at, whether the header is absolute or not.</summary>
    internal static string PathOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new ShouldAssertException($"No redirect: {(int)response.StatusCode}");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    /// <summary>The text of the invalid-feedback next to an input.</summary>
    private static string FieldError(IHtmlDocument page, string inputSelector)
    {
        var input = page.QuerySelector(inputSelector) ?? throw new ShouldAssertException($"No {inputSelector} on the page");
        for (var e = input.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e.QuerySelector(".invalid-feedback") is { } feedback)
            {
                return feedback.TextContent.Trim();
            }
        }

        return "";
    }

    /// <summary>
    /// Submits a form of the page as a browser would: its current fields (ticked boxes only) with the given
    /// names replaced by the given values (a name may repeat, as ticked checkboxes do), to its action.
    /// </summary>
    internal static Task<HttpResponseMessage> PostFormAsync(HttpClient client, IHtmlDocument page, string selector, IReadOnlyList<(string Name, string Value)> values)
    {
        var form = page.QuerySelector(selector) as IHtmlFormElement ?? throw new ShouldAssertException($"No form {selector} on the page");
        form.Method.ShouldBe("post", StringCompareShould.IgnoreCase);
        var fields = FieldsOf(form, values);
        var action = form.GetAttribute("action");
        return client.PostAsync(string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action, new FormUrlEncodedContent(fields));
    }

    /// <summary>A post the page offers no form for (a forged request), with the page's anti-forgery token.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, IHtmlDocument page, string url, IReadOnlyList<(string Name, string Value)> values)
    {
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? throw new ShouldAssertException("No anti-forgery token on the page");
        var fields = values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)).Append(new("__RequestVerificationToken", token));
        return client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>What htmx sends for a button: a POST to its hx-post with its hx-headers (the anti-forgery token).</summary>
    private static async Task<HttpResponseMessage> HtmxPostAsync(HttpClient client, AngleSharp.Dom.IElement button)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, button.GetAttribute("hx-post"));
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(button.GetAttribute("hx-headers")!)!;
        headers.ShouldContainKey("X-CSRF-TOKEN");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        request.Headers.Add("HX-Request", "true");
        request.Content = new FormUrlEncodedContent([]);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static List<KeyValuePair<string, string>> FieldsOf(IHtmlFormElement form, IReadOnlyList<(string Name, string Value)> values)
    {
        var replaced = values.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            if (!replaced.Contains(input.Name!) && (input.Type is not ("checkbox" or "radio") || input.IsChecked) && input.Type is not ("submit" or "button"))
            {
                fields.Add(new(input.Name!, input.Value));
            }
        }

        foreach (var select in form.QuerySelectorAll("select[name]").OfType<IHtmlSelectElement>().Where(s => !replaced.Contains(s.Name!)))
        {
            fields.Add(new(select.Name!, select.Value ?? ""));
        }

        foreach (var area in form.QuerySelectorAll("textarea[name]").OfType<IHtmlTextAreaElement>().Where(a => !replaced.Contains(a.Name!)))
        {
            fields.Add(new(area.Name!, area.Value));
        }

        fields.AddRange(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));
        return fields;
    }

    /// <summary>The URL a GET form of the page goes to with the given fields changed (what a browser builds on submit).</summary>
    internal static string FormUrl(IHtmlDocument page, string selector, IReadOnlyList<(string Name, string Value)> values)
    {
        var form = page.QuerySelector(selector) as IHtmlFormElement ?? throw new ShouldAssertException($"No form {selector} on the page");
        form.Method.ShouldBe("get", StringCompareShould.IgnoreCase);
        foreach (var (name, _) in values)
        {
            form.QuerySelector($"[name='{name}']").ShouldNotBeNull($"the form {selector} has no field {name}");
        }

        var query = string.Join('&', FieldsOf(form, values).Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
        return form.GetAttribute("action") + "?" + query;
    }

    /// <summary>A refused request: the use case's message reaches the user (or a 403), never a silent page.</summary>
    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, string message)
    {
        response.StatusCode.ShouldNotBe(HttpStatusCode.Redirect, "a refused change must not redirect as if it had worked");
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            return;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ParseAsync()).Body!.TextContent.ShouldContain(message, Case.Sensitive,
            "the refusal must be shown to the user (or answered 403), not swallowed");
    }

    private Task<List<Role>> RolesOfAsync(int id) =>
        app.WithDbAsync(db => db.Set<AccountRole>().Where(r => r.AccountId == id).Select(r => r.Role).ToListAsync());

    private Task<string> VersionOfAsync(int id) =>
        app.WithDbAsync(async db => (await db.Accounts.Where(a => a.Id == id).Select(a => a.Version).SingleAsync()).ToString(CultureInfo.InvariantCulture));

    private async Task<List<AuditEntry>> RevealEntriesAsync(string entityId, string actor)
    {
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditAction.Reveal && e.EntityId == entityId && e.Actor == actor).OrderBy(e => e.Sequence).ToListAsync());
        return entries;
    }

    private Task<SecuritySettings> SettingsAsync() =>
        app.WithDbAsync(db => db.SecuritySettings.AsNoTracking().SingleAsync(s => s.Id == SecuritySettings.SingletonId));

    /// <summary>The fixture is shared by the class: put the defaults (等保, 5 tries, 15 minutes, 30 idle, 8 hours) back.</summary>
    private async Task RestoreDefaultsAsync() =>
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<TiaoduDb>();
            var s = await db.SecuritySettings.SingleAsync(x => x.Id == SecuritySettings.SingletonId);
            var defaults = new SecuritySettings();
            if (s.PasswordProfile != defaults.PasswordProfile || s.CryptoProfile != defaults.CryptoProfile || s.TwoFactorForAll != defaults.TwoFactorForAll
                || s.LockoutThreshold != defaults.LockoutThreshold || s.LockoutMinutes != defaults.LockoutMinutes
                || s.IdleMinutes != defaults.IdleMinutes || s.AbsoluteHours != defaults.AbsoluteHours)
            {
                s.PasswordProfile = defaults.PasswordProfile;
                s.CryptoProfile = defaults.CryptoProfile;
                s.TwoFactorForAll = defaults.TwoFactorForAll;
                s.LockoutThreshold = defaults.LockoutThreshold;
                s.LockoutMinutes = defaults.LockoutMinutes;
                s.IdleMinutes = defaults.IdleMinutes;
                s.AbsoluteHours = defaults.AbsoluteHours;
                s.Version++;
                await db.SaveChangesAsync();
            }

            sp.GetRequiredService<SecurityPolicy>().Invalidate();
            return 0;
        });

    /// <summary>Appends the GB 11643 check digit (weights 2^(17-i) mod 11) to the first 17 digits.</summary>
    private static string WithCheckDigit(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var weight = 1;
            for (var k = 0; k < 17 - i; k++)
            {
                weight = weight * 2 % 11;
            }

            sum += (first17[i] - '0') * weight;
        }

        var id = first17 + "10X98765432"[sum % 11];
        ManageAccounts.IsIdNumber(id).ShouldBeTrue();
        return id;
    }
}
