using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Indicators;

/// <summary>
/// What the indicators need of a project, as scaled integers (万元 × 10⁴, m² × 10⁴). A value kept inline in the
/// project table's chunks: finding a project is one memory read, not a chase through a reference.
/// </summary>
internal readonly record struct ProjectFacts(
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

/// <summary>Twelve month-end values held inside the object that owns them.</summary>
[System.Runtime.CompilerServices.InlineArray(12)]
internal struct MonthValues
{
    private long _first;

    /// <summary>A monthly series as scaled integers (万元 × 10⁴), January first.</summary>
    public static MonthValues Of(MonthlySeries series)
    {
        var months = default(MonthValues);
        for (var m = 0; m < 12; m++)
        {
            months[m] = LedgerSnapshot.Scale(series[m + 1]);
        }

        return months;
    }
}

/// <summary>
/// What the indicators need of a year line: plan, start, tags and the month-end series. The two series live in
/// the line itself, so a pass over a year's lines reads each line from one place.
/// </summary>
internal sealed class LineFacts(
    int id,
    int projectId,
    int year,
    bool inPlan,
    int? natureId,
    long annualPlan,
    DateOnly? startedOn,
    int[] tagIds,
    MonthValues ytd,
    MonthValues sinceStart)
{
    private readonly MonthValues _ytd = ytd;
    private readonly MonthValues _sinceStart = sinceStart;

    public int Id { get; } = id;

    public int ProjectId { get; } = projectId;

    public int Year { get; } = year;

    public bool InPlan { get; } = inPlan;

    public int? NatureId { get; } = natureId;

    public long AnnualPlan { get; } = annualPlan;

    public DateOnly? StartedOn { get; } = startedOn;

    public int[] TagIds { get; } = tagIds;

    /// <summary>YTD at each month end, January first.</summary>
    public ReadOnlySpan<long> Ytd => _ytd;

    /// <summary>Since the start of construction, at each month end of the year.</summary>
    public ReadOnlySpan<long> SinceStart => _sinceStart;
}

/// <summary>The reference rows the filters resolve against (a few hundred rows, reloaded on every refresh).</summary>
internal sealed record ReferenceFacts(
    IReadOnlyList<(int Id, string Key, string? Code, string Path)> Regions,
    IReadOnlyList<(int Id, Reference.LookupKind Kind, int? ParentId, string? Meaning)> Lookups)
{
    public static readonly ReferenceFacts Empty = new([], []);

    /// <summary>Whether both hold the same rows (filters resolve the same way against either).</summary>
    public bool SameAs(ReferenceFacts other) =>
        Regions.SequenceEqual(other.Regions) && Lookups.SequenceEqual(other.Lookups);

    public HashSet<int> MeaningIds(Reference.LookupKind kind, string meaning) =>
        [.. Lookups.Where(l => l.Kind == kind && l.Meaning == meaning).Select(l => l.Id)];
}

/// <summary>
/// An immutable in-memory copy of the ledger facts as of one <see cref="Data.LedgerSequence"/> value: every
/// project, and the year lines of the years asked about so far (a ten-year province ledger keeps only what
/// its dashboards read). A refresh copies the reference tables and replaces only the rows stamped since, so
/// readers never lock.
/// </summary>
internal sealed class LedgerSnapshot
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Dictionary<int, LineFacts>, LineFacts[]> Arrays = [];

    public static readonly LedgerSnapshot Empty = new(-1, ReferenceFacts.Empty, ProjectTable.Empty, new Dictionary<int, Dictionary<int, LineFacts>>());

    public LedgerSnapshot(long sequence, ReferenceFacts reference, ProjectTable projects, Dictionary<int, Dictionary<int, LineFacts>> linesByYear)
    {
        Sequence = sequence;
        Reference = reference;
        Projects = projects;
        LinesByYear = linesByYear;
    }

    public long Sequence { get; }

    public ReferenceFacts Reference { get; }

    public ProjectTable Projects { get; }

    /// <summary>Year → project id → that project's line (one per project and year); only loaded years are present.</summary>
    public IReadOnlyDictionary<int, Dictionary<int, LineFacts>> LinesByYear { get; }

    public bool HasYear(int year) => LinesByYear.ContainsKey(year);

    /// <summary>
    /// The year's lines as an array, for a pass split across cores. Made once per version of the year's table:
    /// a snapshot that changed no line of that year shares the array of the one before.
    /// </summary>
    public LineFacts[] LineArray(int year) =>
        LinesByYear.TryGetValue(year, out var lines) ? Arrays.GetValue(lines, t => [.. t.Values]) : [];

    public LineFacts? Line(int year, int projectId) =>
        LinesByYear.TryGetValue(year, out var lines) && lines.TryGetValue(projectId, out var line) ? line : null;

    /// <summary>
    /// A new snapshot with these projects and lines replacing their old versions. Lines of a year not loaded
    /// are dropped unless the year is in <paramref name="newYears"/>, whose lines arrive here in full.
    /// </summary>
    public LedgerSnapshot With(long sequence, ReferenceFacts reference, IEnumerable<ProjectFacts> projects, IEnumerable<LineFacts> lines, IReadOnlyCollection<int> newYears)
    {
        var p = Projects.With(projects, []);
        var byYear = LinesByYear.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var year in newYears)
        {
            byYear[year] = [];
        }

        var copied = new HashSet<int>(newYears);
        foreach (var line in lines)
        {
            if (!byYear.TryGetValue(line.Year, out var table))
            {
                continue;
            }

            // Copy a year's table once, on its first change in this refresh.
            if (copied.Add(line.Year))
            {
                table = byYear[line.Year] = new Dictionary<int, LineFacts>(table);
            }

            table[line.ProjectId] = line;
        }

        return new LedgerSnapshot(sequence, reference, p, byYear);
    }

    /// <summary>A new snapshot without these projects (year null: the project and all its lines) or year lines.</summary>
    public LedgerSnapshot Without(IReadOnlyCollection<(int ProjectId, int? Year)> removed)
    {
        if (removed.Count == 0)
        {
            return this;
        }

        var p = Projects.With([], removed.Where(r => r.Year is null).Select(r => r.ProjectId));
        HashSet<int> touched = removed.Any(r => r.Year is null) ? [.. LinesByYear.Keys] : removed.Select(r => r.Year!.Value).ToHashSet();
        var byYear = LinesByYear.ToDictionary(kv => kv.Key, kv => touched.Contains(kv.Key) ? new Dictionary<int, LineFacts>(kv.Value) : kv.Value);
        foreach (var (projectId, year) in removed)
        {
            foreach (var (lineYear, lines) in byYear)
            {
                if ((year is null || year == lineYear) && touched.Contains(lineYear))
                {
                    lines.Remove(projectId);
                }
            }
        }

        return new LedgerSnapshot(Sequence, Reference, p, byYear);
    }

    /// <summary>A new snapshot without the lines of these years (they are loaded again when asked about).</summary>
    public LedgerSnapshot WithoutYears(IReadOnlyCollection<int> years) =>
        years.Count == 0 ? this : new LedgerSnapshot(Sequence, Reference, Projects, LinesByYear.Where(kv => !years.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));

    public static long Scale(decimal value) => (long)(value * Data.ScaledDecimalConverter.Scale);

    public static decimal Unscale(long value) => value / Data.ScaledDecimalConverter.Scale;
}
