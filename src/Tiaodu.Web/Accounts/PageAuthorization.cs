using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Tiaodu.Web.Accounts;

/// <summary>
/// The authorization decision of every page, in one table. A page missing here still requires a signed-in
/// user (the fallback policy), and the authorization matrix test fails until it is added.
/// </summary>
internal static class PageAuthorization
{
    public static readonly IReadOnlyDictionary<string, string> Pages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Index"] = Policies.SignedIn,
        ["/Projects/Index"] = Policies.ViewLedger,
        ["/Projects/Details"] = Policies.ViewLedger,
        ["/Projects/Edit"] = Policies.ReportProgress,
        ["/Projects/YearEdit"] = Policies.ReportProgress,
        ["/Projects/Delete"] = Policies.EditLedger,
        ["/Admin/Regions"] = Policies.ManageReference,
        ["/Admin/Lookups"] = Policies.ManageReference,
        ["/Admin/Tags"] = Policies.ManageTags,
        ["/Admin/Accounts"] = Policies.ViewAccounts,
        ["/Admin/Account"] = Policies.ViewAccounts,
        ["/Admin/Security"] = Policies.ManagePolicy,
        ["/Audit/Index"] = Policies.ReadAudit,
        ["/Imports/Index"] = Policies.EditLedger,
        ["/Imports/Details"] = Policies.EditLedger,
        ["/Reports/Index"] = Policies.ViewLedger,
        ["/Reports/Report"] = Policies.ViewLedger,
        ["/Lights/Index"] = Policies.ViewLedger,
        ["/Lights/Rules"] = Policies.EditLedger,
        ["/Milestones/Index"] = Policies.ViewLedger,
        ["/Milestones/Project"] = Policies.ViewLedger,
        ["/Milestones/Templates"] = Policies.EditLedger,
        ["/Plans/Index"] = Policies.ViewLedger,
        ["/Problems/Index"] = Policies.ViewLedger,
        ["/Problems/Details"] = Policies.ViewLedger,
        ["/Problems/Inbox"] = Policies.AnswerProblems,
        ["/Meetings/Index"] = Policies.ViewLedger,
        ["/Meetings/Details"] = Policies.ViewLedger,
        ["/Meetings/Decisions"] = Policies.ViewLedger,
        ["/Projects/Instructions"] = Policies.ViewLedger,
        ["/My/Index"] = Policies.ViewLedger,
        ["/Cockpit/Index"] = Policies.ViewLedger,
        ["/Cockpit/Screen"] = Policies.ViewLedger,
        ["/Leader/Index"] = Policies.ViewLedger,
        ["/Attraction/Index"] = Policies.ViewLedger,
        ["/Attraction/Details"] = Policies.ViewLedger,
        ["/Attraction/Events"] = Policies.ViewLedger,
        ["/Attraction/Import"] = Policies.EditLedger,
        ["/Assessment/Index"] = Policies.ViewLedger,
        ["/Bulletins/Index"] = Policies.ViewLedger,
        ["/Bulletins/Preview"] = Policies.PublishBulletins,
        ["/Bulletins/Details"] = Policies.ViewLedger,
        ["/Accountability/Index"] = Policies.ViewLedger,
        ["/Accountability/Calendar"] = Policies.ViewLedger,
        ["/Accountability/Compliance"] = Policies.ViewLedger,
        ["/Accountability/TaskForces"] = Policies.ViewLedger,
        ["/Accountability/TaskForce"] = Policies.ViewLedger,
        ["/Projects/ServiceLog"] = Policies.ViewLedger,
        ["/Dispatch/Index"] = Policies.ViewLedger,
        ["/Dispatch/Round"] = Policies.ViewLedger,
        ["/Dispatch/Watch"] = Policies.ViewLedger,
        ["/Notices/Index"] = Policies.SignedIn,
        ["/Admin/Channels"] = Policies.EditLedger,
        ["/Admin/Jobs"] = Policies.ManageReference,
        ["/Admin/Notices"] = Policies.ManageAccounts,
        ["/Account/Index"] = Policies.SignedIn,
    };

    /// <summary>Pages anyone may open: signing in and its steps, the first-start setup, errors.</summary>
    public static readonly IReadOnlySet<string> Anonymous = new HashSet<string>(StringComparer.Ordinal)
    {
        "/Error", "/Account/Login", "/Account/TwoFactor", "/Account/Enrol", "/Account/Password", "/Account/Logout", "/Account/Denied", "/Setup",
    };

    public static void Apply(PageConventionCollection conventions)
    {
        foreach (var (page, policy) in Pages)
        {
            conventions.AuthorizePage(page, policy);
        }

        foreach (var page in Anonymous)
        {
            conventions.AllowAnonymousToPage(page);
        }
    }
}
