namespace Tiaodu.Core.Reference;

/// <summary>Reads the tab-separated data files shipped inside the assembly (first line = column names).</summary>
internal static class EmbeddedTsv
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(string resourceName)
    {
        using var stream = typeof(EmbeddedTsv).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException("Missing embedded resource " + resourceName);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var header = (reader.ReadLine() ?? "").Split('\t');
        var rows = new List<IReadOnlyDictionary<string, string>>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split('\t');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = i < cells.Length ? cells[i].Trim() : "";
            }

            rows.Add(row);
        }

        return rows;
    }
}
