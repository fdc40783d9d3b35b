using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tiaodu.Core;
using Tiaodu.Core.Accounts;

namespace Tiaodu.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Code { get; set; }

    /// <summary>A business refusal's own Chinese message (not found, not allowed, conflict); never a stack trace.</summary>
    public string? Message { get; private set; }

    public void OnGet() => Read();

    public void OnPost() => Read();

    private void Read()
    {
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is ForbiddenException or NotFoundException or ConflictException or ValidationFailedException)
        {
            Message = error.Message;
        }

        Code ??= Response.StatusCode is >= 400 and not 500 ? Response.StatusCode : null;
    }
}
