using Tiaodu.Core.Attraction;
using Tiaodu.Web.Pages.Projects;

namespace Tiaodu.Web.Pages.Attraction;

/// <summary>What the lead form shows: the lead being edited (null for a new one), the choices and the events a lead can come from.</summary>
public sealed record LeadFieldsModel(LeadView? Lead, ProjectChoices Choices, IReadOnlyList<EventRow> Events, bool IsNew);
