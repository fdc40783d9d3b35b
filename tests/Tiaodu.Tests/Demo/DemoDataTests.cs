using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;
using Tiaodu.Core.Demo;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Tests.Infrastructure;

namespace Tiaodu.Tests.Demo;

/// <summary>
/// The demo ledger seeded once on a fresh database (clock at <see cref="FixedClock.Default"/>, 2026-11-22):
/// its coverage, its people, its money and its monthly reports, and that a second run adds nothing.
/// </summary>
public sealed class DemoDataTests(DemoDataTests.Seeded data) : IClassFixture<DemoDataTests.Seeded>
{
    private const int Year = 2026;
    private const int LastCompleteMonth = 10;

    public sealed class Seeded : IAsyncLifetime
    {
        private TestDatabase? _database;

        public FixedClock Clock { get; } = new(FixedClock.Default);
        public bool FirstRun { get; private set; }
        public List<Region> Regions { get; private set; } = [];
        public List<Lookup> Lookups { get; private set; } = [];
        public List<Person> People { get; private set; } = [];
        public List<Project> Projects { get; private set; } = [];
        public List<ProjectYear> Years { get; private set; } = [];
        public List<MonthlyReport> Reports { get; private set; } = [];

        public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised");

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateAsync();
            await using (var db = Open(Database))
            {
                await db.Database.MigrateAsync();
                await new SeedReferenceData(db).HandleAsync(CancellationToken.None);
                FirstRun = await new SeedDemoData(db, Clock).HandleAsync(CancellationToken.None);
            }

            await using var read = Open(Database);
            Regions = await read.Regions.AsNoTracking().ToListAsync();
            Lookups = await read.Lookups.AsNoTracking().ToListAsync();
            People = await read.People.AsNoTracking().ToListAsync();
            Projects = await read.Projects.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
            Years = await read.ProjectYears.AsNoTracking().Include(y => y.Tags).ToListAsync();
            Reports = await read.MonthlyReports.AsNoTracking().ToListAsync();
        }

