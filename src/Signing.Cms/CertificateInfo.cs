using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.X509;
using Signing.Abstractions;

namespace Signing.Cms;

/// <summary>Reads the facts of a DER X.509 certificate and checks it is fit to sign with.</summary>
public static class CertificateInfo
{
    private static readonly DerCache<X509Certificate> Parsed = new();
    private static readonly DerCache<CertificateSummary> Summaries = new();

    public static CertificateSummary Describe(ReadOnlyMemory<byte> certificate) =>
        Summaries.GetOrAdd(certificate.Span, der => Describe(Parse(der)));

    /// <summary>
    /// Throws <see cref="CertificateException"/> when the certificate cannot make a signature at
    /// <paramref name="at"/>: outside its validity period (RFC 5280 §4.1.2.5), or with a keyUsage
    /// extension that allows neither digitalSignature nor nonRepudiation (RFC 5280 §4.2.1.3; EN 319 412-2
    /// §4.3.2 asks for one of them on signing certificates).
    /// </summary>
    public static void EnsureUsableForSigning(ReadOnlyMemory<byte> certificate, DateTimeOffset at)
    {
        var cert = Parse(certificate);
        var name = CommonNameOf(cert.SubjectDN);
        var when = at.UtcDateTime;
        if (when > cert.NotAfter)
        {
            throw new CertificateException(ErrorCodes.CertificateExpired,
                $"The certificate of '{name}' expired on {cert.NotAfter:yyyy-MM-dd HH:mm:ss} UTC.");
        }

        if (when < cert.NotBefore)
        {
            throw new CertificateException(ErrorCodes.CertificateNotYetValid,
                $"The certificate of '{name}' is not valid before {cert.NotBefore:yyyy-MM-dd HH:mm:ss} UTC.");
        }

        var usage = cert.GetKeyUsage();
        if (usage is not null && !usage[0] && !usage[1])
        {
            throw new CertificateException(ErrorCodes.CertificateUnusable,
                $"The certificate of '{name}' does not allow digital signatures (keyUsage lacks digitalSignature and nonRepudiation).");
        }
    }

    /// <summary>The key type of the certificate's subjectPublicKeyInfo (RFC 3279 §2.3.1, RFC 5480 §2.1.1).</summary>
    public static KeyAlgorithm KeyAlgorithmOf(ReadOnlyMemory<byte> certificate) => KeyAlgorithmOf(Parse(certificate));

    /// <summary>
    /// Upper bound of the CMS signature value this certificate's key produces: the RSA modulus length,
    /// or the DER ECDSA-Sig-Value for the curve (two INTEGERs of order length + 1, in a SEQUENCE).
    /// Feed it to <see cref="CadesSignedDataBuilder.EstimateSize"/>.
    /// </summary>
    public static int MaxSignatureValueBytes(ReadOnlyMemory<byte> certificate)
    {
        var cert = Parse(certificate);
        return KeyAlgorithmOf(cert) switch
        {
            KeyAlgorithm.Rsa => (((Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters)cert.GetPublicKey()).Modulus.BitLength + 7) / 8,
            KeyAlgorithm.EcP256 => 72,
            _ => 104,
        };
    }

    internal static KeyAlgorithm KeyAlgorithmOf(X509Certificate cert)
    {
        var spki = cert.SubjectPublicKeyInfo;
        var oid = spki.Algorithm.Algorithm;
        if (oid.Equals(PkcsObjectIdentifiers.RsaEncryption))
            return KeyAlgorithm.Rsa;
        if (oid.Equals(X9ObjectIdentifiers.IdECPublicKey) && spki.Algorithm.Parameters is DerObjectIdentifier curve)
        {
            if (curve.Equals(SecObjectIdentifiers.SecP256r1))
                return KeyAlgorithm.EcP256;
            if (curve.Equals(SecObjectIdentifiers.SecP384r1))
                return KeyAlgorithm.EcP384;
        }

        throw new CertificateException(ErrorCodes.CertificateUnusable,
            $"The certificate of '{CommonNameOf(cert.SubjectDN)}' has an unsupported key ({oid}); RSA, EC P-256 and EC P-384 are supported.");
    }

    internal static CertificateSummary Describe(X509Certificate cert)
    {
        var subject = cert.SubjectDN;
        return new CertificateSummary(
            Subject: FormatName(subject),
            CommonName: CommonNameOf(subject),
            Title: First(subject, X509Name.T),
            Organization: First(subject, X509Name.O),
            OrganizationalUnit: First(subject, X509Name.OU),
            SerialNumberAttribute: First(subject, X509Name.SerialNumber),
            Issuer: FormatName(cert.IssuerDN),
            SerialHex: Convert.ToHexString(cert.SerialNumber.ToByteArrayUnsigned()),
            NotBefore: new DateTimeOffset(DateTime.SpecifyKind(cert.NotBefore, DateTimeKind.Utc)),
            NotAfter: new DateTimeOffset(DateTime.SpecifyKind(cert.NotAfter, DateTimeKind.Utc)),
            Sha256Hex: Convert.ToHexStringLower(CmsAlgorithms.Hash(DigestAlgorithm.Sha256, cert.GetEncoded())));
    }

    /// <summary>Parses one DER certificate; anything else is a <see cref="CertificateException"/>.</summary>
    internal static X509Certificate Parse(ReadOnlyMemory<byte> der)
    {
        if (der.IsEmpty)
            throw new CertificateException(ErrorCodes.CertificateUnusable, "The certificate is empty.");
        try
        {
            return Parsed.GetOrAdd(der.Span, bytes =>
                new X509Certificate(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(bytes))));
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            throw new CertificateException(ErrorCodes.CertificateUnusable, "The data is not a DER-encoded X.509 certificate.", e);
        }
    }

    internal static string FormatName(X509Name name) => name.ToString(true, X509Name.DefaultSymbols);

    internal static string CommonNameOf(X509Name name) => First(name, X509Name.CN) ?? FormatName(name);

    private static string? First(X509Name name, DerObjectIdentifier oid)
    {
        var values = name.GetValueList(oid);
        return values.Count > 0 ? values[values.Count - 1] : null;
    }
}
