using System.Globalization;
using Microsoft.Extensions.Localization;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Infrastructure;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>An active list condition in words, with the URL of the list without it.</summary>
public sealed record FilterChip(string Text, string RemoveUrl);

/// <summary>
/// Says in words what a list shows ("计划内 · 已开复工 · 新建"), so someone arriving from a dashboard
/// figure sees which projects the figure counted.
/// </summary>
public static class FilterChips
{
    public static IReadOnlyList<FilterChip> For(ProjectFilter f, ProjectChoices c, IStringLocalizer l)
    {
        var chips = new List<FilterChip>();
        void Add(bool active, string text, ProjectFilter without)
        {
            if (active)
            {
                chips.Add(new FilterChip(text, IndexModel.ListUrl(without with { Page = 1 })));
            }
        }

        var n = c.Names;
        Add(f.Year is not null, l["Projects.Chip.Year", f.Year ?? 0], f with { Year = null });
        Add(f.AsOf is not null, l["Projects.Chip.AsOf", Format.Date(f.AsOf)], f with { AsOf = null });
        Add(!string.IsNullOrWhiteSpace(f.Q), l["Projects.Chip.Search", f.Q ?? ""], f with { Q = null });
        Add(f.Region is not null, n.Regions.ByKey(f.Region)?.Name ?? f.Region ?? "", f with { Region = null });
        Add(f.InPlan is not null, f.InPlan == true ? l["Projects.InPlan"] : l["Projects.OutOfPlan"], f with { InPlan = null });
        Add(f.Baseline, l["Dashboard.Filter.Basis.Baseline"], f with { Baseline = false });
        Add(f.Started is not null, f.Started == true ? l["Projects.Started"] : l["Projects.NotStarted"], f with { Started = null });
        Add(f.YearNature is not null, YearNature(f.YearNature, l), f with { YearNature = null });
        Add(f.Tag is not null, c.TagName(f.Tag) ?? Id(f.Tag), f with { Tag = null });
        Add(f.Industry is not null, n.Lookup(f.Industry) ?? Id(f.Industry), f with { Industry = null });
        Add(f.Category is not null, n.Lookup(f.Category) ?? Id(f.Category), f with { Category = null });
        Add(f.Nature is not null, n.Lookup(f.Nature) ?? Id(f.Nature), f with { Nature = null });
        Add(f.Stage is not null, n.Lookup(f.Stage) ?? Id(f.Stage), f with { Stage = null });
        Add(f.Sector is not null, n.Lookup(f.Sector) ?? Id(f.Sector), f with { Sector = null });
        Add(f.Leader is not null, l["Projects.Chip.Leader", n.Person(f.Leader) ?? Id(f.Leader)], f with { Leader = null });
        Add(f.Officer is not null, l["Projects.Chip.Officer", n.Person(f.Officer) ?? Id(f.Officer)], f with { Officer = null });
        Add(f.Band is not null, Band(f.Band, l), f with { Band = null });
        Add(f.InStats is not null, f.InStats == true ? l["Projects.InStats"] : l["Projects.NotInStats"], f with { InStats = null });
        Add(f.Industrial is not null, f.Industrial == true ? l["Projects.Industrial"] : l["Projects.NotIndustrial"], f with { Industrial = null });
        Add(f.HasLand is not null, f.HasLand == true ? l["Projects.HasLand"] : l["Projects.NoLand"], f with { HasLand = null });
        return chips;
    }

    public static string Band(SizeBand? band, IStringLocalizer l) => band switch
    {
        SizeBand.Over5000Wan => l["Projects.Band.Over5000Wan"],
        SizeBand.Over1Yi => l["Projects.Band.Over1Yi"],
        SizeBand.Over10Yi => l["Projects.Band.Over10Yi"],
        _ => "",
    };

    public static string YearNature(string? meaning, IStringLocalizer l) => meaning switch
    {
        LookupMeaning.New => l["Projects.YearNature.New"],
        LookupMeaning.Continuing => l["Projects.YearNature.Continuing"],
        _ => meaning ?? "",
    };

    private static string Id(int? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "";
}
