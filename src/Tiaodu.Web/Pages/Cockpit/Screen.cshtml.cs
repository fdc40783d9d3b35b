using Microsoft.Extensions.Localization;
using Tiaodu.Core.Cockpit;
using Tiaodu.Core.Data;
using Tiaodu.Web.Accounts;

namespace Tiaodu.Web.Pages.Cockpit;

/// <summary>大屏: the cockpit for a 1920×1080 wall — no scrolling, rotating panels, refreshed every few minutes.</summary>
public sealed class ScreenModel(CockpitQuery cockpit, TiaoduDb db, TimeProvider clock, CurrentUser me, IStringLocalizer<SharedResource> l)
    : CockpitPage(cockpit, db, clock, me, l)
{
    /// <summary>Seconds between reloads of the figures.</summary>
    public const int RefreshSeconds = 300;

    /// <summary>Seconds each rotating panel stays on screen.</summary>
    public const int RotateSeconds = 15;
}
