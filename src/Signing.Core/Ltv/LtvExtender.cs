using Signing.Abstractions;
using Signing.Cms.Tsp;
using Signing.Core.Validation;
using Signing.Pdf;

namespace Signing.Core.Ltv;

/// <summary>
/// Raises a signed PDF — ours or another tool's — to a PAdES level by appending updates, never touching
/// what is signed: a document time-stamp for B-T where a signature has no time-stamp of its own
/// (EN 319 142-1 §6.3 allows either), the /DSS for B-LT, a document time-stamp over it for B-LTA, and
/// that time-stamp's own validation data so the file is complete.
/// </summary>
public sealed class LtvExtender(LtvServices services)
{
    /// <param name="pdf">Readable, writable and seekable; updates are appended at its end.</param>
    public async Task ExtendAsync(Stream pdf, SignatureLevel target, CancellationToken ct = default)
    {
        if (target == SignatureLevel.BB)
        {
            return;
        }
        if (NeedsDocumentTimestampForBt(pdf))
        {
            await DocumentTimestamper.AppendAsync(pdf, services, ct).ConfigureAwait(false);
        }
        if (target >= SignatureLevel.BLT)
        {
            await ValidationDataAppender.AppendAsync(pdf, services, ct).ConfigureAwait(false);
        }
        if (target == SignatureLevel.BLTA)
        {
            await DocumentTimestamper.AppendAsync(pdf, services, ct).ConfigureAwait(false);
            await ValidationDataAppender.AppendAsync(pdf, services, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Re-time-stamps a B-LTA file (EN 319 142-1 §5.5): validation data for the newest document
    /// time-stamp, then a new document time-stamp over everything, then its own validation data.
    /// </summary>
    public async Task ArchiveAsync(Stream pdf, CancellationToken ct = default)
    {
        await ValidationDataAppender.AppendAsync(pdf, services, ct).ConfigureAwait(false);
        await DocumentTimestamper.AppendAsync(pdf, services, ct).ConfigureAwait(false);
        await ValidationDataAppender.AppendAsync(pdf, services, ct).ConfigureAwait(false);
    }

    /// <summary>True when some signature has no signature time-stamp and no document time-stamp after it.</summary>
    private static bool NeedsDocumentTimestampForBt(Stream pdf)
    {
        using var source = PdfDocumentSource.Open(pdf);
        var signatures = source.ReadSignatures();
        if (signatures.Count == 0)
        {
            throw new SigningException(
                ErrorCodes.PdfMalformed, "The PDF has no signature to extend.");
        }
        long lastDocTimestampEnd = signatures.Where(s => s.Type == "DocTimeStamp")
            .Select(s => s.ByteRange[2] + s.ByteRange[3]).DefaultIfEmpty(-1).Max();
        return signatures.Where(s => s.Type != "DocTimeStamp").Any(s =>
            CadesTimestamps.ReadSignatureTimestampDers(DerTrim.TrimPadding(s.Contents)).Count == 0
            && s.ByteRange[2] + s.ByteRange[3] >= lastDocTimestampEnd);
    }
}
