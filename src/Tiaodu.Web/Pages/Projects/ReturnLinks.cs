using System.Globalization;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>
/// The list a user came from travels along as <c>back</c> (the list's query string), so that after viewing,
/// editing or deleting a project they return to the same filtered, sorted page.
/// </summary>
public static class ReturnLinks
{
    public static string List(string? back) =>
        string.IsNullOrWhiteSpace(back) ? "/projects" : "/projects?" + back.TrimStart('?').ReplaceLineEndings("");

    public static string Project(int id, string? suffix = null, string? back = null)
    {
        var url = "/projects/" + id.ToString(CultureInfo.InvariantCulture) + suffix;
        return string.IsNullOrWhiteSpace(back) ? url : url + "?back=" + Uri.EscapeDataString(back);
    }
}
