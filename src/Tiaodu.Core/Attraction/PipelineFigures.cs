using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Attraction;

/// <summary>A group of leads with its count and amount (签约额 once signed, else 意向投资额) and the filter listing them.</summary>
public sealed record PipelineGroup(string Name, int Leads, decimal Amount, LeadFilter Drill);

/// <summary>A rate of the signed leads with its numerator, denominator and the lists behind them.</summary>
public sealed record PipelineRate(decimal? Value, decimal Numerator, decimal Denominator);

/// <summary>How many leads had reached each stage by the end of each month of a year (the conversion funnel over time).</summary>
public sealed record FunnelMonth(int Month, IReadOnlyList<int> Reached);

public sealed record PipelineView(
    IReadOnlyList<PipelineGroup> ByStage,
    PipelineGroup Dropped,
    IReadOnlyList<PipelineGroup> BySector,
    IReadOnlyList<PipelineGroup> ByOrigin,
    IReadOnlyList<PipelineGroup> ByOfficer,
    IReadOnlyList<PipelineGroup> ByEvent,
    int SignedLeads,
    decimal Contracted,
    PipelineRate Fulfilment,
    PipelineRate Landing,
    PipelineRate Starting,
    PipelineRate Funds,
    int Year,
    IReadOnlyList<FunnelMonth> Funnel);

/// <summary>
/// The pipeline's figures (DOMAIN §4): counts and amounts by stage, sector, origin, officer and event, and for the
/// leads that reached 签约 — 履约率 (registered or further, not dropped), 落地率 (sited or further, or in the ledger),
/// 开工率 (started, or its ledger project has started) and 资金到位率 (funds in place ÷ contract; once in the ledger,
/// the project's investment since start from its approved reports). Converted leads thus follow their project.
/// </summary>
public sealed class PipelineFigures(TiaoduDb db, LeadQueries leads)
{
    private sealed record Fact(int Id, LeadStage Stage, bool Dropped, decimal Intended, decimal? Contract, decimal? Funds, int? Industry, string? Origin,
        int? Officer, int? SourceEvent, int? Ceremony, int? ProjectId);

