using Microsoft.EntityFrameworkCore;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SigningService.Data;
using SigningService.Storage;

namespace SigningService.Verification;

/// <summary>
/// GET /v/{id}: the page the QR code opens. GET /v/{id}/pdf: the signed PDF, where the document type
/// allows it. POST /v/{id}/compare: byte-for-byte comparison of an uploaded file with the issued one.
/// Unknown ids get the same 404 page whatever the reason, so the page reveals nothing about other ids.
/// Limited per client address.
/// </summary>
public static class VerificationEndpoints
{
    public const string RatePolicy = "public-per-address";

    /// <summary>Largest file accepted for the comparison (the issued PDFs are limited to 20 MB by default).</summary>
    public const long MaxCompareBytes = 50L * 1024 * 1024;

    public static IServiceCollection AddVerificationPages(this IServiceCollection services, int requestsPerMinutePerAddress = 120, int cacheSeconds = 5)
    {
        // Bounded: a flood of random ids cannot grow the cache without end.
        services.AddSingleton(_ => new PublicDocumentCache(
            new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions { SizeLimit = 100_000 }),
            TimeSpan.FromSeconds(cacheSeconds)));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RatePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = requestsPerMinutePerAddress, Window = TimeSpan.FromMinutes(1) }));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapVerificationPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v").RequireRateLimiting(RatePolicy).ExcludeFromDescription();
        group.MapGet("/{publicId}", Page);
        group.MapGet("/{publicId}/pdf", Pdf);
        group.MapPost("/{publicId}/compare", Compare).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> Page(string publicId, string? lang, SigningDbContext db, PublicDocumentCache cache, IHostEnvironment env, HttpContext http, CancellationToken ct)
    {
        var (html, found) = await cache.PageAsync(db, publicId, PageText.For(lang), env.IsDevelopment(), ct);
        http.Response.Headers.CacheControl = "no-store";
        return Html(html, found ? 200 : 404);
    }

    private static async Task<IResult> Pdf(string publicId, SigningDbContext db, IBlobStore blobs, CancellationToken ct)
    {
        var doc = await PublicDocument.FindAsync(db, publicId, ct);
        if (doc is not { Downloadable: true, SignedBlobKey: { } key } || blobs.OpenRead(key) is not { } stream)
            return Results.NotFound();
        return Results.Stream(stream, "application/pdf", $"{publicId}.pdf");
    }

    private static async Task<IResult> Compare(string publicId, string? lang, HttpRequest request, SigningDbContext db, IHostEnvironment env, CancellationToken ct)
    {
        var doc = await PublicDocument.FindAsync(db, publicId, ct);
        var t = PageText.For(lang);
        if (doc?.SignedSha256 is null)
            return Html(VerificationPage.Render(doc, t, env.IsDevelopment()), doc is null ? 404 : 409);
        if (!request.HasFormContentType || request.ContentLength > MaxCompareBytes)
            return Results.Problem("Upload one PDF file of at most 50 MB in the 'file' field.", statusCode: 413);
        var form = await request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
            return Results.Problem("Choose the PDF file to compare.", statusCode: 400);
        await using var upload = file.OpenReadStream();
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(upload, ct));
        // A copy issued before the archive time-stamp was renewed is the same document: the renewal only
        // appended to it. Its hash is on record in the renewal's audit event.
        var same = string.Equals(sha, doc.SignedSha256, StringComparison.Ordinal)
                   || await db.AuditEvents.AnyAsync(e => e.Action == "document.archive-renewed" && e.Details.Contains(sha)
                       && db.Documents.Any(d => d.Id == e.DocumentId && d.PublicId == publicId), ct);
        return Html(VerificationPage.Render(doc, t, env.IsDevelopment(),
            same ? VerificationPage.Comparison.Identical : VerificationPage.Comparison.Different, sha), 200);
    }

    private static IResult Html(string html, int status) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);
}
