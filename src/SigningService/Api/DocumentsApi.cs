using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Extensions;
using SigningService.Options;
using SigningService.Signing;
using SigningService.Verification;
using SigningService.Storage;

namespace SigningService.Api;

/// <summary>API v1 for issuing systems. A client sees only its own documents: anyone else's is a 404.</summary>
public static class DocumentsApi
{
    public static RouteGroupBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/documents")
            .RequireAuthorization(ApiKeyAuthenticationHandler.SchemeName)
            .RequireRateLimiting(RateLimits.PerClient)
            .WithTags("Documents");

        group.MapPost("/", DocumentSubmission.Submit)
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Submit a PDF and its facts for signing")
            .WithDescription("Multipart: 'file' (the PDF) and 'metadata' (JSON). Header Idempotency-Key makes a retry safe: " +
                             "the same key and body return the same document (200), a different body 409.");
        group.MapGet("/{id:guid}", Get).WithSummary("A document and its status");
        group.MapGet("/{id:guid}/file", GetFile).WithSummary("The original or the signed PDF");
        group.MapGet("/", List).WithSummary("The client's documents, newest first, paged");
        group.MapPost("/{id:guid}/revoke", Revoke).WithSummary("Revoke a signed document (the public page then says revoked)");
        group.MapPost("/{id:guid}/retry", Retry).WithSummary("Queue a failed document for signing again");
        return group;
    }

    private static async Task<Results<Ok<DocumentView>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, SigningDbContext db, StampRequests stamps, CancellationToken ct)
    {
        var found = await Find(db, id, user.ClientId(), ct);
        return found is null ? Problems.NotFound($"Document {id}") : TypedResults.Ok(DocumentView.Of(found.Value.Document, found.Value.TypeCode, stamps.VerifyUrl(found.Value.Document)));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetFile(
        Guid id, string? variant, ClaimsPrincipal user, SigningDbContext db, IBlobStore blobs, CancellationToken ct)
    {
        var found = await Find(db, id, user.ClientId(), ct);
        if (found is null)
            return Problems.NotFound($"Document {id}");
        var document = found.Value.Document;
        var signed = variant is null or "signed";
        if (!signed && variant != "original")
            return Problems.Validation("'variant' is 'original' or 'signed'.");
        if (signed && document.SignedBlobKey is null)
            return Problems.Of(StatusCodes.Status409Conflict, "not-signed-yet", $"Document {id} is {document.Status.Name()}: there is no signed PDF yet.");
        var stream = blobs.OpenRead(signed ? document.SignedBlobKey! : BlobKeys.Original(id));
        if (stream is null)
            return Problems.NotFound($"The {(signed ? "signed" : "original")} PDF of document {id}");
        var name = $"{Sanitize(document.Facts.Number)}{(signed ? "-signed" : "")}.pdf";
        return TypedResults.Stream(stream, "application/pdf", name);
    }

    private static async Task<Results<Ok<DocumentPage>, ProblemHttpResult>> List(
        ClaimsPrincipal user, SigningDbContext db, StampRequests stamps, IOptions<ApiOptions> api, CancellationToken ct,
        string? status = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > api.Value.MaxPageSize)
            return Problems.Validation($"'page' starts at 1 and 'pageSize' is 1 to {api.Value.MaxPageSize}.");
        var clientId = user.ClientId();
        var query = db.Documents.AsNoTracking().Where(d => d.IssuingClientId == clientId);
        if (status is not null)
        {
            if (!DocumentStatuses.TryParse(status, out var s))
                return Problems.Validation($"Unknown status '{status}'.");
            query = query.Where(d => d.Status == s);
        }
        // In UTC: clients send local times (e.g. +07:00) and PostgreSQL's timestamptz takes only offset 0.
        if (from?.ToUniversalTime() is { } f)
            query = query.Where(d => d.CreatedAt >= f);
        if (to?.ToUniversalTime() is { } t)
            query = query.Where(d => d.CreatedAt < t);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Join(db.DocumentTypes, d => d.DocumentTypeId, t => t.Id, (d, t) => new { d, t.Code })
            .ToListAsync(ct);
        return TypedResults.Ok(new DocumentPage(rows.Select(r => DocumentView.Of(r.d, r.Code, stamps.VerifyUrl(r.d))).ToList(), page, pageSize, total));
    }

    private static async Task<Results<Ok<DocumentView>, ProblemHttpResult>> Revoke(
        Guid id, RevokeRequest? body, ClaimsPrincipal user, AuditedSave save, StampRequests stamps, TimeProvider clock,
        PublicDocumentCache pages, CancellationToken ct)
    {
        // Nullable: an empty body is the same mistake as a missing reason (400 invalid-request), not a binding failure.
        var reason = body?.Reason;
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
            return Problems.Validation("'reason' is required (at most 1000 characters): it is shown on the public verification page.");
        Document? replacement = null;
        if (body?.SupersededBy is { } newer)
        {
            var clientId = user.ClientId();
            replacement = await save.Db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == newer && d.IssuingClientId == clientId, ct);
            if (replacement is null)
                return Problems.NotFound($"The replacing document {newer}");
        }
        string? publicId = null;
        var result = await Transition(id, user, save, stamps, clock, ct, "document.revoked", (d, now, actor) =>
        {
            d.Revoke(reason.Trim(), now, actor, replacement);
            publicId = d.PublicId;
            WebhookOutbox.Enqueue(save.Db, d, WebhookOutbox.Revoked, stamps.VerifyUrl(d), now);
        });
        if (publicId is not null)
            pages.Invalidate(publicId); // after the commit, so the page cannot cache the old state again
        return result;
    }

    private static Task<Results<Ok<DocumentView>, ProblemHttpResult>> Retry(
        Guid id, ClaimsPrincipal user, AuditedSave save, StampRequests stamps, TimeProvider clock, WorkSignal signal, CancellationToken ct) =>
        Transition(id, user, save, stamps, clock, ct, "document.retry", (d, now, actor) =>
        {
            d.Retry(now, actor);
            signal.Notify();
        });

    private static async Task<Results<Ok<DocumentView>, ProblemHttpResult>> Transition(
        Guid id, ClaimsPrincipal user, AuditedSave save, StampRequests stamps, TimeProvider clock, CancellationToken ct,
        string action, Action<Document, DateTimeOffset, string> change)
    {
        var clientId = user.ClientId();
        var document = await save.Db.Documents.SingleOrDefaultAsync(d => d.Id == id && d.IssuingClientId == clientId, ct);
        if (document is null)
            return Problems.NotFound($"Document {id}");
        var actor = $"client:{clientId}";
        try
        {
            change(document, clock.GetUtcNow(), actor);
        }
        catch (InvalidTransitionException e)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "invalid-state", e.Message);
        }
        save.Record(actor, action, id, new { status = document.Status.Name(), reason = document.RevocationReason });
        try
        {
            await save.SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "invalid-state", $"Document {id} changed at the same time; read it again and retry.");
        }
        var code = await save.Db.DocumentTypes.Where(t => t.Id == document.DocumentTypeId).Select(t => t.Code).SingleAsync(ct);
        return TypedResults.Ok(DocumentView.Of(document, code, stamps.VerifyUrl(document)));
    }

    private static async Task<(Document Document, string TypeCode)?> Find(SigningDbContext db, Guid id, Guid clientId, CancellationToken ct)
    {
        var row = await db.Documents.AsNoTracking()
            .Where(d => d.Id == id && d.IssuingClientId == clientId)
            .Join(db.DocumentTypes, d => d.DocumentTypeId, t => t.Id, (d, t) => new { d, t.Code })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : (row.d, row.Code);
    }

    private static string Sanitize(string number)
    {
        var chars = number.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "document" : new string(chars);
    }
}
