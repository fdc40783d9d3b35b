using System.Globalization;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Core.Demo;

/// <summary>Where a demo project stands across the previous year (Y−1) and the current year (Y).</summary>
internal enum DemoGroup
{
    /// <summary>储备: no year line yet.</summary>
    Reserve,

    /// <summary>New in Y−1, continuing (续建) in Y.</summary>
    BeganLastYear,

    /// <summary>New in Y.</summary>
    NewThisYear,

    /// <summary>Started before Y−1, continuing in both years.</summary>
    Continuing,

    /// <summary>Started before Y−1 and completed during Y−1.</summary>
    CompletedLastYear,
}

/// <summary>One approved month of a year line.</summary>
internal sealed record DemoMonth(int Month, decimal Amount, decimal Ytd, decimal SinceStart, string Progress);

/// <summary>A project's line in one year, with its reports, before it becomes a <see cref="ProjectYear"/>.</summary>
internal sealed class DemoLine(int year)
{
    public int Year { get; } = year;
    public bool InPlan { get; set; }
    public bool IsNew { get; set; }
    public int? NatureId { get; set; }
    public decimal? AnnualPlan { get; set; }
    public int? PlannedMonth { get; set; }
    public DateOnly? StartedOn { get; set; }
    public bool JointStart { get; set; }

    /// <summary>Since-start at the beginning of the year.</summary>
    public decimal Opening { get; set; }

    /// <summary>Construction months before this year, for the physical progress text.</summary>
    public int OpeningMonths { get; set; }

    public List<DemoMonth> Months { get; } = [];
    public List<int> TagIds { get; } = [];

    public decimal Closing => Months.Count == 0 ? Opening : Months[^1].SinceStart;
}

/// <summary>A generated project: its ledger facts and its year lines.</summary>
internal sealed class DemoProject(ProjectDetails details, DateTime createdAt, IReadOnlyList<DemoLine> lines)
{
    public ProjectDetails Details { get; } = details;
    public DateTime CreatedAt { get; } = createdAt;
    public IReadOnlyList<DemoLine> Lines { get; } = lines;
}

/// <summary>The seeded reference records the generator draws from.</summary>
internal sealed record DemoReference(
    IReadOnlyList<Region> Regions,
    IReadOnlyList<Lookup> Lookups,
    IReadOnlyList<Person> People,
    IReadOnlyDictionary<string, int> TagIds);

/// <summary>
/// Generates the demo ledger in memory: the catalogue rows of <c>seed-projects.tsv</c> plus generated projects
/// so every county-level region has a plausible list, each with two years of plan lines and approved reports.
/// Every random draw comes from the one <see cref="Random"/>, in a fixed order, so the data set is repeatable.
/// </summary>
internal sealed class DemoPlanner
{
    public const string TagSpring = "春季开复工项目";
    public const string TagHundred = "百大项目";
    public const string TagJoint = "集中开工项目";
    public const string TagProvincial = "省重点项目";

    private readonly Random _rng;
    private readonly DateOnly _today;
    private readonly int _year;
    private readonly int _prev;
    private readonly DemoReference _ref;
    private readonly Dictionary<string, Region> _regionsByKey;
    private readonly Dictionary<int, Region> _regionsById;
    private readonly Dictionary<string, DemoTheme> _themes;
    private readonly HashSet<string> _codes = new(StringComparer.Ordinal);

    private sealed class Spec
    {
        public required string Name { get; init; }
        public required Region Region { get; init; }
        public required string CityKey { get; init; }
        public required DemoTheme Theme { get; init; }
        public string? Industry { get; init; }
        public required string Category { get; init; }
        public int? SectorId { get; init; }
        public string? Nature { get; init; }
        public decimal Total { get; init; }
        public string? Content { get; init; }
        public string? Owner { get; init; }

        /// <summary>Before <see cref="DrawGroup"/>: a hint from the catalogue text, <see cref="DemoGroup.Reserve"/> for none.</summary>
        public DemoGroup Group { get; set; }

        /// <summary>Catalogue text says it is still being planned (谋划中): not started this year.</summary>
        public bool MustWait { get; init; }
    }

    public DemoPlanner(Random rng, DateOnly today, DemoReference reference)
    {
        _rng = rng;
        _today = today;
        _year = today.Year;
        _prev = today.Year - 1;
        _ref = reference;
        _regionsByKey = reference.Regions.ToDictionary(r => r.Key, StringComparer.Ordinal);
        _regionsById = reference.Regions.ToDictionary(r => r.Id);
        _themes = DemoCatalog.Themes.ToDictionary(t => t.Key, StringComparer.Ordinal);
    }

    /// <summary>County-level regions: the ones projects are filed under.</summary>
    public static bool IsCountyLevel(Region r) =>
        r.Kind is RegionKind.District or RegionKind.County or RegionKind.CountyCity or RegionKind.Zone or RegionKind.Area;

    public List<DemoProject> Plan()
    {
        var specs = SeedSpecs();
        specs.AddRange(GeneratedSpecs(specs));
        foreach (var spec in specs)
        {
            spec.Group = DrawGroup(spec);
        }

        var projects = specs.Select(Build).ToList();
        TagLines(projects, _prev);
        TagLines(projects, _year);
        return projects;
    }

