using System.Globalization;
using Microsoft.Extensions.Localization;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;
using Tiaodu.Web.Infrastructure;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>One field a user submitted differently from what is now saved.</summary>
public sealed record Difference(string Label, string Submitted, string Current);

/// <summary>
/// Side-by-side comparison after a stale save: the fields where the user's input and the saved record
/// disagree, shown with names rather than ids.
/// </summary>
public static class Differences
{
    public static IReadOnlyList<Difference> Between(ProjectDetails submitted, ProjectDetails current, ReferenceNames n, IStringLocalizer l)
    {
        var mine = Describe(submitted, n, l);
        var theirs = Describe(current, n, l);
        return mine.Zip(theirs)
            .Where(x => x.First.Value != x.Second.Value)
            .Select(x => new Difference(x.First.Label, x.First.Value, x.Second.Value))
            .ToList();
    }

    public static IReadOnlyList<Difference> Between(ProjectYearInput submitted, ProjectYear? current, ReferenceNames n, IStringLocalizer l)
    {
        var mine = Describe(submitted, n, l);
        var theirs = current is null ? mine.Select(x => (x.Label, Value: "")).ToList() : Describe(Input(current), n, l);
        return mine.Zip(theirs)
            .Where(x => x.First.Value != x.Second.Value)
            .Select(x => new Difference(x.First.Label, x.First.Value, x.Second.Value))
            .ToList();
    }

    public static ProjectYearInput Input(ProjectYear y) => new()
    {
        InPlan = y.InPlan, NatureId = y.NatureId, AnnualPlan = y.AnnualPlan, PlannedStartMonth = y.PlannedStartMonth,
        StartedOn = y.StartedOn, TagIds = y.Tags.Select(t => t.TagId).ToList(), Version = y.Version,
    };

    private static List<(string Label, string Value)> Describe(ProjectDetails d, ReferenceNames n, IStringLocalizer l) =>
    [
        (l["Field.Code"], ProjectCode.Normalize(d.Code) ?? ""),
        (l["Field.Name"], Text(d.Name)),
        (l["Field.OwnerCompany"], Text(d.OwnerCompany)),
        (l["Field.ContactName"], Text(d.ContactName)),
        (l["Field.ContactPhone"], Text(d.ContactPhone)),
        (l["Field.Region"], n.Region(d.RegionId)),
        (l["Field.Sector"], n.Lookup(d.SectorId) ?? ""),
        (l["Field.Industry"], n.Lookup(d.IndustryId) ?? ""),
        (l["Field.Category"], n.Lookup(d.CategoryId) ?? ""),
        (l["Field.Nature"], n.Lookup(d.NatureId) ?? ""),
        (l["Field.Stage"], n.Lookup(d.StageId) ?? ""),
        (l["Field.Level"], n.Lookup(d.LevelId) ?? ""),
        (l["Field.TotalInvestment"], Format.Money(d.TotalInvestment, l)),
        (l["Field.Content"], Text(d.Content)),
        (l["Field.PlannedStart"], Format.Date(d.PlannedStart)),
        (l["Field.PlannedCompletion"], Format.Date(d.PlannedCompletion)),
        (l["Field.PlannedProduction"], Format.Date(d.PlannedProduction)),
        (l["Field.ActualStart"], Format.Date(d.ActualStart)),
        (l["Field.ActualCompletion"], Format.Date(d.ActualCompletion)),
        (l["Field.ActualProduction"], Format.Date(d.ActualProduction)),
        (l["Field.LandArea"], d.LandArea is null ? "" : Format.Area(d.LandArea, l)),
        (l["Field.ExpectedOutput"], d.ExpectedOutput is null ? "" : Format.Money(d.ExpectedOutput, l)),
        (l["Field.ExpectedTax"], d.ExpectedTax is null ? "" : Format.Money(d.ExpectedTax, l)),
        (l["Field.Longitude"], d.Longitude?.ToString("0.######", CultureInfo.InvariantCulture) ?? ""),
        (l["Field.Latitude"], d.Latitude?.ToString("0.######", CultureInfo.InvariantCulture) ?? ""),
        (l["Field.Leader"], n.Person(d.LeaderId) ?? ""),
        (l["Field.ServiceOfficer"], n.Person(d.ServiceOfficerId) ?? ""),
        (l["Field.InStatsOn"], Format.Date(d.InStatsOn)),
    ];

    private static List<(string Label, string Value)> Describe(ProjectYearInput y, ReferenceNames n, IStringLocalizer l) =>
    [
        (l["Field.InPlan"], y.InPlan ? l["Projects.InPlan"] : l["Projects.OutOfPlan"]),
        (l["Field.YearNature"], n.Lookup(y.NatureId) ?? ""),
        (l["Field.AnnualPlan"], y.AnnualPlan is null ? "" : Format.Money(y.AnnualPlan, l)),
        (l["Field.PlannedStartMonth"], y.PlannedStartMonth is { } m ? l["Projects.MonthN", m] : ""),
        (l["Field.StartedOn"], Format.Date(y.StartedOn)),
        (l["Field.Tags"], string.Join("、", y.TagIds.Distinct().Order().Select(t => n.Tags.TryGetValue(t, out var tag) ? tag.Name : ""))),
    ];

    private static string Text(string? s) => s?.Trim() ?? "";
}

/// <summary>The model of the _Conflict partial.</summary>
public sealed record ConflictView(string Message, IReadOnlyList<Difference> Rows, string ReloadUrl);
