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
    // Loading the certificate and building its public key costs more than the verification itself and
    // does not scale across threads; a batch signs with one certificate. So each thread keeps the key of
    // the certificate it saw last (crypto objects are not shared between threads).
    [ThreadStatic]
    private static VerificationKey? t_last;

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
        var key = KeyFor(prepared.SignerCertificate);
        var hash = ByteRangeHasher.ToName(prepared.Digest);
        try
        {
            return (prepared.Scheme, key.Rsa, key.Ec) switch
            {
                (SignatureScheme.Ecdsa, _, { } ec) => ec.VerifyData(prepared.SignedAttributes, signatureValue, hash, DSASignatureFormat.Rfc3279DerSequence),
                (SignatureScheme.RsaPss, { } rsa, _) => rsa.VerifyData(prepared.SignedAttributes, signatureValue, hash, RSASignaturePadding.Pss),
                (SignatureScheme.RsaPkcs1, { } rsa, _) => rsa.VerifyData(prepared.SignedAttributes, signatureValue, hash, RSASignaturePadding.Pkcs1),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static VerificationKey KeyFor(byte[] certificate)
    {
        if (t_last is { } last && last.Certificate.AsSpan().SequenceEqual(certificate))
        {
            return last;
        }
        using var parsed = X509CertificateLoader.LoadCertificate(certificate);
        t_last?.Dispose();
        t_last = new VerificationKey(certificate, parsed.GetRSAPublicKey(), parsed.GetECDsaPublicKey());
        return t_last;
    }

    private sealed record VerificationKey(byte[] Certificate, RSA? Rsa, ECDsa? Ec) : IDisposable
    {
        public void Dispose()
        {
            Rsa?.Dispose();
            Ec?.Dispose();
        }
    }
}
