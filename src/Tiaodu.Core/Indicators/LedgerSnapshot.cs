using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Indicators;

/// <summary>What the indicators need of a project, as scaled integers (万元 × 10⁴, m² × 10⁴).</summary>
internal sealed record ProjectFacts(
    int Id,
    int RegionId,
    int? CategoryId,
    int? IndustryId,
    int? NatureId,
    int? StageId,
    int? SectorId,
    int? LeaderId,
    int? OfficerId,
    long Total,
    long? Land,
    long Output,
    long Tax,
    DateOnly? InStatsOn,
    bool IsDeleted);

/// <summary>What the indicators need of a year line: plan, start, tags and the month-end series.</summary>
internal sealed record LineFacts(
    int Id,
    int ProjectId,
    int Year,
    bool InPlan,
    int? NatureId,
    long AnnualPlan,
    DateOnly? StartedOn,
    int[] TagIds,
    long[] Ytd,
    long[] SinceStart);

/// <summary>The reference rows the filters resolve against (a few hundred rows, reloaded on every refresh).</summary>
internal sealed record ReferenceFacts(
    IReadOnlyList<(int Id, string Key, string? Code, string Path)> Regions,
    IReadOnlyList<(int Id, Reference.LookupKind Kind, int? ParentId, string? Meaning)> Lookups)
{
    public static readonly ReferenceFacts Empty = new([], []);

    public HashSet<int> MeaningIds(Reference.LookupKind kind, string meaning) =>
        [.. Lookups.Where(l => l.Kind == kind && l.Meaning == meaning).Select(l => l.Id)];
}

/// <summary>
/// An immutable in-memory copy of the ledger facts as of one <see cref="Data.LedgerSequence"/> value.
/// A refresh copies the reference tables and replaces only the rows stamped since, so readers never lock.
/// </summary>
internal sealed class LedgerSnapshot
{
    public static readonly LedgerSnapshot Empty = new(-1, ReferenceFacts.Empty, new Dictionary<int, ProjectFacts>(), new Dictionary<int, Dictionary<int, LineFacts>>());

    public LedgerSnapshot(long sequence, ReferenceFacts reference, Dictionary<int, ProjectFacts> projects, Dictionary<int, Dictionary<int, LineFacts>> linesByYear)
    {
        Sequence = sequence;
        Reference = reference;
        Projects = projects;
        LinesByYear = linesByYear;
    }

    public long Sequence { get; }

    public ReferenceFacts Reference { get; }

    public IReadOnlyDictionary<int, ProjectFacts> Projects { get; }

    /// <summary>Year → line id → line.</summary>
    public IReadOnlyDictionary<int, Dictionary<int, LineFacts>> LinesByYear { get; }

    public IEnumerable<LineFacts> Lines(int year) =>
        LinesByYear.TryGetValue(year, out var lines) ? lines.Values : [];

    public LedgerSnapshot With(long sequence, ReferenceFacts reference, IEnumerable<ProjectFacts> projects, IEnumerable<LineFacts> lines)
    {
        var p = new Dictionary<int, ProjectFacts>(Projects);
        foreach (var project in projects)
        {
            p[project.Id] = project;
        }

        var byYear = LinesByYear.ToDictionary(kv => kv.Key, kv => kv.Value);
        var copied = new HashSet<int>();
        foreach (var line in lines)
        {
            // Copy a year's table once, on its first change in this refresh.
            if (copied.Add(line.Year))
            {
                byYear[line.Year] = byYear.TryGetValue(line.Year, out var old) ? new Dictionary<int, LineFacts>(old) : [];
            }

            byYear[line.Year][line.Id] = line;
        }

        return new LedgerSnapshot(sequence, reference, p, byYear);
    }

    public static long Scale(decimal value) => (long)(value * Data.ScaledDecimalConverter.Scale);

    public static decimal Unscale(long value) => value / Data.ScaledDecimalConverter.Scale;

    public static long[] Series(MonthlySeries s) => [.. Enumerable.Range(1, 12).Select(m => Scale(s[m]))];
}
