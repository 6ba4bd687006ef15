using System.Collections.Concurrent;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Signing.Cms.Revocation;

/// <summary>
/// Parsed certificates and public keys, shared across documents. BouncyCastle validates an RSA
/// modulus each time it builds an RsaKeyParameters (≈15 ms for 2048 bits on a small machine) and
/// caches the key only per X509Certificate object, so re-parsing the same CA certificates for every
/// document of a batch would dominate its cost. Bounded: cleared when it grows past
/// <see cref="MaxEntries"/> (a process sees few distinct CA and signer keys).
/// </summary>
internal static class CertificateCache
{
    private const int MaxEntries = 4096;
    private static readonly ConcurrentDictionary<string, X509Certificate> Certificates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, AsymmetricKeyParameter> Keys = new(StringComparer.Ordinal);

    /// <summary>The shared instance for this DER certificate (see <see cref="CertificateInfo.Parse"/> for errors).</summary>
    public static X509Certificate Parse(ReadOnlyMemory<byte> der)
    {
        var key = Convert.ToBase64String(der.Span);
        if (Certificates.TryGetValue(key, out var cached))
            return cached;
        var parsed = CertificateInfo.Parse(der);
        if (Certificates.Count >= MaxEntries)
            Certificates.Clear();
        return Certificates.GetOrAdd(key, parsed);
    }

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

    /// <summary><paramref name="issuer"/>'s key verifies <paramref name="certificate"/>'s signature.</summary>
    public static bool SignedBy(X509Certificate certificate, X509Certificate issuer)
    {
        try
        {
            certificate.Verify(KeyOf(issuer));
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
