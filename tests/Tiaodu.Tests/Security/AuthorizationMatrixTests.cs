using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Imports;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Tests.Web;
using Tiaodu.Web.Accounts;
using Tiaodu.Web.Api;
using K = Tiaodu.Core.Indicators.FigureKeys;

namespace Tiaodu.Tests.Security;

/// <summary>
/// One thing the route table answers: a route pattern with an HTTP method and, for a Razor page, the
/// handler (null for the page's unnamed handler, or for a method the page has no handler for).
/// </summary>
internal sealed record RouteCell(RouteEndpoint Endpoint, string Pattern, string Method, string? Handler)
{
    public bool IsPage => RouteTable.IsPage(Endpoint);

    /// <summary>Answers as an API (401/403 ProblemDetails) rather than as a page (redirects).</summary>
    public bool IsApi => Pattern.Equals("/api", StringComparison.OrdinalIgnoreCase) || Pattern.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);

    public bool IsGet => Method == HttpMethods.Get;

    /// <summary>"METHOD /pattern", the row of the expectation table.</summary>
    public string Row => Method + " " + Pattern;

    /// <summary>"METHOD /pattern?handler=Name" in lower case, for matching.</summary>
    public string Key => (Handler is null ? Row : Row + "?handler=" + Handler).ToLowerInvariant();

    public override string ToString() => Handler is null ? Row : Row + "?handler=" + Handler;
}

/// <summary>Reads the application's own route table: every endpoint, its methods, page handlers and declared authorization.</summary>
internal static class RouteTable
{
    public const string Anonymous = "anonymous";

    public static IReadOnlyList<RouteEndpoint> Endpoints(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    /// <summary>The route pattern with one leading slash and no trailing one ("/" for the root).</summary>
    public static string Pattern(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").Trim('/');

    public static bool IsPage(Endpoint e) => e.Metadata.GetMetadata<PageActionDescriptor>() is not null;

    /// <summary>The endpoint's HTTP methods; a page (which carries none) answers GET and POST.</summary>
    public static IReadOnlyList<string> Methods(RouteEndpoint e) =>
        e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? [.. methods.Select(m => m.ToUpperInvariant())]
        : IsPage(e) ? [HttpMethods.Get, HttpMethods.Post]
        : ["*"];

    /// <summary>"anonymous", the declared policy name(s), or null when the endpoint declares nothing (the fallback policy alone).</summary>
    public static string? Decision(Endpoint e)
    {
        if (e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Anonymous;
        }

        var policies = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy)
            .Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal).ToList();
        return policies.Count == 0 ? null : string.Join("+", policies);
    }

    /// <summary>
    /// Every (endpoint, method, handler) the application answers. A page contributes each of its handlers,
    /// plus a bare GET or POST when it has no handler for that method (authorization still guards it).
    /// </summary>
    public static IReadOnlyList<RouteCell> Cells(IServiceProvider services)
    {
        var cells = new List<RouteCell>();
        foreach (var e in Endpoints(services))
        {
            var pattern = Pattern(e);
            if (e.Metadata.GetMetadata<CompiledPageActionDescriptor>() is { } page)
            {
                foreach (var method in new[] { HttpMethods.Get, HttpMethods.Post })
                {
                    var handlers = page.HandlerMethods.Where(h => string.Equals(h.HttpMethod, method, StringComparison.OrdinalIgnoreCase))
                        .Select(h => h.Name).Distinct().ToList();
                    if (handlers.Count == 0)
                    {
                        handlers.Add(null);
                    }

                    cells.AddRange(handlers.Select(h => new RouteCell(e, pattern, method, h)));
                }
            }
            else
            {
                cells.AddRange(Methods(e).Select(m => new RouteCell(e, pattern, m, null)));
            }
        }

        return cells;
    }
}

