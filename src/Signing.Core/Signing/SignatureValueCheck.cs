using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signing.Abstractions;

namespace Signing.Core.Signing;

/// <summary>
/// Before anything is written: does the token's signature over the signed attributes verify with the
/// certificate we are about to embed? A key on the token that does not belong to the configured
/// certificate would otherwise produce a PDF that every validator rejects. Uses the platform's crypto
/// (microseconds) rather than a full CMS validation (tens of milliseconds in BouncyCastle): the CMS
/// around it is our own builder's output.
/// </summary>
internal static class SignatureValueCheck
{
    public static void EnsureMatchesCertificate(PreparedSignature prepared, byte[] signatureValue)
    {
        if (!Verifies(prepared, signatureValue))
        {
            throw new CertificateException(
                ErrorCodes.CertificateKeyMismatch,
                "The signature made by the key does not verify with the signer's certificate: " +
                "the key and the certificate do not belong together.");
        }
    }

    private static bool Verifies(PreparedSignature prepared, byte[] signatureValue)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(prepared.SignerCertificate);
        var hash = ByteRangeHasher.ToName(prepared.Digest);
        try
        {
            if (prepared.Scheme == SignatureScheme.Ecdsa)
            {
                using var ec = certificate.GetECDsaPublicKey();
                return ec is not null && ec.VerifyData(prepared.SignedAttributes, signatureValue, hash, DSASignatureFormat.Rfc3279DerSequence);
            }
            using var rsa = certificate.GetRSAPublicKey();
            var padding = prepared.Scheme == SignatureScheme.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
            return rsa is not null && rsa.VerifyData(prepared.SignedAttributes, signatureValue, hash, padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
