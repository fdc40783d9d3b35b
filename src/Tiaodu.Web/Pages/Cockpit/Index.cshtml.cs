using Microsoft.Extensions.Localization;
using Tiaodu.Core.Cockpit;
using Tiaodu.Core.Data;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Cockpit;

/// <summary>驾驶舱: key figures against their targets and 序时进度, trend, structure, ranking, lights, overdue problems and the map.</summary>
public sealed class CockpitModel(CockpitQuery cockpit, TiaoduDb db, TimeProvider clock, CurrentUser me, IStringLocalizer<SharedResource> l)
    : CockpitPage(cockpit, db, clock, me, l);
