using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Indicators;

/// <summary>
/// The sums behind one question (a filter, the asker's jurisdiction, plan basis, year and month): the grouped
/// facts of the year's lines, the year's month-end YTD series and last year's. Every sum is a sum over
/// projects of what <see cref="Add"/> gives for one project, so when projects change the answer is brought
/// up to date by taking out their old share and putting in their new one — no pass over the ledger.
/// Immutable once published; a refresh makes an updated copy.
/// </summary>
internal sealed class IndicatorAnswer
{
    // Seven classifications packed into 9 bits index flat accumulators: no allocation per line.
    private const int Keys = 512, Sums = 7;

    // Below this many lines one core answers sooner than starting several.
    private const int ParallelFrom = 40_000;

    private readonly long[] _sums;
    private readonly int[] _counts;
    private readonly long[] _thisYear;
    private readonly long[] _lastYear;
    private long _lastUsed;

    private IndicatorAnswer(ResolvedFilter filter, int year, int month, IReadOnlyDictionary<int, (bool InPlan, long Plan)>? baseline,
        long[] sums, int[] counts, long[] thisYear, long[] lastYear)
    {
        Filter = filter;
        Year = year;
        Month = month;
        Baseline = baseline;
        _sums = sums;
        _counts = counts;
        _thisYear = thisYear;
        _lastYear = lastYear;
        _lastUsed = Environment.TickCount64;
    }

    public ResolvedFilter Filter { get; }

    public int Year { get; }

    public int Month { get; }

    public IReadOnlyDictionary<int, (bool InPlan, long Plan)>? Baseline { get; }

    public long LastUsed => Interlocked.Read(ref _lastUsed);

