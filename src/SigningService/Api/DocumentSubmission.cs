using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Core.Ltv;
using Signing.Core.Signing;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Options;
using SigningService.Signing;
using SigningService.Storage;

namespace SigningService.Api;

/// <summary>
/// POST /api/v1/documents. Everything that can be wrong with a submission is found here and answered
/// with a 4xx naming it — including the PDF itself, which is laid out for signing once (a dry run of the
/// engine's prepare phase) — so a document accepted with 201 can be signed.
/// </summary>
public static class DocumentSubmission
{
    public static async Task<Results<Created<DocumentView>, Ok<DocumentView>, ProblemHttpResult>> Submit(
        HttpRequest request, ClaimsPrincipal user, SigningDbContext db, SubmissionCommits commits, IBlobStore blobs, StampRequests stamps,
        SigningKeys keys, PreparedSignatures preparedSignatures, ClaimedAtAcceptance claimedAtAcceptance, Data.ReferenceDataCache cache,
        WorkSignal signal, TimeProvider clock, IOptions<ApiOptions> api, IOptions<Options.LtvOptions> ltv, IOptions<WorkerOptions> worker,
        Domain.Sla.WorkingCalendar calendar, Notifications.InboxNotifications notifications, CancellationToken ct)
    {
        var clientId = user.ClientId();
        var limit = api.Value.MaxUploadBytes;
        IFormCollection form;
        try
        {
            if (!request.HasFormContentType)
                return Problems.Validation("Send multipart/form-data with a 'file' part (the PDF) and a 'metadata' part (JSON).");
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: 413 } or InvalidDataException)
        {
            return TooLarge(limit);
        }

        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
            return Problems.Of(StatusCodes.Status400BadRequest, "file-missing", "The 'file' part with the PDF is missing or empty.");
        if (file.Length > limit)
            return TooLarge(limit);

