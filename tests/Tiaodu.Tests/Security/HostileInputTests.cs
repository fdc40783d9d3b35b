using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tiaodu.Core.Accounts;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Security;

/// <summary>
/// Every state-changing API route fed malformed and hostile bodies and files — broken and deeply nested JSON,
/// wrong types, numbers out of range, impossible dates, megabyte strings, random bytes, truncated workbooks, a zip
/// bomb — by a dispatch office and by an administrator: each is answered with a refusal (4xx), never a 500.
/// </summary>
public sealed class HostileInputTests(TiaoduApp app) : IClassFixture<TiaoduApp>
{
    private const int Requests = 1_200;

    /// <summary>Routes left out: they end the caller's session or reach out of the machine.</summary>
    private static readonly string[] LeftOut = ["/api/account", "/api/auth", "/test"];

    private static readonly string[] Keys =
    [
        "name", "title", "year", "month", "on", "date", "regionId", "region", "projectId", "stage", "kind", "amount", "totalInvestment",
        "intendedInvestment", "contractInvestment", "version", "ids", "columns", "saveAs", "reason", "notes", "description", "deadline",
        "departments", "members", "value", "text", "comment", "phone", "role", "rules", "items", "input", "details", "investor", "week",
    ];

    [Fact]
    public async Task A_thousand_malformed_bodies_and_files_are_refused_and_never_answered_500()
    {
        // Each route is tried as a role allowed to use it, so the body is read rather than refused at the door.
        var clients = new List<HttpClient> { app.Api(), await app.AdminClientAsync(Role.SystemAdmin), await app.AdminClientAsync(Role.SecurityAdmin) };
        foreach (var role in new[] { Role.CityLeader, Role.ServiceOfficer, Role.Supervision, Role.Department, Role.TaskForce, Role.EnterpriseReporter })
        {
            var name = "hostile." + role.ToString().ToLowerInvariant();
            await app.CreateAccountAsync(name, [role], "220000");
            clients.Add(app.ClientFor(name));
        }

        var cells = RouteTable.Cells(app.Services)
            .Where(c => c.IsApi && c.Method is "POST" or "PUT" or "PATCH" or "DELETE")
            .Where(c => !LeftOut.Any(p => c.Pattern.Contains(p, StringComparison.Ordinal)))
            .OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        cells.Count.ShouldBeGreaterThan(50);

        var random = new Random(20261205);
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var who = new Dictionary<string, int>();
        for (var sent = 0; sent < Requests; sent++)
        {
            var cell = cells[sent % cells.Count];
            var client = clients[who.GetValueOrDefault(cell.Key) % clients.Count];
            using var request = new HttpRequestMessage(new HttpMethod(cell.Method), Path(cell.Pattern, random));
            var described = Body(request, cell.Pattern, random);
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status == 403)
            {
                who[cell.Key] = who.GetValueOrDefault(cell.Key) + 1;
            }

            if (status >= 500)
            {
                failures.Add($"{cell.Method} {request.RequestUri} [{described}] → {status}: {Clip(await response.Content.ReadAsStringAsync())}");
            }
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }

        failures.ShouldBeEmpty(string.Join("\n", failures.Take(15)));

