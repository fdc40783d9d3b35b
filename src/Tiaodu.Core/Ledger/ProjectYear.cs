using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Ledger;

/// <summary>
/// A project's line in one year's ledger: its plan figures (or 计划外 when not on the plan), its
/// classification that year, when it started or resumed, and its month-end investment figures.
/// </summary>
public sealed class ProjectYear
{
    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public int Year { get; private set; }

    /// <summary>On the year's plan (计划开复工); false = 计划外.</summary>
    public bool InPlan { get; private set; }

    /// <summary>建设性质 in this year: a project new last year is continuing (续建) this year.</summary>
    public int? NatureId { get; private set; }

    public decimal? AnnualPlan { get; private set; }
    public int? PlannedStartMonth { get; private set; }

    /// <summary>Cumulative monthly shares of the annual plan ("5,10,…,100"); null = even (see <see cref="Plans.PlanCurve"/>).</summary>
    public string? PlanCurve { get; private set; }

    /// <summary>Date the project started (new) or resumed (continuing) in this year.</summary>
    public DateOnly? StartedOn { get; private set; }

    /// <summary>Year-to-date completed investment at each month end (approved reports, carried forward).</summary>
    public MonthlySeries Ytd { get; private set; } = new();

    /// <summary>Since-start completed investment at each month end.</summary>
    public MonthlySeries SinceStart { get; private set; } = new();

    /// <summary>Bit m-1 set when month m has an approved report.</summary>
    public int ReportedMonths { get; private set; }

    public List<ProjectYearTag> Tags { get; private set; } = [];

    public int Version { get; private set; }

    /// <summary>The ledger sequence value of the last change (stamped on save).</summary>
    public long ChangeSeq { get; private set; }

    private ProjectYear()
    {
    }

    public ProjectYear(int projectId, int year)
    {
        ProjectId = projectId;
        Year = year;
        Version = 1;
    }

    public void SetPlan(bool inPlan, int? natureId, decimal? annualPlan, int? plannedStartMonth, DateOnly? startedOn)
    {
        if (annualPlan < 0)
        {
            throw new ArgumentException("年度计划投资不能为负数", nameof(annualPlan));
        }

        if (plannedStartMonth is < 1 or > 12)
        {
            throw new ArgumentException("计划开工月份应在1至12之间", nameof(plannedStartMonth));
        }

        InPlan = inPlan;
        NatureId = natureId;
        AnnualPlan = annualPlan;
        PlannedStartMonth = plannedStartMonth;
        StartedOn = startedOn;
        Version++;
    }

    public void SetCurve(string? curve)
    {
        PlanCurve = Plans.PlanCurve.Normalize(curve);
        Version++;
    }

    public void SetTags(IEnumerable<int> tagIds)
    {
        var wanted = tagIds.Distinct().ToHashSet();
        Tags.RemoveAll(t => !wanted.Contains(t.TagId));
        foreach (var id in wanted.Where(id => Tags.TrueForAll(t => t.TagId != id)))
        {
            Tags.Add(new ProjectYearTag(id));
        }
    }

    /// <summary>
    /// Rebuilds the month-end series from the year's approved reports, carrying each value forward to the
    /// next reported month; since-start begins from last year's closing figure.
    /// </summary>
    public void RebuildFigures(IEnumerable<MonthlyReport> approvedReports, decimal openingSinceStart)
    {
        var byMonth = approvedReports.Where(r => r.Year == Year).ToDictionary(r => r.Month);
        decimal ytd = 0, since = openingSinceStart;
        var reported = 0;
        for (var m = 1; m <= 12; m++)
        {
            if (byMonth.TryGetValue(m, out var r))
            {
                ytd = r.InvestmentYtd;
                since = r.InvestmentSinceStart;
                reported |= 1 << (m - 1);
            }

            Ytd.Set(m, ytd);
            SinceStart.Set(m, since);
        }

        ReportedMonths = reported;
        Version++;
    }
}

public sealed class ProjectYearTag
{
    public int ProjectYearId { get; private set; }
    public int TagId { get; private set; }
    public Tag? Tag { get; private set; }

    private ProjectYearTag()
    {
    }

    public ProjectYearTag(int tagId) => TagId = tagId;
}