    // ------------------------------------------------------------------ catalogue rows and generated specs

    private List<Spec> SeedSpecs()
    {
        var specs = new List<Spec>();
        foreach (var row in EmbeddedTsv.Read("Tiaodu.Demo.seed-projects.tsv"))
        {
            var region = ResolveSeedRegion(row["region"], row["source"]);
            var industry = row["industry"].Length == 0 ? null : row["industry"];
            var category = row["category"].Length == 0 ? DemoCatalog.Industrial : row["category"];
            var content = row["content"];
            var theme = ThemeForSeed(row["name"], industry, category, row["sector"]);
            var total = ParseWan(row["total_wan"]) ?? DrawTotal(theme, content.Contains("百亿", StringComparison.Ordinal));
            specs.Add(new Spec
            {
                Name = row["name"],
                Region = region,
                CityKey = CityKeyOf(region),
                Theme = theme,
                Industry = industry,
                Category = category,
                SectorId = SectorFor(row["sector"], theme, region),
                Nature = row["nature"].Length == 0 ? null : row["nature"],
                Total = total,
                Content = content.Length == 0 ? FillContent(Pick(theme.Contents), Subject(row["name"])) : content,
                Owner = row["owner"].Length == 0 ? null : row["owner"],
                MustWait = content.Contains("谋划", StringComparison.Ordinal),
                Group = content.Contains("已建设完成", StringComparison.Ordinal) || content.Contains("竣工通车", StringComparison.Ordinal)
                    ? DemoGroup.CompletedLastYear
                    : content.Contains("签约", StringComparison.Ordinal) ? DemoGroup.NewThisYear : DemoGroup.Reserve,
            });
        }

        return specs;
    }

    private Region ResolveSeedRegion(string key, string source)
    {
        var region = _regionsByKey[key];
        if (region.Kind != RegionKind.City)
        {
            return region;
        }

        // Article 003 is about 长春新区, which has no code of its own; the catalogue files it under 长春市.
        if (source == "003" && _regionsByKey.TryGetValue("cc-xinqu", out var xinqu))
        {
            return xinqu;
        }

        var children = _ref.Regions
            .Where(r => r.ParentId == region.Id && r.Kind is RegionKind.Zone or RegionKind.District)
            .OrderBy(r => r.SortOrder).ToList();
        return Pick(children);
    }

