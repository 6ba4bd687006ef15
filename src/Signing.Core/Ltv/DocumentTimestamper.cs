using Signing.Abstractions;
using Signing.Core.Signing;
using Signing.Pdf;

namespace Signing.Core.Ltv;

/// <summary>
/// Appends a document time-stamp (ISO 32000-2 §12.8.5; EN 319 142-1 §5.4.3): a /DocTimeStamp signature
/// dictionary, SubFilter /ETSI.RFC3161, whose /Contents is the TSA's token over the digest of the
/// ByteRange — the whole file as it stands, DSS included.
/// </summary>
internal static class DocumentTimestamper
{
    // Room for a token with the TSA's chain (typically 4–7 KB).
    private const int TokenCapacity = 16 * 1024;

    public static async Task AppendAsync(Stream pdf, LtvServices services, CancellationToken ct)
    {
        PreparedPdfUpdate update;
        using (var source = PdfDocumentSource.Open(pdf))
        {
            var name = SignatureFieldNames.NextFree(source.SignatureFields, "DocTimeStamp");
            update = PdfSignatureAppender.Prepare(source, pdf, new SignatureUpdateRequest(name, null, new SignatureDictionaryValues
            {
                Type = "DocTimeStamp",
                SubFilter = "ETSI.RFC3161",
                ContentsCapacity = TokenCapacity,
            }));
        }
        var (digest, _) = ByteRangeHasher.Hash(pdf, update.OriginalLength, update.UpdateBytes, update.ByteRange, DigestAlgorithm.Sha256);
        var token = await services.Timestamps.RequestAsync(digest, DigestAlgorithm.Sha256, ct).ConfigureAwait(false);
        var bytes = update.WithContents(token.Der);
        pdf.Seek(0, SeekOrigin.End);
        await pdf.WriteAsync(bytes, ct).ConfigureAwait(false);
        await pdf.FlushAsync(ct).ConfigureAwait(false);
    }
}
