using Microsoft.Extensions.Localization;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>
/// The project form as typed: numbers and dates stay text until <see cref="ToDetails"/> reads them, so a
/// mistyped value comes back with a Chinese message instead of a binding failure. Property names match
/// <see cref="ProjectDetails"/>, so Core's error keys land under the right fields.
/// </summary>
public sealed class ProjectInput
{
    public const string Mu = "mu";
    public const string SquareMetre = "m2";

    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? OwnerCompany { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public int? RegionId { get; set; }
    public int? SectorId { get; set; }
    public int? IndustryId { get; set; }
    public int? CategoryId { get; set; }
    public int? NatureId { get; set; }
    public int? StageId { get; set; }
    public int? LevelId { get; set; }
    public string? TotalInvestment { get; set; }
    public string? Content { get; set; }
    public string? PlannedStart { get; set; }
    public string? PlannedCompletion { get; set; }
    public string? PlannedProduction { get; set; }
    public string? ActualStart { get; set; }
    public string? ActualCompletion { get; set; }
    public string? ActualProduction { get; set; }
    public string? LandArea { get; set; }
    public string? LandUnit { get; set; } = Mu;
    public string? ExpectedOutput { get; set; }
    public string? ExpectedTax { get; set; }
    public string? Longitude { get; set; }
    public string? Latitude { get; set; }
    public int? LeaderId { get; set; }
    public int? ServiceOfficerId { get; set; }
    public string? InStatsOn { get; set; }

    /// <summary>The version the form was opened at; absent for a new project.</summary>
    public int? Version { get; set; }

    public static readonly ISet<string> Fields = typeof(ProjectDetails).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    public static ProjectInput From(ProjectDetails d, int? version)
    {
        var (land, unit) = LandForForm(d.LandArea);
        return new()
        {
            Code = d.Code, Name = d.Name, OwnerCompany = d.OwnerCompany, ContactName = d.ContactName, ContactPhone = d.ContactPhone,
            RegionId = d.RegionId, SectorId = d.SectorId, IndustryId = d.IndustryId, CategoryId = d.CategoryId,
            NatureId = d.NatureId, StageId = d.StageId, LevelId = d.LevelId,
            TotalInvestment = FormParser.Number(d.TotalInvestment), Content = d.Content,
            PlannedStart = FormParser.DateText(d.PlannedStart), PlannedCompletion = FormParser.DateText(d.PlannedCompletion),
            PlannedProduction = FormParser.DateText(d.PlannedProduction), ActualStart = FormParser.DateText(d.ActualStart),
            ActualCompletion = FormParser.DateText(d.ActualCompletion), ActualProduction = FormParser.DateText(d.ActualProduction),
            LandArea = land, LandUnit = unit,
            ExpectedOutput = FormParser.Number(d.ExpectedOutput), ExpectedTax = FormParser.Number(d.ExpectedTax),
            Longitude = FormParser.Number(d.Longitude), Latitude = FormParser.Number(d.Latitude),
            LeaderId = d.LeaderId, ServiceOfficerId = d.ServiceOfficerId, InStatsOn = FormParser.DateText(d.InStatsOn),
            Version = version,
        };
    }

    /// <summary>The details to save, or null when a value could not be read (the messages are in the model state).</summary>
    public ProjectDetails? ToDetails(FormParser p, IStringLocalizer l)
    {
        var wan = l["Unit.Wan"].Value;
        var total = p.ReadDecimal(TotalInvestment, nameof(TotalInvestment), l["Field.TotalInvestment"], wan, "万");
        var land = p.ReadDecimal(LandArea, nameof(LandArea), l["Field.LandArea"], "m²", "平方米", "亩");
        var output = p.ReadDecimal(ExpectedOutput, nameof(ExpectedOutput), l["Field.ExpectedOutput"], wan, "万");
        var tax = p.ReadDecimal(ExpectedTax, nameof(ExpectedTax), l["Field.ExpectedTax"], wan, "万");
        var lng = p.ReadDouble(Longitude, nameof(Longitude), l["Field.Longitude"]);
        var lat = p.ReadDouble(Latitude, nameof(Latitude), l["Field.Latitude"]);
        var plannedStart = p.ReadDate(PlannedStart, nameof(PlannedStart), l["Field.PlannedStart"]);
        var plannedCompletion = p.ReadDate(PlannedCompletion, nameof(PlannedCompletion), l["Field.PlannedCompletion"]);
        var plannedProduction = p.ReadDate(PlannedProduction, nameof(PlannedProduction), l["Field.PlannedProduction"]);
        var actualStart = p.ReadDate(ActualStart, nameof(ActualStart), l["Field.ActualStart"]);
        var actualCompletion = p.ReadDate(ActualCompletion, nameof(ActualCompletion), l["Field.ActualCompletion"]);
        var actualProduction = p.ReadDate(ActualProduction, nameof(ActualProduction), l["Field.ActualProduction"]);
        var inStats = p.ReadDate(InStatsOn, nameof(InStatsOn), l["Field.InStatsOn"]);
        if (p.HasErrors)
        {
            return null;
        }

        return new ProjectDetails
        {
            Code = Code, Name = Name ?? "", OwnerCompany = OwnerCompany, ContactName = ContactName, ContactPhone = ContactPhone,
            RegionId = RegionId ?? 0, SectorId = SectorId, IndustryId = IndustryId, CategoryId = CategoryId,
            NatureId = NatureId, StageId = StageId, LevelId = LevelId,
            TotalInvestment = total ?? 0m, Content = Content,
            PlannedStart = plannedStart, PlannedCompletion = plannedCompletion, PlannedProduction = plannedProduction,
            ActualStart = actualStart, ActualCompletion = actualCompletion, ActualProduction = actualProduction,
            LandArea = LandUnit == SquareMetre || land is null ? land : MuToSquareMetres(land.Value),
            ExpectedOutput = output, ExpectedTax = tax, Longitude = lng, Latitude = lat,
            LeaderId = LeaderId, ServiceOfficerId = ServiceOfficerId, InStatsOn = inStats,
        };
    }

    /// <summary>Stored m² to the form: in 亩 when that reads back to the same m², otherwise in m² so nothing drifts.</summary>
    private static (string Value, string Unit) LandForForm(decimal? m2)
    {
        if (m2 is not { } value)
        {
            return ("", Mu);
        }

        var mu = decimal.Round(value * 15m / 10_000m, 4);
        return MuToSquareMetres(mu) == value ? (FormParser.Number(mu), Mu) : (FormParser.Number(value), SquareMetre);
    }

    public static decimal MuToSquareMetres(decimal mu) => decimal.Round(mu * 10_000m / 15m, 2);
}