    public async Task<PipelineView> HandleAsync(LeadFilter filter, int year, CancellationToken ct)
    {
        PipelineYears.Check(year);
        var query = await leads.QueryAsync(filter with { Stage = null, Dropped = null, Contracted = null }, ct);
        var facts = await query.Select(l => new Fact(l.Id, l.Stage, l.IsDropped, l.IntendedInvestment, l.ContractInvestment, l.FundsInPlace, l.IndustryId, l.Origin,
            l.OfficerId, l.SourceEventId, l.CeremonyId, l.ProjectId)).ToListAsync(ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var projectIds = facts.Where(f => f.ProjectId is not null).Select(f => f.ProjectId!.Value).ToList();
        var started = (await db.ProjectYears.AsNoTracking().Where(y => projectIds.Contains(y.ProjectId) && y.StartedOn != null)
            .Select(y => y.ProjectId).Distinct().ToListAsync(ct)).ToHashSet();
        var invested = (await db.MonthlyReports.AsNoTracking().Where(r => projectIds.Contains(r.ProjectId) && r.Status == ReportStatus.Approved)
            .Select(r => new { r.ProjectId, r.Year, r.Month, r.InvestmentSinceStart }).ToListAsync(ct))
            .GroupBy(r => r.ProjectId).ToDictionary(g => g.Key, g => g.MaxBy(r => (r.Year * 100) + r.Month)!.InvestmentSinceStart);

        static decimal Amount(Fact f) => f.Stage >= LeadStage.Contracted ? f.Contract ?? f.Intended : f.Intended;
        PipelineGroup Group(string name, IEnumerable<Fact> set, LeadFilter drill)
        {
            var list = set.ToList();
            return new PipelineGroup(name, list.Count, list.Sum(Amount), drill with { Page = 1 });
        }

        var active = facts.Where(f => !f.Dropped).ToList();
        var byStage = Enum.GetValues<LeadStage>().Select(s => Group(LeadNames.Stage(s), active.Where(f => f.Stage == s), filter with { Stage = s, Dropped = false })).ToList();
        var bySector = active.GroupBy(f => f.Industry is { } i ? names.Lookups.GetValueOrDefault(i)?.ParentId ?? i : (int?)null)
            .Select(g => Group(names.Lookup(g.Key) ?? "未分行业", g, filter with { Industry = g.Key ?? LeadFilter.NoIndustry, Dropped = false }))
            .OrderByDescending(g => g.Amount).ToList();
        var byOrigin = active.GroupBy(f => f.Origin).Where(g => g.Key is not null)
            .Select(g => Group(g.Key!, g, filter with { Origin = g.Key, Dropped = false })).OrderByDescending(g => g.Amount).ToList();
        var byOfficer = active.GroupBy(f => f.Officer).Where(g => g.Key is not null)
            .Select(g => Group(names.Person(g.Key) ?? "", g, filter with { Officer = g.Key, Dropped = false })).OrderByDescending(g => g.Amount).ToList();
        var eventIds = facts.SelectMany(f => new[] { f.SourceEvent, f.Ceremony }).Where(e => e is not null).Select(e => e!.Value).Distinct().ToList();
        var events = await db.AttractionEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var byEvent = events.Values.OrderByDescending(e => e.On)
            .Select(e => Group(e.Name, facts.Where(f => f.SourceEvent == e.Id || f.Ceremony == e.Id), filter with { Event = e.Id })).ToList();

        var signed = facts.Where(f => f.Stage >= LeadStage.Contracted).ToList();
        var contracted = signed.Sum(f => f.Contract ?? 0m);
        PipelineRate Rate(Func<Fact, bool> holds) => new(IndicatorFormulas.Ratio(signed.Count(holds), signed.Count), signed.Count(holds), signed.Count);
        var funds = signed.Sum(f => f.ProjectId is { } p && invested.TryGetValue(p, out var spent) ? spent : f.Funds ?? 0m);

        return new PipelineView(byStage, Group("已放弃", facts.Where(f => f.Dropped), filter with { Dropped = true }), bySector, byOrigin, byOfficer, byEvent,
            signed.Count, contracted,
            Rate(f => !f.Dropped && (f.Stage >= LeadStage.Registered || f.ProjectId is not null)),
            Rate(f => !f.Dropped && (f.Stage >= LeadStage.Sited || f.ProjectId is not null)),
            Rate(f => f.Stage == LeadStage.Started || (f.ProjectId is { } p && started.Contains(p))),
            new PipelineRate(IndicatorFormulas.Ratio(funds, contracted), funds, contracted),
            year, await FunnelAsync(query, year, ct));
    }

    /// <summary>For each month end of the year, how many of the leads had reached each stage (from their dated history).</summary>
    private async Task<IReadOnlyList<FunnelMonth>> FunnelAsync(IQueryable<Lead> query, int year, CancellationToken ct)
    {
        var end = new DateOnly(year, 12, 31);
        var steps = await (from s in db.LeadSteps.AsNoTracking()
                           join l in query on s.LeadId equals l.Id
                           where (s.Kind == LeadStepKind.Created || s.Kind == LeadStepKind.Moved) && s.On <= end
                           select new { s.LeadId, s.To, s.On }).ToListAsync(ct);
        var stages = Enum.GetValues<LeadStage>();
        return [.. Enumerable.Range(1, 12).Select(m =>
        {
            var monthEnd = new DateOnly(year, m, DateTime.DaysInMonth(year, m));
            var reached = steps.Where(s => s.On <= monthEnd).GroupBy(s => s.LeadId).Select(g => g.Max(s => s.To)).ToList();
            return new FunnelMonth(m, [.. stages.Select(stage => reached.Count(r => r >= stage))]);
        })];
    }
}

/// <summary>The years the pipeline's figures and event lists can be asked for.</summary>
public static class PipelineYears
{
    public const int First = 2000;
    public const int Last = 2100;

    public static void Check(int year)
    {
        if (year is < First or > Last)
        {
            throw ValidationFailedException.For("year", $"年度应在{First}至{Last}之间");
        }
    }
}