        public async Task DisposeAsync()
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }

        public int LookupId(LookupKind kind, string name) => Lookups.Single(l => l.Kind == kind && l.Name == name).Id;
    }

    internal static TiaoduDb Open(TestDatabase database)
    {
        var builder = new DbContextOptionsBuilder<TiaoduDb>();
        new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString }.Configure(builder);
        return new TiaoduDb(builder.Options);
    }

    private static bool IsCountyLevel(Region r) =>
        r.Kind is RegionKind.District or RegionKind.County or RegionKind.CountyCity or RegionKind.Zone or RegionKind.Area;

    [Fact]
    public async Task Seeds_once_and_a_second_run_adds_nothing()
    {
        data.FirstRun.ShouldBeTrue();

        await using var db = Open(data.Database);
        (await new SeedDemoData(db, data.Clock).HandleAsync(CancellationToken.None)).ShouldBeFalse();

        (await db.Projects.CountAsync()).ShouldBe(data.Projects.Count);
        (await db.ProjectYears.CountAsync()).ShouldBe(data.Years.Count);
        (await db.MonthlyReports.CountAsync()).ShouldBe(data.Reports.Count);
        (await db.People.CountAsync()).ShouldBe(data.People.Count);
    }

    [Fact]
    public void Every_county_level_region_has_at_least_three_projects()
    {
        data.Projects.Count.ShouldBeGreaterThanOrEqualTo(400);
        var counts = data.Projects.GroupBy(p => p.RegionId).ToDictionary(g => g.Key, g => g.Count());
        var thin = data.Regions.Where(IsCountyLevel)
            .Where(r => counts.GetValueOrDefault(r.Id) < 3)
            .Select(r => r.Name)
            .ToList();
        thin.ShouldBeEmpty();

        int CountIn(string key) => counts.GetValueOrDefault(data.Regions.Single(r => r.Key == key).Id);
        CountIn("220172").ShouldBe(counts.Values.Max());
        CountIn("cc-xinqu").ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void Projects_fall_in_every_size_band()
    {
        var totals = data.Projects.Select(p => p.TotalInvestment).ToList();

        totals.ShouldAllBe(t => t >= 5_000m);
        totals.Count(t => t < 10_000m).ShouldBeGreaterThan(0);
        totals.Count(t => t >= 10_000m && t < 100_000m).ShouldBeGreaterThan(0);
        totals.Count(t => t >= 100_000m).ShouldBeGreaterThan(0);
        totals.Count(t => t >= 500_000m).ShouldBeGreaterThan(0);
        ((double)totals.Count(t => t >= 10_000m) / totals.Count).ShouldBeInRange(0.45, 0.65);
        ((double)totals.Count(t => t >= 100_000m) / totals.Count).ShouldBeInRange(0.07, 0.17);
    }

    [Fact]
    public void Large_projects_have_a_city_leader_and_every_project_a_service_officer_of_its_region()
    {
        var people = data.People.ToDictionary(p => p.Id);
        var regions = data.Regions.ToDictionary(r => r.Id);

        foreach (var p in data.Projects.Where(p => p.TotalInvestment >= 100_000m))
        {
            p.LeaderId.ShouldNotBeNull(p.Name);
            var leader = people[p.LeaderId!.Value];
            leader.Role.ShouldBe(PersonRole.Leader);
            var region = regions[p.RegionId];
            leader.RegionId.ShouldBeOneOf(region.Id, region.ParentId ?? region.Id);
        }

        foreach (var p in data.Projects)
        {
            p.ServiceOfficerId.ShouldNotBeNull(p.Name);
            var officer = people[p.ServiceOfficerId!.Value];
            officer.Role.ShouldBe(PersonRole.ServiceOfficer);
            officer.RegionId.ShouldBe(p.RegionId);
        }
    }

    [Fact]
    public void Names_are_unique_within_a_region_and_codes_are_valid_and_unique()
    {
        data.Projects.GroupBy(p => (p.RegionId, p.Name)).Where(g => g.Count() > 1).Select(g => g.Key.Name).ShouldBeEmpty();

        var codes = data.Projects.Where(p => p.Code is not null).Select(p => p.Code!).ToList();
        ((double)codes.Count / data.Projects.Count).ShouldBeInRange(0.5, 0.7);
        codes.ShouldAllBe(c => ProjectCode.IsValid(c));
        codes.Distinct().Count().ShouldBe(codes.Count);
    }

    [Fact]
    public void Monthly_reports_add_up_and_match_the_year_lines()
    {
        var totals = data.Projects.ToDictionary(p => p.Id, p => p.TotalInvestment);
        var lines = data.Years.ToDictionary(y => (y.ProjectId, y.Year));
        var today = DateOnly.FromDateTime(data.Clock.GetLocalNow().DateTime);

        // Approved reports stop at the last complete month; this month's are in hand (submitted, drafts, returned) and feed nothing yet.
        var approved = data.Reports.Where(r => r.Status == ReportStatus.Approved).ToList();
        approved.Where(r => r.Year == Year && r.Month > LastCompleteMonth).ShouldBeEmpty();
        var inFlight = data.Reports.Where(r => r.Status != ReportStatus.Approved).ToList();
        inFlight.ShouldNotBeEmpty();
        inFlight.Select(r => r.Status).Distinct().Count().ShouldBe(3, "submitted, drafts and returned reports");
        foreach (var r in inFlight)
        {
            (r.Year, r.Month).ShouldBe((today.Year, today.Month));
            var before = approved.Single(a => a.ProjectId == r.ProjectId && a.Year == r.Year && a.Month == r.Month - 1);
            r.InvestmentYtd.ShouldBe(before.InvestmentYtd + r.InvestmentMonth);
            r.InvestmentSinceStart.ShouldBe(before.InvestmentSinceStart + r.InvestmentMonth);
            r.InvestmentSinceStart.ShouldBeLessThanOrEqualTo(totals[r.ProjectId]);
            (lines[(r.ProjectId, r.Year)].ReportedMonths & (1 << (r.Month - 1))).ShouldBe(0);
        }

        foreach (var group in approved.GroupBy(r => (r.ProjectId, r.Year)))
        {
            var line = lines[group.Key];
            line.StartedOn.ShouldNotBeNull();
            line.StartedOn!.Value.ShouldBeLessThanOrEqualTo(today);
            var months = group.OrderBy(r => r.Month).ToList();
            months[0].Month.ShouldBe(line.StartedOn.Value.Month);

            decimal ytd = 0, since = months[0].InvestmentSinceStart - months[0].InvestmentMonth;
            for (var i = 0; i < months.Count; i++)
            {
                var r = months[i];
                if (i > 0)
                {
                    r.Month.ShouldBe(months[i - 1].Month + 1);
                }

                r.InvestmentMonth.ShouldBeGreaterThanOrEqualTo(0m);
                r.InvestmentYtd.ShouldBe(ytd + r.InvestmentMonth);
                r.InvestmentSinceStart.ShouldBe(since + r.InvestmentMonth);
                r.InvestmentSinceStart.ShouldBeLessThanOrEqualTo(totals[r.ProjectId]);
                line.Ytd[r.Month].ShouldBe(r.InvestmentYtd);
                line.SinceStart[r.Month].ShouldBe(r.InvestmentSinceStart);
                ytd = r.InvestmentYtd;
                since = r.InvestmentSinceStart;
            }

            line.Ytd[12].ShouldBe(ytd);
        }

        // A project's since-start figure carries over from one year to the next.
        foreach (var current in data.Years.Where(y => y.Year == Year && y.ReportedMonths != 0))
        {
            if (lines.TryGetValue((current.ProjectId, Year - 1), out var previous) && previous.ReportedMonths != 0)
            {
                var first = data.Reports.Where(r => r.ProjectId == current.ProjectId && r.Year == Year).MinBy(r => r.Month)!;
                (first.InvestmentSinceStart - first.InvestmentMonth).ShouldBe(previous.SinceStart[12]);
            }
        }
    }

    [Fact]
    public void The_current_year_reads_like_the_seed_articles()
    {
        var industrial = data.LookupId(LookupKind.Category, "产业");
        var newNatures = data.Lookups.Where(l => l.Kind == LookupKind.Nature && l.Meaning == LookupMeaning.New).Select(l => l.Id).ToHashSet();
        var projects = data.Projects.ToDictionary(p => p.Id);
        var current = data.Years.Where(y => y.Year == Year).ToList();
        var previous = data.Years.Where(y => y.Year == Year - 1).ToList();
        var planned = current.Where(y => y.InPlan).ToList();

        ((double)planned.Count / current.Count).ShouldBeInRange(0.85, 0.95);
        var startRate = (double)planned.Count(y => y.StartedOn is not null) / planned.Count;
        startRate.ShouldBeInRange(0.85, 0.95);
        current.Where(y => !y.InPlan).ShouldAllBe(y => y.StartedOn != null);

        var newShare = (double)current.Count(y => y.NatureId != null && newNatures.Contains(y.NatureId.Value)) / current.Count;
        newShare.ShouldBeInRange(0.4, 0.6);

        var ytd = current.Sum(y => y.Ytd[LastCompleteMonth]);
        var ytdLastYear = previous.Sum(y => y.Ytd[LastCompleteMonth]);
        ((double)(ytd / ytdLastYear) - 1).ShouldBeInRange(0.05, 0.5);

        var industrialYtd = current.Where(y => projects[y.ProjectId].CategoryId == industrial).Sum(y => y.Ytd[LastCompleteMonth]);
        ((double)(industrialYtd / ytd)).ShouldBeInRange(0.65, 0.85);

        var annualPlan = planned.Sum(y => y.AnnualPlan ?? 0m);
        ((double)(planned.Sum(y => y.Ytd[LastCompleteMonth]) / annualPlan)).ShouldBeInRange(0.6, 1.1);
    }

    [Fact]
    public void Plan_lines_carry_tags_and_industrial_projects_have_land_at_a_plausible_intensity()
    {
        var tags = data.Years.Where(y => y.Year == Year && y.InPlan).SelectMany(y => y.Tags).GroupBy(t => t.TagId)
            .ToDictionary(g => g.Key, g => g.Count());
        tags.Count.ShouldBeGreaterThanOrEqualTo(3);

        var industrial = data.LookupId(LookupKind.Category, "产业");
        var withLand = data.Projects.Where(p => p.CategoryId == industrial && p.LandArea > 0).ToList();
        ((double)withLand.Count / data.Projects.Count(p => p.CategoryId == industrial)).ShouldBeInRange(0.6, 0.8);
        var intensity = withLand.Sum(p => p.TotalInvestment) * 10_000m / withLand.Sum(p => p.LandArea!.Value);
        ((double)intensity).ShouldBeInRange(2_000, 6_000);

        data.Projects.ShouldAllBe(p => p.Longitude > 121 && p.Longitude < 132 && p.Latitude > 40 && p.Latitude < 47);
    }

    [Fact]
    public async Task The_same_clock_gives_the_same_data_set()
    {
        await using var other = await TestDatabase.CreateAsync();
        await using (var db = Open(other))
        {
            await db.Database.MigrateAsync();
            await new SeedReferenceData(db).HandleAsync(CancellationToken.None);
            (await new SeedDemoData(db, new FixedClock(FixedClock.Default)).HandleAsync(CancellationToken.None)).ShouldBeTrue();
        }

        await using var read = Open(other);
        var again = await read.Projects.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new { p.Name, p.TotalInvestment, p.Code, p.RegionId })
            .ToListAsync();
        again.Select(p => (p.Name, p.TotalInvestment, p.Code, p.RegionId))
            .ShouldBe(data.Projects.Select(p => (p.Name, p.TotalInvestment, p.Code, p.RegionId)));
        (await read.MonthlyReports.SumAsync(r => r.InvestmentMonth)).ShouldBe(data.Reports.Sum(r => r.InvestmentMonth));
    }

    [Fact]
    public async Task The_demo_has_visit_logs_with_gaps_leaders_visits_on_service_days_and_task_forces()
    {
        await using var db = Open(data.Database);
        var logs = await db.ServiceLogs.AsNoTracking().ToListAsync();
        logs.Count.ShouldBeGreaterThan(50);
        logs.ShouldContain(l => l.Kind == Core.Accountability.ServiceLogKind.SiteVisit);
        logs.ShouldContain(l => l.Kind == Core.Accountability.ServiceLogKind.Contact);
        logs.ShouldAllBe(l => l.On < new DateOnly(2026, 11, 22));

        var visits = await db.LeaderVisits.AsNoTracking().ToListAsync();
        visits.ShouldAllBe(v => Core.Accountability.ServiceDays.IsServiceDay(v.On));
        visits.Where(v => v.On < new DateOnly(2026, 11, 22)).ShouldAllBe(v => v.Status == Core.Accountability.VisitStatus.Done);
        visits.ShouldContain(v => v.Status == Core.Accountability.VisitStatus.Planned);

        // One leader and one officer were transferred away, so the rule lists have projects to show.
        (await db.People.CountAsync(p => !p.IsActive && p.Role == PersonRole.Leader)).ShouldBe(1);
        (await db.People.CountAsync(p => !p.IsActive && p.Role == PersonRole.ServiceOfficer)).ShouldBe(1);

        var forces = await db.TaskForces.AsNoTracking().ToListAsync();
        forces.Count.ShouldBe(3);
        (await db.TaskForceProjects.CountAsync()).ShouldBeGreaterThan(3);
        (await db.TaskForceMembers.CountAsync()).ShouldBeGreaterThanOrEqualTo(forces.Count);
    }
}
