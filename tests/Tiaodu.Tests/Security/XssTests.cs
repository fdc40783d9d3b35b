using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Imports;
using Tiaodu.Tests.Infrastructure;
using Tiaodu.Web.Api;

namespace Tiaodu.Tests.Security;

/// <summary>
/// Stored and reflected cross-site scripting: markup mixed into every Chinese free-text field the pages show
/// (project, owner, contact, content, tag, region, reference entry, person, account name and unit) and into
/// query strings comes back encoded on every page — never as live markup, event handler or javascript: link.
/// </summary>
public sealed class XssTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const string Script = "调度<script>alert('xss')</script>";
    private const string Img = "\"><img src=x onerror=alert(1)>项目";
    private const string Js = "javascript:alert(1)";
    private const string Svg = "专班'><svg onload=alert(3)>";
    private const string Quote = "单位' autofocus onfocus='alert(4)";

    private static readonly string[] Payloads = [Script, Img, Js, Svg, Quote];

    /// <summary>What must never appear in a page's source: the payloads' markup, unencoded.</summary>
    private static readonly string[] RawMarkup = ["<script>alert", "<img src=x onerror", "<svg onload", "onfocus='alert"];

    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "hx-get", "hx-post", "hx-put", "hx-delete", "data-href"];

    private static readonly HtmlParser Parser = new();

    /// <summary>A page to read as <see cref="Who"/>, and the payloads it is known to show (so the check is not vacuous).</summary>
    private sealed record Visit(string Who, string Url, params string[] Shows);

    [Fact]
    public async Task Markup_in_chinese_text_fields_and_query_strings_comes_back_encoded_on_every_page()
    {
        var chaoyang = await app.RegionIdAsync("220104");
        using var sysadmin = await AuthorizationMatrixTests.AdministratorClientAsync(app, "xss.sysadmin", Role.SystemAdmin);
        using var auditor = await AuthorizationMatrixTests.AdministratorClientAsync(app, "xss.auditor", Role.AuditAdmin);
        using var dispatch = app.Api();

        // Reference data with markup in its names: a region and its short names, an industry, a stage, a person, two tags.
        var region = await app.WithDbAsync(db => db.Regions.SingleAsync(r => r.Id == chaoyang));
        (await sysadmin.PutAsJsonAsync($"/api/regions/{chaoyang}", new RegionInput
        {
            Name = "朝阳区" + Img, ShortNames = Script + "|" + Js, SortOrder = region.SortOrder, IsActive = true, Version = region.Version,
        }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var industry = await app.WithDbAsync(db => db.Lookups.Where(l => l.Kind == LookupKind.Industry && l.ParentId == null).OrderBy(l => l.Id).FirstAsync());
        (await sysadmin.PutAsJsonAsync($"/api/reference/Industry/{industry.Id}", new LookupInput
        {
            Name = Img, Meaning = industry.Meaning, SortOrder = industry.SortOrder, IsActive = true, Version = industry.Version,
        }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var stage = await app.WithDbAsync(db => db.Lookups.Where(l => l.Kind == LookupKind.Stage).OrderBy(l => l.Id).FirstAsync());
        (await sysadmin.PutAsJsonAsync($"/api/reference/Stage/{stage.Id}", new LookupInput
        {
            Name = Script, Meaning = stage.Meaning, SortOrder = stage.SortOrder, IsActive = true, Version = stage.Version,
        }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var sector = await app.WithDbAsync(db => db.Lookups.Where(l => l.Kind == LookupKind.Sector).OrderBy(l => l.Id).FirstAsync());
        (await sysadmin.PutAsJsonAsync($"/api/reference/Sector/{sector.Id}", new LookupInput
        {
            Name = Svg, Meaning = sector.Meaning, SortOrder = sector.SortOrder, IsActive = true, Version = sector.Version,
        }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var leader = await app.WithDbAsync(async db =>
        {
            var p = new Person(Script, Img, PersonRole.Leader, chaoyang);
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var tagIds = new List<int>();
        foreach (var name in new[] { Script, Img })
        {
            var created = await dispatch.PostAsJsonAsync("/api/reference/tags", new TagInput { Name = name, SortOrder = 50 + tagIds.Count }, Json.Options);
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            tagIds.Add((await created.Content.ReadFromJsonAsync<ReferenceApi.TagDto>(Json.Options))!.Id);
        }

        // Projects with markup in every free-text field.
        var nature = await app.LookupIdAsync(LookupKind.Nature, "新建");
        var x1 = (await app.CreateProjectAsync(new ProjectDetails
        {
            Name = Script, OwnerCompany = Img, ContactName = Js, Content = string.Join("\n", Payloads), RegionId = chaoyang, IndustryId = industry.Id,
            StageId = stage.Id, SectorId = sector.Id, LeaderId = leader, TotalInvestment = 100m, ContactPhone = "13812345678",
        })).Id;
        var x2 = (await app.CreateProjectAsync(new ProjectDetails { Name = Img, OwnerCompany = Script, ContactName = Svg, Content = Js, RegionId = chaoyang, TotalInvestment = 200m })).Id;
        var x3 = (await app.CreateProjectAsync(new ProjectDetails { Name = Js, OwnerCompany = Quote, ContactName = Quote, Content = Quote, RegionId = chaoyang, TotalInvestment = 300m })).Id;
        foreach (var id in new[] { x1, x2 })
        {
            await app.SetYearAsync(id, 2026, new ProjectYearInput { InPlan = true, NatureId = nature, AnnualPlan = 10m, TagIds = tagIds });
        }

        // Accounts: one named through the account page, one (who reads the pages) through the database.
        var created2 = await sysadmin.PostAsync("/admin/account", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.UserName"] = "xss.shown", ["Form.DisplayName"] = Script, ["Form.Organization"] = Img,
            ["Form.RegionId"] = chaoyang.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.TemporaryPassword"] = "Tiaodu-Temp#2026x",
        }));
        created2.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created2.Content.ReadAsStringAsync());
        var shown = await app.WithDbAsync(db => db.Accounts.Where(a => a.UserName == "xss.shown").Select(a => a.Id).SingleAsync());
        var viewer = await app.CreateAccountAsync("xss.viewer", [Role.DispatchOffice], "220000");
        await app.WithDbAsync(async db =>
        {
            var a = await db.Accounts.SingleAsync(x => x.Id == viewer);
            a.SetProfile(Img, Script, a.RegionId, null, null);
            return await db.SaveChangesAsync();
        });
        using var reader = app.ClientFor("xss.viewer");
        using var nobody = app.Anonymous();

        // An import whose file name, an unknown column's header and its rows carry markup.
        var ledger = System.Text.Encoding.UTF8.GetBytes(
            $"项目名称,所属区域,总投资,\"{Quote}\"\n\"{Script}\",220104,100,x\n\"{Img.Replace("\"", "\"\"", StringComparison.Ordinal)}\",220104,100,y\n");
        var import = await reader.UploadAsync(ledger, Svg + ".csv");

        // Monthly reports: September approved with markup in its texts, October returned with markup in the reason.
        async Task<(int Id, int Version)> Report(int month) =>
            await app.WithDbAsync(db => db.MonthlyReports.Where(r => r.ProjectId == x1 && r.Month == month).Select(r => new ValueTuple<int, int>(r.Id, r.Version)).SingleAsync());
        (await dispatch.PutAsJsonAsync($"/api/projects/{x1}/reports/2026/9?submit=true",
            new Core.Reports.ReportInput { InvestmentMonth = 5m, Progress = Script, Problems = Img, Explanation = Js }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var september = await Report(9);
        (await dispatch.PostAsJsonAsync($"/api/reports/{september.Id}/approve", new { version = september.Version }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await dispatch.PutAsJsonAsync($"/api/projects/{x1}/reports/2026/10?submit=true", new Core.Reports.ReportInput { InvestmentMonth = 5m, Progress = Quote }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var october = await Report(10);
        (await dispatch.PostAsJsonAsync($"/api/reports/{october.Id}/return", new { version = october.Version, reason = Svg }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Lights for October (x1 behind its plan, x2 without a report) and a valid reason with markup.
        (await dispatch.PostAsync("/api/lights/evaluate?year=2026&month=10", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await dispatch.PostAsJsonAsync($"/api/projects/{x2}/light-exemptions", new { kind = "ReportMissing", reason = Img, fromYear = 2026, fromMonth = 10 }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await dispatch.PostAsync("/api/lights/evaluate?year=2026&month=10", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // A milestone plan whose first node carries markup in its owner, approval number and owed documents, and evidence with markup in its name.
        var template = await app.WithDbAsync(db => db.MilestoneTemplates.Select(t => t.Id).FirstAsync());
        (await dispatch.PostAsJsonAsync($"/api/projects/{x1}/milestones/plan", new { templateId = template, targetNode = "开工", targetOn = "2026-12-31", version = 0 }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var first = await app.WithDbAsync(db => db.Milestones.Where(m => m.ProjectId == x1).OrderBy(m => m.SortOrder).FirstAsync());
        (await dispatch.PutAsJsonAsync($"/api/milestones/{first.Id}", new Core.Milestones.MilestoneInput
        {
            PlannedOn = first.PlannedOn, DoneOn = new DateOnly(2026, 3, 1), Owner = Script, DocumentNumber = Img, Deferred = true, OwedItems = Js, OwedBy = new DateOnly(2026, 12, 31), Version = first.Version,
        }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var evidence = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n"u8.ToArray()), "file", "批复" + Quote + ".pdf" } })
        {
            (await dispatch.PostAsync($"/api/milestones/{first.Id}/files", evidence)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        // The 2026 plan approved, then x1's plan changed with markup in the reason.
        (await dispatch.PostAsync("/api/plans/2026/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var x1Line = await app.WithDbAsync(db => db.ProjectYears.SingleAsync(y => y.ProjectId == x1 && y.Year == 2026));
        (await dispatch.PutAsJsonAsync($"/api/projects/{x1}/years/2026", new ProjectYearInput
        {
            InPlan = true, NatureId = x1Line.NatureId, AnnualPlan = 20m, TagIds = tagIds, Version = x1Line.Version, Reason = Svg,
        }, Json.Options)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await dispatch.PostAsJsonAsync("/api/channels", new { name = Script, kind = "WeCom", webhookUrl = "http://127.0.0.1:9/" + Uri.EscapeDataString(Img), enabled = false, version = 0 }, Json.Options))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        string Q(string s) => Uri.EscapeDataString(s);
        var visits = new List<Visit>
        {
            new("viewer", "/", Img),
            new("viewer", "/?region=220104", Img),
            new("viewer", "/?q=" + Q(Script)),
            new("viewer", "/?region=" + Q(Img) + "&q=" + Q(Js)),
            new("viewer", $"/?region=220104&year=2026&tag={tagIds[0]}&industry={industry.Id}&sector={sector.Id}&leader={leader}", Script, Img),
            new("viewer", "/projects", Script, Img, Js),
            new("viewer", "/projects?q=" + Q(Script), Script),
            new("viewer", "/projects?q=" + Q(Img) + "&sort=" + Q(Quote) + "&region=" + Q(Js) + "&yearNature=" + Q(Svg), Img),
            new("viewer", $"/projects?year=2026&tag={tagIds[0]}&industry={industry.Id}&stage={stage.Id}&sector={sector.Id}&leader={leader}", Script, Img),
            new("viewer", $"/projects/{x1}", Script, Img, Js),
            new("viewer", $"/projects/{x2}", Script, Img, Svg),
            new("viewer", $"/projects/{x3}", Js, Quote),
            new("viewer", $"/projects/{x1}?back=" + Q(Js)),
            new("viewer", $"/projects/{x1}?back=" + Q("q=" + Img + "&region=" + Script)),
            new("viewer", $"/projects/{x1}/edit", Script, Img, Js),
            new("viewer", $"/projects/{x3}/edit?back=" + Q(Quote), Js, Quote),
            new("viewer", $"/projects/{x1}/years/2026", Script, Img),
            new("viewer", $"/projects/{x1}/delete?back=" + Q(Img), Script),
            new("viewer", "/admin/tags", Script, Img),
            new("viewer", "/account", Img),
            new("viewer", "/imports", Svg),
            new("viewer", "/reports?year=2026&month=10", Script, Img),
            new("viewer", "/lights?year=2026&month=10", Script, Img),
            new("viewer", "/lights?year=2026&month=10&filter=Explained", Img),
            new("viewer", "/lights?year=2026&month=10&q=" + Q(Script) + "&region=" + Q(Img) + "&kind=" + Q(Js) + "&filter=" + Q(Svg)),
            new("viewer", "/lights/rules?year=" + Q(Script)),
            new("viewer", $"/projects/{x2}", Img),
            new("viewer", $"/projects/{x1}/milestones", Script, Img, Js, Quote),
            new("viewer", "/milestones"),
            new("viewer", "/plans?year=2026", Script, Svg),
            new("viewer", "/admin/channels", Script),
            new("viewer", "/notices?unread=" + Q(Js) + "&page=" + Q(Img)),
            new("sysadmin", "/admin/jobs"),
            new("viewer", "/plans?year=" + Q(Script) + "&region=" + Q(Img)),
            new("viewer", $"/projects/{x1}/years/2026", Script),
            new("viewer", "/milestones?q=" + Q(Script) + "&region=" + Q(Img) + "&late=" + Q(Js)),
            new("viewer", "/reports?year=2026&month=10&q=" + Q(Script) + "&region=" + Q(Img) + "&filter=" + Q(Js), Script),
            new("viewer", $"/projects/{x1}/reports/2026/9", Script, Img, Js),
            new("viewer", $"/projects/{x1}/reports/2026/10", Script, Svg, Quote),
            new("viewer", $"/projects/{x1}/reports/2026/9?correct=true", Script, Img),
            new("viewer", $"/imports/{import.Id}", Svg, Script, Img, Quote),
            new("sysadmin", "/admin/regions", Img),
            new("sysadmin", "/admin/regions?resolve=" + Q(Script), Script),
            new("sysadmin", $"/Admin/Regions?handler=Row&id={chaoyang}&mode=Edit", Img),
            new("sysadmin", "/Admin/Regions?handler=Resolve&resolve=" + Q(Img)),
            new("sysadmin", "/admin/lookups?kind=Industry", Img),
            new("sysadmin", "/admin/lookups?kind=Stage", Script),
            new("sysadmin", "/admin/lookups?kind=Sector", Svg),
            new("sysadmin", $"/Admin/Lookups?handler=Row&id={industry.Id}&mode=Edit", Img),
            new("sysadmin", "/admin/accounts", Script, Img),
            new("sysadmin", "/admin/accounts?q=" + Q(Script) + "&role=" + Q(Img), Script),
            new("sysadmin", $"/admin/account/{shown}", Script, Img),
            new("sysadmin", $"/admin/account/{viewer}", Img, Script),
            new("sysadmin", "/admin/tags", Script, Img),
            new("auditor", "/audit", Script),
            new("auditor", "/audit?entityType=Project", Script, Img),
            new("auditor", "/audit?actor=" + Q(Script) + "&entityType=" + Q(Img) + "&entityId=" + Q(Js) + "&from=" + Q(Svg)),
            new("nobody", "/account/login?returnUrl=" + Q(Js)),
            new("nobody", "/account/login?returnUrl=" + Q(Img)),
            new("nobody", "/account/denied?returnUrl=" + Q(Img)),
        };
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal)
        {
            ["viewer"] = reader, ["sysadmin"] = sysadmin, ["auditor"] = auditor, ["nobody"] = nobody,
        };

        var failures = new List<string>();
        foreach (var visit in visits)
        {
            using var response = await clients[visit.Who].GetAsync(visit.Url);
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Forbidden))
            {
                failures.Add($"{visit.Who} GET {visit.Url}: the page did not open ({(int)response.StatusCode} {response.Headers.Location})");
                continue;
            }

            var doc = await Parser.ParseDocumentAsync(html);
            failures.AddRange(Problems(html, doc).Select(p => $"{visit.Who} GET {visit.Url}: {p}"));
            var visible = Visible(doc);
            failures.AddRange(visit.Shows.Where(s => !visible.Contains(s, StringComparison.Ordinal))
                .Select(s => $"{visit.Who} GET {visit.Url}: does not show the payload {s} at all (the check would prove nothing)"));
        }

        // The language switch goes back only to a local address.
        foreach (var back in new[] { Js, "//evil.example/" + Img, "/\\evil.example", " javascript:alert(5)" })
        {
            using var response = await nobody.GetAsync("/culture?c=zh-CN&returnUrl=" + Q(back));
            var location = AuthorizationMatrixTests.Location(response) ?? "";
            if (!location.StartsWith('/') || location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal))
            {
                failures.Add($"GET /culture?returnUrl={back}: redirects to {location}");
            }
        }

        AuthorizationMatrixTests.FailIfAny(failures, "failures");
    }

    /// <summary>Live markup the payloads could have produced.</summary>
    private static IEnumerable<string> Problems(string html, IHtmlDocument doc)
    {
        foreach (var raw in RawMarkup.Where(r => html.Contains(r, StringComparison.OrdinalIgnoreCase)))
        {
            var at = html.IndexOf(raw, StringComparison.OrdinalIgnoreCase);
            yield return $"unencoded markup \"{raw}\" in the source: …{html.Substring(Math.Max(0, at - 80), Math.Min(160, html.Length - Math.Max(0, at - 80)))}…";
        }

        foreach (var element in doc.All)
        {
            foreach (var attr in element.Attributes)
            {
                // The platform's own handlers (onsubmit="return confirm(this.dataset.confirm)") are fixed text; an injected one carries a payload.
                if (attr.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
                    && (attr.Name.Equals("onerror", StringComparison.OrdinalIgnoreCase) || attr.Value.Contains("alert", StringComparison.OrdinalIgnoreCase)))
                {
                    yield return $"<{element.LocalName}> has an event-handler attribute {attr.Name}=\"{attr.Value}\"";
                }

                if (UrlAttributes.Contains(attr.Name, StringComparer.OrdinalIgnoreCase)
                    && new string([.. attr.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]).StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"<{element.LocalName}> has {attr.Name}=\"{attr.Value}\"";
                }
            }
        }

        foreach (var script in doc.Scripts.Where(s => string.IsNullOrEmpty(s.Source) && (string.IsNullOrEmpty(s.Type) || s.Type.Contains("javascript", StringComparison.OrdinalIgnoreCase))))
        {
            if (script.Text.Contains("alert(", StringComparison.Ordinal))
            {
                yield return "an inline script contains a payload: " + script.Text.Trim();
            }
        }

        // An injected element carries its payload in an attribute; the platform's own charts may show encoded payloads as text.
        foreach (var element in doc.QuerySelectorAll("img, svg, iframe, object, embed").Where(e => e.Attributes.Any(a => a.Value.Contains("alert", StringComparison.Ordinal))))
        {
            yield return "an injected element: " + element.OuterHtml;
        }
    }

    /// <summary>The text and attribute values a reader sees (entities decoded).</summary>
    private static string Visible(IHtmlDocument doc) =>
        doc.DocumentElement.TextContent + "\n" + string.Join("\n", doc.All.SelectMany(e => e.Attributes).Select(a => a.Value));
}
