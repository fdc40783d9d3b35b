using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Core.Indicators;

/// <summary>
/// Keeps one <see cref="LedgerSnapshot"/> per application instance, and the answers to the questions asked
/// of it (ADR 0026). Each read asks the database for the ledger sequence (one tiny query); when it moved,
/// only the rows stamped after the snapshot are loaded, and every kept answer is moved by the changed
/// projects' old and new shares instead of being computed again. Several instances each keep their own
/// copy and stay correct, because the sequence lives in the database.
/// </summary>
public sealed class LedgerSnapshotCache : IDisposable
{
    /// <summary>Answers kept per instance; the least recently asked go first (about 30 KB each).</summary>
    public const int MaxAnswers = 400;

    /// <summary>A refresh touching more projects than this (a large import) drops the answers instead of moving each.</summary>
    public const int MaxMovedProjects = 5_000;

    /// <summary>Years of lines held at once; loading another lets go of the one asked about least recently.</summary>
    public const int MaxYears = 4;

    private readonly ConcurrentDictionary<int, long> _yearAskedAt = new();

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile State _state = new(LedgerSnapshot.Empty, new ConcurrentDictionary<AnswerKey, IndicatorAnswer>());

    public void Dispose() => _refresh.Dispose();

    /// <summary>Loads this year's and last year's facts ahead of the first question.</summary>
    public Task WarmUpAsync(TiaoduDb db, int year, CancellationToken ct) => StateAsync(db, [year, year - 1], ct);

    /// <summary>How many answers this instance keeps now (for tests and metrics).</summary>
    public int AnswerCount => _state.Answers.Count;

    /// <summary>How many years of lines this instance holds now (for tests).</summary>
    public int YearsHeld => _state.Snapshot.LinesByYear.Count;

    /// <summary>The snapshot with <paramref name="years"/> loaded, current as of the ledger sequence just read.</summary>
    internal async Task<LedgerSnapshot> CurrentAsync(TiaoduDb db, IReadOnlyCollection<int> years, CancellationToken ct) =>
        (await StateAsync(db, years, ct)).Snapshot;

    /// <summary>
    /// The kept answer to this question, or a new one from one pass over the snapshot (kept for next time).
    /// <paramref name="resolve"/> turns the filter into id sets against the snapshot's reference rows.
    /// </summary>
    internal async Task<IndicatorAnswer> AnswerAsync(TiaoduDb db, ProjectFilter filter, AccessScope scope, int year, int month,
        IReadOnlyDictionary<int, (bool InPlan, long Plan)>? baseline, Func<LedgerSnapshot, ResolvedFilter> resolve, CancellationToken ct)
    {
        var state = await StateAsync(db, [year, year - 1], ct);
        var key = new AnswerKey(filter with { Page = 1, PageSize = 20, Sort = null, Desc = false }, Fingerprint(scope), year, month, baseline is not null);
        if (state.Answers.TryGetValue(key, out var kept))
        {
            kept.Touch();
            return kept;
        }

        var answer = IndicatorAnswer.Scan(state.Snapshot, resolve(state.Snapshot), year, month, baseline);
        state.Answers[key] = answer;
        if (state.Answers.Count > MaxAnswers)
        {
            foreach (var old in state.Answers.OrderBy(a => a.Value.LastUsed).Take(state.Answers.Count - MaxAnswers * 3 / 4).ToList())
            {
                state.Answers.TryRemove(old.Key, out _);
            }
        }

        return answer;
    }