        var rawMetadata = form["metadata"].ToString();
        SubmissionMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<SubmissionMetadata>(rawMetadata, JsonOptions);
        }
        catch (JsonException e)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "metadata-invalid", $"The 'metadata' part is not valid JSON: {e.Message}");
        }
        if (metadata is null || string.IsNullOrWhiteSpace(rawMetadata))
            return Problems.Of(StatusCodes.Status400BadRequest, "metadata-invalid", "The 'metadata' part (JSON) is missing.");
        if (Validate(metadata) is { } invalid)
            return Problems.Of(StatusCodes.Status400BadRequest, "metadata-invalid", invalid);

        await using var pdf = new MemoryStream((int)file.Length);
        await file.CopyToAsync(pdf, ct);
        var originalSha256 = Convert.ToHexStringLower(SHA256.HashData(pdf.GetBuffer().AsSpan(0, (int)pdf.Length)));
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(originalSha256 + "\n" + rawMetadata)));
        var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
        idempotencyKey = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        if (idempotencyKey is { Length: > 200 })
            return Problems.Validation("The Idempotency-Key header is longer than 200 characters.");

        if (idempotencyKey is not null && await Replay(db, clientId, idempotencyKey, requestHash, stamps, ct) is { } replay)
            return replay;

        var type = await cache.GetAsync(new TypeLookup(clientId, metadata.DocumentType!), token => db.DocumentTypes.AsNoTracking()
            .Where(t => t.Code == metadata.DocumentType && db.IssuingClients.Any(c => c.Id == clientId && c.Opds.Any(o => o.OpdId == t.OpdId)))
            .SingleOrDefaultAsync(token), ct);
        if (type is null)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "document-type-unknown",
                $"Document type '{metadata.DocumentType}' does not exist or is not one this client may submit.");
        var signer = string.IsNullOrWhiteSpace(metadata.Signer) ? null : metadata.Signer.Trim();
        var signatory = await cache.GetAsync(new SignerLookup(type.Id, signer?.ToLowerInvariant()), token => ResolveSignatory(db, type, signer, token), ct);
        if (signatory is null)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "signer-unknown",
                signer is null
                    ? $"Document type '{type.Code}' has no usable default signer."
                    : $"No active signer '{signer}' (the OPD e-seal as \"eseal\", or an official's NIP) in the OPD of '{type.Code}'.");
        var opd = (await cache.GetAsync(new OpdLookup(type.OpdId), token => db.Opds.AsNoTracking().SingleOrDefaultAsync(o => o.Id == type.OpdId, token), ct))!;

        var now = clock.GetUtcNow();
        var needsParaf = signatory.Kind == SignatoryKind.Official && (await cache.GetAsync(new ParafLookup(type.Id),
            async token => new ParafChain(await db.ParafSteps.AnyAsync(s => s.DocumentTypeId == type.Id, token)), ct))!.Any;
        var document = Document.Submit(clientId, type, signatory, Facts(metadata), Instructions(metadata, type), metadata.CallbackUrl,
            idempotencyKey, requestHash, originalSha256, pdf.Length, now,
            type.SlaWorkingHours > 0 ? calendar.AddWorkingTime(now, TimeSpan.FromHours(type.SlaWorkingHours)) : null, needsParaf);
        if (document.Instructions.Level != "B-B" && string.IsNullOrEmpty(ltv.Value.TsaUrl))
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "tsa-not-configured",
                $"{document.Instructions.Level} needs a time-stamping authority, and this service has none configured (Ltv:TsaUrl). Ask for B-B or configure a TSA.");
        PreparedSignature? prepared;
        try
        {
            prepared = PrepareOrDryRun(pdf, document, type, signatory, opd, stamps, keys, now);
        }
        catch (SigningException e)
        {
            return Problems.FromSigning(e);
        }

        // Prepared here for this process's worker: stored already claimed for it, so it needs no claim of its own.
        var forWorker = worker.Value.Enabled ? prepared : null;
        if (forWorker is not null)
            document.Claim(now, worker.Value.Lease);

        var forSealing = document.Status is DocumentStatus.Queued or DocumentStatus.Signing; // else it waits for an official

        pdf.Position = 0;
        await blobs.WriteUnflushedAsync(BlobKeys.Original(document.Id), pdf, ct); // flushed by the group commit
        try
        {
            await commits.CommitAsync(document, $"client:{clientId}",
                new { type = type.Code, number = document.Facts.Number, sha256 = originalSha256, status = document.Status.Name() },
                forSealing ? null : (tx, token) => notifications.QueueArrivalAsync(tx, document, now, token),
                ct);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // The same key raced in from a parallel request and won: answer as its replay.
            if (await Replay(db, clientId, idempotencyKey, requestHash, stamps, ct) is { } raced)
                return raced;
            throw;
        }
        if (forWorker is not null)
        {
            // Only for this process's worker: where none runs here, nobody would take the prepared signature.
            preparedSignatures.Keep(document.Id, forWorker, new ArraySegment<byte>(pdf.GetBuffer(), 0, (int)pdf.Length));
            claimedAtAcceptance.Add(document.Id);
        }
        if (forSealing)
            signal.Notify();
        return TypedResults.Created($"/api/v1/documents/{document.Id}", DocumentView.Of(document, type.Code, stamps.VerifyUrl(document)));
    }

    private static async Task<Results<Created<DocumentView>, Ok<DocumentView>, ProblemHttpResult>?> Replay(
        SigningDbContext db, Guid clientId, string key, string requestHash, StampRequests stamps, CancellationToken ct)
    {
        var existing = await ByIdempotencyKey.For(db)(db, clientId, key, ct);
        if (existing is null)
            return null;
        if (!string.Equals(existing.RequestHash, requestHash, StringComparison.Ordinal))
            return Problems.Of(StatusCodes.Status409Conflict, "idempotency-conflict",
                $"Idempotency-Key '{key}' was already used for a different request (document {existing.Id}). Use a new key for a new document.");
        var code = await db.DocumentTypes.Where(t => t.Id == existing.DocumentTypeId).Select(t => t.Code).SingleAsync(ct);
        return TypedResults.Ok(DocumentView.Of(existing, code, stamps.VerifyUrl(existing)));
    }

    /// <summary>Asked on every submission that carries a key (nearly all).</summary>
    private static readonly CompiledPerModel<Func<SigningDbContext, Guid, string, CancellationToken, Task<Document?>>> ByIdempotencyKey =
        new(() => EF.CompileAsyncQuery((SigningDbContext db, Guid clientId, string key, CancellationToken ct) =>
            db.Documents.AsNoTracking().SingleOrDefault(d => d.IssuingClientId == clientId && d.IdempotencyKey == key)));

    private sealed record TypeLookup(Guid ClientId, string Code);

    private sealed record SignerLookup(Guid TypeId, string? Signer);

    private sealed record OpdLookup(Guid OpdId);

    private sealed record ParafLookup(Guid TypeId);

    private sealed record ParafChain(bool Any);

    private static async Task<Signatory?> ResolveSignatory(SigningDbContext db, DocumentType type, string? signer, CancellationToken ct)
    {
        var inOpd = db.Signatories.AsNoTracking().Where(s => s.OpdId == type.OpdId && s.Active);
        if (signer is null)
            return await inOpd.SingleOrDefaultAsync(s => s.Id == type.DefaultSignatoryId, ct);
        if (string.Equals(signer, "eseal", StringComparison.OrdinalIgnoreCase))
            return await inOpd.Where(s => s.Kind == SignatoryKind.ESeal).OrderBy(s => s.Name).FirstOrDefaultAsync(ct);
        return await inOpd.SingleOrDefaultAsync(s => s.Kind == SignatoryKind.Official && s.Nip == signer, ct);
    }

    /// <summary>
    /// Lays the signature out without signing: bad PDFs, placements and certificates fail here, not later.
    /// For an e-seal whose key the worker already has open, this is the real prepare phase, handed on to
    /// the worker (which then only signs and embeds); otherwise a dry run with the certificate on record.
    /// </summary>
    private static PreparedSignature? PrepareOrDryRun(
        MemoryStream pdf, Document document, DocumentType type, Signatory signatory, Opd opd, StampRequests stamps, SigningKeys keys,
        DateTimeOffset now)
    {
        pdf.Position = 0;
        var request = stamps.For(document, type, signatory, opd, now);
        if (signatory.Kind == SignatoryKind.ESeal && keys.OpenIdentity(signatory) is { } identity)
            return new PdfSigner().Prepare(pdf, identity, request);
        var onRecord = new SignerIdentity(signatory.Certificate, [], CertificateInfo.KeyAlgorithmOf(signatory.Certificate));
        new PdfSigner().Prepare(pdf, onRecord, request with { Level = SignatureLevel.BB });
        return null;
    }

    private static string? Validate(SubmissionMetadata m)
    {
        if (string.IsNullOrWhiteSpace(m.DocumentType))
            return "'documentType' is required.";
        if (string.IsNullOrWhiteSpace(m.Number))
            return "'number' (the document number) is required.";
        if (string.IsNullOrWhiteSpace(m.Title))
            return "'title' is required.";
        if (m.Number.Length > 200 || m.Title.Length > 500 || m.HolderName?.Length > 200)
            return "'number' (200), 'title' (500) or 'holderName' (200) is longer than allowed.";
        if (m.HolderNik is { } nik && (nik.Length != 16 || !nik.All(char.IsAsciiDigit)))
            return "'holderNik' must be the 16-digit NIK.";
        if (m.IssueDate is { } issued && m.ExpiryDate is { } expires && expires < issued)
            return "'expiryDate' is before 'issueDate'.";
        if (m.Level is { } level)
        {
            try
            {
                SignatureLevels.Parse(level);
            }
            catch (SigningException e)
            {
                return e.Message;
            }
        }
        if (m.CallbackUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            return "'callbackUrl' must be an absolute http(s) URL.";
        if (m.Placement is { } p)
        {
            var rect = new[] { p.X, p.Y, p.Width, p.Height };
            if (rect.Any(v => v is not null) && rect.Any(v => v is null))
                return "A placement rectangle needs all of 'x', 'y', 'width' and 'height' (PDF points, origin bottom-left of the displayed page).";
            if (p.Width is <= 0 || p.Height is <= 0)
                return "Placement 'width' and 'height' must be positive.";
            if (p.Anchor is not null && p.X is not null)
                return "Give either a rectangle or an anchor, not both.";
            if (p.Page is < 1)
                return "Placement 'page' starts at 1.";
        }
        if (m.PublicFacts is { Count: > 50 })
            return "At most 50 'publicFacts'.";
        return null;
    }

    private static DocumentFacts Facts(SubmissionMetadata m) => new()
    {
        Number = m.Number!.Trim(),
        Title = m.Title!.Trim(),
        HolderName = m.HolderName?.Trim(),
        HolderNik = m.HolderNik is null ? null : m.ShowNik ? m.HolderNik : DocumentFacts.MaskNik(m.HolderNik),
        IssueDate = m.IssueDate,
        ExpiryDate = m.ExpiryDate,
        PublicFacts = m.PublicFacts ?? [],
    };

    private static SigningInstructions Instructions(SubmissionMetadata m, DocumentType type) => new()
    {
        Level = SignatureLevels.Parse(m.Level ?? type.Level).Name(),
        Page = m.Placement?.Page,
        Rect = m.Placement is { X: { } x, Y: { } y, Width: { } w, Height: { } h } ? [x, y, w, h] : null,
        Anchor = m.Placement?.Anchor,
        Invisible = m.Placement?.Invisible ?? false,
    };

    private static ProblemHttpResult TooLarge(long limit) =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "file-too-large",
            $"The upload is larger than the limit of {limit / (1024.0 * 1024.0):0.#} MB.");

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
