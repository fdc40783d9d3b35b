using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Admin;

/// <summary>
/// The account list for the system and security administrators: search by name or unit, narrow by role or
/// state, 20 to a page; every condition lives in the URL so a list can be bookmarked or shared.
/// </summary>
internal sealed class AccountsModel(ManageAccounts accounts, ICurrentUser user, TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    public string? Q { get; private set; }

    public Role? RoleFilter { get; private set; }

    public bool? Active { get; private set; }

    public PageOf<AccountListItem> Result { get; private set; } = new([], 0, 1, PageSize);

    /// <summary>Only the system administrator creates accounts.</summary>
    public bool CanCreate => user.Has(Permission.ManageAccounts);

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Read from the query string only: Razor Pages keeps a route value named "page" of its own.
        var query = Request.Query;
        Q = string.IsNullOrWhiteSpace(query["q"]) ? null : query["q"].ToString().Trim();
        RoleFilter = ParseRole(query["role"]);
        Active = query["active"].ToString() switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
        var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        Result = await accounts.ListAsync(Q, RoleFilter, Active, page, ct);
    }

    /// <summary>A role by its name; anything else (numbers included) means no role condition.</summary>
    public static Role? ParseRole(string? value) =>
        !string.IsNullOrWhiteSpace(value) && !value.Trim().All(char.IsAsciiDigit)
        && Enum.TryParse<Role>(value.Trim(), ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? role
            : null;

    /// <summary>The list URL with the current conditions, at <paramref name="page"/>.</summary>
    public string ListUrl(int page)
    {
        var parts = new List<string>();
        if (Q is not null)
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        if (RoleFilter is { } role)
        {
            parts.Add("role=" + role);
        }

        if (Active is { } active)
        {
            parts.Add("active=" + (active ? "true" : "false"));
        }

        if (page > 1)
        {
            parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "/admin/accounts" : "/admin/accounts?" + string.Join('&', parts);
    }

    public static string DetailsUrl(int id) => "/admin/account/" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A stored UTC time in the platform's time zone, to the minute.</summary>
    public string LocalTime(DateTime? utc) => utc is { } t
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc), clock.LocalTimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : "";
}