    public void Touch() => Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);

    /// <summary>
    /// The answer from one pass over the year's and last year's lines; <paramref name="only"/> limits it to
    /// those projects (a text search answered in SQL; such an answer is not kept). <paramref name="split"/> sets
    /// the number of parts the pass is cut into (tests); by default a large ledger is cut into one per core.
    /// </summary>
    public static IndicatorAnswer Scan(LedgerSnapshot s, ResolvedFilter f, int year, int month,
        IReadOnlyDictionary<int, (bool InPlan, long Plan)>? baseline, IReadOnlySet<int>? only = null, int? split = null)
    {
        var answer = Empty(f, year, month, baseline);
        var lines = s.LineArray(year);
        var lastLines = s.LineArray(year - 1);

        // A large ledger is split across the cores, each part summing into accumulators of its own: every sum
        // is a sum over lines, so the parts add up to the single pass exactly.
        var parts = split ?? (lines.Length + lastLines.Length >= ParallelFrom ? Math.Clamp(Environment.ProcessorCount, 1, 8) : 1);
        if (parts == 1)
        {
            answer.ScanPart(s, lines, lastLines, 0, 1, only);
            return answer;
        }

        var pieces = new IndicatorAnswer[parts];
        Parallel.For(0, parts, i =>
        {
            var piece = Empty(f, year, month, baseline);
            piece.ScanPart(s, lines, lastLines, i, parts, only);
            pieces[i] = piece;
        });
        foreach (var piece in pieces)
        {
            answer.AddUp(piece);
        }

        return answer;
    }

    private static IndicatorAnswer Empty(ResolvedFilter f, int year, int month, IReadOnlyDictionary<int, (bool InPlan, long Plan)>? baseline) =>
        new(f, year, month, baseline, new long[Keys * Sums], new int[Keys], new long[12], new long[12]);

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of the pass: the same shares as Add gives, with one look-up per line.</summary>
    private void ScanPart(LedgerSnapshot s, LineFacts[] lines, LineFacts[] lastLines, int part, int parts, IReadOnlySet<int>? only)
    {
        var f = Filter;
        var (from, to) = Slice(lines.Length, part, parts);
        for (var i = from; i < to; i++)
        {
            var line = lines[i];
            if ((only is null || only.Contains(line.ProjectId)) && s.Projects.TryGetValue(line.ProjectId, out var p) && f.Matches(p))
            {
                AddYear(p, line, 1);
            }
        }

        (from, to) = Slice(lastLines.Length, part, parts);
        for (var i = from; i < to; i++)
        {
            var last = lastLines[i];
            if ((only is null || only.Contains(last.ProjectId)) && s.Projects.TryGetValue(last.ProjectId, out var p) && f.Matches(p))
            {
                AddLastYear(s, last, 1);
            }
        }
    }

    private static (int From, int To) Slice(int length, int part, int parts) =>
        ((int)((long)length * part / parts), (int)((long)length * (part + 1) / parts));

    /// <summary>Adds another part's sums to these.</summary>
    private void AddUp(IndicatorAnswer other)
    {
        for (var i = 0; i < _sums.Length; i++)
        {
            _sums[i] += other._sums[i];
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        for (var m = 0; m < 12; m++)
        {
            _thisYear[m] += other._thisYear[m];
            _lastYear[m] += other._lastYear[m];
        }
    }

    /// <summary>
    /// This answer moved from <paramref name="before"/> to <paramref name="after"/> for the changed projects,
    /// or this same object when none of them counts in it either way.
    /// </summary>
    public IndicatorAnswer Update(LedgerSnapshot before, LedgerSnapshot after, IReadOnlyCollection<int> changedProjects)
    {
        if (!changedProjects.Any(id => Counts(before, id) || Counts(after, id)))
        {
            return this;
        }

        var copy = new IndicatorAnswer(Filter, Year, Month, Baseline, (long[])_sums.Clone(), (int[])_counts.Clone(), (long[])_thisYear.Clone(), (long[])_lastYear.Clone())
        {
            _lastUsed = LastUsed,
        };
        foreach (var id in changedProjects)
        {
            copy.Add(before, id, -1);
            copy.Add(after, id, 1);
        }

        return copy;
    }

    /// <summary>The grouped facts the figures are built from.</summary>
    public List<FactGroup> Groups()
    {
        var groups = new List<FactGroup>();
        for (var key = 0; key < Keys; key++)
        {
            if (_counts[key] == 0)
            {
                continue;
            }

            var a = key * Sums;
            groups.Add(new FactGroup(key & 3, (key >> 2) & 3, Has(key, 4), Has(key, 5), Has(key, 6), Has(key, 7), Has(key, 8),
                _counts[key], U(_sums[a]), U(_sums[a + 1]), U(_sums[a + 2]), U(_sums[a + 3]), U(_sums[a + 4]), U(_sums[a + 5]), U(_sums[a + 6])));
        }

        return groups;
    }

    /// <summary>YTD at each month end of the year for the lines the filter selects.</summary>
    public decimal[] ThisYear() => [.. _thisYear.Select(U)];

    /// <summary>Last year's month-end YTD of the same projects (ADR 0007, <see cref="SqlFacts.YtdLastYearAsync"/>).</summary>
    public decimal[] LastYear() => [.. _lastYear.Select(U)];

    /// <summary>Last year's YTD as of this answer's month.</summary>
    public decimal LastYearAtMonth => Month == 0 ? 0m : U(_lastYear[Month - 1]);

    /// <summary>Whether the project has a share in this answer in that snapshot.</summary>
    private bool Counts(LedgerSnapshot s, int projectId) =>
        s.Projects.TryGetValue(projectId, out var p) && Filter.Matches(p)
        && (s.Line(Year, projectId) is not null || s.Line(Year - 1, projectId) is not null);

    /// <summary>Adds (sign 1) or takes out (sign −1) one project's share: its line of the year and of the year before.</summary>
    private void Add(LedgerSnapshot s, int projectId, int sign)
    {
        if (!s.Projects.TryGetValue(projectId, out var p) || !Filter.Matches(p))
        {
            return;
        }

        if (s.Line(Year, projectId) is { } y)
        {
            AddYear(p, y, sign);
        }

        if (s.Line(Year - 1, projectId) is { } last)
        {
            AddLastYear(s, last, sign);
        }
    }

    /// <summary>The share of a matching project's line of the year: grouped facts and the year's YTD series.</summary>
    private void AddYear(in ProjectFacts p, LineFacts y, int sign)
    {
        var f = Filter;
        var (inPlan, plan) = Baseline is null ? (y.InPlan, y.AnnualPlan)
            : Baseline.TryGetValue(y.ProjectId, out var b) ? b : (false, 0L);
        if (f.Matches(y, inPlan))
        {
            var band = p.Total >= 1_000_000_000L ? 3 : p.Total >= 100_000_000L ? 2 : p.Total >= 50_000_000L ? 1 : 0;
            var key = f.NatureGroup(y) | (band << 2) | Bit(inPlan, 4) | Bit(f.IsStarted(y), 5)
                | Bit(f.IsIndustrial(p), 6) | Bit(f.IsInStats(p), 7) | Bit(p.Land > 0, 8);
            _counts[key] += sign;
            var a = key * Sums;
            _sums[a] += sign * p.Total;
            _sums[a + 1] += sign * plan;
            _sums[a + 2] += Month == 0 ? 0 : sign * y.Ytd[Month - 1];
            _sums[a + 3] += Month == 0 ? 0 : sign * y.SinceStart[Month - 1];
            _sums[a + 4] += sign * (p.Land ?? 0);
            _sums[a + 5] += sign * p.Output;
            _sums[a + 6] += sign * p.Tax;
        }

        if (f.Matches(y))
        {
            for (var m = 0; m < 12; m++)
            {
                _thisYear[m] += sign * y.Ytd[m];
            }
        }
    }

    /// <summary>
    /// The share of a matching project's line of last year (同比). A filter on this year's line (plan, start,
    /// tag, the year's 建设性质) keeps only the projects whose line this year passes it.
    /// </summary>
    private void AddLastYear(LedgerSnapshot s, LineFacts last, int sign)
    {
        if (Filter.Filter.HasYearLevelConditions && !(s.Line(Year, last.ProjectId) is { } y && Filter.Matches(y)))
        {
            return;
        }

        for (var m = 0; m < 12; m++)
        {
            _lastYear[m] += sign * last.Ytd[m];
        }
    }

    private static int Bit(bool value, int bit) => value ? 1 << bit : 0;

    private static bool Has(int key, int bit) => (key & (1 << bit)) != 0;

    private static decimal U(long v) => LedgerSnapshot.Unscale(v);
}
