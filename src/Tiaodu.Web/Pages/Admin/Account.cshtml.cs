using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Web.Accounts;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Admin;

/// <summary>
/// One account (<c>/admin/account/{id}</c>), or a new one (<c>/admin/account</c>). The system administrator
/// edits the profile and jurisdiction, disables, unlocks and resets credentials; the security administrator
/// grants roles and the personal-data permission and resets administrators' credentials (三权分立). The use
/// cases enforce the same split; this page only hides what the user may not do.
/// </summary>
internal sealed class AccountModel(ManageAccounts accounts, ICurrentUser user, TiaoduDb db, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>What the profile form posts; all text, so nothing a browser sends can fail binding.</summary>
    public sealed class ProfileForm
    {
        public string? UserName { get; set; }
        public string? DisplayName { get; set; }
        public string? Organization { get; set; }
        public string? Phone { get; set; }
        public string? IdNumber { get; set; }
        public string? RegionId { get; set; }
        public string? SectorId { get; set; }

        public string? DepartmentId { get; set; }
        public string? PersonId { get; set; }
        public string? ProjectIds { get; set; }
        public string? TemporaryPassword { get; set; }
        public string? Version { get; set; }
    }

    /// <summary>The parts of the page a failed post reports in.</summary>
    public static class Sections
    {
        public const string Profile = "profile";
        public const string Active = "active";
        public const string Unlock = "unlock";
        public const string Password = "password";
        public const string TwoFactor = "twofactor";
        public const string Roles = "roles";
    }

    [BindProperty]
    public ProfileForm Form { get; set; } = new();

    /// <summary>The account shown; null while creating one.</summary>
    public Tiaodu.Core.Accounts.Account? Existing { get; private set; }

    public int? Id { get; private set; }

    public bool IsNew => Id is null;

    public ProjectChoices Choices { get; private set; } = null!;

    /// <summary>The projects named in the form's project field that exist, to show their names.</summary>
    public IReadOnlyList<(int Id, string Name, bool Deleted)> NamedProjects { get; private set; } = [];

    /// <summary>The section whose post failed, and what went wrong there.</summary>
    public string? FailedSection { get; private set; }

    public FormFeedback Feedback { get; private set; } = FormFeedback.None;

    /// <summary>The roles ticked in a failed grant, so the choice is not lost; null shows the saved roles.</summary>
    public IReadOnlySet<Role>? PostedRoles { get; private set; }

    public bool? PostedCanReveal { get; private set; }

    public int? PostedRolesVersion { get; private set; }

    public bool CanManage => user.Has(Permission.ManageAccounts);

    public bool CanGrant => user.Has(Permission.GrantRoles);

    public bool CanReveal => user.Has(Permission.RevealPersonalData);

    public bool IsSelf => Existing is not null && Existing.Id == user.AccountId;

    /// <summary>
    /// The same rules as <see cref="ManageAccounts"/>: status, unlock and password of an ordinary account are
    /// the system administrator's, its second factor the security administrator's; for an administrator it is
    /// the other way round; nobody acts on their own account.
    /// </summary>
    public bool CanManageStatus => Existing is { } a && !IsSelf && (a.IsAdministrator ? CanGrant : CanManage);

    public bool CanResetPassword => Existing is { } a && !IsSelf && (a.IsAdministrator ? CanGrant : CanManage);

    public bool CanResetTwoFactor => Existing is { } a && !IsSelf && (a.IsAdministrator ? CanManage : CanGrant);

    public bool CanResetCredentials => CanResetPassword || CanResetTwoFactor;

    public bool IsLocked => Existing?.LockoutEnd is { } end && end > clock.GetUtcNow().UtcDateTime;

    public string MaskedPhone => Existing is null ? "" : accounts.MaskedPhone(Existing);

    public string MaskedIdNumber => Existing is null ? "" : accounts.MaskedIdNumber(Existing);

    public string For(string section, string field) => FailedSection == section ? Feedback.For(field) : "";

    public string Invalid(string section, string field) => FailedSection == section ? Feedback.Invalid(field) : "";

    public string? MessageFor(string section) => FailedSection == section ? Feedback.Message : null;

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        Id = id;
        if (id is null && !CanManage)
        {
            return Forbid();
        }

        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        FillForm();

        await NameProjectsAsync(ct);
        return Page();
    }

    /// <summary>Creates the account, or saves its profile.</summary>
    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Id = id;
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var regionId = OptionalId(Form.RegionId, nameof(AccountInput.RegionId), "请选择有效的区域", errors);
        var sectorId = OptionalId(Form.SectorId, nameof(AccountInput.SectorId), "请选择有效的专班", errors);
        var departmentId = OptionalId(Form.DepartmentId, nameof(AccountInput.DepartmentId), "请选择有效的责任部门", errors);
        var personId = OptionalId(Form.PersonId, nameof(AccountInput.PersonId), "请选择有效的人员", errors);
        var projectIds = ProjectIdList(Form.ProjectIds, errors);
        int? version = int.TryParse(Form.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        if (id is not null && version is null)
        {
            Add(errors, "", ConcurrencyGuard.StaleMessage);
        }

        if (errors.Count == 0)
        {
            var input = new AccountInput
            {
                UserName = Form.UserName,
                DisplayName = Form.DisplayName,
                Organization = Form.Organization,
                Phone = Form.Phone,
                IdNumber = Form.IdNumber,
                RegionId = regionId,
                SectorId = sectorId,
                DepartmentId = departmentId,
                PersonId = personId,
                ProjectIds = projectIds,
                Version = version,
            };
            try
            {
                var saved = id is { } accountId
                    ? await accounts.UpdateAsync(accountId, input, ct)
                    : await accounts.CreateAsync(input, Form.TemporaryPassword, ct);
                Flash.Success(TempData, id is null ? l["Admin.Account.Created", saved.UserName] : l["Admin.Account.Saved", saved.UserName]);
                return Redirect(PageUrl(saved.Id));
            }
            catch (ValidationFailedException e)
            {
                foreach (var (field, messages) in e.Errors)
                {
                    foreach (var message in messages)
                    {
                        Add(errors, field == "NewPassword" ? nameof(ProfileForm.TemporaryPassword) : field, message);
                    }
                }
            }
            catch (Exception e) when (e is ConflictException or ForbiddenException)
            {
                Add(errors, "", e.Message);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }

        Fail(Sections.Profile, errors);
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (Existing is { } current && FailedSection == Sections.Profile && Feedback.Message == ConcurrencyGuard.StaleMessage)
        {
            // Keep what was typed; saving again is then a deliberate overwrite of the newer record.
            Form.Version = Text(current.Version);
        }

        await NameProjectsAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostActiveAsync(int? id, bool active, int version, CancellationToken ct) =>
        ActAsync(id, Sections.Active, async a =>
        {
            await accounts.SetActiveAsync(a, active, version, ct);
            return active ? "Admin.Account.Enabled" : "Admin.Account.Disabled";
        }, ct);

    public Task<IActionResult> OnPostUnlockAsync(int? id, CancellationToken ct) =>
        ActAsync(id, Sections.Unlock, async a =>
        {
            await accounts.UnlockAsync(a, ct);
            return "Admin.Account.Unlocked";
        }, ct);

    public Task<IActionResult> OnPostResetPasswordAsync(int? id, string? temporaryPassword, CancellationToken ct) =>
        ActAsync(id, Sections.Password, async a =>
        {
            await accounts.ResetPasswordAsync(a, temporaryPassword, ct);
            return "Admin.Account.PasswordReset";
        }, ct);

    public Task<IActionResult> OnPostResetTwoFactorAsync(int? id, CancellationToken ct) =>
        ActAsync(id, Sections.TwoFactor, async a =>
        {
            await accounts.ResetTwoFactorAsync(a, ct);
            return "Admin.Account.TwoFactorReset";
        }, ct);

    /// <summary>The security administrator's grant of roles and of the personal-data permission.</summary>
    public async Task<IActionResult> OnPostRolesAsync(int? id, string[]? roles, string? canReveal, string? version, CancellationToken ct)
    {
        var chosen = new HashSet<Role>();
        var unknown = false;
        foreach (var name in roles ?? [])
        {
            if (AccountsModel.ParseRole(name) is { } role)
            {
                chosen.Add(role);
            }
            else
            {
                unknown = true;
            }
        }

        PostedRoles = chosen;
        PostedCanReveal = canReveal == "true";
        PostedRolesVersion = int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        if (unknown)
        {
            return await FailAsync(id, Sections.Roles, FormFeedback.From(ValidationFailedException.For("Roles", "角色无效，请刷新页面后重新选择")), ct);
        }

        return await ActAsync(id, Sections.Roles, async a =>
        {
            await accounts.SetRolesAsync(a, chosen, PostedCanReveal == true, PostedRolesVersion ?? -1, ct);
            return "Admin.Account.RolesSaved";
        }, ct);
    }

    /// <summary>Shows a full phone or ID number in place (htmx); the reveal, or the refusal, is audited by the use case.</summary>
    public async Task<IActionResult> OnPostRevealAsync(int? id, string? field, [FromServices] RevealPersonalData reveal, CancellationToken ct)
    {
        string html;
        try
        {
            var value = id is { } accountId ? await reveal.AccountFieldAsync(accountId, field ?? "", ct) : throw new NotFoundException("账号不存在");
            html = $"<span class=\"font-monospace user-select-all\" data-revealed=\"{HtmlEncoder.Default.Encode(field ?? "")}\">{HtmlEncoder.Default.Encode(value ?? "")}</span>";
        }
        catch (Exception e) when (e is ForbiddenException or NotFoundException or ValidationFailedException)
        {
            html = $"<span class=\"text-danger small\" role=\"alert\">{HtmlEncoder.Default.Encode(e.Message)}</span>";
        }

        return Content(html, "text/html; charset=utf-8");
    }

    public static string PageUrl(int id) => "/admin/account/" + id.ToString(CultureInfo.InvariantCulture);

    public string LocalTime(DateTime? utc) => utc is { } t
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc), clock.LocalTimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : "";

    public bool HasRole(Role role) => PostedRoles?.Contains(role) ?? Existing?.RoleSet.Contains(role) ?? false;

    public bool RevealChecked => PostedCanReveal ?? Existing?.CanRevealPersonalData ?? false;

    public int RolesVersion => PostedRolesVersion ?? Existing?.Version ?? 0;

    public static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Runs an account action; success redirects with a flash (PRG), failure shows the page with the message.</summary>
    private async Task<IActionResult> ActAsync(int? id, string section, Func<int, Task<string>> action, CancellationToken ct)
    {
        if (id is not { } accountId)
        {
            return NotFound();
        }

        try
        {
            var key = await action(accountId);
            var name = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.UserName).FirstOrDefaultAsync(ct) ?? "";
            Flash.Success(TempData, l[key, name]);
            return Redirect(PageUrl(accountId));
        }
        catch (ValidationFailedException e)
        {
            return await FailAsync(id, section, FormFeedback.From(e), ct);
        }
        catch (ForbiddenException e)
        {
            // A refusal is shown at the top whatever section the user could see, with status 403.
            Denied = e.Message;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return await FailAsync(id, section, new FormFeedback { Message = e.Message }, ct);
        }
        catch (ConflictException e)
        {
            return await FailAsync(id, section, new FormFeedback { Message = e.Message }, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    /// <summary>Why the last action was refused (the role may not do it), shown above everything.</summary>
    public string? Denied { get; private set; }

    private async Task<IActionResult> FailAsync(int? id, string section, FormFeedback feedback, CancellationToken ct)
    {
        Id = id;
        FailedSection = section;
        Feedback = feedback;
        ModelState.Clear();
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        FillForm();

        if (section == Sections.Roles && feedback.Message == ConcurrencyGuard.StaleMessage && Existing is { } current)
        {
            PostedRolesVersion = current.Version;
        }

        await NameProjectsAsync(ct);
        return Page();
    }

    /// <summary>The profile form as saved: personal data masked, so posting it back unchanged keeps it.</summary>
    private void FillForm()
    {
        if (Existing is not { } a)
        {
            return;
        }

        Form = new ProfileForm
        {
            DisplayName = a.DisplayName,
            Organization = a.Organization,
            Phone = MaskedPhone,
            IdNumber = MaskedIdNumber,
            RegionId = Text(a.RegionId),
            SectorId = Text(a.SectorId),
            DepartmentId = Text(a.DepartmentId),
            PersonId = Text(a.PersonId),
            ProjectIds = string.Join(", ", a.Projects.Select(p => p.ProjectId).Order().Select(i => Text(i))),
            Version = Text(a.Version),
        };
    }

    private void Fail(string section, Dictionary<string, List<string>> errors)
    {
        FailedSection = section;
        var all = errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        Feedback = new FormFeedback
        {
            Errors = all,
            Message = all.TryGetValue("", out var general) ? string.Join("；", general) : null,
        };
    }

    /// <summary>Loads the account (when there is one) and the select lists; false when the account does not exist.</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Choices = await ProjectChoices.LoadAsync(db, ct);
        if (Id is not { } id)
        {
            return true;
        }

        try
        {
            Existing = await accounts.GetAsync(id, ct);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    private async Task NameProjectsAsync(CancellationToken ct)
    {
        var ids = (Form.ProjectIds ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0)
            .Where(i => i > 0).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var found = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.IsDeleted }).ToListAsync(ct);
        // Project names are business data: administrators, who hold none, see only that the number exists.
        var names = user.Has(Permission.ViewLedger);
        NamedProjects = [.. found.OrderBy(p => ids.IndexOf(p.Id)).Select(p => (p.Id, names ? p.Name : "", p.IsDeleted))];
    }

    private static readonly char[] Separators = [',', '，', '、', ';', '；', ' ', '\u3000', '\t', '\r', '\n'];

    private static List<int> ProjectIdList(string? text, Dictionary<string, List<string>> errors)
    {
        var ids = new List<int>();
        var bad = new List<string>();
        foreach (var part in (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var digits = part.StartsWith('#') ? part[1..] : part;
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                ids.Add(id);
            }
            else
            {
                bad.Add(part);
            }
        }

        if (bad.Count > 0)
        {
            Add(errors, nameof(AccountInput.ProjectIds), "项目编号应为正整数，多个编号用逗号或空格分隔；无法识别：" + string.Join("、", bad.Take(5)));
        }

        return [.. ids.Distinct()];
    }

    private static int? OptionalId(string? value, string field, string message, Dictionary<string, List<string>> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }

        Add(errors, field, message);
        return null;
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }
}
