using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Tiaodu.Tests.Web;

/// <summary>The three UI languages carry the same strings, and nothing is fetched from the internet.</summary>
public sealed class ResourceTests
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tiaodu.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    private static Dictionary<string, string> Strings(string file) =>
        XDocument.Load(Path.Combine(Root(), "src", "Tiaodu.Web", "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [Fact]
    public void Every_string_exists_in_simplified_traditional_and_english()
    {
        var zhCn = Strings("SharedResource.resx");
        var zhTw = Strings("SharedResource.zh-TW.resx");
        var en = Strings("SharedResource.en.resx");
        zhCn.Count.ShouldBeGreaterThan(50);
        zhTw.Keys.Order().ShouldBe(zhCn.Keys.Order());
        en.Keys.Order().ShouldBe(zhCn.Keys.Order());
        zhCn.Values.ShouldAllBe(v => v.Length > 0);
        zhTw.Values.ShouldAllBe(v => v.Length > 0);
    }

    [Fact]
    public void Every_string_a_page_asks_for_exists()
    {
        var strings = Strings("SharedResource.resx");
        var pages = Path.Combine(Root(), "src", "Tiaodu.Web", "Pages");
        var asked = Directory.EnumerateFiles(pages, "*.cs*", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\b[lL]\[""([A-Za-z0-9.]+)""[\],]").Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .ToList();
        asked.Count.ShouldBeGreaterThan(200);

        // Keys built from enum values on the pages.
        IEnumerable<string> Each<T>(string prefix) where T : struct, Enum => Enum.GetNames<T>().Select(n => prefix + n);
        var built = Each<Core.Lights.LightKind>("Lights.RuleHelp.").Concat(Each<Core.Lights.LightFilter>("Lights.Filter."))
            .Concat(Each<Core.Dispatch.RoundFilter>("Dispatch.Filter.")).Concat(Each<Core.Problems.ProblemSource>("Problems.Source.")).Concat(Each<Core.Problems.ProblemFilter>("Problems.Filter."))
            .Concat(Each<Core.Problems.ProblemStatus>("Problem.Status.")).Concat(Each<Core.Problems.ProblemLevel>("Problem.Level.")).Concat(Each<Core.Problems.ProblemActionKind>("Problem.Action."))
            .Concat(Each<Core.Meetings.MeetingKind>("Meetings.Kind.")).Concat(Each<Core.Meetings.MeetingStatus>("Meetings.Status."))
            .Concat(Each<Core.Meetings.DecisionStatus>("Decisions.Status.")).Concat(Each<Core.Meetings.DecisionFilter>("Decisions.Filter."))
            .Concat(Each<Core.Notifications.MailStatus>("Notices.Admin.Status.")).Concat(Each<Core.Notifications.MailSecurity>("Notices.Admin.Security."))
            .Concat(Each<Core.Attraction.LeadStepKind>("Attraction.Step.")).Concat(Each<Core.Attraction.LeadRowOutcome>("Attraction.Import.Outcome."))
            .Concat(Each<Core.Attraction.LeadImportStatus>("Attraction.Import.Status.")).Concat(Each<Core.Assessment.PeriodKind>("Assessment.Kind."))
            .Concat(new[] { "Red", "Yellow" }.Select(c => "Lights.Color." + c));
        var missing = asked.Where(a => !strings.ContainsKey(a.Key)).Select(a => $"{a.File}: {a.Key}")
            .Concat(built.Where(k => !strings.ContainsKey(k))).Distinct().ToList();
        missing.ShouldBeEmpty();
    }

    [Fact]
    public void Traditional_strings_are_not_simplified_copies()
    {
        var zhCn = Strings("SharedResource.resx");
        var zhTw = Strings("SharedResource.zh-TW.resx");
        var converted = zhTw.Count(kv => zhCn[kv.Key] != kv.Value);
        converted.ShouldBeGreaterThan(zhCn.Count / 2);
    }

    [Fact]
    public void Pages_scripts_and_styles_reference_nothing_outside_the_server()
    {
        var web = Path.Combine(Root(), "src", "Tiaodu.Web");
        var files = Directory.EnumerateFiles(Path.Combine(web, "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(web, "wwwroot", "css"), "*.css"))
            .Concat(Directory.EnumerateFiles(Path.Combine(web, "wwwroot", "js"), "*.js"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            text.ShouldNotContain("src=\"http", Case.Insensitive, file);
            text.ShouldNotContain("href=\"http", Case.Insensitive, file);
            text.ShouldNotContain("url(http", Case.Insensitive, file);
            Regex.IsMatch(text, """@import\s*(url\(|["'])""", RegexOptions.IgnoreCase).ShouldBeFalse(file + " imports a stylesheet");
        }

        File.Exists(Path.Combine(web, "wwwroot", "lib", "bootstrap", "LICENSE")).ShouldBeTrue();
        File.Exists(Path.Combine(web, "wwwroot", "lib", "htmx", "LICENSE")).ShouldBeTrue();
        File.Exists(Path.Combine(web, "wwwroot", "lib", "echarts", "LICENSE")).ShouldBeTrue();
    }
}
