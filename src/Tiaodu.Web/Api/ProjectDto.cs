using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;

namespace Tiaodu.Web.Api;

/// <summary>A project as the API shows it: its own fields, the names they point to, and its year lines.</summary>
internal sealed record ProjectDto
{
    public int Id { get; init; }
    public string? Code { get; init; }
    public string Name { get; init; } = "";
    public string? OwnerCompany { get; init; }
    public string? ContactName { get; init; }
    public string? ContactPhone { get; init; }
    public int RegionId { get; init; }
    public string Region { get; init; } = "";
    public string RegionPath { get; init; } = "";
    public int? SectorId { get; init; }
    public string? Sector { get; init; }
    public int? IndustryId { get; init; }
    public string? Industry { get; init; }
    public int? CategoryId { get; init; }
    public string? Category { get; init; }
    public int? NatureId { get; init; }
    public string? Nature { get; init; }
    public int? StageId { get; init; }
    public string? Stage { get; init; }
    public int? LevelId { get; init; }
    public string? Level { get; init; }

    /// <summary>万元.</summary>
    public decimal TotalInvestment { get; init; }

    public string? Content { get; init; }
    public DateOnly? PlannedStart { get; init; }
    public DateOnly? PlannedCompletion { get; init; }
    public DateOnly? PlannedProduction { get; init; }
    public DateOnly? ActualStart { get; init; }
    public DateOnly? ActualCompletion { get; init; }
    public DateOnly? ActualProduction { get; init; }

    /// <summary>m².</summary>
    public decimal? LandArea { get; init; }

    /// <summary>The same land in 亩, rounded to 0.01.</summary>
    public decimal? LandAreaMu { get; init; }

    public decimal? ExpectedOutput { get; init; }
    public decimal? ExpectedTax { get; init; }
    public double? Longitude { get; init; }
    public double? Latitude { get; init; }
    public int? LeaderId { get; init; }
    public string? Leader { get; init; }
    public int? ServiceOfficerId { get; init; }
    public string? ServiceOfficer { get; init; }
    public DateOnly? InStatsOn { get; init; }
    public bool IsDeleted { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }
    public IReadOnlyList<ProjectYearView> Years { get; init; } = [];

    public static ProjectDto From(ProjectView v)
    {
        var p = v.Project;
        return new ProjectDto
        {
            Id = p.Id, Code = p.Code, Name = p.Name, OwnerCompany = p.OwnerCompany, ContactName = p.ContactName, ContactPhone = v.ContactPhoneMasked,
            RegionId = p.RegionId, Region = v.Region, RegionPath = v.RegionPath, SectorId = p.SectorId, Sector = v.Sector,
            IndustryId = p.IndustryId, Industry = v.Industry, CategoryId = p.CategoryId, Category = v.Category, NatureId = p.NatureId, Nature = v.Nature,
            StageId = p.StageId, Stage = v.Stage, LevelId = p.LevelId, Level = v.Level, TotalInvestment = p.TotalInvestment, Content = p.Content,
            PlannedStart = p.PlannedStart, PlannedCompletion = p.PlannedCompletion, PlannedProduction = p.PlannedProduction,
            ActualStart = p.ActualStart, ActualCompletion = p.ActualCompletion, ActualProduction = p.ActualProduction,
            LandArea = p.LandArea, LandAreaMu = p.LandArea is { } m2 ? decimal.Round(m2 / IndicatorFormulas.SquareMetresPerMu, 2) : null,
            ExpectedOutput = p.ExpectedOutput, ExpectedTax = p.ExpectedTax, Longitude = p.Longitude, Latitude = p.Latitude,
            LeaderId = p.LeaderId, Leader = v.Leader, ServiceOfficerId = p.ServiceOfficerId, ServiceOfficer = v.ServiceOfficer,
            InStatsOn = p.InStatsOn, IsDeleted = p.IsDeleted, CreatedAt = p.CreatedAt, UpdatedAt = p.UpdatedAt, Version = p.Version, Years = v.Years,
        };
    }
}
