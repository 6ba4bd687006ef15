using Microsoft.EntityFrameworkCore;
using Signing.Abstractions;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Storage;

namespace SigningService.Signing;

/// <summary>
/// Signs one claimed e-seal document into a blob of its own (named per attempt) and says how it went.
/// Touches no database: the worker records the results of a whole batch together, after one flush of
/// the batch's blobs (written unflushed here).
/// </summary>
public sealed partial class ESealSigning(
    SigningKeys keys, PreparedSignatures preparedAtSubmission, DocumentSigning signing, StampRequests stamps, ILogger<ESealSigning> log)
{
    /// <summary>What one attempt came to: an outcome, or an error code and message for the document's record.</summary>
    public sealed record Result(Document Document, int Attempt, SignedOutcome? Outcome, string? ErrorCode = null, string? ErrorMessage = null);

    /// <summary>The signatories, types and OPDs a batch refers to, read once for the batch.</summary>
    public sealed record BatchContext(
        IReadOnlyDictionary<Guid, Signatory> Signatories, IReadOnlyDictionary<Guid, DocumentType> Types, IReadOnlyDictionary<Guid, Opd> Opds)
    {
        public static async Task<BatchContext> LoadAsync(SigningDbContext db, IReadOnlyCollection<Document> documents, CancellationToken ct)
        {
            var signatoryIds = documents.Select(d => d.SignatoryId).Distinct().ToList();
            var typeIds = documents.Select(d => d.DocumentTypeId).Distinct().ToList();
            var opdIds = documents.Select(d => d.OpdId).Distinct().ToList();
            return new BatchContext(
                await db.Signatories.AsNoTracking().Where(s => signatoryIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct),
                await db.DocumentTypes.AsNoTracking().Where(t => typeIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct),
                await db.Opds.AsNoTracking().Where(o => opdIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct));
        }
    }

    public string VerifyUrl(Document document) => stamps.VerifyUrl(document);

    public async Task<Result> SignAsync(Document document, BatchContext context, CancellationToken ct)
    {
        var attempt = document.Attempts;
        var signatory = context.Signatories[document.SignatoryId];
        try
        {
            if (!signatory.Active)
            {
                // Submissions find signatories through a cache that another instance's change reaches only
                // after some seconds: the worker reads them fresh, and a deactivated e-seal signs nothing.
                throw new SigningException("signer-inactive",
                    $"The e-seal '{signatory.Name}' was deactivated after the document was accepted; it signs nothing more.");
            }
            var signer = keys.ESeal(signatory);
            var blobKey = BlobKeys.Signed(document.Id, attempt);
            var prepared = preparedAtSubmission.Take(document.Id);
            var signed = prepared is not null && signer.Certificate.Span.SequenceEqual(prepared.Prepared.SignerCertificate)
                ? await signing.CompleteToBlobAsync(document, prepared.Prepared, prepared.Original, signer, blobKey, ct, flushLater: true)
                : await signing.SignToBlobAsync(document, signer,
                    stamps.For(document, context.Types[document.DocumentTypeId], signatory, context.Opds[document.OpdId]), blobKey, ct, flushLater: true);
            return new Result(document, attempt, new SignedOutcome(blobKey, signed.Sha256, signed.Length, signed.SigningTime,
                signatory.Name, signatory.Position, document.Instructions.Level, signed.TimestampAuthority, signed.ArchiveExpiresAt));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (e is KeyAccessException)
            {
                keys.Forget(signatory); // the token may be back next time: open it afresh
            }
            if (e is SigningException signing)
            {
                return new Result(document, attempt, null, signing.Code, e.Message);
            }
            LogUnexpected(e, document.Id);
            return new Result(document, attempt, null, "internal-error", "An unexpected error occurred while signing; see the service log.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Document {Id}: unexpected error while signing")]
    private partial void LogUnexpected(Exception e, Guid id);
}
