using Signing.Abstractions;
using Signing.Cms;

namespace Signing.Core.Signing;

/// <summary>
/// Before anything is written: does the token's signature verify against the certificate we are about to
/// embed? A key on the token that does not belong to the configured certificate would otherwise produce a
/// PDF that every validator rejects.
/// </summary>
internal static class SignatureValueCheck
{
    private static readonly TrustStore NoRoots = TrustStore.FromCertificates([]);

    public static void EnsureMatchesCertificate(byte[] cms, PreparedSignature prepared)
    {
        var result = CmsSignatureVerifier.Verify(cms, _ => prepared.DocumentDigest, NoRoots, prepared.SigningTime);
        if (!result.Parsed || !result.MessageDigestMatches || !result.SignatureValid)
        {
            throw new CertificateException(
                ErrorCodes.CertificateKeyMismatch,
                "The signature made by the key does not verify with the signer's certificate: " +
                "the key and the certificate do not belong together." +
                (result.Error is null ? "" : $" ({result.Error})"));
        }
    }
}