    private async Task<State> StateAsync(TiaoduDb db, IReadOnlyCollection<int> years, CancellationToken ct)
    {
        foreach (var year in years)
        {
            _yearAskedAt[year] = Environment.TickCount64;
        }

        var sequence = await LedgerSequence.CurrentAsync(db, ct);
        var state = _state;
        if (state.Snapshot.Sequence == sequence && years.All(state.Snapshot.HasYear))
        {
            return state;
        }

        await _refresh.WaitAsync(ct);
        try
        {
            state = _state;
            var newYears = years.Where(y => !state.Snapshot.HasYear(y)).ToList();
            if (state.Snapshot.Sequence >= sequence && newYears.Count == 0)
            {
                return state;
            }

            // Never step back: another refresh may already have read a later sequence.
            sequence = Math.Max(sequence, state.Snapshot.Sequence);
            var held = state.Snapshot.LinesByYear.Keys.ToList();
            var dropped = held.Where(y => !years.Contains(y))
                .OrderBy(y => _yearAskedAt.GetValueOrDefault(y))
                .Take(Math.Max(0, held.Count + newYears.Count - MaxYears))
                .ToList();
            _state = await RefreshAsync(db, state, sequence, newYears, dropped, ct);
            return _state;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private static async Task<State> RefreshAsync(TiaoduDb db, State state, long sequence, List<int> newYears, List<int> droppedYears, CancellationToken ct)
    {
        var snapshot = state.Snapshot.WithoutYears(droppedYears);
        var since = snapshot.Sequence;
        var loaded = snapshot.LinesByYear.Keys.ToList();

        // Only rows stamped up to the sequence just read: later commits wait for the next refresh, so one
        // snapshot never holds half of a change.
        var projects = await db.Projects.AsNoTracking().Where(p => p.ChangeSeq > since && p.ChangeSeq <= sequence)
            .Select(p => new { p.Id, p.RegionId, p.CategoryId, p.IndustryId, p.NatureId, p.StageId, p.SectorId, p.LeaderId, p.ServiceOfficerId, p.TotalInvestment, p.LandArea, p.ExpectedOutput, p.ExpectedTax, p.InStatsOn, p.IsDeleted })
            .ToListAsync(ct);

        // Lines: the changed ones of the years held, and every line of a year asked about for the first time.
        var lineRows = db.ProjectYears.AsNoTracking().Where(y =>
            (y.ChangeSeq > since && y.ChangeSeq <= sequence && loaded.Contains(y.Year))
            || (newYears.Contains(y.Year) && y.ChangeSeq <= sequence));
        var lines = await lineRows
            .Select(y => new { y.Id, y.ProjectId, y.Year, y.InPlan, y.NatureId, y.AnnualPlan, y.StartedOn, y.Ytd, y.SinceStart })
            .ToListAsync(ct);

        // Tags in a query of their own: a correlated collection per line costs seconds on a full load.
        var tags = (await db.ProjectYearTags.AsNoTracking().Where(t => lineRows.Select(y => y.Id).Contains(t.ProjectYearId))
                .Select(t => new { t.ProjectYearId, t.TagId }).ToListAsync(ct))
            .ToLookup(t => t.ProjectYearId, t => t.TagId);

        // A full load reads only rows that exist, so it has nothing to remove.
        List<(int ProjectId, int? Year)> removals = since < 0 ? [] : (await db.LedgerRemovals.AsNoTracking().Where(r => r.ChangeSeq > since && r.ChangeSeq <= sequence)
            .Select(r => new { r.ProjectId, r.Year }).ToListAsync(ct)).Select(r => (r.ProjectId, r.Year)).ToList();

        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.Key, r.Code, r.Path }).ToListAsync(ct);
        var lookups = await db.Lookups.AsNoTracking().OrderBy(l => l.Id).Select(l => new { l.Id, l.Kind, l.ParentId, l.Meaning }).ToListAsync(ct);
        var reference = new ReferenceFacts(
            [.. regions.Select(r => (r.Id, r.Key, r.Code, r.Path))],
            [.. lookups.Select(l => (l.Id, l.Kind, l.ParentId, l.Meaning))]);

        // Removals first: a row still in the database was written after any removal of the same key.
        var next = snapshot.Without([.. removals.Select(r => (r.ProjectId, r.Year))]).With(sequence, reference,
            projects.Select(p => new ProjectFacts(p.Id, p.RegionId, p.CategoryId, p.IndustryId, p.NatureId, p.StageId, p.SectorId, p.LeaderId, p.ServiceOfficerId,
                LedgerSnapshot.Scale(p.TotalInvestment), p.LandArea is { } land ? LedgerSnapshot.Scale(land) : null,
                LedgerSnapshot.Scale(p.ExpectedOutput ?? 0m), LedgerSnapshot.Scale(p.ExpectedTax ?? 0m), p.InStatsOn, p.IsDeleted)),
            // In project order: a pass over the year's lines then walks the project table forwards.
            lines.OrderBy(y => y.Year).ThenBy(y => y.ProjectId).Select(y => new LineFacts(y.Id, y.ProjectId, y.Year, y.InPlan, y.NatureId, LedgerSnapshot.Scale(y.AnnualPlan ?? 0m), y.StartedOn,
                tags.Contains(y.Id) ? [.. tags[y.Id]] : [], MonthValues.Of(y.Ytd), MonthValues.Of(y.SinceStart))),
            newYears);

        // Move every kept answer by the changed projects; a new reference table (regions, look-ups) can
        // change what a filter means, so the answers are dropped then, as after a large import.
        var answers = new ConcurrentDictionary<AnswerKey, IndicatorAnswer>();
        var changed = projects.Select(p => p.Id)
            .Concat(lines.Where(l => !newYears.Contains(l.Year)).Select(l => l.ProjectId))
            .Concat(removals.Select(r => r.ProjectId))
            .ToHashSet();
        if (changed.Count <= MaxMovedProjects && reference.SameAs(snapshot.Reference))
        {
            foreach (var (key, answer) in state.Answers)
            {
                if (!droppedYears.Contains(answer.Year) && !droppedYears.Contains(answer.Year - 1))
                {
                    answers[key] = answer.Update(snapshot, next, changed);
                }
            }
        }

        return new State(next, answers);
    }

    /// <summary>A jurisdiction as text, so that two users with the same scope share answers.</summary>
    private static string Fingerprint(AccessScope scope)
    {
        if (scope.All)
        {
            return "*";
        }

        var text = new StringBuilder();
        text.Append("r:").Append(scope.RegionIds is null ? "-" : string.Join(',', scope.RegionIds.Order()))
            .Append(";s:").Append(scope.SectorId?.ToString(CultureInfo.InvariantCulture))
            .Append(";p:").Append(scope.PersonId?.ToString(CultureInfo.InvariantCulture))
            .Append(";j:").AppendJoin(',', scope.ProjectIds.Order());
        return text.ToString();
    }

    private sealed record State(LedgerSnapshot Snapshot, ConcurrentDictionary<AnswerKey, IndicatorAnswer> Answers);

    /// <summary>A question: the filter (paging and order left out), the scope's fingerprint, year, month and plan basis.</summary>
    private sealed record AnswerKey(ProjectFilter Filter, string Scope, int Year, int Month, bool Baseline);
}
