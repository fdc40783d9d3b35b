using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Attraction;
using Tiaodu.Core.Data;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Attraction;

/// <summary>招商引资: the pipeline's figures, the filtered list of leads with export, and a form to record a lead.</summary>
public sealed class AttractionModel(LeadQueries queries, PipelineFigures figures, ManageLeads manage, ManageEvents events, TiaoduDb db, ICurrentUser user, TimeProvider clock,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public LeadStage? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public int? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public string? Origin { get; set; }
    [BindProperty(SupportsGet = true)] public int? Officer { get; set; }
    [BindProperty(SupportsGet = true, Name = "event")] public int? Event { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Dropped { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Contracted { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public LeadFilter Filter => new()
    {
        Region = Region, Q = Q, Stage = Stage, Industry = Industry, Origin = Origin, Officer = Officer, Event = Event, Dropped = Dropped, Contracted = Contracted,
        Page = PageNumber, PageSize = 30,
    };

    public LeadPage List { get; private set; } = null!;
    public PipelineView Figures { get; private set; } = null!;
    public ProjectChoices Choices { get; private set; } = null!;
    public IReadOnlyList<EventRow> Events { get; private set; } = [];
    public bool CanEdit => user.Has(Permission.EditLedger);
    public string? Error { get; private set; }

    /// <summary>The new-lead form as posted, when the save was refused.</summary>
    public LeadForm? Posted { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(LeadForm form, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }

        try
        {
            var lead = await manage.CreateAsync(form.Details(), form.On, ct);
            Flash.Success(TempData, l["Attraction.Flash.Created"]);
            return Redirect($"/attraction/{lead.Id}");
        }
        catch (Exception e) when (e is ValidationFailedException or ForbiddenException)
        {
            Error = e.Message;
            Posted = form;
        }

        await LoadAsync(ct);
        return Page();
    }

    public static string Link(LeadFilter f) => "/attraction?" + f.ToQueryString();

    private async Task LoadAsync(CancellationToken ct)
    {
        List = await queries.ListAsync(Filter, ct);
        Figures = await figures.HandleAsync(Filter, Year ?? clock.GetLocalNow().Year, ct);
        Choices = await ProjectChoices.LoadAsync(db, ct);
        Events = await events.ListAsync(null, null, ct);
    }
}

/// <summary>The lead form's fields, as posted.</summary>
public sealed class LeadForm
{
    public string? Name { get; set; }
    public string? Investor { get; set; }
    public string? Origin { get; set; }
    public bool FromPartner { get; set; }
    public int? IndustryId { get; set; }
    public int RegionId { get; set; }
    public decimal? IntendedInvestment { get; set; }
    public decimal? ContractInvestment { get; set; }
    public decimal? FundsInPlace { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public int? OfficerId { get; set; }
    public string? Notes { get; set; }
    public int? SourceEventId { get; set; }
    public LeadStage Stage { get; set; }
    public DateOnly? On { get; set; }

    /// <summary>A stored lead's values, to fill the edit form (the phone is shown masked separately).</summary>
    public static LeadForm From(Lead l) => new()
    {
        Name = l.Name, Investor = l.Investor, Origin = l.Origin, FromPartner = l.FromPartner, IndustryId = l.IndustryId, RegionId = l.RegionId,
        IntendedInvestment = l.IntendedInvestment, ContractInvestment = l.ContractInvestment, FundsInPlace = l.FundsInPlace, ContactName = l.ContactName,
        OfficerId = l.OfficerId, Notes = l.Notes, SourceEventId = l.SourceEventId, Stage = l.Stage,
    };

    public LeadDetails Details() => new()
    {
        Name = Name ?? "", Investor = Investor ?? "", Origin = Origin, FromPartner = FromPartner, IndustryId = IndustryId, RegionId = RegionId,
        IntendedInvestment = IntendedInvestment ?? 0m, ContractInvestment = ContractInvestment, FundsInPlace = FundsInPlace, ContactName = ContactName,
        ContactPhone = ContactPhone, OfficerId = OfficerId, Notes = Notes, SourceEventId = SourceEventId, Stage = Stage,
    };
}
