using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Tiaodu.Core.Reference;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Ledger;

/// <summary>
/// A <see cref="ProjectFilter"/> turned into queries: the projects it selects and, when it names a year,
/// their lines for that year. Lists, exports and indicators all start here.
/// </summary>
public sealed record LedgerQuery(
    IQueryable<Project> Projects,
    IQueryable<Project> ProjectsIgnoringYear,
    IQueryable<ProjectYear> Years,
    int Year,
    DateOnly AsOf)
{
    /// <summary>
    /// The same projects as <see cref="Projects"/>, phrased for counting: with a year, the year's lines drive
    /// the count (an IN list from the year index) instead of a look-up per project. Pages keep
    /// <see cref="Projects"/>, which walks the name index.
    /// </summary>
    public IQueryable<Project> Counted { get; init; } = Projects;

    /// <summary>Months of <see cref="Year"/> complete as of <see cref="AsOf"/> (0–12): the 序时进度 numerator.</summary>
    public int Month => LedgerQueryBuilder.CompleteMonths(Year, AsOf);
}

/// <summary>Builds ledger queries inside the user's jurisdiction: nothing outside it is ever selected or counted.</summary>
public sealed class LedgerQueryBuilder(TiaoduDb db, TimeProvider clock, ICurrentUser user)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>
    /// The filter's year, as-of date and the months of the year complete by then (0–12): a month counts from
    /// its last day on, so "截至6月30日" reads 1–6月 figures and 15 June still reads 1–5月, against last year's 1–5月.
    /// </summary>
    public (int Year, DateOnly AsOf, int Month) Period(ProjectFilter f)
    {
        f.WithinRange(out var problems);
        if (problems.Count > 0)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["year"] = [.. problems] });
        }

        var asOf = f.AsOf ?? Today;
        var year = f.Year ?? asOf.Year;
        return (year, asOf, CompleteMonths(year, asOf));
    }

    public static int CompleteMonths(int year, DateOnly asOf) =>
        asOf.Year > year ? 12
        : asOf.Year < year ? 0
        : asOf.Day == DateTime.DaysInMonth(asOf.Year, asOf.Month) ? asOf.Month : asOf.Month - 1;

    public async Task<LedgerQuery> BuildAsync(ProjectFilter f, CancellationToken ct)
    {
        var (year, asOf, _) = Period(f);
        var scope = await ViewScopeAsync(ct);
        var projects = scope.Apply(db.Projects.AsNoTracking().Where(p => p.IsDeleted == f.Deleted));

        if (!string.IsNullOrWhiteSpace(f.Region))
        {
            var region = await db.Regions.AsNoTracking().Where(r => r.Key == f.Region || r.Code == f.Region)
                .Select(r => r.Path).FirstOrDefaultAsync(ct);
            var subtree = db.Regions.Where(r => region != null && r.Path.StartsWith(region)).Select(r => r.Id);
            projects = projects.Where(p => subtree.Contains(p.RegionId));
        }

        if (f.Industry is { } industry)
        {
            var ids = db.Lookups.Where(l => l.Id == industry || l.ParentId == industry).Select(l => l.Id);
            projects = projects.Where(p => p.IndustryId != null && ids.Contains(p.IndustryId.Value));
        }

        projects = WhereEquals(projects, f);
        if (f.Band is { } band)
        {
            var min = SizeBands.Threshold(band);
            projects = projects.Where(p => p.TotalInvestment >= min);
        }

        if (f.Industrial is { } industrial)
        {
            var ids = await MeaningIdsAsync(LookupKind.Category, LookupMeaning.Industrial, ct);
            projects = industrial
                ? projects.Where(p => p.CategoryId != null && ids.Contains(p.CategoryId.Value))
                : projects.Where(p => p.CategoryId == null || !ids.Contains(p.CategoryId.Value));
        }

        if (f.InStats is { } inStats)
        {
            projects = inStats
                ? projects.Where(p => p.InStatsOn != null && p.InStatsOn <= asOf)
                : projects.Where(p => p.InStatsOn == null || p.InStatsOn > asOf);
        }

        if (f.HasLand is { } hasLand)
        {
            projects = hasLand ? projects.Where(p => p.LandArea > 0) : projects.Where(p => p.LandArea == null || p.LandArea <= 0);
        }

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            // '|' separates the parts of a search key; it is never part of what someone looks for.
            var q = ChineseText.NormalizeQuery(f.Q).Replace("|", "", StringComparison.Ordinal);
            if (q.Length > 0)
            {
                projects = projects.Where(p => p.SearchKey.Contains(q));
            }
        }

        var years = await YearConditionsAsync(f, year, asOf, ct);
        var listed = f.HasYearConditions ? projects.Where(p => years.Any(y => y.ProjectId == p.Id)) : projects;
        var counted = f.HasYearConditions ? projects.Where(p => years.Select(y => y.ProjectId).Contains(p.Id)) : projects;
        return new LedgerQuery(listed, projects, years, year, asOf) { Counted = counted };
    }

    /// <summary>The jurisdiction of a user who may read the ledger; a refusal for anyone else.</summary>
    public async Task<AccessScope> ViewScopeAsync(CancellationToken ct)
    {
        if (!user.Has(Permission.ViewLedger))
        {
            throw new ForbiddenException("您的角色不能查看项目台账");
        }

        return await user.ScopeAsync(ct);
    }

    /// <summary>The year lines of <paramref name="year"/> that satisfy the filter's year-level conditions.</summary>
    private async Task<IQueryable<ProjectYear>> YearConditionsAsync(ProjectFilter f, int year, DateOnly asOf, CancellationToken ct)
    {
        var years = db.ProjectYears.AsNoTracking().Where(y => y.Year == year);
        if (f.InPlan is { } inPlan)
        {
            if (f.Baseline && await db.YearPlans.AnyAsync(p => p.Year == year, ct))
            {
                // On the baseline's terms: in plan as approved (a line added since is not).
                var planned = db.PlanBaselineLines.Where(b => b.Year == year && b.InPlan).Select(b => b.ProjectId);
                years = inPlan ? years.Where(y => planned.Contains(y.ProjectId)) : years.Where(y => !planned.Contains(y.ProjectId));
            }
            else
            {
                years = years.Where(y => y.InPlan == inPlan);
            }
        }

        if (f.Started is { } started)
        {
            years = started
                ? years.Where(y => y.StartedOn != null && y.StartedOn <= asOf)
                : years.Where(y => y.StartedOn == null || y.StartedOn > asOf);
        }

        if (f.Tag is { } tag)
        {
            years = years.Where(y => y.Tags.Any(t => t.TagId == tag));
        }

        if (!string.IsNullOrWhiteSpace(f.YearNature))
        {
            var ids = await MeaningIdsAsync(LookupKind.Nature, f.YearNature, ct);
            years = years.Where(y => y.NatureId != null && ids.Contains(y.NatureId.Value));
        }

        return years;
    }

    private static IQueryable<Project> WhereEquals(IQueryable<Project> q, ProjectFilter f)
    {
        if (f.Category is { } category) q = q.Where(p => p.CategoryId == category);
        if (f.Nature is { } nature) q = q.Where(p => p.NatureId == nature);
        if (f.Stage is { } stage) q = q.Where(p => p.StageId == stage);
        if (f.Sector is { } sector) q = q.Where(p => p.SectorId == sector);
        if (f.Leader is { } leader) q = q.Where(p => p.LeaderId == leader);
        if (f.Officer is { } officer) q = q.Where(p => p.ServiceOfficerId == officer);
        return q;
    }

    public async Task<List<int>> MeaningIdsAsync(LookupKind kind, string meaning, CancellationToken ct) =>
        await db.Lookups.AsNoTracking().Where(l => l.Kind == kind && l.Meaning == meaning).Select(l => l.Id).ToListAsync(ct);
}
