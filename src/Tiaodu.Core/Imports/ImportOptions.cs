using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tiaodu.Core.Imports;

/// <summary>
/// What the user decided about a file: which sheet, the as-of date and year when the title does not say
/// (or says wrongly), the default region for rows without one, columns mapped by hand (column index →
/// field key, see <see cref="ColumnKeys"/>), answers for ambiguous region names, and a saved mapping to start from.
/// </summary>
public sealed record ImportOptions
{
    public int? Sheet { get; init; }
    public DateOnly? AsOf { get; init; }
    public int? Year { get; init; }

    /// <summary>Region key or code used when a row names none, and to settle short names (经开区) within it.</summary>
    public string? Region { get; init; }

    public Dictionary<int, string> Columns { get; init; } = [];

    /// <summary>Region text as written in the file → region key.</summary>
    public Dictionary<string, string> RegionChoices { get; init; } = new(StringComparer.Ordinal);

    public int? MappingId { get; init; }

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ImportOptions FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new ImportOptions() : JsonSerializer.Deserialize<ImportOptions>(json, Json) ?? new ImportOptions();
}
