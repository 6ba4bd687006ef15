using Signing.Cms;
using Signing.Cms.Tsp;
using Signing.Pdf;

namespace Signing.Core.Validation;

/// <summary>Facts read back from a PDF we just signed, for the document's record (what the public page shows).</summary>
public static class SignatureFacts
{
    /// <summary>
    /// Common name of the TSA whose signature time-stamp (B-T and above) is on <paramref name="fieldName"/>'s
    /// signature, or null when it has none.
    /// </summary>
    public static string? TimestampAuthority(Stream signedPdf, string fieldName, TrustStore trust) =>
        Read(signedPdf, fieldName, trust).TimestampAuthority;

    /// <summary>
    /// The facts of a freshly signed PDF for its record, from one read of its signatures: the TSA of
    /// <paramref name="fieldName"/>'s signature time-stamp and, for B-LTA, <see cref="ArchiveTimestampExpiry"/>.
    /// </summary>
    public static (string? TimestampAuthority, DateTimeOffset? ArchiveExpiry) Read(Stream signedPdf, string fieldName, TrustStore trust)
    {
        using var source = PdfDocumentSource.Open(signedPdf);
        var signatures = source.ReadSignatures();
        var signature = signatures.FirstOrDefault(s => s.FieldName == fieldName);
        var tsa = signature is null ? null : TimestampChecks.OfSignature(DerTrim.TrimPadding(signature.Contents), trust, [])?.Authority;
        return (tsa, ArchiveExpiryOf(signatures));
    }

    /// <summary>
    /// When the archive protection of a B-LTA file runs out: the expiry of the certificate of the TSA that made
    /// its newest document time-stamp (EN 319 142-1 §5.5: it must be renewed before then). Null when the file
    /// has no document time-stamp, or the token does not carry its TSA's certificate.
    /// </summary>
    public static DateTimeOffset? ArchiveTimestampExpiry(Stream signedPdf)
    {
        using var source = PdfDocumentSource.Open(signedPdf);
        return ArchiveExpiryOf(source.ReadSignatures());
    }

    private static DateTimeOffset? ArchiveExpiryOf(IEnumerable<EmbeddedSignature> signatures)
    {
        var newest = signatures
            .Where(s => s.Type == "DocTimeStamp")
            .MaxBy(s => s.ByteRange[2] + s.ByteRange[3]);
        if (newest is null || !TimestampToken.TryParse(DerTrim.TrimPadding(newest.Contents), out var token, out _)
            || token.TsaCertificate is not { } tsa)
        {
            return null;
        }
        return CertificateInfo.Describe(tsa).NotAfter;
    }
}
