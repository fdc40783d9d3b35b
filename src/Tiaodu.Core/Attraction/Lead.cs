namespace Tiaodu.Core.Attraction;

/// <summary>The stages of the investment-attraction pipeline (招商引资), in order.</summary>
public enum LeadStage
{
    /// <summary>线索.</summary>
    Clue,

    /// <summary>在谈.</summary>
    Negotiating,

    /// <summary>拟签约.</summary>
    AboutToSign,

    /// <summary>签约.</summary>
    Contracted,

    /// <summary>注册 (the investor's local company is registered).</summary>
    Registered,

    /// <summary>选址/落位 (the site is fixed).</summary>
    Sited,

    /// <summary>开工.</summary>
    Started,
}

/// <summary>What happened to a lead, one line of its history.</summary>
public enum LeadStepKind
{
    Created,
    Moved,
    Dropped,
    Revived,
    Converted,
}

/// <summary>
/// A lead (招商线索/项目) before it is a ledger project: who invests, from where, in what, how much, who follows it,
/// at which stage; dropped with a reason and revived; once signed or landed, converted into a ledger project whose
/// later figures (started, invested) count for the pipeline.
/// </summary>
public sealed class Lead : IPlacedInRegion
{
    public const int NameLength = 200;
    public const int TextLength = 2000;

