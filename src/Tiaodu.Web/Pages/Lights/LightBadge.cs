using Tiaodu.Core.Lights;

namespace Tiaodu.Web.Pages.Lights;

/// <summary>A light as a coloured badge: red, yellow, explained (grey) or watched (outlined); null is green.</summary>
public sealed record LightBadge(LightColor? Color, bool Explained = false)
{
    public string Css => Explained ? "text-bg-secondary" : Color switch
    {
        LightColor.Red => "text-bg-danger",
        LightColor.Yellow => "text-bg-warning",
        LightColor.None => "text-bg-light border",
        _ => "text-bg-success",
    };

    public string Key => Explained ? "Lights.Color.Explained" : "Lights.Color." + (Color?.ToString() ?? "Green");
}
