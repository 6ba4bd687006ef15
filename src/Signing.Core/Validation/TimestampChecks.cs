using Signing.Abstractions;
using Signing.Cms;
using Signing.Cms.Tsp;
using Signing.Pdf;

namespace Signing.Core.Validation;

/// <summary>RFC 3161 tokens in a PDF: signature time-stamps inside CMS, and document time-stamps.</summary>
internal static class TimestampChecks
{
    /// <summary>The signature time-stamp of a CAdES signature (EN 319 122-1 §5.3), or null when it has none.</summary>
    public static TimestampReport? OfSignature(byte[] cms, TrustStore trust, IReadOnlyList<ReadOnlyMemory<byte>> dssCertificates)
    {
        var der = CadesTimestamps.ReadSignatureTimestampDers(cms).FirstOrDefault();
        if (der is null)
        {
            return null;
        }
        if (!TimestampToken.TryParse(der, out var token, out var error))
        {
            return new TimestampReport(false, null, null, $"The signature time-stamp is not a valid token: {error}.");
        }
        var result = token.ValidateData(CadesTimestamps.SignatureValueOf(cms), trust, dssCertificates);
        return Report(result, token.GenTime, "signature time-stamp");
    }

    /// <summary>A document time-stamp (EN 319 142-1 §5.4.3): the token's imprint is the ByteRange digest.</summary>
    public static TimestampReport OfDocument(EmbeddedSignature signature, byte[] token, Func<DigestAlgorithm, byte[]> digestOfRange,
        TrustStore trust, IReadOnlyList<ReadOnlyMemory<byte>> dssCertificates)
    {
        if (!TimestampToken.TryParse(token, out var parsed, out var error))
        {
            return new TimestampReport(false, null, null, $"The document time-stamp '{signature.FieldName}' is not a valid token: {error}.");
        }
        return Report(parsed.Validate(digestOfRange, trust, dssCertificates), parsed.GenTime, "document time-stamp");
    }

    private static TimestampReport Report(TimestampValidation result, DateTimeOffset genTime, string what) =>
        new(result.IsValid, genTime, result.Tsa?.CommonName,
            result.IsValid ? null : $"The {what} does not validate: {result.Error ?? result.ChainError ?? "not trusted"}.");
}