    public int Id { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>投资方 (company or group).</summary>
    public string Investor { get; private set; } = "";

    /// <summary>Where the investor comes from: a province or city (天津市, 浙江省) or a country.</summary>
    public string? Origin { get; private set; }

    /// <summary>From a partner of 对口合作 (e.g. 天津 for 吉林).</summary>
    public bool FromPartner { get; private set; }

    public int? IndustryId { get; private set; }

    /// <summary>The region where the project would land; decides who sees the lead.</summary>
    public int RegionId { get; private set; }

    /// <summary>意向投资额, 万元.</summary>
    public decimal IntendedInvestment { get; private set; }

    /// <summary>签约额, 万元 (set when signed).</summary>
    public decimal? ContractInvestment { get; private set; }

    /// <summary>到位资金, 万元, as reported before the project is in the ledger.</summary>
    public decimal? FundsInPlace { get; private set; }

    public string? ContactName { get; private set; }

    /// <summary>Encrypted like every personal number (ADR 0009); shown masked.</summary>
    public string? ContactPhone { get; private set; }

    /// <summary>The officer in charge (招商专员).</summary>
    public int? OfficerId { get; private set; }

    public string? Notes { get; private set; }
    public LeadStage Stage { get; private set; }
    public DateOnly StageOn { get; private set; }
    public bool IsDropped { get; private set; }
    public string? DropReason { get; private set; }

    /// <summary>The trip or visit (走出去/请进来) the lead came from.</summary>
    public int? SourceEventId { get; private set; }

    /// <summary>The signing ceremony (集中签约) it was signed at.</summary>
    public int? CeremonyId { get; private set; }

    /// <summary>The ledger project it became.</summary>
    public int? ProjectId { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }
    public List<LeadStep> Steps { get; private set; } = [];

    private Lead()
    {
    }

    public Lead(LeadDetails d, DateOnly on, string by, DateTime at)
    {
        Apply(d);
        Stage = d.Stage;
        StageOn = on;
        CreatedAt = at;
        Steps.Add(new LeadStep(LeadStepKind.Created, null, d.Stage, on, by, at, null));
    }

    public void Update(LeadDetails d)
    {
        Apply(d);
        Version++;
    }

    public void MoveTo(LeadStage stage, DateOnly on, string by, DateTime at, string? note, int? ceremonyId)
    {
        Steps.Add(new LeadStep(LeadStepKind.Moved, Stage, stage, on, by, at, note));
        Stage = stage;
        StageOn = on;
        if (ceremonyId is not null)
        {
            CeremonyId = ceremonyId;
        }

        Version++;
    }

    public void SetContract(decimal amount)
    {
        ContractInvestment = amount;
    }

    public void Drop(string reason, DateOnly on, string by, DateTime at)
    {
        IsDropped = true;
        DropReason = reason;
        Steps.Add(new LeadStep(LeadStepKind.Dropped, Stage, Stage, on, by, at, reason));
        Version++;
    }

    public void Revive(DateOnly on, string by, DateTime at, string? note)
    {
        IsDropped = false;
        DropReason = null;
        Steps.Add(new LeadStep(LeadStepKind.Revived, Stage, Stage, on, by, at, note));
        Version++;
    }

    public void ConvertedTo(int projectId, DateOnly on, string by, DateTime at)
    {
        ProjectId = projectId;
        Steps.Add(new LeadStep(LeadStepKind.Converted, Stage, Stage, on, by, at, null));
        Version++;
    }

    /// <summary>What the lead says about itself now (the phone as stored, encrypted).</summary>
    public LeadDetails Details() => new()
    {
        Name = Name, Investor = Investor, Origin = Origin, FromPartner = FromPartner, IndustryId = IndustryId, RegionId = RegionId,
        IntendedInvestment = IntendedInvestment, ContractInvestment = ContractInvestment, FundsInPlace = FundsInPlace, ContactName = ContactName,
        ContactPhone = ContactPhone, OfficerId = OfficerId, Notes = Notes, SourceEventId = SourceEventId, CeremonyId = CeremonyId, Stage = Stage,
    };

    /// <summary>Puts back a state recorded before an import (its rollback).</summary>
    public void Restore(LeadDetails d, LeadStage stage, DateOnly on)
    {
        Apply(d);
        CeremonyId = d.CeremonyId;
        Stage = stage;
        StageOn = on;
        Version++;
    }

    private void Apply(LeadDetails d)
    {
        Name = d.Name.Trim();
        Investor = d.Investor.Trim();
        Origin = Clean(d.Origin);
        FromPartner = d.FromPartner;
        IndustryId = d.IndustryId;
        RegionId = d.RegionId;
        IntendedInvestment = d.IntendedInvestment;
        ContractInvestment = d.ContractInvestment;
        FundsInPlace = d.FundsInPlace;
        ContactName = Clean(d.ContactName);
        ContactPhone = Clean(d.ContactPhone);
        OfficerId = d.OfficerId;
        Notes = Clean(d.Notes);
        SourceEventId = d.SourceEventId;
        CeremonyId = d.CeremonyId ?? CeremonyId;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>What a lead says about itself; the same record for a form, the API and an import row.</summary>
public sealed record LeadDetails
{
    public string Name { get; init; } = "";
    public string Investor { get; init; } = "";
    public string? Origin { get; init; }
    public bool FromPartner { get; init; }
    public int? IndustryId { get; init; }
    public int RegionId { get; init; }
    public decimal IntendedInvestment { get; init; }
    public decimal? ContractInvestment { get; init; }
    public decimal? FundsInPlace { get; init; }
    public string? ContactName { get; init; }
    public string? ContactPhone { get; init; }
    public int? OfficerId { get; init; }
    public string? Notes { get; init; }
    public int? SourceEventId { get; init; }
    public int? CeremonyId { get; init; }

    /// <summary>The stage a new lead starts at (a lead first recorded when already in talks or signed).</summary>
    public LeadStage Stage { get; init; }
}

/// <summary>One dated line of a lead's history: created, moved from one stage to another, dropped, revived, converted.</summary>
public sealed class LeadStep
{
    public int Id { get; private set; }
    public int LeadId { get; private set; }
    public LeadStepKind Kind { get; private set; }
    public LeadStage? From { get; private set; }
    public LeadStage To { get; private set; }
    public DateOnly On { get; private set; }
    public string By { get; private set; } = "";
    public DateTime At { get; private set; }
    public string? Note { get; private set; }

    private LeadStep()
    {
    }

    public LeadStep(LeadStepKind kind, LeadStage? from, LeadStage to, DateOnly on, string by, DateTime at, string? note)
    {
        Kind = kind;
        From = from;
        To = to;
        On = on;
        By = Text.TextLimit.Cut(by, Text.TextLimit.Actor)!;
        At = at;
        Note = Text.TextLimit.Cut(note, Lead.TextLength);
    }
}

/// <summary>The kinds of attraction event.</summary>
public enum EventKind
{
    /// <summary>走出去: a delegation's trip to investors.</summary>
    Outbound,

    /// <summary>请进来: investors visiting.</summary>
    Inbound,

    /// <summary>集中签约: many contracts signed at once.</summary>
    Ceremony,
}

/// <summary>A campaign trip, a visit or a signing ceremony of a region, with the leads it produced or signed.</summary>
public sealed class AttractionEvent : IPlacedInRegion
{
    public const int NameLength = 200;

    public int Id { get; private set; }
    public EventKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public DateOnly On { get; private set; }
    public string? Place { get; private set; }
    public int RegionId { get; private set; }
    public string? Notes { get; private set; }
    public int Version { get; private set; }

    private AttractionEvent()
    {
    }

    public AttractionEvent(EventKind kind, string name, DateOnly on, string? place, int regionId, string? notes)
    {
        Kind = kind;
        Set(name, on, place, notes);
        RegionId = regionId;
    }

    public void Set(string name, DateOnly on, string? place, string? notes)
    {
        Name = name.Trim();
        On = on;
        Place = string.IsNullOrWhiteSpace(place) ? null : place.Trim();
        Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        Version++;
    }
}
