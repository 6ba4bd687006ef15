using Signing.Cms;
using Signing.Pdf;

namespace Signing.Core.Validation;

/// <summary>Whether a signature is a PAdES baseline signature at all (ETSI EN 319 142-1 §6.1, §6.3).</summary>
internal static class PadesLevelClassifier
{
    public static string Of(EmbeddedSignature signature, CmsVerificationResult cms)
    {
        if (signature.Type == "DocTimeStamp")
        {
            return "document-timestamp";
        }
        if (!string.Equals(signature.SubFilter, "ETSI.CAdES.detached", StringComparison.Ordinal))
        {
            // adbe.pkcs7.detached and friends: a valid PDF signature, but not PAdES baseline.
            return "PKCS#7 (not PAdES baseline)";
        }
        // §6.3 B-B: signing-certificate-v2 present; the claimed time is /M, not a signing-time attribute.
        if (!cms.SigningCertificateV2Present || cms.SigningTimeAttributePresent)
        {
            return "CAdES (not PAdES baseline)";
        }
        // B-B is the base; LevelAssessment decides B-T and above from time-stamps and the /DSS.
        return "B-B";
    }
}
