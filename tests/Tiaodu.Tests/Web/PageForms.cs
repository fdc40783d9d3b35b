using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Tiaodu.Tests.Web;

/// <summary>Reads pages as a browser would and posts their forms with the page's own antiforgery token.</summary>
internal static class PageForms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    public static async Task<IHtmlDocument> ParseAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>Submits the first form whose action contains <paramref name="actionContains"/>, with its current field values overridden by the given ones.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlDocument page, string actionContains, IDictionary<string, string> values, string? baseUrl = null)
    {
        // The navigation bar's sign-out form is never the page's form.
        var forms = page.Forms.Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase) && f.Closest("nav") is null).ToList();
        var form = forms.FirstOrDefault(f => (f.GetAttribute("action") ?? "").Contains(actionContains, StringComparison.Ordinal))
            ?? forms.First();
        return await client.SubmitAsync(page, form, values, baseUrl);
    }

    /// <summary>Submits the form matched by a CSS selector.</summary>
    public static Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, IHtmlDocument page, string selector, IDictionary<string, string> values, string? baseUrl = null) =>
        client.SubmitAsync(page, (IHtmlFormElement)page.QuerySelector(selector)!, values, baseUrl);

    private static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlDocument page, IHtmlFormElement form, IDictionary<string, string> values, string? baseUrl)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            if ((input.Type is not ("checkbox" or "radio") || input.IsChecked) && input.Type is not ("submit" or "button"))
            {
                fields[input.Name!] = input.Value;
            }
        }

        foreach (var select in form.QuerySelectorAll("select[name]").OfType<IHtmlSelectElement>())
        {
            fields[select.Name!] = select.Value ?? "";
        }

        foreach (var area in form.QuerySelectorAll("textarea[name]").OfType<IHtmlTextAreaElement>())
        {
            fields[area.Name!] = area.Value;
        }

        foreach (var (key, value) in values)
        {
            fields[key] = value;
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? baseUrl ?? page.Url : action;
        return await client.PostAsync(new Uri(target, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(target).PathAndQuery : target, new FormUrlEncodedContent(fields));
    }
}
