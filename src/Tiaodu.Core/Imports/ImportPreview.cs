using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tiaodu.Core.Imports;

/// <summary>A column as the preview shows it: what was detected and what it is mapped to now.</summary>
public sealed record PreviewColumn(int Index, string Letter, string Header, string? Field, string? Label, string? Unit, bool MappedByUser);

/// <summary>One row of the preview table: what the row will do and its main figures.</summary>
public sealed record PreviewRow(int Row, RowAction Action, string? Name, string? Region, decimal? TotalInvestment, decimal? Ytd, decimal? SinceStart, int Errors, int Warnings, IReadOnlyList<string>? Changes = null);

/// <summary>A region name the file uses that fits several regions, with the candidates to choose from.</summary>
public sealed record AmbiguousRegion(string Text, IReadOnlyList<RegionChoice> Candidates);

public sealed record RegionChoice(string Key, string Name);

/// <summary>
/// What the user reviews before confirming: the sheet and header rows found, the as-of date and year
/// (editable), the column mapping, counts of what will happen, every issue (up to <see cref="MaxIssues"/>),
/// and the first rows.
/// </summary>
public sealed record ImportPreview
{
    public const int MaxIssues = 2000;
    public const int MaxRows = 200;

    public required IReadOnlyList<string> Sheets { get; init; }
    public int Sheet { get; init; }
    public string? Title { get; init; }
    public string? UnitLine { get; init; }
    public int HeaderFirstRow { get; init; }
    public int HeaderLastRow { get; init; }
    public DateOnly? AsOf { get; init; }
    public DateOnly? DetectedAsOf { get; init; }
    public int Year { get; init; }
    public string? MoneyUnit { get; init; }
    public string? DefaultRegion { get; init; }
    public IReadOnlyList<PreviewColumn> Columns { get; init; } = [];
    public int Rows { get; init; }
    public int Create { get; init; }
    public int Update { get; init; }
    public int Unchanged { get; init; }
    public int Invalid { get; init; }
    public int WarningRows { get; init; }
    public int Problems { get; init; }
    public int TotalIssues { get; init; }
    public IReadOnlyList<RowIssue> Issues { get; init; } = [];
    public IReadOnlyList<PreviewRow> Sample { get; init; } = [];
    public IReadOnlyList<AmbiguousRegion> AmbiguousRegions { get; init; } = [];

    /// <summary>Issues about the whole file (row 0): a missing name column, an as-of date that contradicts a header …</summary>
    public IEnumerable<RowIssue> FileIssues => Issues.Where(i => i.Row == 0);

    public bool HasFileErrors => Issues.Any(i => i.Row == 0 && i.Severity == IssueSeverity.Error);

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ImportPreview? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<ImportPreview>(json, Json);
}
