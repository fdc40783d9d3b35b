using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Security;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Accounts;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Accounts;

/// <summary>The separation of duties holds against take-over paths, and data does not leak through side doors.</summary>
public sealed class HardeningTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    /// <summary>Runs a use case as the given account, the way a request would.</summary>
    private Task<T> AsAsync<T>(int accountId, Func<IServiceProvider, Task<T>> action) =>
        app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tiaodu.Core.Data.TiaoduDb>();
            var account = await db.Accounts.AsNoTracking().Include(a => a.Roles).SingleAsync(a => a.Id == accountId);
            var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = sp };
            http.Items[CurrentUser.AccessKey] = await AccountAccess.LoadAsync(db, account, CancellationToken.None);
            sp.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = http;
            return await action(sp);
        });

    [Fact]
    public async Task A_password_reset_a_second_factor_reset_or_disabling_ends_the_calendar_link_for_good()
    {
        var sys = await app.CreateAccountAsync("link.sys", [Role.SystemAdmin]);
        var sec = await app.CreateAccountAsync("link.sec", [Role.SecurityAdmin]);
        var user = await app.CreateAccountAsync("link.user", [Role.CityLeader], "220100");
        Task<string?> LinkAsync() => app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user).Select(a => a.CalendarTokenHash).SingleAsync());
        Task GiveLinkAsync() => app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user).ExecuteUpdateAsync(u => u.SetProperty(a => a.CalendarTokenHash, new string('d', 64))));
        Task AsAdminAsync(int admin, Func<ManageAccounts, Task> action) => AsAsync(admin, async sp => { await action(sp.GetRequiredService<ManageAccounts>()); return 0; });

        await GiveLinkAsync();
        await AsAdminAsync(sys, m => m.ResetPasswordAsync(user, "Temp#Link2026x", CancellationToken.None));
        (await LinkAsync()).ShouldBeNull("a password reset");

        await GiveLinkAsync();
        await AsAdminAsync(sec, m => m.ResetTwoFactorAsync(user, CancellationToken.None));
        (await LinkAsync()).ShouldBeNull("a second-factor reset");

        await GiveLinkAsync();
        var version = await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user).Select(a => a.Version).SingleAsync());
        await AsAdminAsync(sys, m => m.SetActiveAsync(user, false, version, CancellationToken.None));
        version = await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user).Select(a => a.Version).SingleAsync());
        await AsAdminAsync(sys, m => m.SetActiveAsync(user, true, version, CancellationToken.None));
        (await LinkAsync()).ShouldBeNull("enabling the account again does not bring the link back");
    }

    [Fact]
    public async Task No_single_administrator_can_reset_both_password_and_second_factor_of_an_account()
    {
        var sys = await app.CreateAccountAsync("split.sys", [Role.SystemAdmin]);
        var sec = await app.CreateAccountAsync("split.sec", [Role.SecurityAdmin]);
        var user = await app.CreateAccountAsync("split.user", [Role.DispatchOffice], "220000");
        var auditor = await app.CreateAccountAsync("split.auditor", [Role.AuditAdmin]);

        async Task<string?> Try(int actor, Func<ManageAccounts, Task> action)
        {
            try
            {
                await AsAsync(actor, async sp => { await action(sp.GetRequiredService<ManageAccounts>()); return 0; });
                return null;
            }
            catch (ForbiddenException e)
            {
                return e.Message;
            }
        }

        // An ordinary account: password by the system administrator, second factor by the security administrator.
        (await Try(sys, m => m.ResetPasswordAsync(user, "Temp#Pass2026x", CancellationToken.None))).ShouldBeNull();
        (await Try(sys, m => m.ResetTwoFactorAsync(user, CancellationToken.None))).ShouldNotBeNull();
        (await Try(sec, m => m.ResetPasswordAsync(user, "Temp#Pass2026y", CancellationToken.None))).ShouldNotBeNull();
        (await Try(sec, m => m.ResetTwoFactorAsync(user, CancellationToken.None))).ShouldBeNull();

        // An administrator: the other way round; disabling and unlocking one is the security administrator's.
        (await Try(sys, m => m.ResetPasswordAsync(auditor, "Temp#Pass2026z", CancellationToken.None))).ShouldNotBeNull();
        (await Try(sec, m => m.ResetTwoFactorAsync(auditor, CancellationToken.None))).ShouldNotBeNull();
        (await Try(sys, m => m.UnlockAsync(auditor, CancellationToken.None))).ShouldNotBeNull();
        var version = await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == auditor).Select(a => a.Version).SingleAsync());
        (await Try(sys, m => m.SetActiveAsync(auditor, false, version, CancellationToken.None))).ShouldNotBeNull();
    }

    [Fact]
    public async Task An_account_never_turns_from_business_to_administrator_or_back()
    {
        var sec = await app.CreateAccountAsync("convert.sec", [Role.SecurityAdmin]);
        var user = await app.CreateAccountAsync("convert.user", [Role.DispatchOffice], "220000");
        var version = await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user).Select(a => a.Version).SingleAsync());
        var e = await Should.ThrowAsync<ValidationFailedException>(() =>
            AsAsync(sec, async sp => { await sp.GetRequiredService<ManageAccounts>().SetRolesAsync(user, [Role.AuditAdmin], false, version, CancellationToken.None); return 0; }));
        e.Message.ShouldContain("不能相互转换");
    }

    [Fact]
    public async Task A_district_editor_cannot_place_a_project_outside_the_district_by_naming_themself_leader()
    {
        int person = await app.WithDbAsync(async db =>
        {
            var p = new Core.Reference.Person("测试领导", "副区长", Core.Reference.PersonRole.Leader, await db.Regions.Where(r => r.Key == "220104").Select(r => r.Id).SingleAsync());
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        await app.CreateAccountAsync("district.editor", [Role.DispatchOffice], "220104", personId: person);
        using var client = app.ClientFor("district.editor");
        var outside = new ProjectDetails { Name = "越界新建项目", RegionId = await app.RegionIdAsync("220102"), TotalInvestment = 8_000m, LeaderId = person };
        (await client.PostAsJsonAsync("/api/projects", new { project = outside }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var inside = await client.PostAsJsonAsync("/api/projects", new { project = outside with { Name = "区内新建项目", RegionId = await app.RegionIdAsync("220104") } }, Json.Options);
        inside.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await inside.Content.ReadFromJsonAsync<ProjectDto>(Json.Options))!;
        var moved = await client.PutAsJsonAsync($"/api/projects/{created.Id}",
            new { project = outside with { Name = "区内新建项目" }, version = created.Version }, Json.Options);
        moved.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_conflict_answer_never_carries_the_phone()
    {
        var created = await app.CreateProjectAsync(new ProjectDetails
        {
            Name = "冲突电话测试项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 9_000m, ContactPhone = "13700001111",
        });
        using var client = app.Api();
        var stale = await client.PutAsJsonAsync($"/api/projects/{created.Id}",
            new { project = new ProjectDetails { Name = "冲突电话测试项目改", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 9_000m }, version = created.Version + 5 }, Json.Options);
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var body = await stale.Content.ReadAsStringAsync();
        body.ShouldContain("冲突电话测试项目");
        body.ShouldNotContain("13700001111");
        body.ShouldNotContain(PersonalDataCipher.Sm4Prefix);
        body.ShouldNotContain("contactPhone\":\"", Case.Insensitive);
    }

    [Fact]
    public async Task Phones_stored_before_encryption_are_encrypted_once_and_stay_readable()
    {
        var created = await app.CreateProjectAsync(new ProjectDetails { Name = "存量电话项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 6_000m });
        await app.WithDbAsync(db => db.Projects.Where(p => p.Id == created.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ContactPhone, "13912340000")));

        var count = await app.WithServicesAsync(sp => sp.GetRequiredService<ProtectStoredPersonalData>().HandleAsync(CancellationToken.None));
        count.ShouldBe(1);
        (await app.WithServicesAsync(sp => sp.GetRequiredService<ProtectStoredPersonalData>().HandleAsync(CancellationToken.None))).ShouldBe(0);

        var stored = await app.WithDbAsync(db => db.Projects.Where(p => p.Id == created.Id).Select(p => p.ContactPhone).SingleAsync());
        stored!.ShouldStartWith(PersonalDataCipher.Sm4Prefix);
        using var client = app.Api();
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{created.Id}");
        read.GetProperty("contactPhone").GetString().ShouldBe("139****0000");
    }

    [Fact]
    public async Task Seed_demo_on_a_database_with_projects_creates_no_demo_accounts()
    {
        await app.CreateProjectAsync(new ProjectDetails { Name = "真实台账项目", RegionId = await app.RegionIdAsync("220104"), TotalInvestment = 6_000m });
        var (code, _, _) = await app.RunVerbAsync("seed-demo");
        code.ShouldBe(0);
        (await app.WithDbAsync(db => db.Accounts.AnyAsync(a => a.UserName == "sysadmin" || a.UserName == "dispatch"))).ShouldBeFalse();
    }
}
