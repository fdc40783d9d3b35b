using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;

namespace Tiaodu.Core.Documents;

/// <summary>
/// The font replacement table (Tools › Options › Fonts) written into LibreOffice's throwaway profile. Left
/// to itself, LibreOffice on Linux renders every Chinese font name it does not know (仿宋_GB2312, 方正小标宋简体)
/// in a sans face; the table names a Simplified Chinese face of the same kind instead. Only fonts that
/// fontconfig says are missing are replaced, so a machine with the official fonts uses them. Without
/// fontconfig (Windows, macOS) the table is empty and the system's own substitution applies.
/// </summary>
internal static class FontReplacements
{
    private static readonly XNamespace Oor = "http://openoffice.org/2001/registry";
    private static readonly Lazy<HashSet<string>?> Installed = new(ReadInstalledFamilies);

    public static string Settings()
    {
        var items = new XElement(Oor + "items", new XAttribute(XNamespace.Xmlns + "oor", Oor.NamespaceName));
        var installed = Installed.Value;
        var pairs = installed is null
            ? []
            : OfficialFonts.Substitutes().Where(p => !installed.Contains(p.Font) && installed.Contains(p.Substitute)
                // LibreOffice itself takes the metric-compatible Liberation Serif for Times New Roman.
                && !(p.Font == OfficialFonts.Latin && installed.Contains("Liberation Serif"))).ToList();
        if (pairs.Count > 0)
        {
            items.Add(Item("/org.openoffice.Office.Common/Font/Substitution", Prop("Replacement", "true")));
        }

        for (var i = 0; i < pairs.Count; i++)
        {
            // "Always": LibreOffice ignores a pair that only applies to missing fonts when it converts headless.
            items.Add(Item("/org.openoffice.Office.Common/Font/Substitution/FontPairs",
                new XElement("node", new XAttribute(Oor + "name", "_" + i.ToString(CultureInfo.InvariantCulture)), new XAttribute(Oor + "op", "replace"),
                    Prop("Always", "true"), Prop("OnScreenOnly", "false"), Prop("ReplaceFont", pairs[i].Font), Prop("SubstituteFont", pairs[i].Substitute))));
        }

        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + items + "\n";
    }

    private static XElement Item(string path, XElement content) => new("item", new XAttribute(Oor + "path", path), content);

    private static XElement Prop(string name, string value) =>
        new("prop", new XAttribute(Oor + "name", name), new XAttribute(Oor + "op", "fuse"), new XElement("value", value));

    /// <summary>Font family names fontconfig knows (each name of each family), or null without fontconfig.</summary>
    private static HashSet<string>? ReadInstalledFamilies()
    {
        var fcList = OfficeConverter.OnPath("fc-list");
        if (fcList is null)
        {
            return null;
        }

        try
        {
            var start = new ProcessStartInfo(fcList) { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(":");
            start.ArgumentList.Add("family");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return [.. output.Result.Split('\n').SelectMany(line => line.Split(',')).Select(name => name.Trim()).Where(name => name.Length > 0)];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
