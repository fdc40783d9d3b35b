using System.Globalization;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>
/// The list a user came from travels along as <c>back</c> (the list's query string), so that after viewing,
/// editing or deleting a project they return to the same filtered, sorted page.
/// </summary>
public static class ReturnLinks
{
    /// <summary>The list URL; <paramref name="back"/> is re-encoded pair by pair, so nothing raw reaches a header.</summary>
    public static string List(string? back)
    {
        if (string.IsNullOrWhiteSpace(back))
        {
            return "/projects";
        }

        var pairs = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + back.TrimStart('?'))
            .SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? "")));
        var query = string.Join('&', pairs);
        return query.Length == 0 ? "/projects" : "/projects?" + query;
    }

    public static string Project(int id, string? suffix = null, string? back = null)
    {
        var url = "/projects/" + id.ToString(CultureInfo.InvariantCulture) + suffix;
        return string.IsNullOrWhiteSpace(back) ? url : url + "?back=" + Uri.EscapeDataString(back);
    }
}
