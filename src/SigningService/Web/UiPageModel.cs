using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SigningService.Api;
using SigningService.Domain.Approval;

namespace SigningService.Web;

/// <summary>
/// A page for a logged-in account. <see cref="Me"/> is the account as the session cookie's validation read it
/// afresh on this request (a switched-off or reset account never gets this far).
/// </summary>
public abstract class UiPageModel : PageModel
{
    public Account Me => HttpContext.Account();

    /// <summary>The PIN field of the posted form (see <see cref="PostedSecret"/>).</summary>
    protected string? PostedPin() => PostedSecret.Read(Request, "pin");

    /// <summary>The page itself with 404: the same answer for a document that does not exist and one that is not theirs.</summary>
    protected PageResult NotFoundPage()
    {
        var page = Page();
        page.StatusCode = StatusCodes.Status404NotFound;
        return page;
    }
}

/// <summary>
/// Secrets of a posted form (PIN, password) are read from the form here rather than bound as handler arguments:
/// MVC logs the arguments of handler methods at Trace level, and a secret must never reach a log at any level.
/// </summary>
public static class PostedSecret
{
    public static string? Read(HttpRequest request, string field) =>
        request.HasFormContentType ? request.Form[field].FirstOrDefault() : null;
}
