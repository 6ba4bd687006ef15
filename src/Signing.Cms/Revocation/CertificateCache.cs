using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Signing.Cms.Revocation;

/// <summary>
/// Public keys and verified signatures, shared across documents (parsed certificates are shared by
/// <see cref="CertificateInfo.Parse"/>). BouncyCastle validates an RSA
/// modulus each time it builds an RsaKeyParameters (≈15 ms for 2048 bits on a small machine) and
/// caches the key only per X509Certificate object, so re-parsing the same CA certificates for every
/// document of a batch would dominate its cost. Bounded: cleared when it grows past
/// <see cref="MaxEntries"/> (a process sees few distinct CA and signer keys).
/// </summary>
internal static class CertificateCache
{
    private const int MaxEntries = 4096;
    private static readonly ConcurrentDictionary<string, bool> GoodSignatures = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, AsymmetricKeyParameter> Keys = new(StringComparer.Ordinal);

    /// <summary>The certificate's public key, built once per distinct subjectPublicKeyInfo.</summary>
    public static AsymmetricKeyParameter KeyOf(X509Certificate certificate)
    {
        var spki = certificate.CertificateStructure.SubjectPublicKeyInfo;
        var key = Convert.ToBase64String(spki.GetEncoded());
        if (Keys.TryGetValue(key, out var cached))
            return cached;
        var created = PublicKeyFactory.CreateKey(spki);
        if (Keys.Count >= MaxEntries)
            Keys.Clear();
        return Keys.GetOrAdd(key, created);
    }

    /// <summary>
    /// <paramref name="issuer"/>'s key verifies <paramref name="certificate"/>'s signature. A signature
    /// that verified once is remembered by the exact bytes signed and the key: path building and
    /// revocation checks ask the same few questions for every document of a batch, and each RSA verify
    /// in BouncyCastle's managed arithmetic cost more than the rest of the look-up.
    /// </summary>
    public static bool SignedBy(X509Certificate certificate, X509Certificate issuer) =>
        Verified(certificate.GetEncoded(), issuer, () => certificate.Verify(KeyOf(issuer)));

    /// <summary><paramref name="issuer"/>'s key verifies the CRL's signature (remembered like <see cref="SignedBy"/>).</summary>
    public static bool CrlSignedBy(X509Crl crl, X509Certificate issuer) =>
        Verified(crl.GetEncoded(), issuer, () =>
        {
            if (!crl.IsSignatureValid(KeyOf(issuer)))
                throw new InvalidOperationException("bad CRL signature");
        });

    private static bool Verified(byte[] signedObject, X509Certificate issuer, Action verify)
    {
        var key = Convert.ToBase64String(SHA256.HashData(signedObject)) + "|"
                  + Convert.ToBase64String(SHA256.HashData(issuer.CertificateStructure.SubjectPublicKeyInfo.GetEncoded()));
        if (GoodSignatures.ContainsKey(key))
            return true;
        try
        {
            verify();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
        if (GoodSignatures.Count >= MaxEntries)
            GoodSignatures.Clear();
        GoodSignatures.TryAdd(key, true);
        return true;
    }
}