/// <summary>
/// The authorization matrix: every endpoint of the route table declares its decision, the decisions equal
/// the table below, every role (and nobody) gets the answer its permissions call for, and jurisdiction cuts
/// every list, detail, search and figure.
/// </summary>
public sealed class AuthorizationMatrixTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    /// <summary>
    /// The intended decision of every route and method: a policy of <see cref="Policies"/> or "anonymous".
    /// Adding an endpoint or changing its authorization means changing this table too.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> Expected = BuildExpected();

    private static Dictionary<string, string> BuildExpected()
    {
        var table = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Page(string pattern, string policy)
        {
            table[HttpMethods.Get + " " + pattern] = policy;
            table[HttpMethods.Post + " " + pattern] = policy;
        }

        // Pages (GET and POST).
        Page("/", Policies.SignedIn);
        Page("/Index", Policies.SignedIn);
        Page("/projects", Policies.ViewLedger);
        Page("/projects/{id:int}", Policies.ViewLedger);
        Page("/projects/{id:int}/edit", Policies.ReportProgress);
        Page("/projects/new", Policies.ReportProgress);
        Page("/projects/{id:int}/years/{year:int}", Policies.ReportProgress);
        Page("/projects/{id:int}/delete", Policies.EditLedger);
        Page("/Admin/Regions", Policies.ManageReference);
        Page("/Admin/Lookups", Policies.ManageReference);
        Page("/admin/tags", Policies.ManageTags);
        Page("/admin/accounts", Policies.ViewAccounts);
        Page("/admin/account/{id:int?}", Policies.ViewAccounts);
        Page("/admin/security", Policies.ManagePolicy);
        Page("/audit", Policies.ReadAudit);
        Page("/imports", Policies.EditLedger);
        Page("/imports/{id:int}", Policies.EditLedger);
        Page("/reports", Policies.ViewLedger);
        Page("/lights", Policies.ViewLedger);
        Page("/milestones", Policies.ViewLedger);
        Page("/plans", Policies.ViewLedger);
        Page("/dispatch", Policies.ViewLedger);
        Page("/dispatch/{id:int}", Policies.ViewLedger);
        Page("/dispatch/watch", Policies.ViewLedger);
        Page("/admin/notices", Policies.ManageAccounts);
        Page("/milestones/templates", Policies.EditLedger);
        Page("/problems", Policies.ViewLedger);
        Page("/problems/{id:int}", Policies.ViewLedger);
        Page("/problems/inbox", Policies.AnswerProblems);
        Page("/meetings", Policies.ViewLedger);
        Page("/meetings/{id:int}", Policies.ViewLedger);
        Page("/meetings/decisions", Policies.ViewLedger);
        Page("/projects/{id:int}/instructions", Policies.ViewLedger);
        Page("/my", Policies.ViewLedger);
        Page("/cockpit", Policies.ViewLedger);
        Page("/cockpit/screen", Policies.ViewLedger);
        Page("/leader", Policies.ViewLedger);
        Page("/attraction", Policies.ViewLedger);
        Page("/attraction/{id:int}", Policies.ViewLedger);
        Page("/attraction/events", Policies.ViewLedger);
        Page("/attraction/import", Policies.EditLedger);
        Page("/assessment", Policies.ViewLedger);
        Page("/bulletins", Policies.ViewLedger);
        Page("/bulletins/preview", Policies.PublishBulletins);
        Page("/bulletins/{id:int}", Policies.ViewLedger);
        Page("/accountability", Policies.ViewLedger);
        Page("/accountability/calendar", Policies.ViewLedger);
        Page("/accountability/compliance", Policies.ViewLedger);
        Page("/projects/{id:int}/service-log", Policies.ViewLedger);
        Page("/accountability/task-forces", Policies.ViewLedger);
        Page("/accountability/task-forces/{id:int}", Policies.ViewLedger);
        Page("/notices", Policies.SignedIn);
        Page("/admin/channels", Policies.EditLedger);
        Page("/admin/jobs", Policies.ManageReference);
        Page("/projects/{id:int}/milestones", Policies.ViewLedger);
        Page("/lights/rules", Policies.EditLedger);
        Page("/projects/{id:int}/reports/{year:int}/{month:int}", Policies.ViewLedger);
        Page("/account", Policies.SignedIn);
        Page("/Error", RouteTable.Anonymous);
        Page("/account/login", RouteTable.Anonymous);
        Page("/account/two-factor", RouteTable.Anonymous);
        Page("/account/enrol", RouteTable.Anonymous);
        Page("/account/password", RouteTable.Anonymous);
        Page("/account/logout", RouteTable.Anonymous);
        Page("/account/denied", RouteTable.Anonymous);
        Page("/setup", RouteTable.Anonymous);

        // Minimal endpoints.
        table["GET /culture"] = RouteTable.Anonymous;

        // For the load balancer and the monitoring system; metrics answer only this host (OperationsTests).
        table["GET /health/live"] = RouteTable.Anonymous;
        table["GET /health/ready"] = RouteTable.Anonymous;
        table["GET /metrics"] = RouteTable.Anonymous;
        table["GET /openapi/{documentName}.json"] = Policies.SignedIn;
        table["GET /api/me"] = Policies.SignedIn;
        table["GET /api/antiforgery"] = Policies.SignedIn;
        table["GET /api/regions"] = Policies.SignedIn;
        table["GET /api/regions/resolve"] = Policies.SignedIn;
        table["PUT /api/regions/{id:int}"] = Policies.ManageReference;
        table["POST /api/regions/{parentId:int}/children"] = Policies.ManageReference;
        table["GET /api/reference/{kind}"] = Policies.SignedIn;
        table["POST /api/reference/{kind}"] = Policies.ManageReference;
        table["PUT /api/reference/{kind}/{id:int}"] = Policies.ManageReference;
        table["GET /api/reference/tags"] = Policies.SignedIn;
        table["POST /api/reference/tags"] = Policies.ManageTags;
        table["PUT /api/reference/tags/{id:int}"] = Policies.ManageTags;
        table["GET /api/projects"] = Policies.ViewLedger;
        table["GET /api/projects/{id:int}"] = Policies.ViewLedger;
        table["POST /api/projects/{id:int}/contact-phone"] = Policies.ViewLedger;
        table["POST /api/projects"] = Policies.EditLedger;
        table["PUT /api/projects/{id:int}"] = Policies.ReportProgress;
        table["DELETE /api/projects/{id:int}"] = Policies.EditLedger;
        table["POST /api/projects/{id:int}/restore"] = Policies.EditLedger;
        table["PUT /api/projects/{id:int}/years/{year:int}"] = Policies.ReportProgress;
        table["GET /api/indicators"] = Policies.ViewLedger;
        table["GET /api/cockpit"] = Policies.ViewLedger;
        table["GET /api/leader"] = Policies.ViewLedger;
        table["GET /api/leads"] = Policies.ViewLedger;
        table["GET /api/leads/figures"] = Policies.ViewLedger;
        table["GET /api/leads/export"] = Policies.ViewLedger;
        table["GET /api/leads/{id:int}"] = Policies.ViewLedger;
        table["POST /api/leads"] = Policies.EditLedger;
        table["PUT /api/leads/{id:int}"] = Policies.EditLedger;
        table["POST /api/leads/{id:int}/move"] = Policies.EditLedger;
        table["POST /api/leads/{id:int}/drop"] = Policies.EditLedger;
        table["POST /api/leads/{id:int}/revive"] = Policies.EditLedger;
        table["POST /api/leads/{id:int}/convert"] = Policies.EditLedger;
        table["GET /api/assessment"] = Policies.ViewLedger;
        table["POST /api/assessment/publish"] = Policies.AssessDistricts;
        table["GET /api/assessment/published"] = Policies.ViewLedger;
        table["GET /api/assessment/export"] = Policies.ViewLedger;
        table["GET /api/assessment/schemes/{year:int}"] = Policies.ViewLedger;
        table["PUT /api/assessment/schemes/{year:int}"] = Policies.AssessDistricts;
        table["GET /api/lead-imports"] = Policies.EditLedger;
        table["POST /api/lead-imports"] = Policies.EditLedger;
        table["GET /api/lead-imports/{id:int}"] = Policies.EditLedger;
        table["POST /api/lead-imports/{id:int}/commit"] = Policies.EditLedger;
        table["POST /api/lead-imports/{id:int}/rollback"] = Policies.EditLedger;
        table["GET /api/lead-imports/mappings"] = Policies.EditLedger;
        table["PUT /api/lead-imports/{id:int}/columns"] = Policies.EditLedger;
        table["GET /api/leads/{id:int}/documents"] = Policies.ViewLedger;
        table["POST /api/leads/{id:int}/documents"] = Policies.EditLedger;
        table["GET /api/lead-documents/{id:int}"] = Policies.ViewLedger;
        table["DELETE /api/lead-documents/{id:int}"] = Policies.EditLedger;
        table["GET /api/attraction-events"] = Policies.ViewLedger;
        table["POST /api/attraction-events"] = Policies.EditLedger;
        table["PUT /api/attraction-events/{id:int}"] = Policies.EditLedger;
        table["GET /api/audit"] = Policies.ReadAudit;
        table["GET /api/audit/verify"] = Policies.ReadAudit;
        table["GET /api/projects/export"] = Policies.ViewLedger;
        table["GET /api/imports"] = Policies.EditLedger;
        table["POST /api/imports"] = Policies.EditLedger;
        table["GET /api/imports/{id:int}"] = Policies.EditLedger;
        table["POST /api/imports/{id:int}/options"] = Policies.EditLedger;
        table["POST /api/imports/{id:int}/commit"] = Policies.EditLedger;
        table["POST /api/imports/{id:int}/rollback"] = Policies.EditLedger;
        table["GET /api/imports/mappings"] = Policies.EditLedger;
        table["POST /api/imports/mappings"] = Policies.EditLedger;
        table["POST /api/reports/{id:int}/photos"] = Policies.ReportProgress;
        table["GET /api/report-photos/{id:int}"] = Policies.ViewLedger;
        table["DELETE /api/report-photos/{id:int}"] = Policies.ReportProgress;
        table["GET /api/notices"] = Policies.SignedIn;
        table["POST /api/notices/read"] = Policies.SignedIn;
        table["GET /api/channels"] = Policies.EditLedger;
        table["POST /api/channels"] = Policies.EditLedger;
        table["PUT /api/channels/{id:int}"] = Policies.EditLedger;
        table["POST /api/channels/{id:int}/test"] = Policies.EditLedger;
        table["GET /api/plans/{year:int}"] = Policies.ViewLedger;
        table["POST /api/plans/{year:int}/approve"] = Policies.EditLedger;
        table["GET /api/notices/settings"] = Policies.SignedIn;
        table["PUT /api/notices/settings"] = Policies.SignedIn;
        table["GET /api/admin/notices/roles"] = Policies.ManageAccounts;
        table["PUT /api/admin/notices/roles"] = Policies.ManageAccounts;
        table["GET /api/admin/notices/mail"] = Policies.ManageAccounts;
        table["PUT /api/admin/notices/mail"] = Policies.ManageAccounts;
        table["POST /api/admin/notices/mail/test"] = Policies.ManageAccounts;
        table["GET /api/dispatch/rounds"] = Policies.ViewLedger;
        table["POST /api/dispatch/rounds"] = Policies.ReviewReports;
        table["GET /api/dispatch/rounds/{id:int}"] = Policies.ViewLedger;
        table["GET /api/dispatch/rounds/{id:int}/export"] = Policies.ViewLedger;
        table["PUT /api/dispatch/rounds/{id:int}/comments"] = Policies.ReviewReports;
        table["POST /api/dispatch/rounds/{id:int}/publish"] = Policies.ReviewReports;
        table["DELETE /api/dispatch/rounds/{id:int}"] = Policies.ReviewReports;
        table["GET /api/dispatch/watch"] = Policies.ViewLedger;
        table["POST /api/dispatch/watch"] = Policies.ReviewReports;
        table["DELETE /api/dispatch/watch/{entryId:int}"] = Policies.ReviewReports;
        table["PUT /api/dispatch/watch/{projectId:int}/checks/{week}"] = Policies.ReportProgress;
        table["GET /api/milestone-templates"] = Policies.ViewLedger;
        table["POST /api/milestone-templates"] = Policies.EditLedger;
        table["PUT /api/milestone-templates/{id:int}"] = Policies.EditLedger;
        table["GET /api/projects/{id:int}/milestones"] = Policies.ViewLedger;
        table["POST /api/projects/{id:int}/milestones/plan"] = Policies.EditLedger;
        table["PUT /api/milestones/{id:int}"] = Policies.ReportProgress;
        table["POST /api/milestones/{id:int}/files"] = Policies.ReportProgress;
        table["GET /api/milestone-files/{id:int}"] = Policies.ViewLedger;
        table["GET /api/milestones"] = Policies.ViewLedger;
        table["GET /api/lights"] = Policies.ViewLedger;
        table["POST /api/lights/evaluate"] = Policies.EditLedger;
        table["GET /api/lights/rules/{year:int}"] = Policies.ViewLedger;
        table["PUT /api/lights/rules/{year:int}"] = Policies.EditLedger;
        table["POST /api/lights/rules/{year:int}/regions"] = Policies.EditLedger;
        table["GET /api/projects/{id:int}/problems"] = Policies.ViewLedger;
        table["GET /api/problems"] = Policies.ViewLedger;
        table["GET /api/problems/export"] = Policies.ViewLedger;
        table["POST /api/projects/{id:int}/problems"] = Policies.ReportProgress;
        table["PUT /api/problems/{id:int}/deadline"] = Policies.EditLedger;
        table["POST /api/problems/{id:int}/resolve"] = Policies.EditLedger;
        table["POST /api/problems/{id:int}/reopen"] = Policies.EditLedger;
        table["GET /api/problems/{id:int}"] = Policies.ViewLedger;
        table["PUT /api/problems/{id:int}/departments"] = Policies.EditLedger;
        table["POST /api/problems/{id:int}/escalate"] = Policies.EditLedger;
        table["POST /api/problems/{id:int}/supervise"] = Policies.EditLedger;
        table["POST /api/problems/{id:int}/close-out"] = Policies.EditLedger;
        table["GET /api/problems/supervision-settings"] = Policies.EditLedger;
        table["PUT /api/problems/supervision-settings"] = Policies.EditLedger;
        table["GET /api/problems/inbox"] = Policies.AnswerProblems;
        table["POST /api/problems/{id:int}/reply"] = Policies.AnswerProblems;
        table["POST /api/problems/{id:int}/propose-close"] = Policies.AnswerProblems;
        table["POST /api/problems/notices/{id:int}/answer"] = Policies.AnswerProblems;
        table["GET /api/problems/notices/{id:int}/document"] = Policies.ViewLedger;
        table["GET /api/meetings"] = Policies.ViewLedger;
        table["POST /api/meetings"] = Policies.EditLedger;
        table["GET /api/meetings/{id:int}"] = Policies.ViewLedger;
        table["POST /api/meetings/{id:int}/agenda/assemble"] = Policies.EditLedger;
        table["POST /api/meetings/{id:int}/agenda"] = Policies.EditLedger;
        table["DELETE /api/meetings/{id:int}/agenda/{itemId:int}"] = Policies.EditLedger;
        table["POST /api/meetings/{id:int}/decisions"] = Policies.EditLedger;
        table["POST /api/meetings/{id:int}/held"] = Policies.EditLedger;
        table["GET /api/meetings/{id:int}/minutes"] = Policies.ViewLedger;
        table["GET /api/decisions"] = Policies.ViewLedger;
        table["POST /api/decisions/{id:int}/done"] = Policies.CarryOutDecisions;
        table["GET /api/projects/{id:int}/instructions"] = Policies.ViewLedger;
        table["POST /api/projects/{id:int}/instructions"] = Policies.GiveInstructions;
        table["POST /api/instructions/{id:int}/replies"] = Policies.AnswerInstructions;
        table["GET /api/bulletins"] = Policies.ViewLedger;
        table["GET /api/bulletins/preview"] = Policies.PublishBulletins;
        table["GET /api/bulletins/preview/document"] = Policies.PublishBulletins;
        table["GET /api/bulletins/preview/chart"] = Policies.PublishBulletins;
        table["POST /api/bulletins"] = Policies.PublishBulletins;
        table["GET /api/bulletins/{id:int}"] = Policies.ViewLedger;
        table["GET /api/bulletins/{id:int}/document"] = Policies.ViewLedger;
        table["GET /api/bulletins/{id:int}/chart"] = Policies.ViewLedger;
        table["GET /api/accountability/gaps"] = Policies.ViewLedger;
        table["GET /api/accountability/gaps/export"] = Policies.ViewLedger;
        table["GET /api/service-days"] = Policies.ViewLedger;
        table["GET /api/service-days/calendar.ics"] = Policies.SignedIn;
        table["GET /api/service-days/subscription/{token}.ics"] = RouteTable.Anonymous;
        table["POST /api/me/calendar-link"] = Policies.SignedIn;
        table["DELETE /api/me/calendar-link"] = Policies.SignedIn;
        table["GET /api/projects/{id:int}/service-logs"] = Policies.ViewLedger;
        table["POST /api/projects/{id:int}/service-logs"] = Policies.ViewLedger;
        table["POST /api/service-logs/{id:int}/photos"] = Policies.ViewLedger;
        table["PUT /api/service-logs/{id:int}"] = Policies.ViewLedger;
        table["DELETE /api/service-logs/{id:int}"] = Policies.ViewLedger;
        table["GET /api/service-log-photos/{id:int}"] = Policies.ViewLedger;
        table["GET /api/service-logs/compliance"] = Policies.ViewLedger;
        table["GET /api/leader-visits"] = Policies.ViewLedger;
        table["POST /api/leader-visits"] = Policies.EditLedger;
        table["POST /api/leader-visits/{id:int}/done"] = Policies.ReportProgress;
        table["POST /api/leader-visits/{id:int}/cancel"] = Policies.EditLedger;
        table["GET /api/task-forces"] = Policies.ViewLedger;
        table["GET /api/task-forces/{id:int}"] = Policies.ViewLedger;
        table["POST /api/task-forces"] = Policies.EditLedger;
        table["PUT /api/task-forces/{id:int}"] = Policies.EditLedger;
        table["POST /api/task-forces/{id:int}/members"] = Policies.EditLedger;
        table["DELETE /api/task-forces/{id:int}/members/{memberId:int}"] = Policies.EditLedger;
        table["POST /api/task-forces/{id:int}/projects"] = Policies.EditLedger;
        table["DELETE /api/task-forces/{id:int}/projects/{projectId:int}"] = Policies.EditLedger;
        table["DELETE /api/lights/rules/{id:int}"] = Policies.EditLedger;
        table["GET /api/projects/{id:int}/lights"] = Policies.ViewLedger;
        table["POST /api/projects/{id:int}/light-exemptions"] = Policies.EditLedger;
        table["POST /api/light-exemptions/{id:int}/revoke"] = Policies.EditLedger;
        table["GET /api/reports"] = Policies.ViewLedger;
        table["GET /api/reports/export"] = Policies.ViewLedger;
        table["GET /api/reports/settings"] = Policies.ViewLedger;
        table["PUT /api/reports/settings"] = Policies.ReviewReports;
        table["POST /api/reports/{id:int}/approve"] = Policies.ReviewReports;
        table["POST /api/reports/{id:int}/return"] = Policies.ReviewReports;
        table["POST /api/reports/{id:int}/correct"] = Policies.ReviewReports;
        table["GET /api/projects/{id:int}/reports/{year:int}/{month:int}"] = Policies.ViewLedger;
        table["PUT /api/projects/{id:int}/reports/{year:int}/{month:int}"] = Policies.ReportProgress;
        return table;
    }

    /// <summary>
    /// Handlers that need more than their page's policy: the page lets the role in, the handler must still
    /// refuse it (a 403 or the "denied" page). Keys as <see cref="RouteCell.Key"/>.
    /// </summary>
    private static readonly Dictionary<string, Permission[]> HandlerRequirements = new(StringComparer.OrdinalIgnoreCase)
    {
        // Taking a project out of the recycle bin is a ledger edit, though the list it sits on is ledger.view.
        ["post /projects?handler=restore"] = [Permission.EditLedger],

        // A problem's page is open to readers; 调度中心 coordinates on it, the departments answer on it.
        ["post /problems/{id:int}?handler=assign"] = [Permission.EditLedger],
        ["post /problems/{id:int}?handler=deadline"] = [Permission.EditLedger],
        ["post /problems/{id:int}?handler=escalate"] = [Permission.EditLedger],
        ["post /problems/{id:int}?handler=supervise"] = [Permission.EditLedger],
        ["post /problems/{id:int}?handler=closeout"] = [Permission.EditLedger],
        ["post /problems/{id:int}?handler=reopen"] = [Permission.EditLedger],
        ["post /problems/{id:int}?handler=reply"] = [Permission.AnswerProblems],
        ["post /problems/{id:int}?handler=proposeclose"] = [Permission.AnswerProblems],
        ["post /problems/{id:int}?handler=answer"] = [Permission.AnswerProblems],
        ["post /problems?handler=settings"] = [Permission.EditLedger],

        // Meetings are read by everyone in the region; 调度中心 runs them; the owner department reports a decision done.
        ["post /meetings?handler=call"] = [Permission.EditLedger],
        ["post /meetings/{id:int}?handler=assemble"] = [Permission.EditLedger],
        ["post /attraction?handler=create"] = [Permission.EditLedger],
        ["post /assessment?handler=publish"] = [Permission.AssessDistricts],
        ["post /assessment?handler=scheme"] = [Permission.AssessDistricts],
        ["post /attraction/{id:int}?handler=edit"] = [Permission.EditLedger],
        ["post /attraction/{id:int}?handler=move"] = [Permission.EditLedger],
        ["post /attraction/{id:int}?handler=drop"] = [Permission.EditLedger],
        ["post /attraction/{id:int}?handler=revive"] = [Permission.EditLedger],
        ["post /attraction/{id:int}?handler=convert"] = [Permission.EditLedger],
        ["post /attraction/{id:int}?handler=document"] = [Permission.EditLedger],
        ["post /attraction/{id:int}?handler=deletedocument"] = [Permission.EditLedger],
        ["post /attraction/events?handler=create"] = [Permission.EditLedger],
        ["post /meetings/{id:int}?handler=topic"] = [Permission.EditLedger],
        ["post /meetings/{id:int}?handler=remove"] = [Permission.EditLedger],
        ["post /meetings/{id:int}?handler=decide"] = [Permission.EditLedger],
        ["post /meetings/{id:int}?handler=hold"] = [Permission.EditLedger],
        ["post /meetings/decisions?handler=done"] = [Permission.EditLedger, Permission.AnswerProblems],

        // Leaders write instructions on a project's page that everyone in the region reads; the people responsible answer.
        ["post /projects/{id:int}/instructions?handler=give"] = [Permission.GiveInstructions],
        ["post /projects/{id:int}/instructions?handler=reply"] = [Permission.EditLedger, Permission.ReportProgress, Permission.AnswerProblems],

        // /projects/new is the edit page (ledger.report) in create mode, but only ledger.edit may create a project.
        ["get /projects/new"] = [Permission.EditLedger],
        ["post /projects/new"] = [Permission.EditLedger],

        // One account page for both administrators (三权分立): on an ordinary account the system administrator
        // manages status, lockout and password, the security administrator its roles and second factor;
        // each refuses the other's actions with 403.
        ["post /admin/account/{id:int?}?handler=active"] = [Permission.ManageAccounts],
        ["post /admin/account/{id:int?}?handler=unlock"] = [Permission.ManageAccounts],
        ["post /admin/account/{id:int?}?handler=resetpassword"] = [Permission.ManageAccounts],
        ["post /admin/account/{id:int?}?handler=resettwofactor"] = [Permission.GrantRoles],
        ["post /admin/account/{id:int?}?handler=roles"] = [Permission.GrantRoles],

        // Every reader sees reports; reporters fill them in, only the dispatch office reviews them and sets the deadline.
        ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=save"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=submit"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=approve"] = [Permission.ReviewReports],
        ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=photo"] = [Permission.EditLedger, Permission.ReportProgress, Permission.ReviewReports],
        ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=deletephoto"] = [Permission.EditLedger, Permission.ReportProgress, Permission.ReviewReports],
        ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=return"] = [Permission.ReviewReports],
        ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=correct"] = [Permission.ReviewReports],
        ["post /reports?handler=settings"] = [Permission.ReviewReports],

        // Lights are read by everyone who reads the ledger; the dispatch office evaluates them and records valid reasons.
        ["post /lights?handler=evaluate"] = [Permission.EditLedger],
        ["post /lights/rules?handler=addregion"] = [Permission.EditLedger],
        ["post /lights/rules?handler=removeregion"] = [Permission.EditLedger],
        ["post /projects/{id:int}?handler=exempt"] = [Permission.EditLedger],
        ["post /projects/{id:int}?handler=revoke"] = [Permission.EditLedger],
        ["post /projects/{id:int}?handler=deadline"] = [Permission.EditLedger],
        ["post /projects/{id:int}?handler=raise"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /projects/{id:int}?handler=resolve"] = [Permission.EditLedger],
        ["post /projects/{id:int}?handler=reopen"] = [Permission.EditLedger],

        // Every reader sees milestone plans; the dispatch office plans them, reporters record nodes and evidence.
        ["post /projects/{id:int}/milestones?handler=plan"] = [Permission.EditLedger],
        ["post /plans?handler=approve"] = [Permission.EditLedger],

        // Every reader sees published rounds and the watch list; the dispatch office runs rounds and chooses what to watch,
        // whoever reports progress records the weekly checks.
        ["post /dispatch?handler=take"] = [Permission.ReviewReports],
        ["post /dispatch/{id:int}?handler=comment"] = [Permission.ReviewReports],
        ["post /dispatch/{id:int}?handler=publish"] = [Permission.ReviewReports],
        ["post /dispatch/{id:int}?handler=retake"] = [Permission.ReviewReports],
        ["post /dispatch/{id:int}?handler=discard"] = [Permission.ReviewReports],
        ["post /dispatch/watch?handler=add"] = [Permission.ReviewReports],
        ["post /dispatch/watch?handler=remove"] = [Permission.ReviewReports],
        ["post /dispatch/watch?handler=check"] = [Permission.ReportProgress],
        ["post /projects/{id:int}/milestones?handler=node"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /projects/{id:int}/milestones?handler=file"] = [Permission.EditLedger, Permission.ReportProgress],

        // Everyone who reads a project reads its service log; the project's own officer (a linked person) or whoever
        // reports progress writes it (the endpoints are ledger.view so a linked officer of any role gets through).
        // The dispatch office plans and cancels leaders' visits; reporters record them as done.
        ["post /api/projects/{id:int}/service-logs"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /api/service-logs/{id:int}/photos"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /projects/{id:int}/service-log?handler=record"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /projects/{id:int}/service-log?handler=photo"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /projects/{id:int}/service-log?handler=correct"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /projects/{id:int}/service-log?handler=remove"] = [Permission.EditLedger, Permission.ReportProgress],
        ["put /api/service-logs/{id:int}"] = [Permission.EditLedger, Permission.ReportProgress],
        ["delete /api/service-logs/{id:int}"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /accountability/calendar?handler=plan"] = [Permission.EditLedger],
        ["post /accountability/calendar?handler=done"] = [Permission.EditLedger, Permission.ReportProgress],
        ["post /accountability/calendar?handler=cancel"] = [Permission.EditLedger],
        ["post /accountability/task-forces?handler=create"] = [Permission.EditLedger],
        ["post /accountability/task-forces/{id:int}?handler=save"] = [Permission.EditLedger],
        ["post /accountability/task-forces/{id:int}?handler=addmember"] = [Permission.EditLedger],
        ["post /accountability/task-forces/{id:int}?handler=removemember"] = [Permission.EditLedger],
        ["post /accountability/task-forces/{id:int}?handler=addproject"] = [Permission.EditLedger],
        ["post /accountability/task-forces/{id:int}?handler=removeproject"] = [Permission.EditLedger],
    };

    /// <summary>Pages whose own purpose is a status that would otherwise look like a refusal.</summary>
    private static readonly Dictionary<string, HttpStatusCode> OwnStatus = new(StringComparer.OrdinalIgnoreCase)
    {
        ["get /account/denied"] = HttpStatusCode.Forbidden,
    };

    [Fact]
    public void Every_endpoint_declares_its_authorization_explicitly()
    {
        var endpoints = RouteTable.Endpoints(app.Services);
        endpoints.Count.ShouldBeGreaterThan(20);

        var undeclared = endpoints.Where(e => RouteTable.Decision(e) is null)
            .Select(e => $"{string.Join("/", RouteTable.Methods(e))} {RouteTable.Pattern(e)} ({e.DisplayName})").ToList();

        FailIfAny(undeclared, "endpoints rely on the fallback policy alone (declare AllowAnonymous or a named policy)");
    }

    [Fact]
    public void The_declared_decisions_equal_the_expectation_table()
    {
        var declared = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var e in RouteTable.Endpoints(app.Services))
        {
            foreach (var method in RouteTable.Methods(e))
            {
                var row = method + " " + RouteTable.Pattern(e);
                var decision = RouteTable.Decision(e) ?? "(nothing: fallback policy only)";
                if (declared.TryGetValue(row, out var other) && other != decision)
                {
                    problems.Add($"{row}: declared twice, as {other} and {decision}");
                }

                declared[row] = decision;
            }
        }

        foreach (var (row, decision) in declared.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (!Expected.TryGetValue(row, out var expected))
            {
                problems.Add($"{row}: declared {decision}, but the expectation table has no row for it");
            }
            else if (!string.Equals(expected, decision, StringComparison.Ordinal))
            {
                problems.Add($"{row}: expected {expected}, declared {decision}");
            }
        }

        foreach (var row in Expected.Keys.Where(r => !declared.ContainsKey(r)).Order(StringComparer.Ordinal))
        {
            problems.Add($"{row}: in the expectation table, but the route table has no such endpoint");
        }

        FailIfAny(problems, "rows differ between the route table and the expectation table");
    }

    private enum Outcome
    {
        /// <summary>Let through: anything but 401/403, a redirect to sign-in or "denied", or a server error.</summary>
        Allowed,

        /// <summary>Nobody signed in: 401 for the API, a redirect to /account/login?returnUrl=… for pages.</summary>
        SignIn,

        /// <summary>The policy refuses the role: 403 for the API, a redirect to /account/denied for pages.</summary>
        Denied,

        /// <summary>The page lets the role in but the handler refuses it: a 403 or the "denied" page.</summary>
        Refused,
    }

    private sealed record Principal(string Name, Role? Role, HttpClient Client, int Throwaway, IReadOnlySet<Permission> Permissions)
    {
        public bool IsAnonymous => Role is null;

        public bool Holds(string policy) =>
            policy == RouteTable.Anonymous
            || (!IsAnonymous && (Policies.Permissions[policy].Length == 0 || Policies.Permissions[policy].Any(Permissions.Contains)));
    }

    /// <summary>The ids the matrix's requests point at.</summary>
    private sealed record World(int Project, int RegionId, int ParentRegionId, int LookupId, int TagId, int TargetAccount, int NatureId, int ImportBatch, int Report, int Exemption, int Milestone, int File, int Channel, int Photo, int Round, int WatchEntry, int Template);

    private const int Year = 2026;

    [Fact]
    public async Task Every_endpoint_answers_every_role_and_nobody_as_the_policy_says()
    {
        var jingyue = await app.RegionIdAsync("220172");
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var shared = (await app.CreateProjectAsync(new ProjectDetails { Name = "矩阵共用项目", RegionId = jingyue, TotalInvestment = 5_000m, ContactPhone = "13812345678" })).Id;
        await app.SetYearAsync(shared, Year, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 1_000m, PlannedStartMonth = 3 });
        var lookup = await app.WithDbAsync(db => db.Lookups.Where(l => l.Kind == LookupKind.Industry).OrderBy(l => l.Id).Select(l => l.Id).FirstAsync());
        var tag = await app.WithDbAsync(db => db.Tags.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());
        var target = await app.CreateAccountAsync("matrix.target", [Role.Supervision], "220000");
        using var uploader = app.Api();
        var batch = await uploader.UploadAsync(System.Text.Encoding.UTF8.GetBytes("项目名称,所属区域,总投资\n矩阵导入项目,220172,100\n"), "矩阵.csv");
        using (var api = app.Api())
        {
            (await api.PutAsJsonAsync($"/api/projects/{shared}/reports/{Year}/10", new { investmentMonth = 10m })).EnsureSuccessStatusCode();
        }

        var report = await app.WithDbAsync(db => db.MonthlyReports.Where(r => r.ProjectId == shared && r.Year == Year && r.Month == 10).Select(r => r.Id).SingleAsync());
        int exemption;
        using (var api = app.Api())
        {
            var created = await api.PostAsJsonAsync($"/api/projects/{shared}/light-exemptions", new { kind = "Progress", reason = "矩阵正当理由", fromYear = Year, fromMonth = 10 });
            created.EnsureSuccessStatusCode();
            exemption = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        }

        int milestone, file;
        using (var api = app.Api())
        {
            var template = await app.WithDbAsync(db => db.MilestoneTemplates.Select(t => t.Id).FirstAsync());
            (await api.PostAsJsonAsync($"/api/projects/{shared}/milestones/plan", new { templateId = template, targetNode = "投产", targetOn = "2028-06-30", version = 0 })).EnsureSuccessStatusCode();
            milestone = await app.WithDbAsync(db => db.Milestones.Where(m => m.ProjectId == shared).OrderBy(m => m.SortOrder).Select(m => m.Id).FirstAsync());
            using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n"u8.ToArray()), "file", "矩阵.pdf" } };
            (await api.PostAsync($"/api/milestones/{milestone}/files", form)).EnsureSuccessStatusCode();
            file = await app.WithDbAsync(db => db.StoredFiles.OrderByDescending(f => f.Id).Select(f => f.Id).FirstAsync());
        }

        int channel;
        using (var api = app.Api())
        {
            var created = await api.PostAsJsonAsync("/api/channels", new { name = "矩阵群", kind = "WeCom", webhookUrl = "http://127.0.0.1:9/hook", enabled = false, version = 0 });
            created.EnsureSuccessStatusCode();
            channel = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        }

        int photo;
        using (var api = app.Api())
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), "photo", "矩阵.jpg" } };
            (await api.PostAsync($"/api/reports/{report}/photos", form)).EnsureSuccessStatusCode();
            photo = await app.WithDbAsync(db => db.StoredFiles.Where(f => f.OwnerType == Core.Files.StoredFile.ReportPhotoOwner).OrderByDescending(f => f.Id).Select(f => f.Id).FirstAsync());
        }

        int round, watchEntry;
        using (var api = app.Api())
        {
            // A published round, readable by every reader of the shared project; a watched shared project.
            var taken = await api.PostAsJsonAsync("/api/dispatch/rounds", new { year = Year, month = 11, half = 1, region = "220172" });
            taken.EnsureSuccessStatusCode();
            var body = await taken.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            round = body.GetProperty("id").GetInt32();
            (await api.PostAsJsonAsync($"/api/dispatch/rounds/{round}/publish", new { version = body.GetProperty("version").GetInt32() })).EnsureSuccessStatusCode();
            var watched = await api.PostAsJsonAsync("/api/dispatch/watch", new { projectId = shared, focus = "矩阵监测" });
            watched.EnsureSuccessStatusCode();
            watchEntry = (await watched.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        }

        var world = new World(shared, await app.RegionIdAsync("220104"), await app.RegionIdAsync("220100"), lookup, tag, target, nature, batch.Id, report, exemption, milestone, file, channel, photo,
            round, watchEntry, await app.WithDbAsync(db => db.MilestoneTemplates.Select(t => t.Id).FirstAsync()));

        var principals = new List<Principal>();
        foreach (var role in Roles.All)
        {
            var throwaway = (await app.CreateProjectAsync(new ProjectDetails { Name = "矩阵一次性项目" + role, RegionId = jingyue, TotalInvestment = 100m })).Id;
            var name = "matrix." + role.ToString().ToLowerInvariant();
            HttpClient client;
            if (Roles.Administrators.Contains(role))
            {
                client = await AdministratorClientAsync(app, name, role);
            }
            else
            {
                // Province-wide, the projects named for the own-projects roles, and the personal-data permission
                // (granted per account, not by role), so that every cell measures the role's policy alone.
                var id = await app.CreateAccountAsync(name, [role], "220000", projectIds: [shared, throwaway], canReveal: true);

                // Every account answers for a department, so that the department's routes measure the role alone.
                await app.WithDbAsync(async db =>
                {
                    var department = await db.Lookups.Where(l => l.Kind == LookupKind.Department).Select(l => l.Id).FirstAsync();
                    (await db.Accounts.SingleAsync(a => a.Id == id)).SetDepartment(department);
                    return await db.SaveChangesAsync();
                });
                client = app.ClientFor(name);
            }

            principals.Add(new Principal(role.ToString(), role, client, throwaway, Roles.PermissionsOf([role])));
        }

        var nobody = app.Anonymous();
        var anonymousToken = await FormTokenAsync(nobody);
        principals.Add(new Principal("anonymous", null, nobody,
            (await app.CreateProjectAsync(new ProjectDetails { Name = "矩阵一次性项目匿名", RegionId = jingyue, TotalInvestment = 100m })).Id,
            new HashSet<Permission>()));

        var cells = RouteTable.Cells(app.Services).OrderBy(Rank).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var failures = new List<string>();
        var count = 0;
        foreach (var who in principals)
        {
            foreach (var cell in cells)
            {
                var policy = Expected.TryGetValue(cell.Row, out var p) ? p : RouteTable.Decision(cell.Endpoint) ?? Policies.SignedIn;
                var expected = ExpectFor(cell, policy, who);
                using var request = await RequestAsync(cell, who, world);
                if (who.IsAnonymous && !cell.IsGet)
                {
                    request.Headers.Add("X-CSRF-TOKEN", anonymousToken);
                }

                var url = request.RequestUri!.OriginalString;
                using var response = await who.Client.SendAsync(request);
                count++;
                if (Problem(cell, expected, response) is { } problem)
                {
                    failures.Add($"{who.Name,-18} {cell.Method} {url} — expected {Describe(expected, cell)} ({policy}), got {problem}");
                }
            }
        }

        foreach (var who in principals)
        {
            who.Client.Dispose();
        }

        count.ShouldBeGreaterThan(principals.Count * 40);
        FailIfAny(failures, $"of {count} cells answered wrongly");
    }

    private static Outcome ExpectFor(RouteCell cell, string policy, Principal who)
    {
        if (policy == RouteTable.Anonymous)
        {
            return Outcome.Allowed;
        }

        if (who.IsAnonymous)
        {
            return Outcome.SignIn;
        }

        if (!who.Holds(policy))
        {
            return Outcome.Denied;
        }

        return HandlerRequirements.TryGetValue(cell.Key, out var needs) && !needs.Any(who.Permissions.Contains) ? Outcome.Refused : Outcome.Allowed;
    }

    private static string Describe(Outcome expected, RouteCell cell) => expected switch
    {
        Outcome.SignIn => cell.IsApi ? "401" : "302 to /account/login?returnUrl=…",
        Outcome.Denied => cell.IsApi ? "403" : "302 to /account/denied",
        Outcome.Refused => "403 or 302 to /account/denied (the handler needs more than the page's policy)",
        _ => "let through (not 401/403, not a redirect to sign-in or denied, not 5xx)",
    };

    /// <summary>What is wrong with the answer, or null when it is the expected one.</summary>
    private static string? Problem(RouteCell cell, Outcome expected, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var location = Location(response);
        var redirect = status is 301 or 302 or 303 or 307 or 308;
        var signIn = redirect && location is not null && location.StartsWith("/account/login?", StringComparison.OrdinalIgnoreCase)
            && location.Contains("returnUrl=", StringComparison.OrdinalIgnoreCase);
        var denied = redirect && location is not null && location.StartsWith("/account/denied", StringComparison.OrdinalIgnoreCase);
        var ok = expected switch
        {
            Outcome.SignIn => cell.IsApi ? status == 401 : signIn,
            Outcome.Denied => cell.IsApi ? status == 403 : denied,
            Outcome.Refused => status == 403 || denied,
            _ => (OwnStatus.TryGetValue(cell.Key, out var own) && response.StatusCode == own)
                || (status is not (401 or 403) && status < 500 && !signIn && !denied),
        };
        return ok ? null : status + (location is null ? "" : " → " + location);
    }

    /// <summary>Fails with every problem on its own line, counted.</summary>
    internal static void FailIfAny(IReadOnlyCollection<string> problems, string what)
    {
        if (problems.Count > 0)
        {
            Assert.Fail($"{problems.Count} {what}:\n" + string.Join("\n", problems));
        }
    }

    internal static string? Location(HttpResponseMessage response) =>
        response.Headers.Location is not { } l ? null : l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString;

    /// <summary>Requests that change the caller's own session or credentials go last, signing out very last; destructive ones before them.</summary>
    private static int Rank(RouteCell cell) => cell.Key switch
    {
        "delete /api/projects/{id:int}" => 10,
        "post /api/projects/{id:int}/restore" => 11,
        "post /projects/{id:int}/delete" => 12,
        "post /projects?handler=restore" => 13,
        "post /account/enrol?handler=restart" => 30,
        "post /account/logout" => 40,
        var k when k.StartsWith("post /account", StringComparison.Ordinal) || k.StartsWith("post /setup", StringComparison.Ordinal) => 20,
        _ => 0,
    };

    private static bool UsesThrowaway(RouteCell cell) => Rank(cell) is >= 10 and < 20;

    private async Task<HttpRequestMessage> RequestAsync(RouteCell cell, Principal who, World w)
    {
        var projectId = UsesThrowaway(cell) ? who.Throwaway : w.Project;
        var path = Regex.Replace(cell.Pattern, @"\{(\w+)[^}]*\}", m => RouteValue(cell, m.Groups[1].Value, projectId, w));
        var query = new List<string>();
        if (cell.Handler is not null)
        {
            query.Add("handler=" + cell.Handler);
        }

        Task<int> ProjectVersion() => app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.Version).SingleAsync());
        Task<int> LineVersion() => app.WithDbAsync(db => db.ProjectYears.Where(y => y.ProjectId == w.Project && y.Year == Year).Select(y => y.Version).SingleAsync());
        string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

        switch (cell.Key)
        {
            case "get /api/regions/resolve":
                query.Add("name=" + Uri.EscapeDataString("长春"));
                break;
            case "get /culture":
                query.Add("c=zh-CN&returnUrl=%2F");
                break;
            case "get /api/projects":
                query.Add("year=2026");
                break;
            case "get /api/indicators":
                query.Add("region=220000&year=2026");
                break;
            case "delete /api/projects/{id:int}":
            case "post /api/projects/{id:int}/restore":
                query.Add("version=" + Id(await ProjectVersion()));
                break;
            case "post /plans?handler=approve":
                query.Add("year=" + Id(Year + 1));
                break;
            case "get /admin/regions?handler=row":
                query.Add("id=" + Id(w.RegionId) + "&mode=View");
                break;
            case "get /admin/regions?handler=resolve":
                query.Add("resolve=" + Uri.EscapeDataString("长春"));
                break;
            case "post /admin/regions?handler=update":
                query.Add("id=" + Id(w.RegionId));
                break;
            case "post /admin/regions?handler=add":
                query.Add("parentId=" + Id(w.ParentRegionId));
                break;
            case "get /admin/lookups":
            case "post /admin/lookups?handler=create":
                query.Add("kind=Industry");
                break;
            case "get /admin/lookups?handler=row":
                query.Add("id=" + Id(w.LookupId) + "&mode=View");
                break;
            case "post /admin/lookups?handler=update":
                query.Add("id=" + Id(w.LookupId));
                break;
        }

        var request = new HttpRequestMessage(new HttpMethod(cell.Method), path + (query.Count == 0 ? "" : "?" + string.Join('&', query)));
        if (cell.IsGet)
        {
            return request;
        }

        if (cell.IsApi)
        {
            request.Content = cell.Key switch
            {
                "put /api/projects/{id:int}/years/{year:int}" => JsonContent.Create(new
                {
                    inPlan = true, natureId = w.NatureId, annualPlan = 1_000m, plannedStartMonth = 3, tagIds = Array.Empty<int>(), version = await LineVersion(),
                }),
                "post /api/projects/{id:int}/contact-phone" or "delete /api/projects/{id:int}" or "post /api/projects/{id:int}/restore" => null,

                // An upload takes a multipart form; routing answers 415 to anything else before authorization runs.
                "post /api/imports" => new MultipartFormDataContent { { new ByteArrayContent("项目名称,总投资\n"u8.ToArray()), "file", "矩阵.csv" } },
                "post /api/lead-imports" => new MultipartFormDataContent { { new ByteArrayContent("项目名称,投资方\n"u8.ToArray()), "file", "矩阵招商.csv" } },
                "post /api/reports/{id:int}/photos" => new MultipartFormDataContent { { new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), "photo", "矩阵.jpg" } },
                "post /api/service-logs/{id:int}/photos" => new MultipartFormDataContent { { new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), "photo", "矩阵.jpg" } },
                "post /api/milestones/{id:int}/files" => new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n"u8.ToArray()), "file", "矩阵.pdf" } },
                "post /api/leads/{id:int}/documents" => new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n"u8.ToArray()), "file", "矩阵.pdf" } },
                _ => new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            return request;
        }

        var form = cell.Key switch
        {
            "post /projects?handler=restore" => new Dictionary<string, string> { ["id"] = Id(projectId), ["version"] = Id(await ProjectVersion()) },
            "post /projects/{id:int}/delete" => new Dictionary<string, string> { ["Version"] = Id(await ProjectVersion()) },
            "post /projects/{id:int}/edit" => new Dictionary<string, string> { ["Input.TotalInvestment"] = "不是数字" },
            "post /projects/new" => new Dictionary<string, string>
            {
                ["Input.Name"] = "矩阵页面新建项目" + who.Name, ["Input.RegionId"] = Id(w.RegionId), ["Input.TotalInvestment"] = "100",
            },
            "post /projects/{id:int}/years/{year:int}" => new Dictionary<string, string>
            {
                ["Input.InPlan"] = "true", ["Input.NatureId"] = Id(w.NatureId), ["Input.AnnualPlan"] = "1000", ["Input.PlannedStartMonth"] = "3",
                ["Input.Version"] = Id(await LineVersion()),
            },
            "post /admin/account/{id:int?}?handler=active" => new Dictionary<string, string> { ["active"] = "true", ["version"] = "0" },
            "post /admin/account/{id:int?}?handler=reveal" => new Dictionary<string, string> { ["field"] = "phone" },
            "post /account/login" => new Dictionary<string, string> { ["UserName"] = "", ["Password"] = "" },
            "post /account/password" => new Dictionary<string, string>
            {
                ["CurrentPassword"] = "Wrong#Password1", ["NewPassword"] = "Another#Password2", ["ConfirmPassword"] = "Another#Password2",
            },
            "post /account/two-factor" or "post /account/enrol" => new Dictionary<string, string> { ["Code"] = "000000" },
            _ => new Dictionary<string, string>(),
        };
        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    private static string RouteValue(RouteCell cell, string parameter, int projectId, World w)
    {
        string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
        var pattern = cell.Pattern.ToLowerInvariant();
        return parameter switch
        {
            // Approving a plan freezes its year; the plan routes use the next year so the other cells' 2026 lines stay editable.
            "year" when pattern.StartsWith("/api/plans/", StringComparison.Ordinal) => Id(Year + 1),
            "year" => Id(Year),
            "month" => "10",
            "token" => new string('A', 43),
            "kind" => "Industry",
            "documentName" => "v1",
            "parentId" => Id(w.ParentRegionId),
            "id" when pattern.StartsWith("/api/projects/", StringComparison.Ordinal) || pattern.StartsWith("/projects/", StringComparison.Ordinal) => Id(projectId),
            "id" when pattern.StartsWith("/api/regions/", StringComparison.Ordinal) => Id(w.RegionId),
            "id" when pattern.StartsWith("/api/reference/tags/", StringComparison.Ordinal) => Id(w.TagId),
            "id" when pattern.StartsWith("/api/reference/", StringComparison.Ordinal) => Id(w.LookupId),
            "id" when pattern.StartsWith("/admin/account/", StringComparison.Ordinal) => Id(w.TargetAccount),
            "id" when pattern.StartsWith("/api/reports/", StringComparison.Ordinal) => Id(w.Report),
            "id" when pattern.StartsWith("/api/report-photos/", StringComparison.Ordinal) => Id(w.Photo),
            "id" when pattern.StartsWith("/api/light-exemptions/", StringComparison.Ordinal) => Id(w.Exemption),
            "id" when pattern.StartsWith("/api/milestones/", StringComparison.Ordinal) => Id(w.Milestone),
            "id" when pattern.StartsWith("/api/channels/", StringComparison.Ordinal) => Id(w.Channel),
            "id" when pattern.StartsWith("/api/milestone-templates/", StringComparison.Ordinal) => Id(w.Template),
            "id" when pattern.StartsWith("/api/lights/rules/", StringComparison.Ordinal) => "999999",
            "id" when pattern.StartsWith("/api/problems/", StringComparison.Ordinal) || pattern.StartsWith("/problems/", StringComparison.Ordinal) => "999999",
            "id" when pattern.StartsWith("/api/meetings/", StringComparison.Ordinal) || pattern.StartsWith("/meetings/", StringComparison.Ordinal)
                || pattern.StartsWith("/api/decisions/", StringComparison.Ordinal) || pattern.StartsWith("/api/instructions/", StringComparison.Ordinal) => "999999",
            "id" when pattern.StartsWith("/api/bulletins/", StringComparison.Ordinal) || pattern.StartsWith("/bulletins/", StringComparison.Ordinal) => "999999",
            "itemId" => "999999",
            "id" when pattern.StartsWith("/api/service-logs/", StringComparison.Ordinal) || pattern.StartsWith("/api/service-log-photos/", StringComparison.Ordinal)
                || pattern.StartsWith("/api/leader-visits/", StringComparison.Ordinal) || pattern.StartsWith("/api/task-forces/", StringComparison.Ordinal)
                || pattern.StartsWith("/accountability/task-forces/", StringComparison.Ordinal) => "999999",
            "memberId" => "999999",
            "id" when pattern.StartsWith("/api/leads/", StringComparison.Ordinal) || pattern.StartsWith("/api/attraction-events/", StringComparison.Ordinal)
                || pattern.StartsWith("/api/lead-imports/", StringComparison.Ordinal) || pattern.StartsWith("/api/lead-documents/", StringComparison.Ordinal)
                || pattern.StartsWith("/attraction/", StringComparison.Ordinal) => "999999",
            "id" when pattern.StartsWith("/api/dispatch/rounds/", StringComparison.Ordinal) || pattern.StartsWith("/dispatch/", StringComparison.Ordinal) => Id(w.Round),
            "entryId" => Id(w.WatchEntry),
            "projectId" => Id(w.Project),
            "week" => "2026-11-16",
            "id" when pattern.StartsWith("/api/milestone-files/", StringComparison.Ordinal) => Id(w.File),
            "id" when pattern.StartsWith("/api/imports/", StringComparison.Ordinal) || pattern.StartsWith("/imports/", StringComparison.Ordinal) => Id(w.ImportBatch),
            _ => throw new InvalidOperationException($"The matrix has no value for {{{parameter}}} in {cell.Pattern}: add one to {nameof(RouteValue)}."),
        };
    }

    /// <summary>
    /// A client signed in as a new administrator that passed the second factor with a recovery code. Unlike
    /// <see cref="TiaoduApp.AdminClientAsync"/> it never signs in again by itself: pages that send a signed-in
    /// user to the bare /account/login (two-factor, enrol) must not look like an ended session.
    /// </summary>
    internal static async Task<HttpClient> AdministratorClientAsync(TiaoduApp app, string userName, Role role, bool sendCsrfToken = true)
    {
        var codes = Core.Security.RecoveryCodes.Generate();
        var id = await app.CreateAccountAsync(userName, [role]);
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<Core.Data.TiaoduDb>();
            var account = await db.Accounts.SingleAsync(a => a.Id == id);
            account.TwoFactorEnabled = true;
            account.AuthenticatorKey = sp.GetRequiredService<PersonalData>().Protect(Core.Security.Base32.Encode(Core.Security.Totp.NewKey()), Core.Security.CryptoProfile.Guomi);
            account.RecoveryCodes = string.Join(';', codes.Select(Core.Security.RecoveryCodes.Hash));
            return await db.SaveChangesAsync();
        });
        return app.CreateDefaultClient(new Uri("http://localhost"),
            new SignedInHandler(userName, TiaoduApp.TestPassword, sendCsrfToken, recoveryCodes: codes),
            new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler());
    }

    /// <summary>The anti-forgery token an anonymous visitor gets with the sign-in form (its cookie stays in the client).</summary>
    internal static async Task<string> FormTokenAsync(HttpClient client, string url = "/account/login")
    {
        var page = await client.GetPageAsync(url);
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    // ------------------------------------------------------------------ jurisdiction ("filtered" cells)

    private sealed record Scoped(string Name, HttpClient Client, IReadOnlySet<string> Sees);

    [Fact]
    public async Task Each_jurisdiction_sees_only_its_projects_in_lists_details_searches_figures_and_pages()
    {
        var nanguan = await app.RegionIdAsync("220102");
        var chaoyang = await app.RegionIdAsync("220104");
        var jilin = await app.RegionIdAsync("220200");
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var sector = await app.WithDbAsync(db => db.Lookups.Where(l => l.Kind == LookupKind.Sector).OrderBy(l => l.Id).Select(l => l.Id).FirstAsync());
        var (leader, officer) = await app.WithDbAsync(async db =>
        {
            var l = new Person("辖区测试领导", "副市长", PersonRole.Leader, jilin);
            var o = new Person("辖区测试秘书", "发改局干部", PersonRole.ServiceOfficer, nanguan);
            db.People.AddRange(l, o);
            await db.SaveChangesAsync();
            return (l.Id, o.Id);
        });

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        async Task Project(string name, int region, int? sectorId = null, int? leaderId = null, int? officerId = null)
        {
            var p = await app.CreateProjectAsync(new ProjectDetails
            {
                Name = name, RegionId = region, SectorId = sectorId, LeaderId = leaderId, ServiceOfficerId = officerId,
                TotalInvestment = 5_000m, ContactPhone = "13812345678",
            });
            await app.SetYearAsync(p.Id, Year, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 1_000m });
            ids[name] = p.Id;
        }

        const string Nanguan = "辖区南关项目", Chaoyang = "辖区朝阳项目", ChaoyangSector = "辖区朝阳专班项目", NanguanSector = "辖区南关专班项目",
            NanguanLeader = "辖区南关包保项目", NanguanOfficer = "辖区南关秘书项目", ChaoyangEnterprise = "辖区朝阳企业项目", Jilin = "辖区吉林市项目";
        await Project(Nanguan, nanguan);
        await Project(Chaoyang, chaoyang);
        await Project(ChaoyangSector, chaoyang, sectorId: sector);
        await Project(NanguanSector, nanguan, sectorId: sector);
        await Project(NanguanLeader, nanguan, leaderId: leader);
        await Project(NanguanOfficer, nanguan, officerId: officer);
        await Project(ChaoyangEnterprise, chaoyang);
        await Project(Jilin, jilin);

        await app.CreateAccountAsync("scope.district", [Role.DistrictLeader], "220104", canReveal: true);
        await app.CreateAccountAsync("scope.taskforce", [Role.TaskForce], "220100", sectorId: sector, canReveal: true);
        await app.CreateAccountAsync("scope.officer", [Role.ServiceOfficer], "220000", personId: officer, canReveal: true);
        await app.CreateAccountAsync("scope.enterprise", [Role.EnterpriseReporter], "220000", projectIds: [ids[ChaoyangEnterprise]], canReveal: true);
        await app.CreateAccountAsync("scope.city", [Role.CityLeader], "220200", personId: leader, canReveal: true);

        var scoped = new List<Scoped>
        {
            new("scope.district", app.ClientFor("scope.district"), new HashSet<string> { Chaoyang, ChaoyangSector, ChaoyangEnterprise }),
            new("scope.taskforce", app.ClientFor("scope.taskforce"), new HashSet<string> { ChaoyangSector, NanguanSector }),
            new("scope.officer", app.ClientFor("scope.officer"), new HashSet<string> { NanguanOfficer }),
            new("scope.enterprise", app.ClientFor("scope.enterprise"), new HashSet<string> { ChaoyangEnterprise }),
            new("scope.city", app.ClientFor("scope.city"), new HashSet<string> { Jilin, NanguanLeader }),
        };

        var failures = new List<string>();
        void Check(bool ok, string what)
        {
            if (!ok)
            {
                failures.Add(what);
            }
        }

        using var dispatch = app.Api();
        foreach (var s in scoped)
        {
            var c = s.Client;

            // The list, searched by the common prefix, holds exactly the projects in jurisdiction.
            var listed = await c.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?pageSize=200&q=" + Uri.EscapeDataString("辖区"), Json.Options);
            var names = listed!.Items.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
            Check(names.SetEquals(s.Sees), $"{s.Name}: GET /api/projects?q=辖区 — expected {{{string.Join("、", s.Sees.Order())}}}, got {{{string.Join("、", names.Order())}}}");

            var page = await c.GetPageAsync("/projects?pageSize=100&q=" + Uri.EscapeDataString("辖区"));
            var total = page.QuerySelector("[data-total]")?.GetAttribute("data-total");
            Check(total == s.Sees.Count.ToString(CultureInfo.InvariantCulture), $"{s.Name}: GET /projects?q=辖区 — expected {s.Sees.Count} listed, got {total}");

            // The province-wide figure counts the same projects (each has a 2026 line).
            var figure = await ProjectsFigureAsync(c, "region=220000&year=2026&q=" + Uri.EscapeDataString("辖区"));
            Check(figure == s.Sees.Count, $"{s.Name}: GET /api/indicators?region=220000&year=2026&q=辖区 — expected projects = {s.Sees.Count}, got {figure}");

            foreach (var (name, id) in ids)
            {
                var inside = s.Sees.Contains(name);
                var api = await c.GetAsync($"/api/projects/{id}");
                Check(api.StatusCode == (inside ? HttpStatusCode.OK : HttpStatusCode.NotFound),
                    $"{s.Name}: GET /api/projects/{id} ({name}) — expected {(inside ? 200 : 404)}, got {(int)api.StatusCode}");

                var details = await c.GetAsync($"/projects/{id}");
                Check(details.StatusCode == (inside ? HttpStatusCode.OK : HttpStatusCode.NotFound),
                    $"{s.Name}: GET /projects/{id} ({name}) — expected {(inside ? 200 : 404)}, got {(int)details.StatusCode}");

                var phone = await c.PostAsync($"/api/projects/{id}/contact-phone", null);
                Check(phone.StatusCode == (inside ? HttpStatusCode.OK : HttpStatusCode.NotFound),
                    $"{s.Name}: POST /api/projects/{id}/contact-phone ({name}) — expected {(inside ? 200 : 404)}, got {(int)phone.StatusCode}");

                var found = await c.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?q=" + Uri.EscapeDataString(name), Json.Options);
                var hits = found!.Items.Count(i => i.Name == name);
                Check(hits == (inside ? 1 : 0), $"{s.Name}: GET /api/projects?q={name} — expected {(inside ? 1 : 0)} hit, got {hits}");
            }
        }

        // The district leader of 朝阳区: the unfiltered list stays in the 朝阳区 subtree; 南关区 is empty for it.
        var district = scoped[0].Client;
        var subtree = await app.WithDbAsync(async db =>
        {
            var path = await db.Regions.Where(r => r.Key == "220104").Select(r => r.Path).SingleAsync();
            return (await db.Regions.Where(r => r.Path.StartsWith(path)).Select(r => r.Id).ToListAsync()).ToHashSet();
        });
        var all = (await district.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?pageSize=200", Json.Options))!;
        var shownIds = all.Items.Select(i => i.Id).ToList();
        var outside = await app.WithDbAsync(db => db.Projects.Where(p => shownIds.Contains(p.Id) && !subtree.Contains(p.RegionId)).Select(p => p.Name).ToListAsync());
        Check(outside.Count == 0, "scope.district: GET /api/projects lists projects outside 朝阳区: " + string.Join("、", outside));
        Check(all.Total == await app.WithDbAsync(db => db.Projects.CountAsync(p => !p.IsDeleted && subtree.Contains(p.RegionId))),
            $"scope.district: GET /api/projects total {all.Total} is not the number of live projects in 朝阳区");

        var theirs = await ProjectsFigureAsync(district, "region=220102&year=2026");
        var dispatchSees = await ProjectsFigureAsync(dispatch, "region=220102&year=2026");
        Check(theirs == 0, $"scope.district: GET /api/indicators?region=220102&year=2026 — expected projects = 0, got {theirs}");
        Check(dispatchSees > 0, $"tester: GET /api/indicators?region=220102&year=2026 — expected projects > 0, got {dispatchSees}");

        var nanguanPage = await district.GetPageAsync("/projects?region=220102");
        var nanguanTotal = nanguanPage.QuerySelector("[data-total]")?.GetAttribute("data-total");
        Check(nanguanTotal == "0", $"scope.district: GET /projects?region=220102 — expected 0 listed, got {nanguanTotal}");
        var nanguanApi = (await district.GetFromJsonAsync<PageOf<ProjectListItem>>("/api/projects?region=220102", Json.Options))!.Total;
        Check(nanguanApi == 0, $"scope.district: GET /api/projects?region=220102 — expected 0, got {nanguanApi}");

        foreach (var s in scoped)
        {
            s.Client.Dispose();
        }

        FailIfAny(failures, "failures");
    }

    private static async Task<decimal?> ProjectsFigureAsync(HttpClient client, string query)
    {
        var set = await client.GetFromJsonAsync<IndicatorsApi.IndicatorSetDto>("/api/indicators?" + query, Json.Options);
        return set!.Figures.Single(f => f.Key == K.Projects).Value;
    }
}