        // Refused for what they are (bad input, wrong type, not found), not at the door for the role.
        statuses.Where(s => s.Key is 400 or 404 or 409 or 413 or 415).Sum(s => s.Value).ShouldBeGreaterThan(Requests * 3 / 4, string.Join(", ", statuses));
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300];

    private static string Path(string pattern, Random random)
    {
        var path = new StringBuilder();
        foreach (var part in pattern.Split('/'))
        {
            path.Append(part.StartsWith('{') ? Parameter(part, random) : part).Append('/');
        }

        return path.ToString().TrimEnd('/');
    }

    private static string Parameter(string part, Random random) => part switch
    {
        _ when part.Contains(":int", StringComparison.Ordinal) && part.Contains("year", StringComparison.OrdinalIgnoreCase) => Pick(random, "2026", "0", "99999", "-1"),
        _ when part.Contains(":int", StringComparison.Ordinal) && part.Contains("month", StringComparison.OrdinalIgnoreCase) => Pick(random, "1", "0", "13", "12"),
        _ when part.Contains(":int", StringComparison.Ordinal) => Pick(random, "1", "2", "3", "0", "-1", "2147483647", "999999"),
        _ when part.Contains("week", StringComparison.Ordinal) => Pick(random, "2026-W49", "2026-W99", "abc", "0"),
        _ => Pick(random, "Industry", "Nature", "nonsense", "%2e%2e", "x"),
    };

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    /// <summary>Puts a hostile body on the request and says in a few words what it was.</summary>
    private static string Body(HttpRequestMessage request, string pattern, Random random)
    {
        if (pattern.EndsWith("/imports", StringComparison.Ordinal) || pattern.EndsWith("/lead-imports", StringComparison.Ordinal)
            || pattern.EndsWith("/documents", StringComparison.Ordinal) || pattern.EndsWith("/photos", StringComparison.Ordinal) || pattern.EndsWith("/files", StringComparison.Ordinal))
        {
            var (name, bytes, what) = File(random);
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", name);
            if (random.Next(3) == 0)
            {
                form.Add(new StringContent(Value(random, 0)), Pick(random, "region", "mappingId", "year", "asOf", "thumbnail"));
            }

            request.Content = form;
            return what;
        }

        var (text, kind) = Json(random);
        request.Content = random.Next(12) switch
        {
            0 => new StringContent(text, Encoding.UTF8, "text/plain"),
            1 => new ByteArrayContent([0xEF, 0xBB, 0xBF, 0xC3, 0x28, 0xA0, 0xA1, (byte)'{', 0xFF]),
            2 => new FormUrlEncodedContent([new("name", Value(random, 0)), new("year", "x")]),
            _ => new StringContent(text, Encoding.UTF8, "application/json"),
        };
        return kind;
    }

    private static (string Text, string Kind) Json(Random random)
    {
        string[] broken = ["", "null", "true", "0", "-1", "\"\"", "[]", "{}", "{", "}", "[{]", "{\"a\":}", "{\"name\":\"x\",}", "1e999", "{\"id\":1e999}", "\u0000", "NaN"];
        return random.Next(6) switch
        {
            0 => (Pick(random, broken), "broken JSON"),
            1 => (new string('[', 5_000) + new string(']', 5_000), "5,000-deep array"),
            2 => ("{\"name\":\"" + new string('长', 300_000) + "\"}", "300,000-character string"),
            _ => (Object(random, 0), "random object"),
        };
    }

    private static string Object(Random random, int depth)
    {
        var json = new StringBuilder("{");
        var count = random.Next(1, 9);
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append('"').Append(Keys[random.Next(Keys.Length)]).Append("\":").Append(Value(random, depth));
        }

        return json.Append('}').ToString();
    }

    private static string Value(Random random, int depth) => random.Next(depth < 2 ? 16 : 13) switch
    {
        0 => Pick(random, "0", "-1", "2147483647", "-2147483648", "99999999999999999999", "1e30", "-1e30", "0.000000001", "1.5"),
        1 => Pick(random, "\"\"", "\"   \"", "\"<script>alert(1)</script>\"", "\"'; DROP TABLE \\\"Projects\\\"; --\"", "\"\\u0000\"", "\"😀\"", "\"２０２６\""),
        2 => Pick(random, "\"2026-13-45\"", "\"9999-12-31\"", "\"0001-01-01\"", "\"2026-02-30\"", "\"yesterday\"", "\"2026-11-01T25:61:00\""),
        3 => "\"" + new string('x', random.Next(1_000, 20_000)) + "\"",
        4 => Pick(random, "true", "false", "null"),
        5 => Pick(random, "[]", "[1,\"a\",null]", "[-1,-2]", "[2147483647]", "{}"),
        6 => Pick(random, "\"Industry\"", "\"Outbound\"", "\"Negotiating\"", "\"Started\"", "\"DispatchOffice\"", "99", "\"nonsense\""),
        7 => random.Next(-5, 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
        8 => "\"" + random.Next(1, 30).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"",
        9 => "{\"" + Keys[random.Next(Keys.Length)] + "\":[" + string.Join(',', Enumerable.Repeat("{\"x\":1}", random.Next(1, 2_000))) + "]}",
        10 => Pick(random, "\"220102\"", "\"220000\"", "\"000000\"", "\"长春市\""),
        11 => Pick(random, "\"2026-11-01\"", "\"2026-06-30\"", "\"2020-01-01\""),
        12 => "[" + string.Join(',', Enumerable.Range(0, random.Next(1, 50_000)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]",
        _ => Object(random, depth + 1),
    };

    private static (string Name, byte[] Bytes, string What) File(Random random)
    {
        var name = Pick(random, "台账.xlsx", "台账.xls", "台账.csv", "意向书.pdf", "照片.jpg", "照片.png", "../../etc/passwd", "a.exe", new string('长', 300) + ".xlsx", "con.xlsx");
        switch (random.Next(9))
        {
            case 0:
            {
                var bytes = new byte[random.Next(1, 100_000)];
                random.NextBytes(bytes);
                return (name, bytes, "random bytes");
            }

            case 1:
                return (name, [.. "PK\u0003\u0004"u8, .. Garbage(random, 5_000)], "truncated zip");
            case 2:
                return (name, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Garbage(random, 5_000)], "broken OLE (.xls)");
            case 3:
                return (name, [.. "%PDF-1.7\n"u8, .. Garbage(random, 2_000)], "broken PDF");
            case 4:
                return ("台账.xlsx", ZipBomb(), "zip bomb (400 MB of zeros in one sheet)");
            case 5:
                return ("台账.csv", Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(0, 5_000).Select(i => "列" + i)) + "\n" + string.Join(',', Enumerable.Range(0, 5_000))), "5,000 columns");
            case 6:
                return ("台账.csv", Encoding.UTF8.GetBytes("项目名称,总投资\n\"" + new string('长', 2_000_000) + "\",1\n"), "2,000,000-character cell");
            case 7:
                return ("台账.csv", Encoding.UTF8.GetBytes("项目名称,总投资\n甲\u0000乙,1\n\u0000\u0000\u0000\n=cmd|' /C calc'!A0,-1\n"), "NULs and a formula");
            default:
                return (name, [], "empty file");
        }
    }

    private static byte[] Garbage(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[]? _zipBomb;

    /// <summary>A .xlsx-shaped zip whose one sheet unpacks to 400 MB of zeros (about 400 KB packed).</summary>
    private static byte[] ZipBomb()
    {
        if (_zipBomb is not null)
        {
            return _zipBomb;
        }

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }

            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 400; i++)
            {
                sheet.Write(zeros);
            }
        }

        return _zipBomb = output.ToArray();
    }
}
