using System.Globalization;
using System.Text;

namespace Tiaodu.Core.Ledger;

/// <summary>Cumulative size thresholds offices count by: ≥5000万, ≥1亿, ≥10亿 (in 万元).</summary>
public enum SizeBand
{
    Over5000Wan = 1,
    Over1Yi = 2,
    Over10Yi = 3,
}

public static class SizeBands
{
    public static decimal Threshold(SizeBand band) => band switch
    {
        SizeBand.Over10Yi => 100_000m,
        SizeBand.Over1Yi => 10_000m,
        _ => 5_000m,
    };
}

/// <summary>
/// Which projects a list, an export or an indicator is about. The same object is the list page's URL,
/// the API's query and the drill-down behind every indicator figure, so a figure and its list cannot differ.
/// </summary>
public sealed record ProjectFilter
{
    /// <summary>Search text: name (simplified or traditional), pinyin, initials or project code.</summary>
    public string? Q { get; set; }

    /// <summary>Region key or code; the region's whole subtree is included.</summary>
    public string? Region { get; set; }

    public int? Industry { get; set; }
    public int? Category { get; set; }
    public int? Nature { get; set; }
    public int? Stage { get; set; }
    public int? Sector { get; set; }
    public int? Leader { get; set; }
    public int? Officer { get; set; }
    public SizeBand? Band { get; set; }

    /// <summary>The ledger year; year-level conditions below need one (default: the as-of year).</summary>
    public int? Year { get; set; }

    /// <summary>
    /// "Started" and 入库 are taken as of this date (default: today); monthly figures as of the last month
    /// complete on this date.
    /// </summary>
    public DateOnly? AsOf { get; set; }

    public int? Tag { get; set; }
    public bool? InPlan { get; set; }

    /// <summary>
    /// Plan figures (计划内, 年度计划投资) as the year's approved baseline froze them instead of the current
    /// version; a year without an approved plan has no baseline and reads the current version.
    /// </summary>
    public bool Baseline { get; set; }
    public bool? Started { get; set; }

    /// <summary>The year's 建设性质 by meaning: "new" or "continuing".</summary>
    public string? YearNature { get; set; }

    public bool? InStats { get; set; }

    /// <summary>Only projects whose category counts as 产业.</summary>
    public bool? Industrial { get; set; }

    /// <summary>Only projects with a land area (for 投资强度).</summary>
    public bool? HasLand { get; set; }

    /// <summary>Show the recycle bin (soft-deleted projects) instead of the ledger.</summary>
    public bool Deleted { get; set; }

    public string? Sort { get; set; }
    public bool Desc { get; set; }
    public int Page { get; set; } = 1;
    public int PageSize { get; set; } = 20;

    public const int MinYear = 1990;
    public const int MaxYear = 2200;

    public bool HasYearConditions => Year is not null || HasYearLevelConditions;

    /// <summary>Conditions on a year's own line (tag, plan, start, the year's 建设性质), beyond naming the year.</summary>
    public bool HasYearLevelConditions => Tag is not null || InPlan is not null || Started is not null || YearNature is not null;

    /// <summary>The filter with a year or as-of date outside 1990–2200 removed, and what was removed, in Chinese.</summary>
    public ProjectFilter WithinRange(out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var f = this;
        if (Year is < MinYear or > MaxYear)
        {
            found.Add($"年度应在{MinYear}至{MaxYear}之间");
            f = f with { Year = null };
        }

        if (AsOf is { } d && (d.Year < MinYear || d.Year > MaxYear))
        {
            found.Add($"截止日期应在{MinYear}年至{MaxYear}年之间");
            f = f with { AsOf = null };
        }

        problems = found;
        return f;
    }

    /// <summary>The filter as a URL query string (no paging or sorting unless asked), for links and bookmarks.</summary>
    public string ToQueryString(bool withPaging = false)
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            var text = value switch
            {
                null => null,
                bool b => b ? "true" : "false",
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            if (!string.IsNullOrEmpty(text))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(text));
            }
        }

        Add("q", Q);
        Add("region", Region);
        Add("industry", Industry);
        Add("category", Category);
        Add("nature", Nature);
        Add("stage", Stage);
        Add("sector", Sector);
        Add("leader", Leader);
        Add("officer", Officer);
        Add("band", Band is { } b ? (int)b : null);
        Add("year", Year);
        Add("asOf", AsOf);
        Add("tag", Tag);
        Add("inPlan", InPlan);
        Add("baseline", Baseline ? true : null);
        Add("started", Started);
        Add("yearNature", YearNature);
        Add("inStats", InStats);
        Add("industrial", Industrial);
        Add("hasLand", HasLand);
        Add("deleted", Deleted ? true : null);
        if (withPaging)
        {
            Add("sort", Sort);
            Add("desc", Desc ? true : null);
            Add("page", Page == 1 ? null : Page);
            Add("pageSize", PageSize == 20 ? null : PageSize);
        }

        return string.Join('&', parts);
    }
}
