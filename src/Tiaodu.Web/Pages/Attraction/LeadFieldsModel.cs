using Tiaodu.Core.Attraction;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Attraction;

/// <summary>
/// What the lead form shows: the lead being edited (null for a new one), the choices, the events a lead can come
/// from, and the values posted when a save was refused, so nothing typed is lost.
/// </summary>
public sealed record LeadFieldsModel(LeadView? Lead, ProjectChoices Choices, IReadOnlyList<EventRow> Events, bool IsNew, LeadForm? Posted = null)
{
    public LeadForm? Values => Posted ?? (Lead is null ? null : LeadForm.From(Lead.Lead));
}
