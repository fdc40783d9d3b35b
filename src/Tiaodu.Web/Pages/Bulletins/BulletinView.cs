using Tiaodu.Core.Bulletins;

namespace Tiaodu.Web.Pages.Bulletins;

/// <summary>What the bulletin partial shows: the content and where its charts are drawn.</summary>
public sealed record BulletinView(BulletinContent Content, string ChartBase)
{
    public string ChartUrl(string kind) => ChartBase + (ChartBase.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "kind=" + kind;
}
