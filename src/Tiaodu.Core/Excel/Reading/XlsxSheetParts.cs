using System.IO.Compression;
using System.Xml;

namespace Tiaodu.Core.Excel;

/// <summary>
/// Which package part holds each sheet of an .xlsx, in the workbook's order: the &lt;sheet&gt; elements of
/// xl/workbook.xml, their relationship ids resolved through xl/_rels/workbook.xml.rels. Null when the package
/// does not say it plainly; the caller then reads the sheet itself.
/// </summary>
internal static class XlsxSheetParts
{
    private const long MaxPartBytes = 8 * 1024 * 1024;

    public static List<(string Name, string Part)>? Read(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var workbook = zip.GetEntry("xl/workbook.xml");
            var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
            if (workbook is null || rels is null || workbook.Length > MaxPartBytes || rels.Length > MaxPartBytes)
            {
                return null;
            }

            var targets = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var reader = Open(rels))
            {
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                        && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target)
                    {
                        targets[id] = target;
                    }
                }
            }

            var sheets = new List<(string, string)>();
            using (var reader = Open(workbook))
            {
                while (reader.Read())
                {
                    if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "sheet")
                    {
                        continue;
                    }

                    var name = reader.GetAttribute("name");
                    string? id = null;
                    while (reader.MoveToNextAttribute())
                    {
                        if (reader.LocalName == "id" && reader.NamespaceURI.Length > 0)
                        {
                            id = reader.Value;
                        }
                    }

                    if (name is null || id is null || !targets.TryGetValue(id, out var target))
                    {
                        return null;
                    }

                    sheets.Add((name, Resolve(target)));
                }
            }

            return sheets;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException)
        {
            return null;
        }
    }

    private static XmlReader Open(ZipArchiveEntry entry) =>
        XmlReader.Create(entry.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });

    /// <summary>A target is relative to xl/ unless it starts with '/' (from the package root).</summary>
    private static string Resolve(string target)
    {
        var path = target.StartsWith('/') ? target[1..] : "xl/" + target;
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (segment is not ("." or ""))
            {
                parts.Add(segment);
            }
        }

        return string.Join('/', parts);
    }
}
