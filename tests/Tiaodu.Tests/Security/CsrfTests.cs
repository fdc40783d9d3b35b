using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Tests.Web;

namespace Tiaodu.Tests.Security;

/// <summary>
/// Cross-site request forgery: every state-changing API route (every non-GET /api route of the route table)
/// and every page POST handler refuses a request that lacks the signed-in user's own anti-forgery token — no
/// token at all, or another user's — with 400, and nothing changes. The same request with the user's own
/// token goes through, so the refusal is the token's doing.
/// </summary>
public sealed class CsrfTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const string Victim = "csrf.dispatch";
    private const string Self = "csrf.self";
    private const string Other = "csrf.other";
    private const string SysAdmin = "csrf.sysadmin";
    private const string SecAdmin = "csrf.secadmin";
    private const string Desk = "csrf.desk";
    private const string Leader = "csrf.leader";
    private const string Nobody = "anonymous";

    /// <summary>
    /// The one page that takes a POST without a token: the error page is where a failed request, POSTs
    /// included, is re-executed, so it must answer without one; it only reads the failure and changes nothing.
    /// </summary>
    private static readonly HashSet<string> Exempt = new(StringComparer.OrdinalIgnoreCase) { "post /error" };

    /// <summary>A request that would change something, for the client named by <see cref="Who"/>.</summary>
    private sealed record Scenario(string Who, Func<Task<Attempt>> Build, bool? Changes, int Order = 0);

    /// <summary>One request: where to, and a JSON body (API) or form fields (pages); with a file, a multipart form.</summary>
    private sealed record Attempt(HttpMethod Method, string Url, object? Json = null, Dictionary<string, string>? Form = null, byte[]? File = null, string FileName = "防伪台账.csv", string FileField = "file");

    private sealed class Context
    {
        public required Dictionary<string, HttpClient> Clients { get; init; }
        public required int RegionId { get; init; }
        public required int NatureId { get; init; }
        public required int TargetAccount { get; init; }
        public required string Suffix { get; init; }
    }

    [Fact]
    public async Task Every_state_changing_api_route_refuses_a_missing_or_foreign_token_and_changes_nothing()
    {
        var cx = await ContextAsync();
        var scenarios = ApiScenarios(cx);
        var cells = RouteTable.Cells(app.Services).Where(c => c.IsApi && !c.IsGet && c.Method != HttpMethods.Head && c.Method != HttpMethods.Options).ToList();
        cells.Count.ShouldBeGreaterThan(10);

        var failures = new List<string>();
        failures.AddRange(cells.Where(c => !scenarios.ContainsKey(c.Key)).Select(c => $"{c}: no CSRF scenario — add one to {nameof(ApiScenarios)}"));
        var otherToken = await ApiTokenAsync(cx.Clients[Other]);
        foreach (var cell in cells.Where(c => scenarios.ContainsKey(c.Key)).OrderBy(c => scenarios[c.Key].Order).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            var s = scenarios[cell.Key];
            var client = cx.Clients[s.Who];
            await CheckAsync(cell, s, client, page: false, otherToken, () => ApiTokenAsync(client), failures);
        }

        DisposeClients(cx);
        AuthorizationMatrixTests.FailIfAny(failures, "failures");
    }

    [Fact]
    public async Task Every_page_post_handler_refuses_a_missing_or_foreign_token_and_changes_nothing()
    {
        var cx = await ContextAsync();
        var scenarios = PageScenarios(cx);
        var cells = RouteTable.Cells(app.Services)
            .Where(c => c.IsPage && c.Method == HttpMethods.Post
                && c.Endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>()!.HandlerMethods.Any(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        cells.Count.ShouldBeGreaterThan(20);

        var failures = new List<string>();
        foreach (var exempt in cells.Where(c => Exempt.Contains(c.Key)))
        {
            // The exemption is declared on the page itself, and the page still changes nothing.
            if (exempt.Endpoint.Metadata.GetMetadata<IgnoreAntiforgeryTokenAttribute>() is null)
            {
                failures.Add($"{exempt}: exempted here, but the page does not declare [IgnoreAntiforgeryToken]");
            }

            var before = await FingerprintAsync();
            using var response = await cx.Clients[Victim].PostAsync(exempt.Pattern, new FormUrlEncodedContent(new Dictionary<string, string>()));
            if (Difference(before, await FingerprintAsync()) is { } changed)
            {
                failures.Add($"{exempt}: a POST without a token changed {changed}");
            }
        }

        var checkedCells = cells.Where(c => !Exempt.Contains(c.Key)).ToList();
        failures.AddRange(checkedCells.Where(c => !scenarios.ContainsKey(c.Key)).Select(c => $"{c}: no CSRF scenario — add one to {nameof(PageScenarios)}"));

        // Tokens from another user's page: a signed-in colleague's, and another anonymous visitor's sign-in form.
        var otherPageToken = await PageTokenAsync(cx.Clients[Other], "/account");
        using var stranger = app.Anonymous();
        var strangerToken = await PageTokenAsync(stranger, "/account/login");

        foreach (var cell in checkedCells.Where(c => scenarios.ContainsKey(c.Key)).OrderBy(c => scenarios[c.Key].Order).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            var s = scenarios[cell.Key];
            var client = cx.Clients[s.Who];
            var ownPage = s.Who == Nobody ? "/account/login" : "/account";
            await CheckAsync(cell, s, client, page: true, s.Who == Nobody ? strangerToken : otherPageToken, () => PageTokenAsync(client, ownPage), failures);
        }

        DisposeClients(cx);
        AuthorizationMatrixTests.FailIfAny(failures, "failures");
    }

    /// <summary>No token, then another user's: 400 and nothing changed. Then the user's own token: accepted.</summary>
    private async Task CheckAsync(RouteCell cell, Scenario s, HttpClient client, bool page, string foreignToken, Func<Task<string>> ownToken, List<string> failures)
    {
        var own = await ownToken(); // signs in and sets the anti-forgery cookie first, so only the request token is missing
        await s.Build(); // creates what the scenario works on before the "before" picture
        var before = await FingerprintAsync();
        foreach (var (label, token) in new[] { ("no token", (string?)null), ("another user's token", foreignToken) })
        {
            var attempt = await s.Build();
            using var response = await client.SendAsync(Request(attempt, token, page));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"{s.Who} {attempt.Method} {attempt.Url} with {label}: expected 400, got {(int)response.StatusCode} {AuthorizationMatrixTests.Location(response)}");
            }

            if (Difference(before, await FingerprintAsync()) is { } changed)
            {
                failures.Add($"{s.Who} {attempt.Method} {attempt.Url} with {label}: changed {changed}");
            }
        }

        if (cell.Key == "post /account/logout")
        {
            using var me = await client.GetAsync("/api/me");
            if (me.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{s.Who}: after the refused sign-out POSTs, GET /api/me answered {(int)me.StatusCode} — the session was ended");
            }
        }

        // The control: with the user's own token the same request is accepted.
        var control = await s.Build();
        using var accepted = await client.SendAsync(Request(control, own, page));
        if ((int)accepted.StatusCode >= 400)
        {
            failures.Add($"{s.Who} {control.Method} {control.Url} with the user's own token: expected it to be accepted, got {(int)accepted.StatusCode}");
        }
        else if (s.Changes == true && Difference(before, await FingerprintAsync()) is null)
        {
            failures.Add($"{s.Who} {control.Method} {control.Url} with the user's own token: answered {(int)accepted.StatusCode} but changed nothing — the scenario does not exercise a change");
        }
    }

    private static HttpRequestMessage Request(Attempt a, string? token, bool page)
    {
        var request = new HttpRequestMessage(a.Method, a.Url);
        if (a.File is not null)
        {
            var multipart = new MultipartFormDataContent { { new ByteArrayContent(a.File), a.FileField, a.FileName } };
            foreach (var (key, value) in a.Form ?? [])
            {
                multipart.Add(new StringContent(value), key);
            }

            if (token is not null && page)
            {
                multipart.Add(new StringContent(token), "__RequestVerificationToken");
            }
            else if (token is not null)
            {
                request.Headers.Add("X-CSRF-TOKEN", token);
            }

            request.Content = multipart;
            return request;
        }

        if (page)
        {
            var form = new Dictionary<string, string>(a.Form ?? [], StringComparer.Ordinal);
            if (token is not null)
            {
                form["__RequestVerificationToken"] = token;
            }

            request.Content = new FormUrlEncodedContent(form);
        }
        else
        {
            if (a.Json is not null)
            {
                request.Content = JsonContent.Create(a.Json, a.Json.GetType(), options: Json.Options);
            }

            if (token is not null)
            {
                request.Headers.Add("X-CSRF-TOKEN", token);
            }
        }

        return request;
    }

    private static async Task<string> ApiTokenAsync(HttpClient client)
    {
        var dto = await client.GetFromJsonAsync<TokenDto>("/api/antiforgery", Json.Options);
        return dto!.Token;
    }

    private sealed record TokenDto(string Token, string HeaderName);

    private static async Task<string> PageTokenAsync(HttpClient client, string url)
    {
        var page = await client.GetPageAsync(url);
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    private async Task<Context> ContextAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await app.CreateAccountAsync(Victim + suffix, [Role.DispatchOffice], "220000", canReveal: true);
        await app.CreateAccountAsync(Self + suffix, [Role.Supervision], "220000");
        await app.CreateAccountAsync(Other + suffix, [Role.Supervision], "220000");
        var target = await app.CreateAccountAsync("csrf.target" + suffix, [Role.Department], "220000");
        var desk = await app.CreateAccountAsync(Desk + suffix, [Role.Department], "220000");
        await app.CreateAccountAsync(Leader + suffix, [Role.CityLeader], "220000");
        await app.WithDbAsync(async db =>
        {
            (await db.Accounts.SingleAsync(a => a.Id == desk)).SetDepartment(await DeskDepartmentAsync(db));
            return await db.SaveChangesAsync();
        });
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal)
        {
            [Victim] = app.ClientFor(Victim + suffix, sendCsrfToken: false),
            [Self] = app.ClientFor(Self + suffix, sendCsrfToken: false),
            [Other] = app.ClientFor(Other + suffix, sendCsrfToken: false),
            [SysAdmin] = await AuthorizationMatrixTests.AdministratorClientAsync(app, SysAdmin + suffix, Role.SystemAdmin, sendCsrfToken: false),
            [SecAdmin] = await AuthorizationMatrixTests.AdministratorClientAsync(app, SecAdmin + suffix, Role.SecurityAdmin, sendCsrfToken: false),
            [Desk] = app.ClientFor(Desk + suffix, sendCsrfToken: false),
            [Leader] = app.ClientFor(Leader + suffix, sendCsrfToken: false),
            [Nobody] = app.Anonymous(),
        };
        foreach (var (name, client) in clients.Where(c => c.Key != Nobody))
        {
            (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK, name + " signs in");
        }

        return new Context
        {
            Clients = clients, RegionId = await app.RegionIdAsync("220104"), NatureId = await app.LookupIdAsync(LookupKind.Nature, "新建"),
            TargetAccount = target, Suffix = suffix,
        };
    }

    private static void DisposeClients(Context cx)
    {
        foreach (var client in cx.Clients.Values)
        {
            client.Dispose();
        }
    }

    private Task<(int Id, int Version)> LeadAsync(string name, Context cx, Core.Attraction.LeadStage stage, bool dropped) =>
        app.WithDbAsync(async db =>
        {
            var lead = new Core.Attraction.Lead(new Core.Attraction.LeadDetails
            {
                Name = name, Investor = "防伪投资", RegionId = cx.RegionId, IntendedInvestment = 100m, ContractInvestment = 100m, Stage = stage,
            }, new DateOnly(2026, 11, 1), "测试", DateTime.UtcNow);
            if (dropped)
            {
                lead.Drop("测试放弃", new DateOnly(2026, 11, 2), "测试", DateTime.UtcNow);
            }

            db.Leads.Add(lead);
            await db.SaveChangesAsync();
            return (lead.Id, lead.Version);
        });

    private async Task<int> ProjectAsync(string name, Context cx, bool deleted = false, bool withLine = false)
    {
        var p = await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = cx.RegionId, TotalInvestment = 1_000m, ContactPhone = "13812345678" });
        if (withLine)
        {
            await app.SetYearAsync(p.Id, 2026, new ProjectYearInput { InPlan = true, NatureId = cx.NatureId, AnnualPlan = 100m });
        }

        if (deleted)
        {
            using var api = app.Api();
            (await api.DeleteAsync($"/api/projects/{p.Id}?version={await ProjectVersionAsync(p.Id)}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        return p.Id;
    }

    private static byte[] ImportFile(string projectName) => System.Text.Encoding.UTF8.GetBytes($"项目名称,所属区域,总投资\n{projectName},220104,100\n");

    /// <summary>An analysed import batch of one row uploaded by the victim (with its own token), committed when asked.</summary>
    private async Task<int> VictimBatchAsync(Context cx, string projectName, bool commit)
    {
        var client = cx.Clients[Victim];
        var token = await ApiTokenAsync(client);
        using var upload = Request(new Attempt(HttpMethod.Post, "/api/imports", Form: [], File: ImportFile(projectName)), token, page: false);
        using var uploaded = await client.SendAsync(upload);
        await uploaded.EnsureSuccessAsync();
        var batch = (await uploaded.Content.ReadFromJsonAsync<Tiaodu.Web.Api.ImportsApi.BatchDto>(Json.Options))!;
        if (commit)
        {
            using var confirm = Request(new Attempt(HttpMethod.Post, $"/api/imports/{batch.Id}/commit?wait=true", new { version = batch.Version }), token, page: false);
            using var committed = await client.SendAsync(confirm);
            await committed.EnsureSuccessAsync();
        }

        return batch.Id;
    }

    /// <summary>A 招商台账 of one lead uploaded (and imported when asked) by the victim with its own token.</summary>
    private static async Task<int> VictimLeadImportAsync(Context cx, string leadName, bool commit)
    {
        var client = cx.Clients[Victim];
        var token = await ApiTokenAsync(client);
        var file = LeadFile(leadName);
        using var upload = Request(new Attempt(HttpMethod.Post, "/api/lead-imports", Form: F(("region", "220104")), File: file), token, page: false);
        using var uploaded = await client.SendAsync(upload);
        await uploaded.EnsureSuccessAsync();
        var id = (await uploaded.Content.ReadFromJsonAsync<Tiaodu.Web.Api.AttractionApi.PreviewDto>(Json.Options))!.Id;
        if (commit)
        {
            using var confirm = Request(new Attempt(HttpMethod.Post, $"/api/lead-imports/{id}/commit", new { }), token, page: false);
            using var committed = await client.SendAsync(confirm);
            await committed.EnsureSuccessAsync();
        }

        return id;
    }

    private static byte[] LeadFile(string leadName) => System.Text.Encoding.UTF8.GetBytes($"项目名称,投资方,落地区域,意向投资额\n{leadName},防伪投资,朝阳区,100\n");

    /// <summary>A project on the 2026 ledger with an October report submitted (and approved when asked) by the test's dispatch account.</summary>
    private async Task<int> ReportAsync(string name, Context cx, bool approve)
    {
        var project = await ProjectAsync(name, cx, withLine: true);
        using var api = app.Api();
        var put = await api.PutAsJsonAsync($"/api/projects/{project}/reports/2026/10?submit=true", new Core.Reports.ReportInput { InvestmentMonth = 10m }, Json.Options);
        await put.EnsureSuccessAsync();
        var report = await app.WithDbAsync(db => db.MonthlyReports.Where(r => r.ProjectId == project).Select(r => new { r.Id, r.Version }).SingleAsync());
        if (approve)
        {
            await (await api.PostAsJsonAsync($"/api/reports/{report.Id}/approve", new { version = report.Version }, Json.Options)).EnsureSuccessAsync();
        }

        return report.Id;
    }

    private Task<int> ReportVersionAsync(int id) => app.WithDbAsync(db => db.MonthlyReports.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());

    private Task<int?> MonthVersionAsync(int project) =>
        app.WithDbAsync(db => db.MonthlyReports.Where(r => r.ProjectId == project && r.Year == 2026 && r.Month == 10).Select(r => (int?)r.Version).FirstOrDefaultAsync());

    /// <summary>The 2026 progress rule (created from the defaults when the year has none yet) as (id, version).</summary>
    private async Task<(int Id, int Version)> ProgressRuleAsync()
    {
        using var api = app.Api();
        (await api.GetAsync("/api/lights/rules/2026")).EnsureSuccessStatusCode();
        return await app.WithDbAsync(db => db.LightRules.Where(r => r.Year == 2026 && r.Kind == Core.Lights.LightKind.Progress)
            .Select(r => new ValueTuple<int, int>(r.Id, r.Version)).FirstAsync());
    }

    /// <summary>A valid reason recorded by the test's dispatch account on a new project, as its id.</summary>
    private async Task<int> ExemptionAsync(string name, Context cx)
    {
        var project = await ProjectAsync(name, cx, withLine: true);
        using var api = app.Api();
        var created = await api.PostAsJsonAsync($"/api/projects/{project}/light-exemptions", new { kind = "NotStarted", reason = "防伪正当理由", fromYear = 2026, fromMonth = 11 }, Json.Options);
        await created.EnsureSuccessAsync();
        return await app.WithDbAsync(db => db.LightExemptions.Where(e => e.ProjectId == project).Select(e => e.Id).SingleAsync());
    }

    /// <summary>A project with a milestone plan made by the test's dispatch account; returns its first node's id.</summary>
    private async Task<int> MilestoneAsync(string name, Context cx)
    {
        var project = await ProjectAsync(name, cx, withLine: true);
        var template = await app.WithDbAsync(db => db.MilestoneTemplates.Select(t => t.Id).FirstAsync());
        using var api = app.Api();
        await (await api.PostAsJsonAsync($"/api/projects/{project}/milestones/plan", new { templateId = template, targetNode = "投产", targetOn = "2028-06-30", version = 0 }, Json.Options)).EnsureSuccessAsync();
        return await app.WithDbAsync(db => db.Milestones.Where(m => m.ProjectId == project).OrderBy(m => m.SortOrder).Select(m => m.Id).FirstAsync());
    }

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46];

    /// <summary>A draft October report made by the test's dispatch account, as (project, report).</summary>
    private async Task<(int Project, int Report)> DraftAsync(string name, Context cx)
    {
        var project = await ProjectAsync(name, cx, withLine: true);
        using var api = app.Api();
        await (await api.PutAsJsonAsync($"/api/projects/{project}/reports/2026/10", new Core.Reports.ReportInput { InvestmentMonth = 10m }, Json.Options)).EnsureSuccessAsync();
        return (project, await app.WithDbAsync(db => db.MonthlyReports.Where(r => r.ProjectId == project).Select(r => r.Id).SingleAsync()));
    }

    /// <summary>A photo on a draft report, as (project, photo file id).</summary>
    private async Task<(int Project, int Photo)> PhotoAsync(string name, Context cx)
    {
        var (project, report) = await DraftAsync(name, cx);
        using var api = app.Api();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Jpeg), "photo", "防伪.jpg" } };
        await (await api.PostAsync($"/api/reports/{report}/photos", form)).EnsureSuccessAsync();
        return (project, await app.WithDbAsync(db => db.StoredFiles.Where(f => f.OwnerType == Core.Files.StoredFile.ReportPhotoOwner && f.OwnerId == report).Select(f => f.Id).SingleAsync()));
    }

    /// <summary>A disabled robot made by the test's dispatch account (once per name), as (id, version).</summary>
    private async Task<(int Id, int Version)> ChannelAsync(string name)
    {
        var existing = await app.WithDbAsync(db => db.NotificationChannels.Where(c => c.Name == name).Select(c => new ValueTuple<int, int>(c.Id, c.Version)).FirstOrDefaultAsync());
        if (existing.Item1 != 0)
        {
            return existing;
        }

        using var api = app.Api();
        await (await api.PostAsJsonAsync("/api/channels", new { name, kind = "WeCom", webhookUrl = "http://127.0.0.1:9/hook", enabled = false, version = 0 }, Json.Options)).EnsureSuccessAsync();
        return await app.WithDbAsync(db => db.NotificationChannels.Where(c => c.Name == name).Select(c => new ValueTuple<int, int>(c.Id, c.Version)).SingleAsync());
    }

    /// <summary>A project on the plan of <paramref name="year"/> (a year no other scenario writes lines for), so the year can be approved.</summary>
    private async Task<int> PlanYearAsync(string name, Context cx, int year)
    {
        var p = await app.CreateProjectAsync(new ProjectDetails { Name = name, RegionId = cx.RegionId, TotalInvestment = 1_000m });
        await app.SetYearAsync(p.Id, year, new ProjectYearInput { InPlan = true, NatureId = cx.NatureId, AnnualPlan = 100m });
        return p.Id;
    }

    private Task<(int ProjectId, int Version, DateOnly PlannedOn)> NodeAsync(int id) =>
        app.WithDbAsync(db => db.Milestones.Where(m => m.Id == id).Select(m => new ValueTuple<int, int, DateOnly>(m.ProjectId, m.Version, m.PlannedOn)).SingleAsync());

    /// <summary>A draft dispatch round of a region and period, taken by the test's installation-wide office.</summary>
    private async Task<int> RoundAsync(int month, int half, string region)
    {
        using var api = app.Api();
        var response = await api.PostAsJsonAsync("/api/dispatch/rounds", new { year = 2026, month, half, region }, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>A project with one open (or resolved) problem, as (project, problem).</summary>
    private async Task<(int Project, int Problem)> ProblemAsync(string name, Context cx, bool resolved)
    {
        var project = await ProjectAsync(name, cx, withLine: true);
        var id = await app.WithDbAsync(async db =>
        {
            var problem = new Core.Problems.Problem(project, name + "的问题", Core.Problems.ProblemSource.Report, new DateOnly(2026, 10, 1), app.Clock.GetUtcNow().UtcDateTime);
            if (resolved)
            {
                problem.Resolve("已解决", "防伪", new DateOnly(2026, 11, 1));
            }

            db.Problems.Add(problem);
            await db.SaveChangesAsync();
            return problem.Id;
        });
        return (project, id);
    }

    private static Task<int> DeskDepartmentAsync(Core.Data.TiaoduDb db) =>
        db.Lookups.Where(l => l.Kind == LookupKind.Department).OrderBy(l => l.Id).Select(l => l.Id).FirstAsync();

    /// <summary>
    /// A problem led by the desk's department, past its deadline (so it can be supervised), as (problem,
    /// its 督办单 or 0).
    /// </summary>
    private async Task<(int Problem, int Notice)> LedProblemAsync(string name, Context cx, bool withNotice = false)
    {
        var project = await ProjectAsync(name, cx, withLine: true);
        return await app.WithDbAsync(async db =>
        {
            var problem = new Core.Problems.Problem(project, name + "的问题", Core.Problems.ProblemSource.Report, new DateOnly(2026, 10, 1), app.Clock.GetUtcNow().UtcDateTime);
            problem.Assign(await DeskDepartmentAsync(db), []);
            problem.SetDeadline(new DateOnly(2026, 11, 1));
            db.Problems.Add(problem);
            await db.SaveChangesAsync();
            var notice = 0;
            if (withNotice)
            {
                var n = new Core.Problems.SupervisionNotice(problem.Id, 2026, 9000 + problem.Id, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 30), problem.DueOn, "防伪督办", "csrf", false);
                db.SupervisionNotices.Add(n);
                await db.SaveChangesAsync();
                notice = n.Id;
            }

            return (problem.Id, notice);
        });
    }

    /// <summary>A meeting of 朝阳区 called through the API, with one topic added by hand and — when asked — a decision owned by the desk's department.</summary>
    private async Task<(int Meeting, int Item, int Decision)> MeetingAsync(string title, bool withDecision = false)
    {
        using var api = app.Api();
        var created = await api.PostAsJsonAsync("/api/meetings", new { kind = "JointMeeting", region = "220104", title, heldOn = "2026-11-20" }, Json.Options);
        await created.EnsureSuccessAsync();
        var meeting = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        var topic = await api.PostAsJsonAsync($"/api/meetings/{meeting}/agenda", new { topic = title + "议题" }, Json.Options);
        await topic.EnsureSuccessAsync();
        var item = (await topic.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        var decision = 0;
        if (withDecision)
        {
            var owner = await app.WithDbAsync(DeskDepartmentAsync);
            var decided = await api.PostAsJsonAsync($"/api/meetings/{meeting}/decisions", new { text = title + "议定", owner, due = "2026-12-31" }, Json.Options);
            await decided.EnsureSuccessAsync();
            decision = (await decided.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        }

        return (meeting, item, decision);
    }

    /// <summary>A project with a leader's instruction on it, as (project, instruction).</summary>
    private async Task<(int Project, int Instruction)> InstructedAsync(string name, Context cx)
    {
        var project = await ProjectAsync(name, cx, withLine: true);
        return (project, await app.WithDbAsync(async db =>
        {
            var instruction = new Core.Instructions.Instruction(project, null, name + "的批示", "csrf", null, app.Clock.GetUtcNow().UtcDateTime);
            db.Instructions.Add(instruction);
            await db.SaveChangesAsync();
            return instruction.Id;
        }));
    }

    private Task<int> MeetingVersionAsync(int id) => app.WithDbAsync(db => db.Meetings.Where(m => m.Id == id).Select(m => m.Version).SingleAsync());

    private Task<int> DecisionVersionAsync(int id) => app.WithDbAsync(db => db.MeetingDecisions.Where(d => d.Id == id).Select(d => d.Version).SingleAsync());

    private Task<int> NoticeVersionAsync(int id) => app.WithDbAsync(db => db.SupervisionNotices.Where(n => n.Id == id).Select(n => n.Version).SingleAsync());

    private Task<int> SupervisionVersionAsync() => app.WithDbAsync(async db => await db.SupervisionSettings.Select(x => (int?)x.Version).FirstOrDefaultAsync() ?? 0);

    private Task<int> ProblemVersionAsync(int id) => app.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => p.Version).SingleAsync());

    private Task<int> MailVersionAsync() => app.WithDbAsync(db => db.MailSettings.Select(m => m.Version).SingleAsync());

    /// <summary>A mail server that refuses connections (nobody listens on the discard port), so a test e-mail fails quickly but is still answered.</summary>
    private Task<int> MailServerAsync() => app.WithDbAsync(db => db.MailSettings.Where(m => m.Host == null)
        .ExecuteUpdateAsync(u => u.SetProperty(m => m.Host, "127.0.0.1").SetProperty(m => m.Port, 9).SetProperty(m => m.FromAddress, "csrf@ccdrc.test")));

    private Task<int> RoundVersionAsync(int id) => app.WithDbAsync(db => db.DispatchRounds.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());

    /// <summary>A project on the weekly watch list, as (project, entry).</summary>
    private async Task<(int Project, int Entry)> WatchedAsync(string name, Context cx)
    {
        var project = await ProjectAsync(name, cx, withLine: true);
        using var api = app.Api();
        await (await api.PostAsJsonAsync("/api/dispatch/watch", new { projectId = project, focus = "防伪监测" }, Json.Options)).EnsureSuccessAsync();
        return (project, await app.WithDbAsync(db => db.WatchEntries.Where(w => w.ProjectId == project).Select(w => w.Id).SingleAsync()));
    }

    private Task<int> EntryVersionAsync(int id) => app.WithDbAsync(db => db.WatchEntries.Where(w => w.Id == id).Select(w => w.Version).SingleAsync());

    private Task<int> PlanVersionAsync(int project) => app.WithDbAsync(db => db.MilestonePlans.Where(p => p.ProjectId == project).Select(p => p.Version).FirstOrDefaultAsync());

    private static readonly byte[] Pdf = "%PDF-1.4\n"u8.ToArray();

    private Task<int> ExemptionVersionAsync(int id) => app.WithDbAsync(db => db.LightExemptions.Where(e => e.Id == id).Select(e => e.Version).SingleAsync());

    private Task<int> SettingsVersionAsync() => app.WithDbAsync(db => db.ReportSettings.Select(x => x.Version).SingleAsync());

    private Task<int> BatchVersionAsync(int id) => app.WithDbAsync(db => db.ImportBatches.Where(b => b.Id == id).Select(b => b.Version).SingleAsync());

    /// <summary>Waits until the background import worker has nothing in hand, so its work is not taken for a forged request's.</summary>
    private async Task SettleImportsAsync()
    {
        var busy = new[] { Core.Imports.ImportStatus.Pending, Core.Imports.ImportStatus.Analysing, Core.Imports.ImportStatus.Queued, Core.Imports.ImportStatus.Applying };
        var leadsBusy = new[] { Core.Attraction.LeadImportStatus.Queued, Core.Attraction.LeadImportStatus.Applying };
        for (var i = 0; i < 300 && await app.WithDbAsync(async db => await db.ImportBatches.AnyAsync(b => busy.Contains(b.Status)) || await db.LeadImports.AnyAsync(l => leadsBusy.Contains(l.Status))); i++)
        {
            await Task.Delay(100);
        }
    }

    private Task<int> LeadImportVersionAsync(int id) => app.WithDbAsync(db => db.LeadImports.Where(i => i.Id == id).Select(i => i.Version).SingleAsync());

    /// <summary>A document added to a lead by the victim with its own token; the stored file's id.</summary>
    private static async Task<int> LeadDocumentAsync(Context cx, int leadId, string fileName)
    {
        var client = cx.Clients[Victim];
        var token = await ApiTokenAsync(client);
        using var upload = Request(new Attempt(HttpMethod.Post, $"/api/leads/{leadId}/documents", Form: F(), File: "%PDF-1.4 防伪材料"u8.ToArray(), FileName: fileName), token, page: false);
        using var uploaded = await client.SendAsync(upload);
        await uploaded.EnsureSuccessAsync();
        return (await uploaded.Content.ReadFromJsonAsync<Tiaodu.Web.Api.AttractionApi.DocumentDto>(Json.Options))!.Id;
    }

    /// <summary>Gives the account a calendar link (always the same hash), so that stopping it changes something.</summary>
    private Task<int> HasCalendarLinkAsync(string userName) => app.WithDbAsync(db =>
        db.Accounts.Where(a => a.UserName == userName).ExecuteUpdateAsync(u => u.SetProperty(a => a.CalendarTokenHash, new string('c', 64))));

    private Task<int> ProjectVersionAsync(int id) => app.WithDbAsync(db => db.Projects.Where(p => p.Id == id).Select(p => p.Version).SingleAsync());

    private static Dictionary<string, string> F(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private Dictionary<string, Scenario> ApiScenarios(Context cx)
    {
        Task<T> Db<T>(Func<Core.Data.TiaoduDb, Task<T>> f) => app.WithDbAsync(f);
        var lazy = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["update"] = new(() => ProjectAsync("防伪修改项目", cx)),
            ["delete"] = new(() => ProjectAsync("防伪删除项目", cx)),
            ["restore"] = new(() => ProjectAsync("防伪恢复项目", cx, deleted: true)),
            ["phone"] = new(() => ProjectAsync("防伪电话项目", cx)),
            ["year"] = new(() => ProjectAsync("防伪年度项目", cx)),
        };
        Task<int> P(string key) => lazy[key].Value;
        var batches = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["options"] = new(() => VictimBatchAsync(cx, "防伪接口选项项目", commit: false)),
            ["commit"] = new(() => VictimBatchAsync(cx, "防伪接口确认项目", commit: false)),
            ["rollback"] = new(() => VictimBatchAsync(cx, "防伪接口撤销项目", commit: true)),
            ["mapping"] = new(() => VictimBatchAsync(cx, "防伪接口映射项目", commit: false)),
        };
        Task<int> B(string key) => batches[key].Value;
        var reports = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["put"] = new(() => ProjectAsync("防伪接口月报项目", cx, withLine: true)),
            ["approve"] = new(() => ReportAsync("防伪接口审核项目", cx, approve: false)),
            ["return"] = new(() => ReportAsync("防伪接口退回项目", cx, approve: false)),
            ["correct"] = new(() => ReportAsync("防伪接口更正项目", cx, approve: true)),
        };
        Task<int> R(string key) => reports[key].Value;
        var lightThings = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["exempt"] = new(() => ProjectAsync("防伪接口正当理由项目", cx, withLine: true)),
            ["revoke"] = new(() => ExemptionAsync("防伪接口撤销理由项目", cx)),
        };
        Task<int> LT(string key) => lightThings[key].Value;
        var photoThings = new Dictionary<string, Lazy<Task<(int Project, int Report)>>>(StringComparer.Ordinal) { ["draft"] = new(() => DraftAsync("防伪接口照片项目", cx)) };
        var photoFiles = new Dictionary<string, Lazy<Task<(int Project, int Photo)>>>(StringComparer.Ordinal) { ["photo"] = new(() => PhotoAsync("防伪接口删照片项目", cx)) };
        var nodes = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["plan"] = new(() => ProjectAsync("防伪接口节点计划项目", cx, withLine: true)),
            ["plan2027"] = new(() => PlanYearAsync("防伪接口年度计划项目", cx, 2027)),
            ["node"] = new(() => MilestoneAsync("防伪接口节点填报项目", cx)),
            ["file"] = new(() => MilestoneAsync("防伪接口节点材料项目", cx)),
        };
        Task<int> N(string key) => nodes[key].Value;
        var rounds = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["comment"] = new(() => RoundAsync(9, 1, "220104")),
            ["publish"] = new(() => RoundAsync(9, 2, "220104")),
            ["discard"] = new(() => RoundAsync(8, 1, "220106")),
        };
        Task<int> D(string key) => rounds[key].Value;
        var watched = new Dictionary<string, Lazy<Task<(int Project, int Entry)>>>(StringComparer.Ordinal)
        {
            ["check"] = new(() => WatchedAsync("防伪接口周监测填报项目", cx)),
            ["remove"] = new(() => WatchedAsync("防伪接口周监测移出项目", cx)),
        };
        var toWatch = new Lazy<Task<int>>(() => ProjectAsync("防伪接口周监测列入项目", cx, withLine: true));
        var problems = new Dictionary<string, Lazy<Task<(int Project, int Problem)>>>(StringComparer.Ordinal)
        {
            ["deadline"] = new(() => ProblemAsync("防伪接口问题时限项目", cx, resolved: false)),
            ["resolve"] = new(() => ProblemAsync("防伪接口问题办结项目", cx, resolved: false)),
            ["reopen"] = new(() => ProblemAsync("防伪接口问题重开项目", cx, resolved: true)),
        };
        var led = new Dictionary<string, Lazy<Task<(int Problem, int Notice)>>>(StringComparer.Ordinal)
        {
            ["assign"] = new(() => LedProblemAsync("防伪接口问题交办项目", cx)),
            ["escalate"] = new(() => LedProblemAsync("防伪接口问题提级项目", cx)),
            ["supervise"] = new(() => LedProblemAsync("防伪接口问题督办项目", cx)),
            ["closeout"] = new(() => LedProblemAsync("防伪接口问题销号项目", cx)),
            ["reply"] = new(() => LedProblemAsync("防伪接口问题反馈项目", cx)),
            ["propose"] = new(() => LedProblemAsync("防伪接口问题申请销号项目", cx)),
            ["answer"] = new(() => LedProblemAsync("防伪接口督办反馈项目", cx, withNotice: true)),
            ["meeting"] = new(async () =>
            {
                var problem = await LedProblemAsync("防伪接口联席会议议题项目", cx);
                await app.WithDbAsync(async db =>
                {
                    (await db.Problems.SingleAsync(p => p.Id == problem.Problem)).Escalate(Core.Problems.ProblemLevel.JointMeeting);
                    return await db.SaveChangesAsync();
                });
                return problem;
            }),
        };
        var toInstruct = new Lazy<Task<int>>(() => ProjectAsync("防伪接口批示项目", cx, withLine: true));
        var leads = new Dictionary<string, Lazy<Task<(int Id, int Version)>>>(StringComparer.Ordinal)
        {
            ["update"] = new(() => LeadAsync("防伪接口招商修改", cx, Core.Attraction.LeadStage.Clue, dropped: false)),
            ["move"] = new(() => LeadAsync("防伪接口招商推进", cx, Core.Attraction.LeadStage.Clue, dropped: false)),
            ["drop"] = new(() => LeadAsync("防伪接口招商放弃", cx, Core.Attraction.LeadStage.Clue, dropped: false)),
            ["revive"] = new(() => LeadAsync("防伪接口招商恢复", cx, Core.Attraction.LeadStage.Clue, dropped: true)),
            ["convert"] = new(() => LeadAsync("防伪接口招商转入", cx, Core.Attraction.LeadStage.Contracted, dropped: false)),
            ["document"] = new(() => LeadAsync("防伪接口招商材料", cx, Core.Attraction.LeadStage.Clue, dropped: false)),
        };
        var leadImports = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["commit"] = new(() => VictimLeadImportAsync(cx, "防伪接口招商确认导入", commit: false)),
            ["rollback"] = new(() => VictimLeadImportAsync(cx, "防伪接口招商撤销导入", commit: true)),
            ["columns"] = new(() => VictimLeadImportAsync(cx, "防伪接口招商列对应", commit: false)),
        };
        var apiDocument = new Lazy<Task<int>>(async () => await LeadDocumentAsync(cx, (await leads["document"].Value).Id, "防伪接口删除材料.pdf"));
        var attractionEvent = new Lazy<Task<int>>(() => Db(async db =>
        {
            var e = new Core.Attraction.AttractionEvent(Core.Attraction.EventKind.Outbound, "防伪接口招商活动", new DateOnly(2026, 11, 1), null, cx.RegionId, null);
            db.AttractionEvents.Add(e);
            await db.SaveChangesAsync();
            return e.Id;
        }));
        var instructed = new Lazy<Task<(int Project, int Instruction)>>(() => InstructedAsync("防伪接口批示回复项目", cx));
        var meetings = new Dictionary<string, Lazy<Task<(int Meeting, int Item, int Decision)>>>(StringComparer.Ordinal)
        {
            ["assemble"] = new(() => MeetingAsync("防伪接口汇集议题会议")),
            ["topic"] = new(() => MeetingAsync("防伪接口添加议题会议")),
            ["remove"] = new(() => MeetingAsync("防伪接口移出议题会议")),
            ["decide"] = new(() => MeetingAsync("防伪接口议定会议")),
            ["hold"] = new(() => MeetingAsync("防伪接口召开会议")),
            ["done"] = new(() => MeetingAsync("防伪接口落实会议", withDecision: true)),
        };
        var regionRule = new Lazy<Task<int>>(async () =>
        {
            using var api = app.Api();
            var created = await api.PostAsJsonAsync("/api/lights/rules/2026/regions", new { kind = "NotInStats", region = "220103" }, Json.Options);
            await created.EnsureSuccessAsync();
            return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        });
        var ownTemplate = new Lazy<Task<int>>(async () =>
        {
            using var api = app.Api();
            var created = await api.PostAsJsonAsync("/api/milestone-templates", new Core.Milestones.TemplateInput("防伪接口待改模板", true, [new("签约", 0, false), new("开工", 30, false)], 0), Json.Options);
            await created.EnsureSuccessAsync();
            return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        });

        return new Dictionary<string, Scenario>(StringComparer.OrdinalIgnoreCase)
        {
            ["post /api/lights/rules/{year:int}/regions"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/lights/rules/2026/regions",
                new { kind = "NotStarted", region = "220102" })), true),
            ["delete /api/lights/rules/{id:int}"] = new(Victim, async () =>
            {
                var id = await regionRule.Value;
                var version = await Db(db => db.LightRules.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());
                return new Attempt(HttpMethod.Delete, $"/api/lights/rules/{id}?version={version}");
            }, true),
            ["post /api/projects/{id:int}/problems"] = new(Victim, async () =>
            {
                var (project, _) = await problems["deadline"].Value;
                var category = await Db(db => db.Lookups.Where(l => l.Kind == LookupKind.ProblemCategory).Select(l => l.Id).FirstAsync());
                return new Attempt(HttpMethod.Post, $"/api/projects/{project}/problems", new { categoryId = category, description = "防伪接口提出问题", source = "SiteVisit" });
            }, true),
            ["put /api/problems/{id:int}/deadline"] = new(Victim, async () =>
            {
                var (_, id) = await problems["deadline"].Value;
                return new Attempt(HttpMethod.Put, $"/api/problems/{id}/deadline", new { due = "2026-12-31", version = await ProblemVersionAsync(id) });
            }, true),
            ["post /api/problems/{id:int}/resolve"] = new(Victim, async () =>
            {
                var (_, id) = await problems["resolve"].Value;
                return new Attempt(HttpMethod.Post, $"/api/problems/{id}/resolve", new { resolution = "防伪办结", version = await ProblemVersionAsync(id) });
            }, true),
            ["post /api/problems/{id:int}/reopen"] = new(Victim, async () =>
            {
                var (_, id) = await problems["reopen"].Value;
                return new Attempt(HttpMethod.Post, $"/api/problems/{id}/reopen", new { version = await ProblemVersionAsync(id) });
            }, true),
            ["put /api/problems/{id:int}/departments"] = new(Victim, async () =>
            {
                var (id, _) = await led["assign"].Value;
                var department = await Db(db => db.Lookups.Where(l => l.Kind == LookupKind.Department).OrderByDescending(l => l.Id).Select(l => l.Id).FirstAsync());
                return new Attempt(HttpMethod.Put, $"/api/problems/{id}/departments", new { lead = department, assisting = Array.Empty<int>(), version = await ProblemVersionAsync(id) });
            }, true),
            ["post /api/problems/{id:int}/escalate"] = new(Victim, async () =>
            {
                var (id, _) = await led["escalate"].Value;
                return new Attempt(HttpMethod.Post, $"/api/problems/{id}/escalate", new { level = "JointMeeting", reason = "防伪提级", version = await ProblemVersionAsync(id) });
            }, true),
            ["post /api/problems/{id:int}/supervise"] = new(Victim, async () =>
            {
                var (id, _) = await led["supervise"].Value;
                return new Attempt(HttpMethod.Post, $"/api/problems/{id}/supervise", new { due = "2026-12-01", reason = "防伪督办" });
            }, true),
            ["post /api/problems/{id:int}/close-out"] = new(Victim, async () =>
            {
                var (id, _) = await led["closeout"].Value;
                return new Attempt(HttpMethod.Post, $"/api/problems/{id}/close-out", new { resolution = "防伪销号", version = await ProblemVersionAsync(id) });
            }, true),
            ["put /api/problems/supervision-settings"] = new(Victim, async () =>
                new Attempt(HttpMethod.Put, "/api/problems/supervision-settings", new { autoSupervise = true, noticeDays = 9, escalateAfter = 3, version = await SupervisionVersionAsync() }), true),
            ["post /api/problems/{id:int}/reply"] = new(Desk, async () =>
            {
                var (id, _) = await led["reply"].Value;
                return new Attempt(HttpMethod.Post, $"/api/problems/{id}/reply", new { text = "防伪反馈" });
            }, true),
            ["post /api/problems/{id:int}/propose-close"] = new(Desk, async () =>
            {
                var (id, _) = await led["propose"].Value;
                return new Attempt(HttpMethod.Post, $"/api/problems/{id}/propose-close", new { resolution = "防伪办结", version = await ProblemVersionAsync(id) });
            }, true),
            ["post /api/meetings"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/meetings",
                new { kind = "Thematic", region = "220104", title = "防伪接口专题会议", heldOn = "2026-11-21" })), true),
            ["post /api/meetings/{id:int}/agenda/assemble"] = new(Victim, async () =>
            {
                var (meeting, _, _) = await meetings["assemble"].Value;
                await led["meeting"].Value;
                return new Attempt(HttpMethod.Post, $"/api/meetings/{meeting}/agenda/assemble", new { });
            }, true),
            ["post /api/meetings/{id:int}/agenda"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, $"/api/meetings/{(await meetings["topic"].Value).Meeting}/agenda", new { topic = "防伪议题" }), true),
            ["delete /api/meetings/{id:int}/agenda/{itemId:int}"] = new(Victim, async () =>
            {
                var (meeting, item, _) = await meetings["remove"].Value;
                return new Attempt(HttpMethod.Delete, $"/api/meetings/{meeting}/agenda/{item}");
            }, true),
            ["post /api/meetings/{id:int}/decisions"] = new(Victim, async () =>
            {
                var owner = await Db(DeskDepartmentAsync);
                return new Attempt(HttpMethod.Post, $"/api/meetings/{(await meetings["decide"].Value).Meeting}/decisions", new { text = "防伪议定", owner, due = "2026-12-31" });
            }, true),
            ["post /api/meetings/{id:int}/held"] = new(Victim, async () =>
            {
                var meeting = (await meetings["hold"].Value).Meeting;
                return new Attempt(HttpMethod.Post, $"/api/meetings/{meeting}/held", new { summary = "防伪召开", version = await MeetingVersionAsync(meeting) });
            }, true),
            ["post /api/decisions/{id:int}/done"] = new(Desk, async () =>
            {
                var decision = (await meetings["done"].Value).Decision;
                return new Attempt(HttpMethod.Post, $"/api/decisions/{decision}/done", new { note = "防伪落实", version = await DecisionVersionAsync(decision) });
            }, true),
            ["post /api/projects/{id:int}/instructions"] = new(Leader, async () =>
                new Attempt(HttpMethod.Post, $"/api/projects/{await toInstruct.Value}/instructions", new { text = "防伪批示" }), true),
            ["post /api/instructions/{id:int}/replies"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, $"/api/instructions/{(await instructed.Value).Instruction}/replies", new { text = "防伪回复" }), true),
            ["post /api/leads"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/leads",
                new { lead = new { name = "防伪接口招商新建", investor = "防伪投资", regionId = cx.RegionId, intendedInvestment = 100m } })), true),
            ["put /api/leads/{id:int}"] = new(Victim, async () =>
            {
                var (id, version) = await leads["update"].Value;
                return new Attempt(HttpMethod.Put, $"/api/leads/{id}", new { lead = new { name = "防伪接口招商改名", investor = "防伪投资", regionId = cx.RegionId, intendedInvestment = 100m }, version });
            }, true),
            ["post /api/leads/{id:int}/move"] = new(Victim, async () =>
            {
                var (id, version) = await leads["move"].Value;
                return new Attempt(HttpMethod.Post, $"/api/leads/{id}/move", new { stage = "Negotiating", version });
            }, true),
            ["post /api/leads/{id:int}/documents"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, $"/api/leads/{(await leads["document"].Value).Id}/documents", Form: F(), File: "%PDF-1.4 防伪接口"u8.ToArray(), FileName: "防伪接口材料.pdf"), true),
            ["delete /api/lead-documents/{id:int}"] = new(Victim, async () => new Attempt(HttpMethod.Delete, $"/api/lead-documents/{await apiDocument.Value}"), true),
            ["put /api/lead-imports/{id:int}/columns"] = new(Victim, async () =>
                new Attempt(HttpMethod.Put, $"/api/lead-imports/{await leadImports["columns"].Value}/columns", new { columns = new Dictionary<string, string> { ["3"] = "Ignore" } }), true),
            ["post /api/leads/{id:int}/drop"] = new(Victim, async () =>
            {
                var (id, version) = await leads["drop"].Value;
                return new Attempt(HttpMethod.Post, $"/api/leads/{id}/drop", new { reason = "防伪放弃", version });
            }, true),
            ["post /api/leads/{id:int}/revive"] = new(Victim, async () =>
            {
                var (id, version) = await leads["revive"].Value;
                return new Attempt(HttpMethod.Post, $"/api/leads/{id}/revive", new { version });
            }, true),
            ["post /api/leads/{id:int}/convert"] = new(Victim, async () =>
            {
                var (id, version) = await leads["convert"].Value;
                return new Attempt(HttpMethod.Post, $"/api/leads/{id}/convert", new { version });
            }, true),
            ["post /api/assessment/publish"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/assessment/publish",
                new { region = "220100", kind = "Month", year = 2026, number = 10 })), true),
            ["put /api/assessment/schemes/{year:int}"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Put, "/api/assessment/schemes/2024",
                new { name = "防伪评分办法", rewardTop = 1, demoteBottom = 1, text = "进度\t开复工率\tCapped\tStartRate\t20\t1\t0.5" })), true),
            ["post /api/lead-imports"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/lead-imports", Form: F(("region", "220104")),
                File: LeadFile("防伪接口招商导入"), FileName: "防伪招商台账.csv")), true),
            ["post /api/lead-imports/{id:int}/commit"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, $"/api/lead-imports/{await leadImports["commit"].Value}/commit", new { }), true),
            ["post /api/lead-imports/{id:int}/rollback"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, $"/api/lead-imports/{await leadImports["rollback"].Value}/rollback", new { }), true),
            ["post /api/attraction-events"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/attraction-events",
                new { @event = new { kind = "Inbound", name = "防伪接口请进来", on = "2026-11-02", regionId = cx.RegionId } })), true),
            ["put /api/attraction-events/{id:int}"] = new(Victim, async () =>
                new Attempt(HttpMethod.Put, $"/api/attraction-events/{await attractionEvent.Value}",
                    new { @event = new { kind = "Outbound", name = "防伪接口活动改名", on = "2026-11-03", regionId = cx.RegionId }, version = 1 }), true),
            ["post /api/problems/notices/{id:int}/answer"] = new(Desk, async () =>
            {
                var (_, notice) = await led["answer"].Value;
                return new Attempt(HttpMethod.Post, $"/api/problems/notices/{notice}/answer", new { answer = "防伪反馈督办", version = await NoticeVersionAsync(notice) });
            }, true),
            ["post /api/milestone-templates"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/milestone-templates",
                new Core.Milestones.TemplateInput("防伪接口模板", true, [new("签约", 0, false), new("开工", 30, false)], 0))), true),
            ["put /api/milestone-templates/{id:int}"] = new(Victim, async () =>
            {
                var id = await ownTemplate.Value;
                var t = await Db(db => db.MilestoneTemplates.Where(x => x.Id == id).Select(x => new { x.Id, x.Version }).SingleAsync());
                return new Attempt(HttpMethod.Put, $"/api/milestone-templates/{t.Id}", new Core.Milestones.TemplateInput("防伪接口改名模板", true,
                    [new("签约", 0, false), new("开工", 30, false)], t.Version));
            }, true),
            ["post /api/me/calendar-link"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/me/calendar-link", Json: new { })), true),
            ["delete /api/me/calendar-link"] = new(Victim, async () =>
            {
                await HasCalendarLinkAsync(Victim + cx.Suffix);
                return new Attempt(HttpMethod.Delete, "/api/me/calendar-link");
            }, true),
            ["put /api/notices/settings"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Put, "/api/notices/settings",
                new { email = "csrf.api@ccdrc.test", topics = new[] { new { topic = "ReportReminder", followRoles = false, inApp = true, email = true } } })), true),
            ["put /api/admin/notices/roles"] = new(SysAdmin, () => Task.FromResult(new Attempt(HttpMethod.Put, "/api/admin/notices/roles",
                new[] { new { role = "DispatchOffice", topic = "RoundPublished", inApp = true, email = true } })), true),
            ["put /api/admin/notices/mail"] = new(SysAdmin, async () => new Attempt(HttpMethod.Put, "/api/admin/notices/mail",
                new { enabled = false, host = "127.0.0.1", port = 9, security = "None", fromAddress = "csrf@ccdrc.test", fromName = "防伪接口", version = await MailVersionAsync() }), true),
            ["post /api/admin/notices/mail/test"] = new(SysAdmin, async () =>
            {
                await MailServerAsync();
                return new Attempt(HttpMethod.Post, "/api/admin/notices/mail/test", new { to = "csrf.test@ccdrc.test" });
            }, true),
            ["post /api/bulletins"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/bulletins", new { region = "220104", year = 2026, month = 9, nextSteps = "防伪通报" })), true),
            ["post /api/dispatch/rounds"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/dispatch/rounds", new { year = 2026, month = 10, half = 1, region = "220104" })), true),
            ["put /api/dispatch/rounds/{id:int}/comments"] = new(Victim, async () =>
            {
                var id = await D("comment");
                return new Attempt(HttpMethod.Put, $"/api/dispatch/rounds/{id}/comments", new { version = await RoundVersionAsync(id), summary = "防伪调度意见", comments = new Dictionary<long, string>() });
            }, true),
            ["post /api/dispatch/rounds/{id:int}/publish"] = new(Victim, async () =>
            {
                var id = await D("publish");
                return new Attempt(HttpMethod.Post, $"/api/dispatch/rounds/{id}/publish", new { version = await RoundVersionAsync(id) });
            }, true),
            ["delete /api/dispatch/rounds/{id:int}"] = new(Victim, async () =>
            {
                var id = await D("discard");
                return new Attempt(HttpMethod.Delete, $"/api/dispatch/rounds/{id}?version={await RoundVersionAsync(id)}");
            }, true),
            ["post /api/dispatch/watch"] = new(Victim, async () => new Attempt(HttpMethod.Post, "/api/dispatch/watch", new { projectId = await toWatch.Value, focus = "防伪监测重点" }), true),
            ["delete /api/dispatch/watch/{entryId:int}"] = new(Victim, async () =>
            {
                var (_, entry) = await watched["remove"].Value;
                return new Attempt(HttpMethod.Delete, $"/api/dispatch/watch/{entry}?version={await EntryVersionAsync(entry)}");
            }, true),
            ["put /api/dispatch/watch/{projectId:int}/checks/{week}"] = new(Victim, async () =>
                new Attempt(HttpMethod.Put, $"/api/dispatch/watch/{(await watched["check"].Value).Project}/checks/2026-11-16", new { status = "OnTrack", workers = 12 }), true),
            ["post /api/projects/{id:int}/milestones/plan"] = new(Victim, async () =>
            {
                var id = await N("plan");
                var template = await Db(db => db.MilestoneTemplates.Select(t => t.Id).FirstAsync());
                return new Attempt(HttpMethod.Post, $"/api/projects/{id}/milestones/plan", new { templateId = template, targetNode = "开工", targetOn = "2027-05-01", version = await PlanVersionAsync(id) });
            }, true),
            ["put /api/milestones/{id:int}"] = new(Victim, async () =>
            {
                var id = await N("node");
                var (_, version, planned) = await NodeAsync(id);
                return new Attempt(HttpMethod.Put, $"/api/milestones/{id}", new Core.Milestones.MilestoneInput { PlannedOn = planned, Owner = "防伪责任人", Version = version });
            }, true),
            ["post /api/milestones/{id:int}/files"] = new(Victim, async () => new Attempt(HttpMethod.Post, $"/api/milestones/{await N("file")}/files", Form: [], File: Pdf, FileName: "防伪批复.pdf"), true),
            ["post /api/reports/{id:int}/photos"] = new(Victim, async () => new Attempt(HttpMethod.Post, $"/api/reports/{(await photoThings["draft"].Value).Report}/photos",
                Form: [], File: Jpeg, FileName: "防伪照片.jpg", FileField: "photo"), true),
            ["delete /api/report-photos/{id:int}"] = new(Victim, async () => new Attempt(HttpMethod.Delete, $"/api/report-photos/{(await photoFiles["photo"].Value).Photo}"), true),
            ["post /api/notices/read"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/notices/read", new { id = (long?)null })), null),
            ["post /api/channels"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/channels",
                new { name = "防伪接口群", kind = "WeCom", webhookUrl = "http://127.0.0.1:9/hook", enabled = false, version = 0 })), true),
            ["put /api/channels/{id:int}"] = new(Victim, async () =>
            {
                var (id, version) = await ChannelAsync("防伪接口修改群");
                return new Attempt(HttpMethod.Put, $"/api/channels/{id}", new { name = "防伪接口修改群", kind = "WeCom", webhookUrl = "http://127.0.0.1:9/hook2", enabled = false, version });
            }, true),
            ["post /api/channels/{id:int}/test"] = new(Victim, async () => new Attempt(HttpMethod.Post, $"/api/channels/{(await ChannelAsync("防伪接口测试群")).Id}/test"), true),
            // 2027, so that the 2026 year-line scenarios need no reason.
            ["post /api/plans/{year:int}/approve"] = new(Victim, async () =>
            {
                await N("plan2027");
                return new Attempt(HttpMethod.Post, "/api/plans/2027/approve");
            }, true),
            ["post /api/lights/evaluate"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/lights/evaluate?year=2026&month=11")), true),
            ["put /api/lights/rules/{year:int}"] = new(Victim, async () =>
            {
                var (id, version) = await ProgressRuleAsync();
                return new Attempt(HttpMethod.Put, "/api/lights/rules/2026", new[] { new Core.Lights.LightRuleInput(id, true, 10m, 30m, 1, version) });
            }, true),
            ["post /api/projects/{id:int}/light-exemptions"] = new(Victim, async () => new Attempt(HttpMethod.Post, $"/api/projects/{await LT("exempt")}/light-exemptions",
                new { kind = "Progress", reason = "防伪接口正当理由", fromYear = 2026, fromMonth = 11 }), true),
            ["post /api/light-exemptions/{id:int}/revoke"] = new(Victim, async () =>
            {
                var id = await LT("revoke");
                return new Attempt(HttpMethod.Post, $"/api/light-exemptions/{id}/revoke", new { version = await ExemptionVersionAsync(id) });
            }, true),
            ["put /api/projects/{id:int}/reports/{year:int}/{month:int}"] = new(Victim, async () =>
            {
                var id = await R("put");
                return new Attempt(HttpMethod.Put, $"/api/projects/{id}/reports/2026/10", new Core.Reports.ReportInput { InvestmentMonth = 10m, Version = await MonthVersionAsync(id) });
            }, true),
            ["post /api/reports/{id:int}/approve"] = new(Victim, async () =>
            {
                var id = await R("approve");
                return new Attempt(HttpMethod.Post, $"/api/reports/{id}/approve", new { version = await ReportVersionAsync(id) });
            }, true),
            ["post /api/reports/{id:int}/return"] = new(Victim, async () =>
            {
                var id = await R("return");
                return new Attempt(HttpMethod.Post, $"/api/reports/{id}/return", new { version = await ReportVersionAsync(id), reason = "防伪退回" });
            }, true),
            ["post /api/reports/{id:int}/correct"] = new(Victim, async () =>
            {
                var id = await R("correct");
                return new Attempt(HttpMethod.Post, $"/api/reports/{id}/correct",
                    new { report = new Core.Reports.ReportInput { InvestmentMonth = 20m, Version = await ReportVersionAsync(id) }, reason = "防伪更正" });
            }, true),
            ["put /api/reports/settings"] = new(Victim, async () => new Attempt(HttpMethod.Put, "/api/reports/settings",
                new { deadlineDay = 24, reminderDays = 2, version = await SettingsVersionAsync() }), true),
            ["post /api/projects"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/projects",
                new { project = new ProjectDetails { Name = "防伪新建项目", RegionId = cx.RegionId, TotalInvestment = 100m } })), true),
            ["put /api/projects/{id:int}"] = new(Victim, async () =>
            {
                var id = await P("update");
                return new Attempt(HttpMethod.Put, $"/api/projects/{id}",
                    new { project = new ProjectDetails { Name = "防伪修改项目（改）", RegionId = cx.RegionId, TotalInvestment = 2_000m }, version = await ProjectVersionAsync(id) });
            }, true),
            ["delete /api/projects/{id:int}"] = new(Victim, async () =>
            {
                var id = await P("delete");
                return new Attempt(HttpMethod.Delete, $"/api/projects/{id}?version={await ProjectVersionAsync(id)}");
            }, true),
            ["post /api/projects/{id:int}/restore"] = new(Victim, async () =>
            {
                var id = await P("restore");
                return new Attempt(HttpMethod.Post, $"/api/projects/{id}/restore?version={await ProjectVersionAsync(id)}");
            }, true),
            ["post /api/projects/{id:int}/contact-phone"] = new(Victim, async () => new Attempt(HttpMethod.Post, $"/api/projects/{await P("phone")}/contact-phone"), true),
            ["put /api/projects/{id:int}/years/{year:int}"] = new(Victim, async () => new Attempt(HttpMethod.Put, $"/api/projects/{await P("year")}/years/2026",
                new ProjectYearInput { InPlan = true, NatureId = cx.NatureId, AnnualPlan = 300m, PlannedStartMonth = 4 }), true),
            ["post /api/reference/tags"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/reference/tags", new TagInput { Name = "防伪接口标签", SortOrder = 90 })), true),
            ["put /api/reference/tags/{id:int}"] = new(Victim, async () =>
            {
                var tag = await Db(db => db.Tags.OrderBy(t => t.Id).FirstAsync());
                return new Attempt(HttpMethod.Put, $"/api/reference/tags/{tag.Id}", new TagInput { Name = tag.Name + "（防伪）", SortOrder = tag.SortOrder, IsActive = true, Version = tag.Version });
            }, true),
            ["put /api/regions/{id:int}"] = new(SysAdmin, async () =>
            {
                var r = await Db(db => db.Regions.SingleAsync(x => x.Key == "220172"));
                return new Attempt(HttpMethod.Put, $"/api/regions/{r.Id}", new RegionInput { Name = r.Name + "（防伪）", ShortNames = "", SortOrder = r.SortOrder, IsActive = true, Version = r.Version });
            }, true),
            ["post /api/regions/{parentId:int}/children"] = new(SysAdmin, async () =>
                new Attempt(HttpMethod.Post, $"/api/regions/{await app.RegionIdAsync("220100")}/children",
                    new NewRegionInput { Key = "csrf-api-area", Name = "防伪接口管理区", Kind = RegionKind.Area, SortOrder = 90 }), true),
            ["post /api/reference/{kind}"] = new(SysAdmin, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/reference/Stage",
                new LookupInput { Code = "csrf-api", Name = "防伪接口阶段", SortOrder = 90 })), true),
            ["put /api/reference/{kind}/{id:int}"] = new(SysAdmin, async () =>
            {
                var l = await Db(db => db.Lookups.Where(x => x.Kind == LookupKind.Stage).OrderBy(x => x.Id).FirstAsync());
                return new Attempt(HttpMethod.Put, $"/api/reference/Stage/{l.Id}",
                    new LookupInput { Name = l.Name + "（防伪）", Meaning = l.Meaning, SortOrder = l.SortOrder, IsActive = true, Version = l.Version });
            }, true),
            ["post /api/imports"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/imports", Form: F(("asOf", "2026-10-31")), File: ImportFile("防伪接口上传项目"))), true),
            ["post /api/imports/{id:int}/options"] = new(Victim, async () =>
            {
                var id = await B("options");
                return new Attempt(HttpMethod.Post, $"/api/imports/{id}/options", new { version = await BatchVersionAsync(id), options = new Core.Imports.ImportOptions { Year = 2026 } });
            }, true),
            ["post /api/imports/{id:int}/commit"] = new(Victim, async () =>
            {
                var id = await B("commit");
                return new Attempt(HttpMethod.Post, $"/api/imports/{id}/commit?wait=true", new { version = await BatchVersionAsync(id) });
            }, true),
            ["post /api/imports/{id:int}/rollback"] = new(Victim, async () =>
            {
                var id = await B("rollback");
                return new Attempt(HttpMethod.Post, $"/api/imports/{id}/rollback", new { version = await BatchVersionAsync(id) });
            }, true),
            ["post /api/imports/mappings"] = new(Victim, async () => new Attempt(HttpMethod.Post, "/api/imports/mappings", new { name = "防伪接口映射", batchId = await B("mapping") }), true),
            ["post /api/projects/{id:int}/service-logs"] = new(Victim, async () => new Attempt(HttpMethod.Post,
                $"/api/projects/{await Once("api-log-project", () => ProjectAsync("防伪接口走访项目", cx))}/service-logs", new { kind = "SiteVisit", note = "防伪走访记录" }), true),
            ["put /api/service-logs/{id:int}"] = new(Victim, async () =>
            {
                var log = await Once("api-log-correct", () => ServiceLogAsync("防伪接口走访更正项目", cx));
                return new Attempt(HttpMethod.Put, $"/api/service-logs/{log}", new { kind = "Contact", note = "防伪更正", version = await ServiceLogVersionAsync(log) });
            }, true),
            ["delete /api/service-logs/{id:int}"] = new(Victim, async () =>
            {
                var log = await Once("api-log-remove", () => ServiceLogAsync("防伪接口走访删除项目", cx));
                return new Attempt(HttpMethod.Delete, $"/api/service-logs/{log}?version={await ServiceLogVersionAsync(log)}");
            }, true),
            ["post /api/service-logs/{id:int}/photos"] = new(Victim, async () => new Attempt(HttpMethod.Post,
                $"/api/service-logs/{await Once("api-log", () => ServiceLogAsync("防伪接口走访照片项目", cx))}/photos", Form: [], File: Jpeg, FileName: "防伪走访.jpg", FileField: "photo"), true),
            ["post /api/leader-visits"] = new(Victim, async () => new Attempt(HttpMethod.Post, "/api/leader-visits", new
            {
                projectId = await Once("api-visit-project", () => ProjectAsync("防伪接口领导走访项目", cx)), leaderId = await Once("leader", LeaderAsync), on = "2026-12-01", purpose = "防伪走访",
            }), true),
            ["post /api/leader-visits/{id:int}/done"] = new(Victim, async () =>
            {
                var id = await Once("api-visit-done", () => VisitAsync("防伪接口走访完成项目", cx, "2026-11-22"));
                return new Attempt(HttpMethod.Post, $"/api/leader-visits/{id}/done", new { note = "防伪走访情况", version = await VisitVersionAsync(id) });
            }, true),
            ["post /api/task-forces"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/api/task-forces", new { name = "防伪接口专班", regionId = cx.RegionId }, null)), true),
            ["put /api/task-forces/{id:int}"] = new(Victim, async () =>
            {
                var id = await Once("api-tf-put", () => TaskForceAsync("防伪接口修改专班", cx));
                return new Attempt(HttpMethod.Put, $"/api/task-forces/{id}", new { name = "防伪接口修改专班", regionId = cx.RegionId, duty = "改了职责", version = await TaskForceVersionAsync(id) });
            }, true),
            ["post /api/task-forces/{id:int}/members"] = new(Victim, async () => new Attempt(HttpMethod.Post,
                $"/api/task-forces/{await Once("api-tf-member", () => TaskForceAsync("防伪接口成员专班", cx))}/members", new { personId = await Once("leader", LeaderAsync), duty = "统筹" }), true),
            ["delete /api/task-forces/{id:int}/members/{memberId:int}"] = new(Victim, async () =>
            {
                var id = await Once("api-tf-unmember", () => TaskForceAsync("防伪接口移除成员专班", cx));
                var member = await Once("api-tf-unmember-m", () => MemberAsync(id));
                return new Attempt(HttpMethod.Delete, $"/api/task-forces/{id}/members/{member}");
            }, true),
            ["post /api/task-forces/{id:int}/projects"] = new(Victim, async () => new Attempt(HttpMethod.Post,
                $"/api/task-forces/{await Once("api-tf-follow", () => TaskForceAsync("防伪接口跟踪专班", cx))}/projects",
                new { projectId = await Once("api-tf-follow-p", () => ProjectAsync("防伪接口专班项目", cx)) }), true),
            ["delete /api/task-forces/{id:int}/projects/{projectId:int}"] = new(Victim, async () =>
            {
                var id = await Once("api-tf-unfollow", () => TaskForceAsync("防伪接口不再跟踪专班", cx));
                var project = await Once("api-tf-unfollow-p", () => FollowedAsync(id, "防伪接口不再跟踪项目", cx));
                return new Attempt(HttpMethod.Delete, $"/api/task-forces/{id}/projects/{project}");
            }, true),
            ["post /api/leader-visits/{id:int}/cancel"] = new(Victim, async () =>
            {
                var id = await Once("api-visit-cancel", () => VisitAsync("防伪接口走访取消项目", cx, "2026-12-01"));
                return new Attempt(HttpMethod.Post, $"/api/leader-visits/{id}/cancel", new { reason = "防伪取消", version = await VisitVersionAsync(id) });
            }, true),
        };
    }

    private Dictionary<string, Scenario> PageScenarios(Context cx)
    {
        Task<T> Db<T>(Func<Core.Data.TiaoduDb, Task<T>> f) => app.WithDbAsync(f);
        var lazy = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["restore"] = new(() => ProjectAsync("页面防伪恢复项目", cx, deleted: true)),
            ["phone"] = new(() => ProjectAsync("页面防伪电话项目", cx)),
            ["edit"] = new(() => ProjectAsync("页面防伪修改项目", cx)),
            ["year"] = new(() => ProjectAsync("页面防伪年度项目", cx)),
            ["delete"] = new(() => ProjectAsync("页面防伪删除项目", cx)),
        };
        var pageLeads = new Dictionary<string, Lazy<Task<(int Id, int Version)>>>(StringComparer.Ordinal)
        {
            ["edit"] = new(() => LeadAsync("页面防伪招商修改", cx, Core.Attraction.LeadStage.Clue, dropped: false)),
            ["move"] = new(() => LeadAsync("页面防伪招商推进", cx, Core.Attraction.LeadStage.Clue, dropped: false)),
            ["drop"] = new(() => LeadAsync("页面防伪招商放弃", cx, Core.Attraction.LeadStage.Clue, dropped: false)),
            ["revive"] = new(() => LeadAsync("页面防伪招商恢复", cx, Core.Attraction.LeadStage.Clue, dropped: true)),
            ["convert"] = new(() => LeadAsync("页面防伪招商转入", cx, Core.Attraction.LeadStage.Contracted, dropped: false)),
            ["document"] = new(() => LeadAsync("页面防伪招商材料", cx, Core.Attraction.LeadStage.Clue, dropped: false)),
        };
        var pageLeadImports = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["commit"] = new(() => VictimLeadImportAsync(cx, "页面防伪招商确认导入", commit: false)),
            ["rollback"] = new(() => VictimLeadImportAsync(cx, "页面防伪招商撤销导入", commit: true)),
            ["map"] = new(() => VictimLeadImportAsync(cx, "页面防伪招商列对应", commit: false)),
        };
        var pageDocument = new Lazy<Task<int>>(async () => await LeadDocumentAsync(cx, (await pageLeads["document"].Value).Id, "页面防伪删除材料.pdf"));
        async Task<Attempt> OnLead(string key, string handler, params (string Key, string Value)[] fields)
        {
            var (id, version) = await pageLeads[key].Value;
            return new Attempt(HttpMethod.Post, $"/attraction/{id}?handler={handler}", Form: F([.. fields, ("version", Text(version))]));
        }

        Task<int> P(string key) => lazy[key].Value;
        var batches = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["options"] = new(() => VictimBatchAsync(cx, "页面防伪选项项目", commit: false)),
            ["confirm"] = new(() => VictimBatchAsync(cx, "页面防伪确认项目", commit: false)),
            ["rollback"] = new(() => VictimBatchAsync(cx, "页面防伪撤销项目", commit: true)),
            ["mapping"] = new(() => VictimBatchAsync(cx, "页面防伪映射项目", commit: false)),
        };
        Task<int> B(string key) => batches[key].Value;
        var reports = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["save"] = new(() => ProjectAsync("页面防伪月报草稿项目", cx, withLine: true)),
            ["submit"] = new(() => ProjectAsync("页面防伪月报提交项目", cx, withLine: true)),
            ["approve"] = new(() => ReportAsync("页面防伪审核项目", cx, approve: false)),
            ["return"] = new(() => ReportAsync("页面防伪退回项目", cx, approve: false)),
            ["correct"] = new(() => ReportAsync("页面防伪更正项目", cx, approve: true)),
        };
        Task<int> R(string key) => reports[key].Value;
        var lightThings = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["exempt"] = new(() => ProjectAsync("页面防伪正当理由项目", cx, withLine: true)),
            ["revoke"] = new(() => ExemptionAsync("页面防伪撤销理由项目", cx)),
        };
        Task<int> LT(string key) => lightThings[key].Value;
        var photoThings = new Dictionary<string, Lazy<Task<(int Project, int Report)>>>(StringComparer.Ordinal) { ["draft"] = new(() => DraftAsync("页面防伪照片项目", cx)) };
        var photoFiles = new Dictionary<string, Lazy<Task<(int Project, int Photo)>>>(StringComparer.Ordinal) { ["photo"] = new(() => PhotoAsync("页面防伪删照片项目", cx)) };
        var nodes = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["plan"] = new(() => ProjectAsync("页面防伪节点计划项目", cx, withLine: true)),
            ["plan2025"] = new(() => PlanYearAsync("页面防伪年度计划项目", cx, 2025)),
            ["node"] = new(() => MilestoneAsync("页面防伪节点填报项目", cx)),
            ["file"] = new(() => MilestoneAsync("页面防伪节点材料项目", cx)),
        };
        Task<int> N(string key) => nodes[key].Value;
        var pageRounds = new Dictionary<string, Lazy<Task<int>>>(StringComparer.Ordinal)
        {
            ["comment"] = new(() => RoundAsync(8, 2, "220104")),
            ["publish"] = new(() => RoundAsync(7, 1, "220104")),
            ["retake"] = new(() => RoundAsync(7, 2, "220104")),
            ["discard"] = new(() => RoundAsync(6, 1, "220112")),
        };
        var pageWatched = new Dictionary<string, Lazy<Task<(int Project, int Entry)>>>(StringComparer.Ordinal)
        {
            ["check"] = new(() => WatchedAsync("页面防伪周监测填报项目", cx)),
            ["remove"] = new(() => WatchedAsync("页面防伪周监测移出项目", cx)),
        };
        var pageToWatch = new Lazy<Task<int>>(() => ProjectAsync("页面防伪周监测列入项目", cx, withLine: true));
        var pageProblems = new Dictionary<string, Lazy<Task<(int Project, int Problem)>>>(StringComparer.Ordinal)
        {
            ["deadline"] = new(() => ProblemAsync("页面防伪问题时限项目", cx, resolved: false)),
            ["resolve"] = new(() => ProblemAsync("页面防伪问题办结项目", cx, resolved: false)),
            ["reopen"] = new(() => ProblemAsync("页面防伪问题重开项目", cx, resolved: true)),
        };
        var pageLed = new Dictionary<string, Lazy<Task<(int Problem, int Notice)>>>(StringComparer.Ordinal)
        {
            ["assign"] = new(() => LedProblemAsync("页面防伪问题交办项目", cx)),
            ["deadline"] = new(() => LedProblemAsync("页面防伪问题延期项目", cx)),
            ["escalate"] = new(() => LedProblemAsync("页面防伪问题提级项目", cx)),
            ["supervise"] = new(() => LedProblemAsync("页面防伪问题督办项目", cx)),
            ["closeout"] = new(() => LedProblemAsync("页面防伪问题销号项目", cx)),
            ["reopen"] = new(async () =>
            {
                var led = await LedProblemAsync("页面防伪问题重新打开项目", cx);
                await app.WithDbAsync(async db =>
                {
                    (await db.Problems.SingleAsync(p => p.Id == led.Problem)).Resolve("已解决", "防伪", new DateOnly(2026, 11, 2));
                    return await db.SaveChangesAsync();
                });
                return led;
            }),
            ["reply"] = new(() => LedProblemAsync("页面防伪问题反馈项目", cx)),
            ["propose"] = new(() => LedProblemAsync("页面防伪问题申请销号项目", cx)),
            ["answer"] = new(() => LedProblemAsync("页面防伪督办反馈项目", cx, withNotice: true)),
            ["meeting"] = new(async () =>
            {
                var problem = await LedProblemAsync("页面防伪联席会议议题项目", cx);
                await app.WithDbAsync(async db =>
                {
                    (await db.Problems.SingleAsync(p => p.Id == problem.Problem)).Escalate(Core.Problems.ProblemLevel.JointMeeting);
                    return await db.SaveChangesAsync();
                });
                return problem;
            }),
        };
        var pageToInstruct = new Lazy<Task<int>>(() => ProjectAsync("页面防伪批示项目", cx, withLine: true));
        var pageInstructed = new Lazy<Task<(int Project, int Instruction)>>(() => InstructedAsync("页面防伪批示回复项目", cx));
        var pageMeetings = new Dictionary<string, Lazy<Task<(int Meeting, int Item, int Decision)>>>(StringComparer.Ordinal)
        {
            ["assemble"] = new(() => MeetingAsync("页面防伪汇集议题会议")),
            ["topic"] = new(() => MeetingAsync("页面防伪添加议题会议")),
            ["remove"] = new(() => MeetingAsync("页面防伪移出议题会议")),
            ["decide"] = new(() => MeetingAsync("页面防伪议定会议")),
            ["hold"] = new(() => MeetingAsync("页面防伪召开会议")),
            ["done"] = new(() => MeetingAsync("页面防伪落实会议", withDecision: true)),
        };
        async Task<Attempt> OnProblem(string key, string handler, params (string Name, string Value)[] fields)
        {
            var (id, notice) = await pageLed[key].Value;
            var form = fields.Append(("version", Text(await ProblemVersionAsync(id))));
            if (notice != 0)
            {
                form = fields.Append(("noticeId", Text(notice))).Append(("version", Text(await NoticeVersionAsync(notice))));
            }

            return new Attempt(HttpMethod.Post, $"/problems/{id}?handler={handler}", Form: F([.. form]));
        }

        var pageRegionRule = new Lazy<Task<int>>(async () =>
        {
            using var api = app.Api();
            var created = await api.PostAsJsonAsync("/api/lights/rules/2026/regions", new { kind = "MilestoneOverdue", region = "220105" }, Json.Options);
            await created.EnsureSuccessAsync();
            return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        });
        async Task<string> ReportPage(int reportId) =>
            await Db(db => db.MonthlyReports.Where(r => r.Id == reportId).Select(r => "/projects/" + r.ProjectId + "/reports/2026/10").SingleAsync());
        async Task<Attempt> Fill(string key, string handler)
        {
            var id = await R(key);
            var version = await MonthVersionAsync(id);
            return new Attempt(HttpMethod.Post, $"/projects/{id}/reports/2026/10?handler={handler}",
                Form: F(("Input.InvestmentMonth", "10"), ("Input.Version", version is { } v ? Text(v) : "")));
        }

        Task<int> AccountVersion() => Db(db => db.Accounts.Where(a => a.Id == cx.TargetAccount).Select(a => a.Version).SingleAsync());
        var target = "/admin/account/" + Text(cx.TargetAccount);

        return new Dictionary<string, Scenario>(StringComparer.OrdinalIgnoreCase)
        {
            ["post /problems/{id:int}?handler=assign"] = new(Victim, async () =>
            {
                var department = await Db(db => db.Lookups.Where(l => l.Kind == LookupKind.Department).OrderByDescending(l => l.Id).Select(l => l.Id).FirstAsync());
                return await OnProblem("assign", "Assign", ("lead", Text(department)));
            }, true),
            ["post /problems/{id:int}?handler=deadline"] = new(Victim, () => OnProblem("deadline", "Deadline", ("due", "2026-12-31"), ("reason", "防伪延期")), true),
            ["post /problems/{id:int}?handler=escalate"] = new(Victim, () => OnProblem("escalate", "Escalate", ("level", "Thematic"), ("reason", "防伪提级")), true),
            ["post /problems/{id:int}?handler=supervise"] = new(Victim, () => OnProblem("supervise", "Supervise", ("due", "2026-12-02")), true),
            ["post /problems/{id:int}?handler=closeout"] = new(Victim, () => OnProblem("closeout", "CloseOut", ("resolution", "防伪销号")), true),
            ["post /problems/{id:int}?handler=reopen"] = new(Victim, () => OnProblem("reopen", "Reopen", ("reason", "防伪重开")), true),
            ["post /problems/{id:int}?handler=reply"] = new(Desk, () => OnProblem("reply", "Reply", ("text", "防伪反馈")), true),
            ["post /problems/{id:int}?handler=proposeclose"] = new(Desk, () => OnProblem("propose", "ProposeClose", ("resolution", "防伪办结")), true),
            ["post /problems/{id:int}?handler=answer"] = new(Desk, () => OnProblem("answer", "Answer", ("answerText", "防伪反馈督办")), true),
            ["post /attraction?handler=create"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/attraction?handler=Create",
                Form: F(("Name", "页面防伪招商新建"), ("Investor", "防伪投资"), ("RegionId", Text(cx.RegionId)), ("IntendedInvestment", "100")))), true),
            ["post /attraction/{id:int}?handler=edit"] = new(Victim, () => OnLead("edit", "Edit", ("Name", "页面防伪招商改名"), ("Investor", "防伪投资"), ("RegionId", Text(cx.RegionId)), ("IntendedInvestment", "100")), true),
            ["post /attraction/{id:int}?handler=move"] = new(Victim, () => OnLead("move", "Move", ("stage", "Negotiating")), true),
            ["post /attraction/{id:int}?handler=drop"] = new(Victim, () => OnLead("drop", "Drop", ("reason", "页面防伪放弃")), true),
            ["post /attraction/{id:int}?handler=revive"] = new(Victim, () => OnLead("revive", "Revive"), true),
            ["post /attraction/{id:int}?handler=convert"] = new(Victim, () => OnLead("convert", "Convert"), true),
            ["post /attraction/import?handler=upload"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/attraction/import?handler=Upload", Form: F(("region", "220104")),
                File: LeadFile("页面防伪招商导入"), FileName: "页面防伪招商台账.csv")), true),
            ["post /attraction/import?handler=commit"] = new(Victim, async () =>
            {
                var id = await pageLeadImports["commit"].Value;
                return new Attempt(HttpMethod.Post, "/attraction/import?handler=Commit", Form: F(("id", Text(id)), ("version", Text(await LeadImportVersionAsync(id)))));
            }, true),
            ["post /attraction/import?handler=map"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, "/attraction/import?handler=Map", Form: F(("id", Text(await pageLeadImports["map"].Value)), ("col3", "Ignore"), ("was3", "Intended"))), true),
            ["post /attraction/{id:int}?handler=document"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, $"/attraction/{(await pageLeads["document"].Value).Id}?handler=Document", Form: F(), File: "%PDF-1.4 页面防伪"u8.ToArray(), FileName: "页面防伪材料.pdf"), true),
            ["post /attraction/{id:int}?handler=deletedocument"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, $"/attraction/{(await pageLeads["document"].Value).Id}?handler=DeleteDocument", Form: F(("fileId", Text(await pageDocument.Value)))), true),
            ["post /attraction/import?handler=rollback"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, "/attraction/import?handler=Rollback", Form: F(("id", Text(await pageLeadImports["rollback"].Value)))), true),
            ["post /assessment?handler=publish"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/assessment?handler=Publish",
                Form: F(("region", "220200"), ("kind", "Month"), ("year", "2026"), ("number", "10")))), true),
            ["post /assessment?handler=scheme"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/assessment?handler=Scheme",
                Form: F(("year", "2023"), ("name", "页面防伪评分办法"), ("rewardTop", "1"), ("demoteBottom", "1"), ("text", "进度\t开复工率\tCapped\tStartRate\t20\t1\t0.5")))), true),
            ["post /attraction/events?handler=create"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/attraction/events?handler=Create",
                Form: F(("kind", "Ceremony"), ("name", "页面防伪集中签约"), ("on", "2026-11-05"), ("regionId", Text(cx.RegionId))))), true),
            ["post /meetings?handler=call"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/meetings?handler=Call",
                Form: F(("kind", "Dispatch"), ("region", "220104"), ("heldOn", "2026-11-21"), ("title", "页面防伪调度会")))), true),
            ["post /meetings/{id:int}?handler=assemble"] = new(Victim, async () =>
            {
                await pageLed["meeting"].Value;
                return new Attempt(HttpMethod.Post, $"/meetings/{(await pageMeetings["assemble"].Value).Meeting}?handler=Assemble", Form: []);
            }, true),
            ["post /meetings/{id:int}?handler=topic"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, $"/meetings/{(await pageMeetings["topic"].Value).Meeting}?handler=Topic", Form: F(("topic", "页面防伪议题"))), true),
            ["post /meetings/{id:int}?handler=remove"] = new(Victim, async () =>
            {
                var (meeting, item, _) = await pageMeetings["remove"].Value;
                return new Attempt(HttpMethod.Post, $"/meetings/{meeting}?handler=Remove", Form: F(("itemId", Text(item))));
            }, true),
            ["post /meetings/{id:int}?handler=decide"] = new(Victim, async () =>
            {
                var (meeting, item, _) = await pageMeetings["decide"].Value;
                var owner = await Db(DeskDepartmentAsync);
                return new Attempt(HttpMethod.Post, $"/meetings/{meeting}?handler=Decide", Form: F(("itemId", Text(item)), ("text", "页面防伪议定"), ("owner", Text(owner)), ("due", "2026-12-31")));
            }, true),
            ["post /meetings/{id:int}?handler=hold"] = new(Victim, async () =>
            {
                var meeting = (await pageMeetings["hold"].Value).Meeting;
                return new Attempt(HttpMethod.Post, $"/meetings/{meeting}?handler=Hold", Form: F(("summary", "页面防伪召开"), ("version", Text(await MeetingVersionAsync(meeting)))));
            }, true),
            ["post /meetings/decisions?handler=done"] = new(Desk, async () =>
            {
                var decision = (await pageMeetings["done"].Value).Decision;
                return new Attempt(HttpMethod.Post, "/meetings/decisions?handler=Done", Form: F(("decisionId", Text(decision)), ("note", "页面防伪落实"), ("version", Text(await DecisionVersionAsync(decision)))));
            }, true),
            ["post /projects/{id:int}/instructions?handler=give"] = new(Leader, async () =>
                new Attempt(HttpMethod.Post, $"/projects/{await pageToInstruct.Value}/instructions?handler=Give", Form: F(("text", "页面防伪批示"))), true),
            ["post /projects/{id:int}/instructions?handler=reply"] = new(Victim, async () =>
            {
                var (project, instruction) = await pageInstructed.Value;
                return new Attempt(HttpMethod.Post, $"/projects/{project}/instructions?handler=Reply", Form: F(("instructionId", Text(instruction)), ("text", "页面防伪回复")));
            }, true),
            ["post /problems?handler=settings"] = new(Victim, async () => new Attempt(HttpMethod.Post, "/problems?handler=Settings",
                Form: F(("autoSupervise", "true"), ("noticeDays", "8"), ("escalateAfter", "2"), ("version", Text(await SupervisionVersionAsync())))), true),
            ["post /projects?handler=restore"] = new(Victim, async () =>
            {
                var id = await P("restore");
                return new Attempt(HttpMethod.Post, "/projects?handler=Restore", Form: F(("id", Text(id)), ("version", Text(await ProjectVersionAsync(id)))));
            }, true),
            ["post /projects/{id:int}?handler=revealphone"] = new(Victim, async () => new Attempt(HttpMethod.Post, $"/projects/{await P("phone")}?handler=RevealPhone", Form: []), true),
            ["post /projects/{id:int}/edit"] = new(Victim, async () =>
            {
                var id = await P("edit");
                return new Attempt(HttpMethod.Post, $"/projects/{id}/edit", Form: F(("Input.Name", "页面防伪修改项目（改）"), ("Input.RegionId", Text(cx.RegionId)),
                    ("Input.TotalInvestment", "1000"), ("Input.Version", Text(await ProjectVersionAsync(id)))));
            }, true),
            ["post /projects/new"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/projects/new",
                Form: F(("Input.Name", "页面防伪新建项目"), ("Input.RegionId", Text(cx.RegionId)), ("Input.TotalInvestment", "100")))), true),
            ["post /projects/{id:int}/years/{year:int}"] = new(Victim, async () => new Attempt(HttpMethod.Post, $"/projects/{await P("year")}/years/2026",
                Form: F(("Input.InPlan", "true"), ("Input.NatureId", Text(cx.NatureId)), ("Input.AnnualPlan", "200"))), true),
            ["post /projects/{id:int}/delete"] = new(Victim, async () =>
            {
                var id = await P("delete");
                return new Attempt(HttpMethod.Post, $"/projects/{id}/delete", Form: F(("Version", Text(await ProjectVersionAsync(id)))));
            }, true),
            ["post /imports"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/imports", Form: F(("asOf", "2026-10-31")), File: ImportFile("页面防伪上传项目"))), true),
            ["post /imports/{id:int}?handler=options"] = new(Victim, async () =>
            {
                var id = await B("options");
                return new Attempt(HttpMethod.Post, $"/imports/{id}?handler=Options", Form: F(("version", Text(await BatchVersionAsync(id))), ("year", "2026")));
            }, true),
            ["post /imports/{id:int}?handler=confirm"] = new(Victim, async () =>
            {
                var id = await B("confirm");
                return new Attempt(HttpMethod.Post, $"/imports/{id}?handler=Confirm", Form: F(("version", Text(await BatchVersionAsync(id)))));
            }, true),
            ["post /imports/{id:int}?handler=rollback"] = new(Victim, async () =>
            {
                var id = await B("rollback");
                return new Attempt(HttpMethod.Post, $"/imports/{id}?handler=Rollback", Form: F(("version", Text(await BatchVersionAsync(id)))));
            }, true),
            ["post /imports/{id:int}?handler=mapping"] = new(Victim, async () => new Attempt(HttpMethod.Post, $"/imports/{await B("mapping")}?handler=Mapping",
                Form: F(("name", "页面防伪映射"))), true),
            ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=save"] = new(Victim, () => Fill("save", "Save"), true),
            ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=submit"] = new(Victim, () => Fill("submit", "Submit"), true),
            ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=approve"] = new(Victim, async () =>
            {
                var id = await R("approve");
                return new Attempt(HttpMethod.Post, await ReportPage(id) + "?handler=Approve", Form: F(("Input.Version", Text(await ReportVersionAsync(id)))));
            }, true),
            ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=return"] = new(Victim, async () =>
            {
                var id = await R("return");
                return new Attempt(HttpMethod.Post, await ReportPage(id) + "?handler=Return", Form: F(("Input.Version", Text(await ReportVersionAsync(id))), ("Reason", "页面防伪退回")));
            }, true),
            ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=correct"] = new(Victim, async () =>
            {
                var id = await R("correct");
                return new Attempt(HttpMethod.Post, await ReportPage(id) + "?handler=Correct",
                    Form: F(("Input.InvestmentMonth", "20"), ("Input.Version", Text(await ReportVersionAsync(id))), ("Reason", "页面防伪更正"), ("Correct", "true")));
            }, true),
            ["post /projects/{id:int}/milestones?handler=plan"] = new(Victim, async () =>
            {
                var id = await N("plan");
                var template = await Db(db => db.MilestoneTemplates.Select(t => t.Id).FirstAsync());
                return new Attempt(HttpMethod.Post, $"/projects/{id}/milestones?handler=Plan", Form: F(("templateId", Text(template)), ("targetNode", "开工"), ("targetOn", "2027-05-01"),
                    ("version", Text(await PlanVersionAsync(id)))));
            }, true),
            ["post /projects/{id:int}/milestones?handler=node"] = new(Victim, async () =>
            {
                var id = await N("node");
                var (project, version, planned) = await NodeAsync(id);
                return new Attempt(HttpMethod.Post, $"/projects/{project}/milestones?handler=Node", Form: F(("nodeId", Text(id)), ("plannedOn", planned.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    ("owner", "页面防伪责任人"), ("version", Text(version))));
            }, true),
            ["post /projects/{id:int}/milestones?handler=file"] = new(Victim, async () =>
            {
                var id = await N("file");
                var (project, _, _) = await NodeAsync(id);
                return new Attempt(HttpMethod.Post, $"/projects/{project}/milestones?handler=File", Form: F(("nodeId", Text(id))), File: Pdf, FileName: "页面防伪批复.pdf");
            }, true),
            ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=photo"] = new(Victim, async () =>
                new Attempt(HttpMethod.Post, $"/projects/{(await photoThings["draft"].Value).Project}/reports/2026/10?handler=Photo", Form: [], File: Jpeg, FileName: "页面防伪照片.jpg", FileField: "photo"), true),
            ["post /projects/{id:int}/reports/{year:int}/{month:int}?handler=deletephoto"] = new(Victim, async () =>
            {
                var (project, photo) = await photoFiles["photo"].Value;
                return new Attempt(HttpMethod.Post, $"/projects/{project}/reports/2026/10?handler=DeletePhoto", Form: F(("fileId", Text(photo))));
            }, true),
            ["post /notices?handler=read"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/notices?handler=Read", Form: [])), null),
            ["post /notices?handler=open"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/notices?handler=Open", Form: F(("id", "0")))), null),
            ["post /admin/channels?handler=save"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/admin/channels?handler=Save",
                Form: F(("name", "页面防伪群"), ("kind", "WeCom"), ("webhookUrl", "http://127.0.0.1:9/hook"), ("enabled", "false"), ("version", "0")))), true),
            ["post /admin/channels?handler=test"] = new(Victim, async () => new Attempt(HttpMethod.Post, "/admin/channels?handler=Test",
                Form: F(("id", Text((await ChannelAsync("页面防伪测试群")).Id)))), true),
            ["post /projects/{id:int}?handler=raise"] = new(Victim, async () =>
            {
                var (project, _) = await pageProblems["deadline"].Value;
                var category = await Db(db => db.Lookups.Where(l => l.Kind == LookupKind.ProblemCategory).Select(l => l.Id).FirstAsync());
                return new Attempt(HttpMethod.Post, $"/projects/{project}?handler=Raise", Form: F(("categoryId", Text(category)), ("source", "SiteVisit"), ("description", "页面防伪提出问题")));
            }, true),
            ["post /projects/{id:int}?handler=deadline"] = new(Victim, async () =>
            {
                var (project, id) = await pageProblems["deadline"].Value;
                return new Attempt(HttpMethod.Post, $"/projects/{project}?handler=Deadline", Form: F(("problemId", Text(id)), ("due", "2026-12-31"), ("version", Text(await ProblemVersionAsync(id)))));
            }, true),
            ["post /projects/{id:int}?handler=resolve"] = new(Victim, async () =>
            {
                var (project, id) = await pageProblems["resolve"].Value;
                return new Attempt(HttpMethod.Post, $"/projects/{project}?handler=Resolve", Form: F(("problemId", Text(id)), ("resolution", "页面防伪办结"), ("version", Text(await ProblemVersionAsync(id)))));
            }, true),
            ["post /projects/{id:int}?handler=reopen"] = new(Victim, async () =>
            {
                var (project, id) = await pageProblems["reopen"].Value;
                return new Attempt(HttpMethod.Post, $"/projects/{project}?handler=Reopen", Form: F(("problemId", Text(id)), ("version", Text(await ProblemVersionAsync(id)))));
            }, true),
            ["post /lights/rules?handler=addregion"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/lights/rules?handler=AddRegion&year=2026",
                Form: F(("kind", "ReportMissing"), ("region", "220102")))), true),
            ["post /lights/rules?handler=removeregion"] = new(Victim, async () =>
            {
                var id = await pageRegionRule.Value;
                var version = await Db(db => db.LightRules.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());
                return new Attempt(HttpMethod.Post, "/lights/rules?handler=RemoveRegion&year=2026", Form: F(("ruleId", Text(id)), ("version", Text(version))));
            }, true),
            ["post /milestones/templates"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/milestones/templates",
                Form: F(("name", "页面防伪模板"), ("isActive", "true"), ("nodes[0].Name", "签约"), ("nodes[0].Days", "0"), ("nodes[1].Name", "开工"), ("nodes[1].Days", "30")))), true),
            ["post /account?handler=calendarlink"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account?handler=CalendarLink", Form: [])), true),
            ["post /account?handler=removecalendarlink"] = new(Victim, async () =>
            {
                await HasCalendarLinkAsync(Victim + cx.Suffix);
                return new Attempt(HttpMethod.Post, "/account?handler=RemoveCalendarLink", Form: []);
            }, true),
            ["post /account?handler=notices"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account?handler=Notices",
                Form: F(("email", "csrf.page@ccdrc.test"), ("mode[ReportReturned]", "Both")))), true),
            ["post /admin/notices?handler=mail"] = new(SysAdmin, async () => new Attempt(HttpMethod.Post, "/admin/notices?handler=Mail",
                Form: F(("enabled", "false"), ("host", "127.0.0.1"), ("port", "9"), ("security", "None"), ("fromAddress", "csrf.page@ccdrc.test"), ("fromName", "页面防伪"),
                    ("version", Text(await MailVersionAsync())))), true),
            ["post /admin/notices?handler=test"] = new(SysAdmin, async () =>
            {
                await MailServerAsync();
                return new Attempt(HttpMethod.Post, "/admin/notices?handler=Test", Form: F(("to", "csrf.page.test@ccdrc.test")));
            }, true),
            ["post /admin/notices?handler=roles"] = new(SysAdmin, () => Task.FromResult(new Attempt(HttpMethod.Post, "/admin/notices?handler=Roles",
                Form: F(("on", "email:CityLeader:RoundPublished")))), true),
            ["post /bulletins/preview?handler=publish"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/bulletins/preview?handler=Publish",
                Form: F(("Region", "220104"), ("Year", "2026"), ("Month", "8"), ("NextSteps", "页面防伪通报")))), true),
            ["post /dispatch?handler=take"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/dispatch?handler=Take",
                Form: F(("TakeYear", "2026"), ("TakeMonth", "10"), ("TakeHalf", "2"), ("TakeRegion", "220104")))), true),
            ["post /dispatch/{id:int}?handler=comment"] = new(Victim, async () =>
            {
                var id = await pageRounds["comment"].Value;
                return new Attempt(HttpMethod.Post, $"/dispatch/{id}?handler=Comment", Form: F(("Version", Text(await RoundVersionAsync(id))), ("Summary", "页面防伪调度意见")));
            }, true),
            ["post /dispatch/{id:int}?handler=publish"] = new(Victim, async () =>
            {
                var id = await pageRounds["publish"].Value;
                return new Attempt(HttpMethod.Post, $"/dispatch/{id}?handler=Publish", Form: F(("Version", Text(await RoundVersionAsync(id)))));
            }, true),
            ["post /dispatch/{id:int}?handler=retake"] = new(Victim, async () =>
            {
                var id = await pageRounds["retake"].Value;
                return new Attempt(HttpMethod.Post, $"/dispatch/{id}?handler=Retake", Form: F(("Version", Text(await RoundVersionAsync(id)))));
            }, true),
            ["post /dispatch/{id:int}?handler=discard"] = new(Victim, async () =>
            {
                var id = await pageRounds["discard"].Value;
                return new Attempt(HttpMethod.Post, $"/dispatch/{id}?handler=Discard", Form: F(("Version", Text(await RoundVersionAsync(id)))));
            }, true),
            ["post /dispatch/watch?handler=add"] = new(Victim, async () => new Attempt(HttpMethod.Post, "/dispatch/watch?handler=Add",
                Form: F(("code", Text(await pageToWatch.Value)), ("focus", "页面防伪监测重点"))), true),
            ["post /dispatch/watch?handler=remove"] = new(Victim, async () =>
            {
                var (_, entry) = await pageWatched["remove"].Value;
                return new Attempt(HttpMethod.Post, "/dispatch/watch?handler=Remove", Form: F(("entryId", Text(entry)), ("version", Text(await EntryVersionAsync(entry)))));
            }, true),
            ["post /dispatch/watch?handler=check"] = new(Victim, async () => new Attempt(HttpMethod.Post, "/dispatch/watch?handler=Check&week=2026-11-16",
                Form: F(("projectId", Text((await pageWatched["check"].Value).Project)), ("status", "OnTrack"), ("workers", "8"))), true),
            ["post /plans?handler=approve"] = new(Victim, async () =>
            {
                await N("plan2025");
                return new Attempt(HttpMethod.Post, "/plans?handler=Approve&year=2025", Form: []);
            }, true),
            ["post /lights?handler=evaluate"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/lights?handler=Evaluate&year=2026&month=11", Form: [])), true),
            ["post /lights/rules"] = new(Victim, async () =>
            {
                var (id, version) = await ProgressRuleAsync();
                return new Attempt(HttpMethod.Post, "/lights/rules?year=2026", Form: F(("Rules[0].Id", Text(id)), ("Rules[0].Version", Text(version)), ("Rules[0].Enabled", "true"),
                    ("Rules[0].Yellow", "10"), ("Rules[0].Red", "30"), ("Rules[0].Consecutive", "1")));
            }, true),
            ["post /projects/{id:int}?handler=exempt"] = new(Victim, async () => new Attempt(HttpMethod.Post, $"/projects/{await LT("exempt")}?handler=Exempt",
                Form: F(("kind", "Progress"), ("reason", "页面防伪正当理由"), ("from", "2026-11"))), true),
            ["post /projects/{id:int}?handler=revoke"] = new(Victim, async () =>
            {
                var id = await LT("revoke");
                var project = await Db(db => db.LightExemptions.Where(e => e.Id == id).Select(e => e.ProjectId).SingleAsync());
                return new Attempt(HttpMethod.Post, $"/projects/{project}?handler=Revoke", Form: F(("exemptionId", Text(id)), ("version", Text(await ExemptionVersionAsync(id)))));
            }, true),
            ["post /reports?handler=settings"] = new(Victim, async () => new Attempt(HttpMethod.Post, "/reports?handler=Settings",
                Form: F(("deadlineDay", "23"), ("reminderDays", "2"), ("version", Text(await SettingsVersionAsync())))), true),
            ["post /admin/tags"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/admin/tags",
                Form: F(("Form.Name", "页面防伪标签"), ("Form.SortOrder", "91"), ("Form.IsActive", "true")))), true),
            ["post /admin/regions?handler=update"] = new(SysAdmin, async () =>
            {
                var r = await Db(db => db.Regions.SingleAsync(x => x.Key == "220102"));
                return new Attempt(HttpMethod.Post, $"/Admin/Regions?handler=Update&id={r.Id}", Form: F(("Name", r.Name + "（页面防伪）"), ("ShortNames", ""),
                    ("SortOrder", Text(r.SortOrder)), ("IsActive", "true"), ("Version", Text(r.Version))));
            }, true),
            ["post /admin/regions?handler=add"] = new(SysAdmin, async () => new Attempt(HttpMethod.Post, $"/Admin/Regions?handler=Add&parentId={await app.RegionIdAsync("220100")}",
                Form: F(("Key", "csrf-page-area"), ("Name", "页面防伪管理区"), ("Kind", "Area"), ("SortOrder", "92"))), true),
            ["post /admin/lookups?handler=update"] = new(SysAdmin, async () =>
            {
                var l = await Db(db => db.Lookups.Where(x => x.Kind == LookupKind.Level).OrderBy(x => x.Id).FirstAsync());
                return new Attempt(HttpMethod.Post, $"/Admin/Lookups?handler=Update&id={l.Id}", Form: F(("Name", l.Name + "（页面防伪）"), ("Meaning", l.Meaning ?? ""),
                    ("SortOrder", Text(l.SortOrder)), ("IsActive", "true"), ("Version", Text(l.Version))));
            }, true),
            ["post /admin/lookups?handler=create"] = new(SysAdmin, () => Task.FromResult(new Attempt(HttpMethod.Post, "/Admin/Lookups?handler=Create&kind=Level",
                Form: F(("Code", "csrf-page"), ("Name", "页面防伪级别"), ("SortOrder", "93")))), true),
            ["post /admin/account/{id:int?}"] = new(SysAdmin, async () => new Attempt(HttpMethod.Post, target,
                Form: F(("Form.DisplayName", "防伪目标（改）"), ("Form.RegionId", Text(await app.RegionIdAsync("220000"))), ("Form.Version", Text(await AccountVersion())))), true),
            ["post /admin/account/{id:int?}?handler=active"] = new(SysAdmin, async () => new Attempt(HttpMethod.Post, target + "?handler=Active",
                Form: F(("active", "false"), ("version", Text(await AccountVersion())))), true),
            ["post /admin/account/{id:int?}?handler=unlock"] = new(SysAdmin, () => Task.FromResult(new Attempt(HttpMethod.Post, target + "?handler=Unlock", Form: [])), null),
            ["post /admin/account/{id:int?}?handler=resetpassword"] = new(SysAdmin, () => Task.FromResult(new Attempt(HttpMethod.Post, target + "?handler=ResetPassword",
                Form: F(("temporaryPassword", "Tiaodu-Temp#2026a")))), true),
            ["post /admin/account/{id:int?}?handler=resettwofactor"] = new(SecAdmin, () => Task.FromResult(new Attempt(HttpMethod.Post, target + "?handler=ResetTwoFactor", Form: [])), null),
            ["post /admin/account/{id:int?}?handler=reveal"] = new(SysAdmin, () => Task.FromResult(new Attempt(HttpMethod.Post, target + "?handler=Reveal", Form: F(("field", "phone")))), true),
            ["post /admin/account/{id:int?}?handler=roles"] = new(SecAdmin, async () => new Attempt(HttpMethod.Post, target + "?handler=Roles",
                Form: F(("roles", nameof(Role.Supervision)), ("version", Text(await AccountVersion())))), true),
            ["post /admin/security"] = new(SecAdmin, async () =>
            {
                var s = await Db(db => db.SecuritySettings.SingleAsync());
                return new Attempt(HttpMethod.Post, "/admin/security", Form: F(("Form.PasswordProfile", s.PasswordProfile.ToString()), ("Form.CryptoProfile", s.CryptoProfile.ToString()),
                    ("Form.LockoutThreshold", Text(s.LockoutThreshold)), ("Form.LockoutMinutes", Text(s.LockoutMinutes + 1)), ("Form.IdleMinutes", Text(s.IdleMinutes)),
                    ("Form.AbsoluteHours", Text(s.AbsoluteHours)), ("Form.Version", Text(s.Version))));
            }, true),
            ["post /account/login"] = new(Nobody, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account/login",
                Form: F(("UserName", "nobody.csrf"), ("Password", "Wrong#Password1")))), true),
            ["post /account/two-factor"] = new(Nobody, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account/two-factor", Form: F(("Code", "123456")))), null),
            ["post /setup"] = new(Nobody, () => Task.FromResult(new Attempt(HttpMethod.Post, "/setup", Form: F(("Token", "guess"), ("System.Password", "Tiaodu-Setup#2026")))), null),
            ["post /account?handler=recoverycodes"] = new(Self, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account?handler=RecoveryCodes", Form: [])), null, 1),
            ["post /account?handler=disabletwofactor"] = new(Self, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account?handler=DisableTwoFactor", Form: [])), null, 1),
            ["post /account/enrol"] = new(Self, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account/enrol", Form: F(("Code", "123456")))), null, 1),
            ["post /account/enrol?handler=continue"] = new(Self, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account/enrol?handler=Continue", Form: [])), null, 1),
            ["post /account/enrol?handler=restart"] = new(Self, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account/enrol?handler=Restart", Form: [])), null, 2),
            ["post /account/password"] = new(Self, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account/password",
                Form: F(("CurrentPassword", TiaoduApp.TestPassword), ("NewPassword", "Tiaodu-Csrf#2026b"), ("ConfirmPassword", "Tiaodu-Csrf#2026b")))), true, 3),
            ["post /account/logout"] = new(Self, () => Task.FromResult(new Attempt(HttpMethod.Post, "/account/logout", Form: [])), true, 4),
            ["post /projects/{id:int}/service-log?handler=record"] = new(Victim, async () => new Attempt(HttpMethod.Post,
                $"/projects/{await Once("page-log-project", () => ProjectAsync("页面防伪走访项目", cx))}/service-log?handler=Record", Form: F(("kind", "Contact"), ("note", "页面防伪联系"))), true),
            ["post /projects/{id:int}/service-log?handler=photo"] = new(Victim, async () =>
            {
                var log = await Once("page-log", () => ServiceLogAsync("页面防伪走访照片项目", cx));
                var project = await app.WithDbAsync(db => db.ServiceLogs.Where(l => l.Id == log).Select(l => l.ProjectId).SingleAsync());
                return new Attempt(HttpMethod.Post, $"/projects/{project}/service-log?handler=Photo&logId={log}", Form: [], File: Jpeg, FileName: "页面防伪走访.jpg", FileField: "photo");
            }, true),
            ["post /projects/{id:int}/service-log?handler=correct"] = new(Victim, async () =>
            {
                var log = await Once("page-log-correct", () => ServiceLogAsync("页面防伪走访更正项目", cx));
                var project = await app.WithDbAsync(db => db.ServiceLogs.Where(l => l.Id == log).Select(l => l.ProjectId).SingleAsync());
                return new Attempt(HttpMethod.Post, $"/projects/{project}/service-log?handler=Correct&logId={log}",
                    Form: F(("version", Text(await ServiceLogVersionAsync(log))), ("kind", "Contact"), ("note", "页面防伪更正")));
            }, true),
            ["post /projects/{id:int}/service-log?handler=remove"] = new(Victim, async () =>
            {
                var log = await Once("page-log-remove", () => ServiceLogAsync("页面防伪走访删除项目", cx));
                var project = await app.WithDbAsync(db => db.ServiceLogs.Where(l => l.Id == log).Select(l => l.ProjectId).SingleAsync());
                return new Attempt(HttpMethod.Post, $"/projects/{project}/service-log?handler=Remove&logId={log}", Form: F(("version", Text(await ServiceLogVersionAsync(log)))));
            }, true),
            ["post /accountability/calendar?handler=plan"] = new(Victim, async () => new Attempt(HttpMethod.Post, "/accountability/calendar?handler=Plan", Form: F(
                ("project", Text(await Once("page-visit-project", () => ProjectAsync("页面防伪领导走访项目", cx)))), ("leaderId", Text(await Once("leader", LeaderAsync))),
                ("on", "2026-12-15"), ("purpose", "页面防伪走访"))), true),
            ["post /accountability/calendar?handler=done"] = new(Victim, async () =>
            {
                var id = await Once("page-visit-done", () => VisitAsync("页面防伪走访完成项目", cx, "2026-11-22"));
                return new Attempt(HttpMethod.Post, "/accountability/calendar?handler=Done", Form: F(("visitId", Text(id)), ("version", Text(await VisitVersionAsync(id))), ("note", "页面防伪走访情况")));
            }, true),
            ["post /accountability/task-forces?handler=create"] = new(Victim, () => Task.FromResult(new Attempt(HttpMethod.Post, "/accountability/task-forces?handler=Create",
                Form: F(("name", "页面防伪专班"), ("regionId", Text(cx.RegionId))))), true),
            ["post /accountability/task-forces/{id:int}?handler=save"] = new(Victim, async () =>
            {
                var id = await Once("page-tf-save", () => TaskForceAsync("页面防伪修改专班", cx));
                return new Attempt(HttpMethod.Post, $"/accountability/task-forces/{id}?handler=Save", Form: F(("name", "页面防伪修改专班"), ("regionId", Text(cx.RegionId)),
                    ("duty", "改了职责"), ("isActive", "true"), ("version", Text(await TaskForceVersionAsync(id)))));
            }, true),
            ["post /accountability/task-forces/{id:int}?handler=addmember"] = new(Victim, async () => new Attempt(HttpMethod.Post,
                $"/accountability/task-forces/{await Once("page-tf-member", () => TaskForceAsync("页面防伪成员专班", cx))}?handler=AddMember",
                Form: F(("personId", Text(await Once("leader", LeaderAsync))), ("duty", "统筹"))), true),
            ["post /accountability/task-forces/{id:int}?handler=removemember"] = new(Victim, async () =>
            {
                var id = await Once("page-tf-unmember", () => TaskForceAsync("页面防伪移除成员专班", cx));
                return new Attempt(HttpMethod.Post, $"/accountability/task-forces/{id}?handler=RemoveMember", Form: F(("memberId", Text(await Once("page-tf-unmember-m", () => MemberAsync(id))))));
            }, true),
            ["post /accountability/task-forces/{id:int}?handler=addproject"] = new(Victim, async () => new Attempt(HttpMethod.Post,
                $"/accountability/task-forces/{await Once("page-tf-follow", () => TaskForceAsync("页面防伪跟踪专班", cx))}?handler=AddProject",
                Form: F(("project", Text(await Once("page-tf-follow-p", () => ProjectAsync("页面防伪专班项目", cx)))))), true),
            ["post /accountability/task-forces/{id:int}?handler=removeproject"] = new(Victim, async () =>
            {
                var id = await Once("page-tf-unfollow", () => TaskForceAsync("页面防伪不再跟踪专班", cx));
                var project = await Once("page-tf-unfollow-p", () => FollowedAsync(id, "页面防伪不再跟踪项目", cx));
                return new Attempt(HttpMethod.Post, $"/accountability/task-forces/{id}?handler=RemoveProject", Form: F(("projectId", Text(project))));
            }, true),
            ["post /accountability/calendar?handler=cancel"] = new(Victim, async () =>
            {
                var id = await Once("page-visit-cancel", () => VisitAsync("页面防伪走访取消项目", cx, "2026-12-01"));
                return new Attempt(HttpMethod.Post, "/accountability/calendar?handler=Cancel", Form: F(("visitId", Text(id)), ("version", Text(await VisitVersionAsync(id))), ("reason", "页面防伪取消")));
            }, true),
        };
    }

    private readonly Dictionary<string, Task<int>> _made = new(StringComparer.Ordinal);

    /// <summary>Makes a thing once per test, however often a scenario is built.</summary>
    private Task<int> Once(string key, Func<Task<int>> make)
    {
        if (!_made.TryGetValue(key, out var made))
        {
            _made[key] = made = make();
        }

        return made;
    }

    /// <summary>A leader of the reference list, for planned visits.</summary>
    private Task<int> LeaderAsync() => app.WithDbAsync(async db =>
    {
        var leader = new Person("防伪领导" + Guid.NewGuid().ToString("N")[..4], "副市长", PersonRole.Leader, await db.Regions.Where(r => r.Key == "220104").Select(r => r.Id).SingleAsync());
        db.People.Add(leader);
        await db.SaveChangesAsync();
        return leader.Id;
    });

    /// <summary>A project with one site visit recorded by the test's dispatch account, as the log entry's id.</summary>
    private async Task<int> ServiceLogAsync(string name, Context cx)
    {
        var project = await ProjectAsync(name, cx);
        using var api = app.Api();
        var response = await api.PostAsJsonAsync($"/api/projects/{project}/service-logs", new { kind = "SiteVisit", note = name + "走访" }, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
    }

    private Task<int> ServiceLogVersionAsync(int log) => app.WithDbAsync(db => db.ServiceLogs.Where(l => l.Id == log).Select(l => l.Version).SingleAsync());

    /// <summary>A leader's visit planned on a new project by the test's dispatch account, as its id.</summary>
    private async Task<int> VisitAsync(string name, Context cx, string on)
    {
        var project = await ProjectAsync(name, cx);
        var leader = await Once("leader", LeaderAsync);
        using var api = app.Api();
        var response = await api.PostAsJsonAsync("/api/leader-visits", new { projectId = project, leaderId = leader, on, purpose = name }, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>A task force of the test region made by the test's dispatch account, as its id.</summary>
    private async Task<int> TaskForceAsync(string name, Context cx)
    {
        using var api = app.Api();
        var response = await api.PostAsJsonAsync("/api/task-forces", new { name, regionId = cx.RegionId }, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>A member (a leader of the reference list) added to a task force, as the member's id.</summary>
    private async Task<int> MemberAsync(int taskForce)
    {
        using var api = app.Api();
        var response = await api.PostAsJsonAsync($"/api/task-forces/{taskForce}/members", new { personId = await Once("leader", LeaderAsync), duty = "统筹" }, Json.Options);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>A new project the task force follows, as the project's id.</summary>
    private async Task<int> FollowedAsync(int taskForce, string name, Context cx)
    {
        var project = await ProjectAsync(name, cx);
        using var api = app.Api();
        await (await api.PostAsJsonAsync($"/api/task-forces/{taskForce}/projects", new { projectId = project }, Json.Options)).EnsureSuccessAsync();
        return project;
    }

    private Task<int> TaskForceVersionAsync(int id) => app.WithDbAsync(db => db.TaskForces.Where(t => t.Id == id).Select(t => t.Version).SingleAsync());

    private Task<int> VisitVersionAsync(int id) => app.WithDbAsync(db => db.LeaderVisits.Where(v => v.Id == id).Select(v => v.Version).SingleAsync());

    /// <summary>Everything a forged request could change, part by part.</summary>
    private async Task<Dictionary<string, string>> FingerprintAsync()
    {
        await SettleImportsAsync();
        return await app.WithDbAsync(FingerprintOfAsync);
    }

    private static async Task<Dictionary<string, string>> FingerprintOfAsync(Core.Data.TiaoduDb db)
    {
        static string Join<T>(IEnumerable<T> rows) => string.Join(";", rows);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["audit entries"] = Text(await db.AuditEntries.CountAsync()),
            ["projects"] = Join((await db.Projects.OrderBy(p => p.Id).Select(p => new { p.Id, p.Version, p.IsDeleted, p.Name }).ToListAsync())),
            ["year lines"] = Join((await db.ProjectYears.OrderBy(y => y.Id).Select(y => new { y.Id, y.Version }).ToListAsync())),
            ["regions"] = Join((await db.Regions.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version, r.Name }).ToListAsync())),
            ["lookups"] = Join((await db.Lookups.OrderBy(l => l.Id).Select(l => new { l.Id, l.Version, l.Name }).ToListAsync())),
            ["tags"] = Join((await db.Tags.OrderBy(t => t.Id).Select(t => new { t.Id, t.Version, t.Name }).ToListAsync())),
            ["accounts"] = Join((await db.Accounts.OrderBy(a => a.Id).ToListAsync()).Select(a => new
            {
                a.Id, a.Version, a.DisplayName, a.IsActive, a.SecurityStamp, a.PasswordHash, a.TwoFactorEnabled, a.AuthenticatorKey, a.RecoveryCodes, a.CalendarTokenHash,
                a.LockoutEnd, a.AccessFailedCount, a.CanRevealPersonalData,
            })),
            ["account roles"] = Join((await db.AccountRoles.Select(r => new { r.AccountId, r.Role }).ToListAsync()).OrderBy(r => r.AccountId).ThenBy(r => r.Role)),
            ["security settings"] = Join(await db.SecuritySettings.Select(s => s.Version).ToListAsync()),
            ["ended sessions"] = Text(await db.Sessions.CountAsync(s => s.EndedAt != null)),
            ["import batches"] = Join(await db.ImportBatches.OrderBy(b => b.Id).Select(b => new { b.Id, b.Version }).ToListAsync()),
            ["import mappings"] = Join(await db.ImportMappings.OrderBy(m => m.Id).Select(m => new { m.Id, m.Version, m.Name }).ToListAsync()),
            ["monthly reports"] = Join(await db.MonthlyReports.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version }).ToListAsync()),
            ["report settings"] = Join(await db.ReportSettings.Select(x => x.Version).ToListAsync()),
            ["light rules"] = Join(await db.LightRules.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version }).ToListAsync()),
            ["light exemptions"] = Join(await db.LightExemptions.OrderBy(e => e.Id).Select(e => new { e.Id, e.Version }).ToListAsync()),
            ["milestones"] = Join(await db.Milestones.OrderBy(m => m.Id).Select(m => new { m.Id, m.Version }).ToListAsync()),
            ["milestone templates"] = Join(await db.MilestoneTemplates.OrderBy(t => t.Id).Select(t => new { t.Id, t.Version }).ToListAsync()),
            ["milestone plans"] = Join(await db.MilestonePlans.OrderBy(p => p.ProjectId).Select(p => new { p.ProjectId, p.Version }).ToListAsync()),
            ["stored files"] = Text(await db.StoredFiles.CountAsync()),
            ["year plans"] = Join(await db.YearPlans.OrderBy(p => p.Year).Select(p => p.Year).ToListAsync()),
            ["channels"] = Join(await db.NotificationChannels.OrderBy(c => c.Id).Select(c => new { c.Id, c.Version }).ToListAsync()),
            ["outbox"] = Text(await db.OutboxMessages.CountAsync()),
            ["read notices"] = Text(await db.Notices.CountAsync(n => n.ReadAt != null)),
            ["problems"] = Join(await db.Problems.OrderBy(p => p.Id).Select(p => new { p.Id, p.Version }).ToListAsync()),
            ["problem actions"] = Text(await db.ProblemActions.CountAsync()),
            ["supervision notices"] = Join(await db.SupervisionNotices.OrderBy(n => n.Id).Select(n => new { n.Id, n.Version }).ToListAsync()),
            ["supervision settings"] = Join(await db.SupervisionSettings.Select(x => x.Version).ToListAsync()),
            ["meetings"] = Join(await db.Meetings.OrderBy(m => m.Id).Select(m => new { m.Id, m.Version }).ToListAsync()),
            ["meeting items"] = Join(await db.MeetingItems.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync()),
            ["instructions"] = Text(await db.Instructions.CountAsync()),
            ["leads"] = Join(await db.Leads.OrderBy(l => l.Id).Select(l => new { l.Id, l.Version }).ToListAsync()),
            ["lead steps"] = Text(await db.LeadSteps.CountAsync()),
            ["scoring schemes"] = Join(await db.ScoringSchemes.OrderBy(x => x.Id).Select(x => new { x.Id, x.Version }).ToListAsync()),
            ["assessment results"] = Text(await db.AssessmentResults.CountAsync()),
            ["lead imports"] = Join(await db.LeadImports.OrderBy(i => i.Id).Select(i => new { i.Id, i.Version }).ToListAsync()),
            ["attraction events"] = Join(await db.AttractionEvents.OrderBy(e => e.Id).Select(e => new { e.Id, e.Version, e.Name }).ToListAsync()),
            ["instruction replies"] = Text(await db.InstructionReplies.CountAsync()),
            ["meeting decisions"] = Join(await db.MeetingDecisions.OrderBy(d => d.Id).Select(d => new { d.Id, d.Version }).ToListAsync()),
            ["bulletins"] = Join(await db.Set<Core.Bulletins.Bulletin>().OrderBy(b => b.Id).Select(b => b.Id).ToListAsync()),
            ["dispatch rounds"] = Join(await db.DispatchRounds.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version }).ToListAsync()),
            ["dispatch comments"] = Join(await db.DispatchItems.Where(i => i.Comment != null).OrderBy(i => i.Id).Select(i => new { i.Id, i.Version }).ToListAsync()),
            ["watch list"] = Join(await db.WatchEntries.OrderBy(w => w.Id).Select(w => new { w.Id, w.Version }).ToListAsync()),
            ["notice settings"] = Join((await db.RoleNoticeSettings.Select(x => new { R = x.Role.ToString(), T = x.Topic.ToString(), x.InApp, x.Email }).ToListAsync())
                .Concat((await db.AccountNoticeSettings.Select(x => new { x.AccountId, x.Topic, x.InApp, x.Email }).ToListAsync())
                    .Select(x => new { R = Text(x.AccountId), T = x.Topic.ToString(), x.InApp, x.Email })).OrderBy(x => x.R).ThenBy(x => x.T)),
            ["mail settings"] = Join(await db.MailSettings.Select(m => m.Version).ToListAsync()),
            ["mail outbox"] = Text(await db.MailMessages.CountAsync()),
            ["weekly checks"] = Join(await db.WeeklyChecks.OrderBy(c => c.Id).Select(c => new { c.Id, c.Version }).ToListAsync()),
            ["service logs"] = Join(await db.ServiceLogs.OrderBy(l => l.Id).Select(l => new { l.Id, l.Version }).ToListAsync()),
            ["leader visits"] = Join(await db.LeaderVisits.OrderBy(v => v.Id).Select(v => new { v.Id, v.Version }).ToListAsync()),
            ["task forces"] = Join(await db.TaskForces.OrderBy(t => t.Id).Select(t => new { t.Id, t.Version }).ToListAsync()),
            ["task force members"] = Join(await db.TaskForceMembers.OrderBy(m => m.Id).Select(m => m.Id).ToListAsync()),
            ["task force projects"] = Join(await db.TaskForceProjects.OrderBy(p => p.TaskForceId).ThenBy(p => p.ProjectId).Select(p => new { p.TaskForceId, p.ProjectId }).ToListAsync()),
        };
    }

    private static string? Difference(Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var changed = before.Keys.Where(k => before[k] != after[k]).ToList();
        return changed.Count == 0 ? null : string.Join("、", changed);
    }
}
