using System.Security.Cryptography;
using Signing.Abstractions;
using Signing.Core.Signing;
using Signing.Core.Validation;
using SigningService.Domain;
using SigningService.Storage;

namespace SigningService.Signing;

/// <summary>What a signature produced: the engine's facts and the time-stamping authority (B-T and above).</summary>
public sealed record SignedBlob(string Sha256, long Length, DateTimeOffset SigningTime, string? TimestampAuthority, DateTimeOffset? ArchiveExpiresAt);

/// <summary>
/// The one path from a document's original PDF to its signed blob, shared by the e-seal worker and the
/// officials' approvals: prepare → sign → embed (PdfSigner, the document's level, LTV services), the TSA named
/// for the record, and the result written under a blob key of the caller's (never one that is already referenced).
/// </summary>
public sealed class DocumentSigning(IBlobStore blobs, LtvServiceFactory ltv, global::Signing.Cms.TrustStore trust, TimeProvider clock)
{
    public const string OriginalMismatch = "original-mismatch";

    /// <param name="flushLater">Leave the blob for the caller's <see cref="IBlobStore.FlushAsync"/> (a batch's one flush).</param>
    public async Task<SignedBlob> SignToBlobAsync(
        Document document, IRawSigner signer, SignRequest request, string blobKey, CancellationToken ct, bool flushLater = false)
    {
        // One read of the stored original: checked against the submitted SHA-256, then signed from memory.
        await using var original = new MemoryStream();
        await using (var stored = OpenOriginal(document))
            await stored.CopyToAsync(original, ct);
        CheckOriginalSha256(document, Convert.ToHexStringLower(SHA256.HashData(original.GetBuffer().AsSpan(0, (int)original.Length))));
        original.Position = 0;
        using var output = new MemoryStream();
        var signed = await new PdfSigner(clock).SignAsync(original, output, signer, request, ltv.Services, ct);
        return await StoreAsync(document, signed, output, blobKey, flushLater, ct);
    }

    /// <summary>
    /// Finishes a signature prepared when the e-seal document was accepted, over the original's bytes as
    /// received when they were kept (<paramref name="received"/>), otherwise over the stored original. No
    /// separate check of either is needed: embedding refuses any original whose SHA-256 is not the prepared one.
    /// </summary>
    public async Task<SignedBlob> CompleteToBlobAsync(Document document, PreparedSignature prepared, ArraySegment<byte>? received,
        IRawSigner signer, string blobKey, CancellationToken ct, bool flushLater = false)
    {
        await using var original = received is { } bytes
            ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false)
            : OpenOriginal(document);
        using var output = new MemoryStream();
        var signed = await PdfSigner.CompleteAsync(prepared, original, output, signer, ltv.Services, ct);
        return await StoreAsync(document, signed, output, blobKey, flushLater, ct);
    }

    private async Task<SignedBlob> StoreAsync(
        Document document, SignedDocument signed, MemoryStream output, string blobKey, bool flushLater, CancellationToken ct)
    {
        // One read of the signed file for its record: the TSA (B-T and above), the archive expiry (B-LTA).
        (string? Tsa, DateTimeOffset? ArchiveExpiry) facts = (null, null);
        if (document.Instructions.Level != "B-B")
        {
            output.Position = 0;
            facts = SignatureFacts.Read(output, signed.FieldName, trust);
        }
        output.Position = 0;
        if (flushLater)
            await blobs.WriteUnflushedAsync(blobKey, output, ct);
        else
            await blobs.WriteAsync(blobKey, output, ct);
        return new SignedBlob(signed.Sha256, signed.Length, signed.SigningTime, facts.Tsa,
            document.Instructions.Level == "B-LTA" ? facts.ArchiveExpiry : null);
    }

    /// <summary>
    /// The SHA-256 of the stored original, which must be the one recorded at submission: a paraf or a signature
    /// approves exactly the bytes the issuing system sent, never a file that changed on disk since.
    /// </summary>
    public async Task<string> VerifiedOriginalSha256Async(Document document, CancellationToken ct)
    {
        await using var original = OpenOriginal(document);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(original, ct));
        CheckOriginalSha256(document, sha256);
        return sha256;
    }

    private static void CheckOriginalSha256(Document document, string sha256)
    {
        if (!string.Equals(sha256, document.OriginalSha256, StringComparison.Ordinal))
        {
            throw new SigningException(OriginalMismatch,
                $"The stored original PDF of document {document.Id} is not the one submitted (its SHA-256 differs); it cannot be approved or signed.");
        }
    }

    private Stream OpenOriginal(Document document) =>
        blobs.OpenRead(BlobKeys.Original(document.Id))
        ?? throw new InvalidOperationException($"The original PDF of document {document.Id} is missing from the blob store.");
}

/// <summary>The audit event of every use of a signing key (issue 4 "every use of a key is an audit event").</summary>
public static class KeyUseAudit
{
    public static void Record(SigningService.Data.AuditedSave save, string actor, Signatory signatory, Guid documentId) =>
        save.Record(actor, "key.used", documentId,
            new { signatory = signatory.Name, token = signatory.TokenLabel, key = signatory.KeyLabel, purpose = "document-signature" });
}
