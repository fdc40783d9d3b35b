using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tiaodu.Web.Pages.Account;

/// <summary>Where a signed-in user lands when their role does not allow a page (HTTP 403).</summary>
public sealed class DeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = 403;
}
