using Tiaodu.Core.Text;

namespace Tiaodu.Core.Ledger;

/// <summary>The editable facts of a project, as a form or an import row supplies them.</summary>
public sealed record ProjectDetails
{
    public string? Code { get; init; }
    public required string Name { get; init; }
    public string? OwnerCompany { get; init; }
    public string? ContactName { get; init; }
    public string? ContactPhone { get; init; }
    public required int RegionId { get; init; }
    public int? SectorId { get; init; }
    public int? IndustryId { get; init; }
    public int? CategoryId { get; init; }
    public int? NatureId { get; init; }
    public int? StageId { get; init; }
    public int? LevelId { get; init; }
    public decimal TotalInvestment { get; init; }
    public string? Content { get; init; }
    public DateOnly? PlannedStart { get; init; }
    public DateOnly? PlannedCompletion { get; init; }
    public DateOnly? PlannedProduction { get; init; }
    public DateOnly? ActualStart { get; init; }
    public DateOnly? ActualCompletion { get; init; }
    public DateOnly? ActualProduction { get; init; }
    public decimal? LandArea { get; init; }
    public decimal? ExpectedOutput { get; init; }
    public decimal? ExpectedTax { get; init; }
    public double? Longitude { get; init; }
    public double? Latitude { get; init; }
    public int? LeaderId { get; init; }
    public int? ServiceOfficerId { get; init; }
    public DateOnly? InStatsOn { get; init; }
}

/// <summary>A ledger project (项目大表 row). Money in 万元, land in m².</summary>
public sealed class Project
{
    public int Id { get; private set; }
    public string? Code { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Normalised name, full pinyin and initials, for search however the user types.</summary>
    public string SearchKey { get; private set; } = "";

    public string? OwnerCompany { get; private set; }
    public string? ContactName { get; private set; }
    /// <summary>Encrypted (see Accounts.PersonalData); never serialised, so no answer can carry it by accident.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ContactPhone { get; private set; }
    public int RegionId { get; private set; }
    public int? SectorId { get; private set; }
    public int? IndustryId { get; private set; }
    public int? CategoryId { get; private set; }
    public int? NatureId { get; private set; }
    public int? StageId { get; private set; }
    public int? LevelId { get; private set; }
    public decimal TotalInvestment { get; private set; }
    public string? Content { get; private set; }
    public DateOnly? PlannedStart { get; private set; }
    public DateOnly? PlannedCompletion { get; private set; }
    public DateOnly? PlannedProduction { get; private set; }
    public DateOnly? ActualStart { get; private set; }
    public DateOnly? ActualCompletion { get; private set; }
    public DateOnly? ActualProduction { get; private set; }
    public decimal? LandArea { get; private set; }
    public decimal? ExpectedOutput { get; private set; }
    public decimal? ExpectedTax { get; private set; }
    public double? Longitude { get; private set; }
    public double? Latitude { get; private set; }
    public int? LeaderId { get; private set; }
    public int? ServiceOfficerId { get; private set; }

    /// <summary>Date the project entered the statistics database (入库).</summary>
    public DateOnly? InStatsOn { get; private set; }

    public bool IsDeleted { get; private set; }
    public DateTime? DeletedAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>The ledger sequence value of the last change (stamped on save), for incremental readers.</summary>
    public long ChangeSeq { get; private set; }

    /// <summary>Set by the application on every change; compared on save to refuse lost updates.</summary>
    public int Version { get; private set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public List<ProjectYear> Years { get; private set; } = [];

    private Project()
    {
    }

    public Project(ProjectDetails details, DateTime now)
    {
        CreatedAt = now;
        Apply(details, now);
        Version = 1;
    }

    public void Update(ProjectDetails details, DateTime now)
    {
        Apply(details, now);
        Version++;
    }

    /// <summary>Marks the project changed when one of its year lines changed.</summary>
    public void Touch(DateTime now)
    {
        UpdatedAt = now;
    }

    public void Delete(DateTime now)
    {
        if (IsDeleted)
        {
            return;
        }

        IsDeleted = true;
        DeletedAt = now;
        UpdatedAt = now;
        Version++;
    }

    public void Restore(DateTime now)
    {
        if (!IsDeleted)
        {
            return;
        }

        IsDeleted = false;
        DeletedAt = null;
        UpdatedAt = now;
        Version++;
    }

    private void Apply(ProjectDetails d, DateTime now)
    {
        var code = ProjectCode.Normalize(d.Code);
        if (code is not null && !ProjectCode.IsValid(code))
        {
            throw new ArgumentException("项目代码格式不正确", nameof(d));
        }

        if (string.IsNullOrWhiteSpace(d.Name))
        {
            throw new ArgumentException("项目名称不能为空", nameof(d));
        }

        if (d.TotalInvestment < 0)
        {
            throw new ArgumentException("总投资不能为负数", nameof(d));
        }

        Code = code;
        Name = d.Name.Trim();
        SearchKey = ChineseText.SearchKey(Name) + "|" + (code is null ? "" : ChineseText.Normalize(code));
        OwnerCompany = Clean(d.OwnerCompany);
        ContactName = Clean(d.ContactName);
        ContactPhone = Clean(d.ContactPhone);
        RegionId = d.RegionId;
        SectorId = d.SectorId;
        IndustryId = d.IndustryId;
        CategoryId = d.CategoryId;
        NatureId = d.NatureId;
        StageId = d.StageId;
        LevelId = d.LevelId;
        TotalInvestment = d.TotalInvestment;
        Content = Clean(d.Content);
        PlannedStart = d.PlannedStart;
        PlannedCompletion = d.PlannedCompletion;
        PlannedProduction = d.PlannedProduction;
        ActualStart = d.ActualStart;
        ActualCompletion = d.ActualCompletion;
        ActualProduction = d.ActualProduction;
        LandArea = d.LandArea;
        ExpectedOutput = d.ExpectedOutput;
        ExpectedTax = d.ExpectedTax;
        Longitude = d.Longitude;
        Latitude = d.Latitude;
        LeaderId = d.LeaderId;
        ServiceOfficerId = d.ServiceOfficerId;
        InStatsOn = d.InStatsOn;
        UpdatedAt = now;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public ProjectDetails ToDetails() => new()
    {
        Code = Code, Name = Name, OwnerCompany = OwnerCompany, ContactName = ContactName, ContactPhone = ContactPhone,
        RegionId = RegionId, SectorId = SectorId, IndustryId = IndustryId, CategoryId = CategoryId, NatureId = NatureId,
        StageId = StageId, LevelId = LevelId, TotalInvestment = TotalInvestment, Content = Content,
        PlannedStart = PlannedStart, PlannedCompletion = PlannedCompletion, PlannedProduction = PlannedProduction,
        ActualStart = ActualStart, ActualCompletion = ActualCompletion, ActualProduction = ActualProduction,
        LandArea = LandArea, ExpectedOutput = ExpectedOutput, ExpectedTax = ExpectedTax,
        Longitude = Longitude, Latitude = Latitude, LeaderId = LeaderId, ServiceOfficerId = ServiceOfficerId,
        InStatsOn = InStatsOn,
    };
}
