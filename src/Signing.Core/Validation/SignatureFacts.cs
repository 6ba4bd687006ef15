using Signing.Cms;
using Signing.Pdf;

namespace Signing.Core.Validation;

/// <summary>Facts read back from a PDF we just signed, for the document's record (what the public page shows).</summary>
public static class SignatureFacts
{
    /// <summary>
    /// Common name of the TSA whose signature time-stamp (B-T and above) is on <paramref name="fieldName"/>'s
    /// signature, or null when it has none.
    /// </summary>
    public static string? TimestampAuthority(Stream signedPdf, string fieldName, TrustStore trust)
    {
        using var source = PdfDocumentSource.Open(signedPdf);
        var signature = source.ReadSignatures().FirstOrDefault(s => s.FieldName == fieldName);
        return signature is null ? null : TimestampChecks.OfSignature(DerTrim.TrimPadding(signature.Contents), trust, [])?.Authority;
    }
}
