namespace Tiaodu.Core.Assessment;

/// <summary>The assessment periods: a month, a quarter, a year.</summary>
public enum PeriodKind
{
    Month,
    Quarter,
    Year,
}

/// <summary>
/// A published assessment of the regions below a region for a period: the scores, ranks, points and their
/// explanations as they were computed (JSON), frozen — later data never changes it.
/// </summary>
public sealed class AssessmentResult
{
    public int Id { get; private set; }
    public int RegionId { get; private set; }
    public PeriodKind Kind { get; private set; }
    public int Year { get; private set; }

    /// <summary>The month (1–12) or quarter (1–4); 0 for a year.</summary>
    public int Number { get; private set; }

    public DateOnly AsOf { get; private set; }
    public string SchemeName { get; private set; } = "";

    /// <summary>JSON of the <see cref="RegionScore"/> list.</summary>
    public string Scores { get; private set; } = "[]";

    /// <summary>The frozen scores read back.</summary>
    public IReadOnlyList<RegionScore> ReadScores() => System.Text.Json.JsonSerializer.Deserialize<List<RegionScore>>(Scores) ?? [];

    public string PublishedBy { get; private set; } = "";
    public DateTime PublishedAt { get; private set; }

    private AssessmentResult()
    {
    }

    public AssessmentResult(int regionId, PeriodKind kind, int year, int number, DateOnly asOf, string schemeName, string scores, string by, DateTime at)
    {
        RegionId = regionId;
        Kind = kind;
        Year = year;
        Number = number;
        AsOf = asOf;
        SchemeName = Text.TextLimit.Cut(schemeName, 100)!;
        Scores = scores;
        PublishedBy = Text.TextLimit.Cut(by, Text.TextLimit.Actor)!;
        PublishedAt = at;
    }
}
