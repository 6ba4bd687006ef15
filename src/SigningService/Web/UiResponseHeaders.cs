using Microsoft.AspNetCore.Mvc.Filters;

namespace SigningService.Web;

/// <summary>
/// Headers of every UI page: scripts, styles and workers only from this site (the pages have no inline script
/// or style, so nothing injected into them runs), never framed, and never cached (the pages show personal data
/// and the state of documents).
/// </summary>
public sealed class UiResponseHeaders : IPageFilter
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