    private List<Spec> GeneratedSpecs(List<Spec> seeds)
    {
        var specs = new List<Spec>();
        var names = seeds.GroupBy(s => s.Region.Id)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Name).ToHashSet(StringComparer.Ordinal));
        var counties = _ref.Regions.Where(IsCountyLevel)
            .OrderBy(r => SortPath(r), StringComparer.Ordinal).ToList();
        foreach (var region in counties)
        {
            var taken = names.TryGetValue(region.Id, out var set) ? set : [];
            for (var i = taken.Count; i < Quota(region); i++)
            {
                specs.Add(Generate(region, taken));
            }
        }

        return specs;
    }

    private string SortPath(Region r)
    {
        var parent = r.ParentId is { } id ? _regionsById[id] : null;
        return (parent?.SortOrder ?? 0).ToString("000", CultureInfo.InvariantCulture) + "/"
            + r.SortOrder.ToString("000", CultureInfo.InvariantCulture);
    }

    private int Quota(Region r)
    {
        switch (r.Key)
        {
            case "220172": return 72;
            case "220171": return 38;
            case "220173": return 24;
            case "220174": return 22;
            case "cc-xinqu": return 16;
            case "cc-zhonghan": return 5;
            case "cc-lianhuashan": return 4;
            case "jl-changbaishan": return 5;
            case "222401": return 8;
            default: break;
        }

        var city = CityKeyOf(r);
        var urban = r.Kind is RegionKind.District or RegionKind.Zone;
        return city switch
        {
            "220100" => urban ? 11 : 8,
            "220200" => urban ? 7 : 4,
            _ => urban ? 6 : 4,
        };
    }

    private Spec Generate(Region region, HashSet<string> taken)
    {
        var city = CityKeyOf(region);
        var category = DrawCategory(region);
        var theme = DrawTheme(region, city, category);
        string name, product;
        var attempts = 0;
        do
        {
            (name, product) = ComposeName(region, theme, ++attempts > 6);
        }
        while (!taken.Add(name));

        var nature = name.Contains("扩能", StringComparison.Ordinal) || name.Contains("扩建", StringComparison.Ordinal) ? "扩建"
            : name.Contains("技术改造", StringComparison.Ordinal) ? "技改"
            : null;
        return new Spec
        {
            Name = name,
            Region = region,
            CityKey = city,
            Theme = theme,
            Industry = theme.Industry,
            Category = category,
            SectorId = SectorFor("", theme, region),
            Nature = nature,
            Total = DrawTotal(theme, false),
            Content = FillContent(Pick(theme.Contents), product),
        };
    }

    private string DrawCategory(Region region)
    {
        var u = _rng.NextDouble();
        return region.Kind switch
        {
            RegionKind.Zone => u < 0.82 ? DemoCatalog.Industrial : u < 0.91 ? DemoCatalog.Infrastructure : DemoCatalog.RealEstate,
            RegionKind.District => u < 0.5 ? DemoCatalog.Industrial : u < 0.7 ? DemoCatalog.Infrastructure : u < 0.87 ? DemoCatalog.Social : DemoCatalog.RealEstate,
            RegionKind.Area => u < 0.76 ? DemoCatalog.Industrial : u < 0.90 ? DemoCatalog.Infrastructure : u < 0.95 ? DemoCatalog.Social : DemoCatalog.RealEstate,
            _ => u < 0.7 ? DemoCatalog.Industrial : u < 0.85 ? DemoCatalog.Infrastructure : u < 0.96 ? DemoCatalog.Social : DemoCatalog.RealEstate,
        };
    }

    private DemoTheme DrawTheme(Region region, string city, string category)
    {
        switch (category)
        {
            case DemoCatalog.Infrastructure:
                return _themes[Pick(DemoCatalog.UrbanInfrastructure)];
            case DemoCatalog.Social:
                return _themes[Pick(DemoCatalog.SocialThemes)];
            case DemoCatalog.RealEstate:
                return _themes["housing"];
            default:
                break;
        }

        var keys = new List<string>(DemoCatalog.CitySpecialties.TryGetValue(region.Key, out var own) ? own : DemoCatalog.CitySpecialties[city]);
        if (region.Kind is RegionKind.County or RegionKind.CountyCity)
        {
            keys.AddRange(DemoCatalog.RuralThemes);
        }
        else if (region.Kind is RegionKind.District or RegionKind.Area)
        {
            keys.Add("logistics");
            keys.Add("services");
        }

        return _themes[Pick(keys)];
    }

    private (string Name, string Product) ComposeName(Region region, DemoTheme theme, bool withBrand)
    {
        var product = Pick(theme.Products);
        var suffix = Pick(theme.Suffixes);
        var industrial = theme.Category == DemoCatalog.Industrial && theme.Progress == ProgressKind.Factory;
        var prefix = withBrand || (industrial && Chance(0.25)) ? Pick(DemoCatalog.Brands) : PlaceName(region);
        if (withBrand && Chance(0.5))
        {
            prefix = PlaceName(region) + prefix;
        }

        return (prefix + Join(product, suffix), product);
    }

    /// <summary>What a catalogue name builds, for its description: 长春影视产业园项目 → 长春影视产业园.</summary>
    private static string Subject(string name)
    {
        foreach (var end in ProjectEndings)
        {
            if (name.Length > end.Length + 1 && name.EndsWith(end, StringComparison.Ordinal))
            {
                return name[..^end.Length];
            }
        }

        return name;
    }

    private static readonly string[] ProjectEndings = ["建设项目", "项目", "工程"];

    /// <summary>Joins product and suffix without repeating a shared part (物流园 + 园项目 → 物流园项目).</summary>
    private static string Join(string product, string suffix)
    {
        for (var k = Math.Min(product.Length, suffix.Length); k > 0; k--)
        {
            if (product.EndsWith(suffix[..k], StringComparison.Ordinal))
            {
                return product + suffix[k..];
            }
        }

        return product + suffix;
    }

    private static string PlaceName(Region region)
    {
        if (DemoCatalog.PlaceNames.TryGetValue(region.Key, out var place))
        {
            return place;
        }

        if (region.Kind == RegionKind.County && region.Name.Length > 3)
        {
            return region.ShortNameList.FirstOrDefault(s => s.EndsWith('县')) ?? region.ShortNameList.First() + "县";
        }

        return region.Name;
    }

    private DemoTheme ThemeForSeed(string name, string? industry, string category, string sector)
    {
        bool Has(params string[] words) => words.Any(w => name.Contains(w, StringComparison.Ordinal));
        var key = category switch
        {
            DemoCatalog.RealEstate => "housing",
            DemoCatalog.Social => industry switch { "P" => "school", "Q" => "hospital", "K" => "renewal", _ => "school" },
            DemoCatalog.Infrastructure => industry switch
            {
                "D" when Has("风电", "光伏") => "energy",
                "D" when Has("热") => "heating",
                "D" => "water",
                "A" => "agri",
                _ => "roads",
            },
            _ => industry switch
            {
                "C" when Has("汽车", "发动机", "座舱", "冲压", "线束", "天窗", "橡胶管", "传感器", "油泵", "博泽", "华启") => "auto",
                "C" when Has("轨道", "动车", "转向架") => "rail",
                "C" when Has("药", "医", "疫苗", "基因", "生物制", "胰岛素", "中药") => "biomed",
                "C" when Has("光电", "光学", "激光", "红外", "卫星", "光谷") => "opto",
                "C" when Has("玉米") => "corn",
                "C" when Has("人参", "鹿", "菌") => "ginseng",
                "C" when Has("碳纤维") => "carbon",
                "C" when Has("袜", "纺织") => "textile",
                "C" when Has("化工", "化学", "材料", "镍", "硅藻土", "染料", "型材", "玻璃", "管材") => "chem",
                "C" when sector == "现代农业及农产品加工业" || Has("食品", "肉", "米", "矿泉水", "酒", "花生", "海产品", "木耳", "果") => "food",
                "C" => "equipment",
                "A" => "agri",
                "D" => "energy",
                "G" => "logistics",
                "I" => "digital",
                "R" or "N" or "H" => "tourism",
                _ => "services",
            },
        };
        return _themes[key];
    }

    private int? SectorFor(string name, DemoTheme theme, Region region)
    {
        var sectors = _ref.Lookups.Where(l => l.Kind == LookupKind.Sector).ToList();
        Lookup? found = null;
        if (name.Length > 0)
        {
            found = sectors.FirstOrDefault(l => l.Name == name)
                ?? sectors.FirstOrDefault(l => l.Name.StartsWith(name, StringComparison.Ordinal));
        }
        else if (theme.ZoneSector is { } zoneCode && sectors.FirstOrDefault(l => l.Code == zoneCode) is { } zone && zone.RegionId == region.Id)
        {
            found = zone;
        }
        else if (theme.Sector is { } code)
        {
            found = sectors.FirstOrDefault(l => l.Code == code && l.RegionId == null);
        }

        if (found is not null && found.RegionId is { } own && own != region.Id)
        {
            // A zone's own task force does not exist elsewhere; use the general one that covers the work.
            found = sectors.FirstOrDefault(l => l.RegionId == null && l.Code == (found.Code == "YS" ? "XF" : "ZX"));
        }

        return found?.Id;
    }

    private string CityKeyOf(Region r)
    {
        if (r.Kind == RegionKind.City)
        {
            return r.Key;
        }

        var parent = r.ParentId is { } id ? _regionsById[id] : null;
        return parent is { Kind: RegionKind.City } ? parent.Key : r.Key;
    }

    private static decimal? ParseWan(string s) =>
        decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;

    /// <summary>Total investment in 万元: about 45% below 1亿, 43% 1–10亿, 11% 10–50亿 and a few above 50亿.</summary>
    private decimal DrawTotal(DemoTheme theme, bool large)
    {
        var u = large ? 0.9 : _rng.NextDouble();
        var modest = theme.Category == DemoCatalog.Social || DemoCatalog.ModestThemes.Contains(theme.Key);
        if (modest && u >= 0.88)
        {
            u = 0.6;
        }

        if (u < 0.45)
        {
            return Round(LogUniform(5_000, 10_000), 100m, 5_000m, 9_900m);
        }

        if (u < 0.88)
        {
            var v = LogUniform(10_000, modest ? 50_000 : 100_000);
            return Round(v, v < 50_000 ? 500m : 1_000m, 10_000m, 99_000m);
        }

        if (u < 0.996)
        {
            return Round(LogUniform(100_000, 500_000), 5_000m, 100_000m, 495_000m);
        }

        return Round(LogUniform(500_000, 1_600_000), 10_000m, 500_000m, 1_600_000m);
    }

    private static decimal Round(double v, decimal step, decimal min, decimal max) =>
        Math.Clamp(Math.Round((decimal)v / step, MidpointRounding.AwayFromZero) * step, min, max);

    private double LogUniform(double min, double max) => Math.Exp(Between(Math.Log(min), Math.Log(max)));

    private string FillContent(string template, string product) => template
        .Replace("{p}", product, StringComparison.Ordinal)
        .Replace("{s}", Between(0.6, 4).ToString("0.0", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{a}", Between(1.2, 12).ToString("0.0", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{n}", _rng.Next(2, 9).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{mu}", (_rng.Next(6, 60) * 10).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    // ------------------------------------------------------------------ groups

    private DemoGroup DrawGroup(Spec s)
    {
        const double reserve = 0.02, completed = 0.21, began = 0.25, fresh = 0.37, continuing = 0.15;
        if (s.MustWait)
        {
            return DemoGroup.Reserve;
        }

        if (s.Group != DemoGroup.Reserve)
        {
            return s.Group;
        }

        if (s.Nature == "续建")
        {
            return Chance(continuing / (continuing + completed)) ? DemoGroup.Continuing : Completed();
        }

        if (s.Nature is not null)
        {
            return Chance(began / (began + fresh)) ? DemoGroup.BeganLastYear : DemoGroup.NewThisYear;
        }

        var u = _rng.NextDouble();
        return u < reserve ? DemoGroup.Reserve
            : u < reserve + completed ? Completed()
            : u < reserve + completed + began ? DemoGroup.BeganLastYear
            : u < reserve + completed + began + fresh ? DemoGroup.NewThisYear
            : DemoGroup.Continuing;

        // The very largest projects (50亿 and more) run for many years: none of them finished last year.
        DemoGroup Completed() => s.Total >= 500_000m ? DemoGroup.Continuing : DemoGroup.CompletedLastYear;
    }

    // ------------------------------------------------------------------ one project

    private DemoProject Build(Spec s)
    {
        var lines = new List<DemoLine>();
        DateOnly plannedStart;
        DateOnly? actualStart = null, actualCompletion = null;
        DemoLine? current = null;
        var natureName = s.Group is DemoGroup.Continuing or DemoGroup.CompletedLastYear ? "续建"
            : s.Nature is null or "续建" ? DrawNewNature() : s.Nature;
        var newNature = NatureId(natureName);
        switch (s.Group)
        {
            case DemoGroup.Reserve:
                plannedStart = new DateOnly(_year + 1, _rng.Next(3, 7), 1);
                break;

            case DemoGroup.BeganLastYear:
            {
                var first = NewLine(_prev, s, newNature, mayWait: false);
                Fill(first, s, 12, Between(0.65, 1.05));
                lines.Add(first);
                actualStart = first.StartedOn;
                plannedStart = new DateOnly(_prev, first.PlannedMonth ?? first.StartedOn!.Value.Month, 1);
                current = ContinuingLine(_year, s, first.Closing, openingMonths: first.Months.Count);
                lines.Add(current);
                break;
            }

            case DemoGroup.NewThisYear:
            {
                // A few were on last year's plan already and did not start then.
                DemoLine? missed = null;
                if (Chance(0.08))
                {
                    missed = new DemoLine(_prev) { InPlan = true, IsNew = true, NatureId = newNature, PlannedMonth = _rng.Next(5, 10) };
                    missed.AnnualPlan = PlanFor(s.Total, 0);
                    lines.Add(missed);
                }

                current = NewLine(_year, s, newNature, mayWait: true);
                lines.Add(current);
                actualStart = current.StartedOn;
                plannedStart = missed is { PlannedMonth: { } missedMonth }
                    ? new DateOnly(_prev, missedMonth, 1)
                    : new DateOnly(_year, current.PlannedMonth ?? current.StartedOn?.Month ?? 6, 1);
                break;
            }

            default:
            {
                var startYear = _prev - _rng.Next(1, 3);
                actualStart = new DateOnly(startYear, _rng.Next(4, 8), _rng.Next(1, 29));
                plannedStart = new DateOnly(startYear, actualStart.Value.Month, 1).AddMonths(-_rng.Next(0, 2));
                var completes = s.Group == DemoGroup.CompletedLastYear;
                var opening = Math.Round(s.Total * (decimal)(completes ? Between(0.5, 0.75) : Between(0.15, 0.45)), 1);
                var monthsBefore = 8 * (_prev - startYear);
                var first = ContinuingLine(_prev, s, opening, monthsBefore, completes);
                lines.Add(first);
                if (completes)
                {
                    var end = first.Months.Count > 0 ? first.Months[^1].Month : 10;
                    actualCompletion = new DateOnly(_prev, end, _rng.Next(15, 29));
                }
                else
                {
                    current = ContinuingLine(_year, s, first.Closing, monthsBefore + first.Months.Count);
                    lines.Add(current);
                }

                break;
            }
        }

        foreach (var line in lines.Where(l => l.Year == _year))
        {
            Fill(line, s, 12, Between(0.75, 1.15));
        }

        var since = lines.Count == 0 ? 0m : lines[^1].Closing;
        var stage = StageFor(s, current, since);
        if (stage == "竣工" && actualCompletion is null && current?.Months.Count > 0)
        {
            var m = current.Months[^1].Month;
            actualCompletion = new DateOnly(current.Year, m, DateTime.DaysInMonth(current.Year, m));
        }

        return new DemoProject(Details(s, natureName, stage, plannedStart, actualStart, actualCompletion), CreatedAt(s.Group), lines);
    }

    private DemoLine NewLine(int year, Spec s, int? natureId, bool mayWait)
    {
        var line = new DemoLine(year) { IsNew = true, NatureId = natureId, InPlan = Chance(0.9) };
        int month;
        if (line.InPlan)
        {
            line.PlannedMonth = PlannedNewMonth();
            line.AnnualPlan = PlanFor(s.Total, 0);
            if (mayWait && Chance(0.15))
            {
                return line;
            }

            var offset = _rng.NextDouble() switch { < 0.15 => -1, < 0.65 => 0, < 0.9 => 1, _ => 2 };
            month = Math.Clamp(line.PlannedMonth.Value + offset, 3, 11);
        }
        else
        {
            month = _rng.Next(4, 10);
        }

        var started = new DateOnly(year, month, _rng.Next(1, 29));
        if (month is 4 or 9 && Chance(0.5))
        {
            // 集中开工: the spring and autumn ceremonies where a batch of new projects breaks ground together.
            started = new DateOnly(year, month, month == 4 ? 18 : 12);
            line.JointStart = true;
        }

        line.StartedOn = started <= _today ? started : null;
        line.JointStart &= line.StartedOn is not null;
        KeepOffPlanStarted(line, s, month);
        return line;
    }

    /// <summary>
    /// 计划外 means started without being on the plan; a line that would start later in the year (seeding early
    /// in the year) is on the plan instead, still to start.
    /// </summary>
    private void KeepOffPlanStarted(DemoLine line, Spec s, int month)
    {
        if (line.InPlan || line.StartedOn is not null)
        {
            return;
        }

        line.InPlan = true;
        line.PlannedMonth = month;
        line.AnnualPlan = PlanFor(s.Total, line.Opening);
    }

    private DemoLine ContinuingLine(int year, Spec s, decimal opening, int openingMonths, bool completes = false)
    {
        var line = new DemoLine(year) { IsNew = false, NatureId = NatureId("续建"), InPlan = Chance(0.92), Opening = opening, OpeningMonths = openingMonths };
        int month;
        if (line.InPlan)
        {
            line.PlannedMonth = Chance(0.55) ? 3 : 4;
            line.AnnualPlan = completes ? Math.Ceiling((s.Total - opening) / 10m) * 10m : PlanFor(s.Total, opening);
            if (year == _year && !completes && Chance(0.035))
            {
                return line;
            }

            month = Math.Clamp(line.PlannedMonth.Value + (_rng.NextDouble() switch { < 0.1 => -1, < 0.7 => 0, _ => 1 }), 3, 5);
        }
        else
        {
            month = _rng.Next(3, 6);
        }

        var started = new DateOnly(year, month, _rng.Next(1, 29));
        line.StartedOn = started <= _today ? started : null;
        KeepOffPlanStarted(line, s, month);
        if (completes)
        {
            Fill(line, s, _rng.Next(8, 13), Between(0.93, 1.0), s.Total - opening);
        }
        else if (year == _prev)
        {
            Fill(line, s, 12, Between(0.65, 1.05));
        }

        return line;
    }

    private int PlannedNewMonth() => _rng.NextDouble() switch
    {
        < 0.12 => 3,
        < 0.34 => 4,
        < 0.54 => 5,
        < 0.70 => 6,
        < 0.82 => 7,
        < 0.92 => 8,
        _ => 9,
    };

    /// <summary>Annual planned investment: a share of the total that shrinks with size, never past what is left.</summary>
    private decimal PlanFor(decimal total, decimal sinceStart)
    {
        var share = total switch
        {
            < 10_000m => Between(0.25, 0.40),
            < 100_000m => Between(0.15, 0.35),
            < 500_000m => Between(0.10, 0.25),
            _ => Between(0.08, 0.18),
        };
        var plan = Math.Min(total * (decimal)share, (total - sinceStart) * 0.95m);
        var step = plan >= 10_000m ? 100m : 10m;
        return Math.Max(step, Math.Round(plan / step, MidpointRounding.AwayFromZero) * step);
    }

    /// <summary>
    /// Adds the approved months of a started line: nothing before the start, a front-loaded curve after it
    /// shaped by the construction season, summing to <paramref name="factor"/> × the annual plan over the year
    /// (or to <paramref name="fixedTarget"/>), and never past the total investment.
    /// </summary>
    private void Fill(DemoLine line, Spec s, int endMonth, double factor, decimal? fixedTarget = null)
    {
        if (line.StartedOn is not { } started)
        {
            return;
        }

        var first = started.Month;
        var lastReported = line.Year == _year ? Math.Min(endMonth, _today.Month - 1) : endMonth;
        var plan = line.AnnualPlan ?? PlanFor(s.Total, line.Opening);
        var target = fixedTarget is { } t ? t * (decimal)factor : plan * (decimal)factor;
        var weights = new double[13];
        for (var m = first; m <= endMonth; m++)
        {
            var k = m - first;
            var front = k == 0 ? 0.7 : Math.Max(0.55, 1.3 - (0.06 * k));
            weights[m] = DemoCatalog.Season[m - 1] * front * Between(0.75, 1.25);
        }

        var sum = weights.Sum();
        var steps = DemoCatalog.ProgressSteps(s.Theme.Progress);
        decimal ytd = 0, since = line.Opening;
        for (var m = first; m <= lastReported; m++)
        {
            var months = line.OpeningMonths + m - first + 1;
            var amount = Math.Round(target * (decimal)(weights[m] / sum), 1);
            amount = Math.Max(0m, Math.Min(amount, s.Total - since));
            ytd += amount;
            since += amount;
            var opening = m != first ? "" : line.IsNew ? "开工建设，" : "复工建设，";
            var progress = Progress(s, steps, m, months, opening, since, m == endMonth && fixedTarget is not null);
            line.Months.Add(new DemoMonth(m, amount, ytd, since, progress));
        }
    }

    /// <summary>形象进度: a step that advances about every three construction months or with the money spent.</summary>
    private static string Progress(Spec s, string[] steps, int month, int constructionMonths, string opening, decimal since, bool completing)
    {
        if (completing)
        {
            return s.Theme.Progress == ProgressKind.Factory ? "竣工验收，进入试生产" : "竣工验收";
        }

        var ratio = s.Total == 0 ? 0 : (double)(since / s.Total);
        var byMoney = (int)(Math.Min(0.999, ratio * 1.25) * steps.Length);
        var index = ratio >= 0.9 ? steps.Length - 1 : Math.Min(steps.Length - 2, Math.Max(byMoney, (constructionMonths - 1) / 3));
        var step = steps[index];
        if (month is 12 or 1 or 2)
        {
            return s.Theme.Progress is ProgressKind.Linear or ProgressKind.Energy or ProgressKind.Farm
                ? "冬季停工，做好复工准备"
                : "冬季室内施工，" + step;
        }

        return opening + step;
    }

    private string StageFor(Spec s, DemoLine? current, decimal since)
    {
        switch (s.Group)
        {
            case DemoGroup.Reserve:
                return "储备";
            case DemoGroup.CompletedLastYear:
                return s.Category == DemoCatalog.Industrial && s.Theme.Progress != ProgressKind.Building && Chance(0.7) ? "投产" : "竣工";
            default:
                break;
        }

        if (current?.StartedOn is null)
        {
            return current?.IsNew != false ? "前期" : "停缓建";
        }

        return since >= s.Total * 0.97m ? "竣工" : "在建";
    }

    // ------------------------------------------------------------------ the project record

    private ProjectDetails Details(Spec s, string nature, string stage, DateOnly plannedStart, DateOnly? actualStart, DateOnly? actualCompletion)
    {
        var total = s.Total;
        var years = total switch { < 10_000m => 1, < 100_000m => 2, < 500_000m => 3, _ => 4 };
        var plannedCompletion = plannedStart.AddYears(years).AddMonths(_rng.Next(0, 6));
        if (actualCompletion is { } done && plannedCompletion > done.AddMonths(6))
        {
            plannedCompletion = new DateOnly(done.Year, 12, 31);
        }

        var industrial = s.Category == DemoCatalog.Industrial;
        var producing = industrial && s.Theme.Progress is ProgressKind.Factory or ProgressKind.Energy or ProgressKind.Farm;
        DateOnly? actualProduction = null;
        if (stage == "投产" && actualCompletion is { } completed && completed.AddMonths(2) <= _today)
        {
            actualProduction = completed.AddMonths(_rng.Next(1, 3));
        }

        decimal? land = null, output = null, tax = null;
        if (industrial && Chance(0.7))
        {
            land = Math.Round(total * 10_000m / (decimal)Between(2_000, 6_000));
        }

        if (industrial && Chance(0.85))
        {
            var ratio = s.Theme.OutputRatio > 0 ? s.Theme.OutputRatio : 0.5;
            output = Math.Round(total * (decimal)(ratio * Between(0.7, 1.3)));
            tax = Math.Round(output.Value * (decimal)Between(0.04, 0.10));
        }

        var (lng, lat) = Location(s.Region, s.CityKey);
        var city = CityKeyOf(s.Region);
        var leaders = _ref.People.Where(p => p.Role == PersonRole.Leader && p.RegionId == _regionsByKey[city].Id).ToList();
        var officers = _ref.People.Where(p => p.Role == PersonRole.ServiceOfficer && p.RegionId == s.Region.Id).ToList();
        int? leader = null;
        if (leaders.Count > 0 && (total >= 100_000m || (total >= 50_000m && Chance(0.2))))
        {
            leader = Pick(leaders).Id;
        }

        DateOnly? inStats = null;
        if (actualStart is { } start && stage != "储备")
        {
            var d = start.AddDays(_rng.Next(15, 75));
            var recent = start.Year >= _prev;
            inStats = d <= _today && !(recent && Chance(0.05)) ? d : null;
        }

        var owner = s.Owner ?? Owner(s);
        return new ProjectDetails
        {
            Code = Chance(0.6) ? NewCode(s.Region, actualStart ?? plannedStart) : null,
            Name = s.Name,
            OwnerCompany = owner,
            ContactName = DemoCatalog.PersonName(_rng),
            ContactPhone = Phone(),
            RegionId = s.Region.Id,
            SectorId = s.SectorId,
            IndustryId = s.Industry is null ? null : LookupId(LookupKind.Industry, s.Industry, byCode: true),
            CategoryId = LookupId(LookupKind.Category, s.Category),
            NatureId = NatureId(nature),
            StageId = LookupId(LookupKind.Stage, stage),
            LevelId = LookupId(LookupKind.Level, Level(total)),
            TotalInvestment = total,
            Content = s.Content,
            PlannedStart = plannedStart,
            PlannedCompletion = plannedCompletion,
            PlannedProduction = producing ? plannedCompletion.AddMonths(3) : null,
            ActualStart = actualStart,
            ActualCompletion = actualCompletion,
            ActualProduction = actualProduction,
            LandArea = land,
            ExpectedOutput = output,
            ExpectedTax = tax,
            Longitude = lng,
            Latitude = lat,
            LeaderId = leader,
            ServiceOfficerId = officers.Count > 0 ? Pick(officers).Id : null,
            InStatsOn = inStats,
        };
    }

    private string Level(decimal total)
    {
        var u = _rng.NextDouble();
        return total switch
        {
            >= 100_000m => u < 0.7 ? "省级重点" : "市级重点",
            >= 10_000m => u < 0.06 ? "省级重点" : u < 0.65 ? "市级重点" : "区级重点",
            _ => u < 0.2 ? "市级重点" : "区级重点",
        };
    }

    private (double Lng, double Lat) Location(Region region, string city)
    {
        var (centre, spread) = DemoCatalog.CountyCentres.TryGetValue(region.Key, out var county) ? (county, 0.08)
            : region.Kind is RegionKind.District or RegionKind.Zone ? (DemoCatalog.CityCentres[city], 0.12)
            : (DemoCatalog.CityCentres[city], 0.3);
        return (Math.Round(centre.Lng + Between(-spread, spread), 6), Math.Round(centre.Lat + Between(-spread, spread), 6));
    }

    private string NewCode(Region region, DateOnly start)
    {
        var approved = start.AddMonths(-_rng.Next(1, 8));
        var area = region.Code ?? (region.ParentId is { } id ? _regionsById[id].Code : null) ?? "220000";
        string code;
        do
        {
            code = string.Create(CultureInfo.InvariantCulture,
                $"{approved.Year % 100:00}{approved.Month:00}-{area}-{Pick(CodeTypes)}-{_rng.Next(1, 4):00}-{_rng.Next(0, 1_000_000):000000}");
        }
        while (!_codes.Add(code));

        return code;
    }

    private static readonly string[] CodeTypes = ["04", "13", "26", "27", "34", "36", "39", "44", "47", "48", "50", "70", "78"];

    private string Owner(Spec s)
    {
        var place = s.Region.Name;
        var city = _regionsByKey[s.CityKey];
        var publicBody = s.Region.Kind is RegionKind.Zone or RegionKind.Area ? place + "管理委员会" : null;
        return s.Theme.Key switch
        {
            "school" => publicBody ?? place + "教育局",
            "hospital" => publicBody ?? place + "卫生健康局",
            "renewal" => publicBody ?? place + "住房和城乡建设局",
            "heating" => city.ShortNameList.First() + Pick(DemoCatalog.Brands) + "热力有限公司",
            "water" => city.ShortNameList.First() + "市政水务集团有限公司",
            "roads" => place + "城市建设投资有限公司",
            _ when s.Category != DemoCatalog.Industrial && s.Theme.Company.Length == 0 => place + "城市建设投资有限公司",
            _ => Company(s.Theme.Company.Length == 0 ? "实业" : s.Theme.Company, city),
        };
    }

    private string Company(string word, Region city)
    {
        var brand = Pick(DemoCatalog.Brands);
        return _rng.NextDouble() switch
        {
            < 0.4 => "吉林省" + brand + word + "有限公司",
            < 0.75 => city.ShortNameList.First() + brand + word + "有限公司",
            < 0.9 => brand + word + "（吉林）有限公司",
            _ => "吉林" + brand + word + "股份有限公司",
        };
    }

    private DateTime CreatedAt(DemoGroup group)
    {
        var year = group is DemoGroup.NewThisYear or DemoGroup.Reserve ? _year : _prev;
        var at = new DateTime(year, 1, 10, 1, 0, 0, DateTimeKind.Utc).AddDays(_rng.Next(0, 20));
        var now = _today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return at < now ? at : now;
    }

    // ------------------------------------------------------------------ tags

    private void TagLines(List<DemoProject> projects, int year)
    {
        var planned = projects
            .SelectMany(p => p.Lines.Where(l => l.Year == year && l.InPlan).Select(l => (Project: p, Line: l)))
            .ToList();
        if (planned.Count == 0)
        {
            return;
        }

        var spring = planned.Where(x => x.Line.PlannedMonth <= 5).Select(x => x.Line).ToList();
        Shuffle(spring);
        foreach (var line in spring.Take((int)Math.Round(planned.Count * 0.45)))
        {
            line.TagIds.Add(_ref.TagIds[TagSpring]);
        }

        var biggest = planned.OrderByDescending(x => x.Project.Details.TotalInvestment).Take((int)Math.Round(planned.Count * 0.15));
        foreach (var (project, line) in biggest)
        {
            line.TagIds.Add(_ref.TagIds[TagHundred]);
        }

        foreach (var (project, line) in projects.SelectMany(p => p.Lines.Where(l => l.Year == year).Select(l => (p, l))))
        {
            if (line.JointStart)
            {
                line.TagIds.Add(_ref.TagIds[TagJoint]);
            }

            if (project.Details.LevelId == LookupId(LookupKind.Level, "省级重点"))
            {
                line.TagIds.Add(_ref.TagIds[TagProvincial]);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private int? NatureId(string? name) => name is null ? null : LookupId(LookupKind.Nature, name);

    private string DrawNewNature() => _rng.NextDouble() switch { < 0.86 => "新建", < 0.94 => "扩建", < 0.97 => "改建", _ => "迁建" };

    private int LookupId(LookupKind kind, string key, bool byCode = false) =>
        _ref.Lookups.First(l => l.Kind == kind && (byCode ? l.Code == key && l.ParentId == null : l.Name == key)).Id;

    private string Phone() =>
        string.Create(CultureInfo.InvariantCulture, $"1{Pick(PhonePrefixes)}{_rng.Next(0, 100_000_000):00000000}");

    private static readonly string[] PhonePrefixes = ["39", "35", "58", "86", "37", "51", "88", "43", "30", "56"];

    private bool Chance(double p) => _rng.NextDouble() < p;

    private double Between(double min, double max) => min + (_rng.NextDouble() * (max - min));

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
