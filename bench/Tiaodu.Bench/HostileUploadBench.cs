using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Tiaodu.Core.Data;

namespace Tiaodu.Bench;

/// <summary>
/// Memory of one instance while it refuses hostile ledger uploads, measured from outside:
///   dotnet run -c Release --project bench/Tiaodu.Bench -- --hostile 1000
/// The executable runs in its own process on a fresh SQLite database with the demo accounts. Signed in as the
/// dispatch office, eight clients at a time upload N files to /api/imports — zip bombs (400 MB of zeros packed
/// in 400 KB), a sheet of 1,000,000 shared strings, a 2,000,000-character cell, 5,000 columns, random bytes,
/// truncated zips — while the process's resident memory is sampled every 50 ms. Baseline in the same run: the
/// resident memory after the same number of plain GET /api/me requests.
/// </summary>
internal static class HostileUploadBench
{
    public static async Task RunAsync(int uploads)
    {
        Console.WriteLine($"# Hostile uploads — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, one instance, SQLite, 8 clients");
        Console.WriteLine();
        await using var database = await BenchDatabase.CreateAsync(DatabaseProvider.Sqlite, null);
        var url = $"http://127.0.0.1:{ReportBurstBench.FreePort()}";
        using var app = ReportBurstBench.StartApp(DatabaseProvider.Sqlite, database.ConnectionString, url);
        try
        {
            var (cookie, token) = await ReportBurstBench.SignInAsync(url);
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add("Cookie", cookie);
            http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
            var files = Files();

            // Baseline: the same number of light requests, then the memory they leave.
            await Clients(uploads, async _ => (int)(await http.GetAsync("/api/me")).StatusCode);
            var idle = Rss(app);

            var peak = idle;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, Rss(app));
                    await Task.Delay(50);
                }
            });
            var started = Stopwatch.GetTimestamp();
            var statuses = await Clients(uploads, async i =>
            {
                var (name, bytes, _) = files[i % files.Count];
                using var form = new MultipartFormDataContent();
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(content, "file", name);
                using var response = await http.PostAsync("/api/imports", form);
                return (int)response.StatusCode;
            });
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await sampling.CancelAsync();
            await sampler;
            var after = Rss(app);

            Console.WriteLine("| files | kinds | seconds | answers | 5xx | resident MB after baseline | peak resident MB during uploads | resident MB after | peak ÷ baseline |");
            Console.WriteLine("|---:|---|---:|---|---:|---:|---:|---:|---:|");
            var answers = string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {uploads:N0} | {string.Join(", ", files.Select(f => f.What))} | {seconds:F0} | {answers} | {statuses.Count(s => s >= 500)} | {idle:F0} | {peak:F0} | {after:F0} | {peak / idle:F2} |"));
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    private static async Task<List<int>> Clients(int count, Func<int, Task<int>> send)
    {
        var next = -1;
        var results = new System.Collections.Concurrent.ConcurrentBag<int>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                results.Add(await send(i));
            }
        }));
        return [.. results];
    }

    private static double Rss(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
    }

    private static List<(string Name, byte[] Bytes, string What)> Files()
    {
        var random = new Random(7);
        var noise = new byte[50_000];
        random.NextBytes(noise);
        return
        [
            ("台账.xlsx", Xlsx(sheet: Zeros(400)), "zip bomb"),
            ("台账.xlsx", Xlsx(sheet: Encoding.UTF8.GetBytes("<worksheet/>"), shared: SharedStrings(1_000_000)), "1,000,000 shared strings"),
            ("台账.csv", Encoding.UTF8.GetBytes("项目名称,总投资\n\"" + new string('长', 2_000_000) + "\",1\n"), "2,000,000-character cell"),
            ("台账.csv", Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(0, 5_000).Select(i => "列" + i)) + "\n" + string.Join(',', Enumerable.Range(0, 5_000))), "5,000 columns"),
            ("台账.xls", noise, "random bytes"),
            ("台账.xlsx", [.. "PK\u0003\u0004"u8, .. noise.AsSpan(0, 5_000)], "truncated zip"),
        ];
    }

    private static byte[] Zeros(int megabytes)
    {
        using var output = new MemoryStream();
        var block = new byte[1 << 20];
        for (var i = 0; i < megabytes; i++)
        {
            output.Write(block);
        }

        return output.ToArray();
    }

    private static byte[] SharedStrings(int count)
    {
        var xml = new StringBuilder("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        for (var i = 0; i < count; i++)
        {
            xml.Append("<si><t>共享字符串").Append(i).Append("</t></si>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</sst>").ToString());
    }

    /// <summary>A .xlsx-shaped zip with one sheet and, when given, a shared-string table, packed as small as it goes.</summary>
    private static byte[] Xlsx(byte[] sheet, byte[]? shared = null)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string name, byte[] bytes)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(bytes);
            }

            Entry("[Content_Types].xml", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"));
            Entry("xl/workbook.xml", Encoding.UTF8.GetBytes("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets><sheet name=\"台账\" sheetId=\"1\"/></sheets></workbook>"));
            Entry("xl/worksheets/sheet1.xml", sheet);
            if (shared is not null)
            {
                Entry("xl/sharedStrings.xml", shared);
            }
        }

        return output.ToArray();
    }
}
