using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Signing.Abstractions;
using CmsAttribute = Org.BouncyCastle.Asn1.Cms.Attribute;

namespace Signing.Cms;

/// <summary>The signed attributes of a PAdES baseline B-B signature.</summary>
public static class CadesSignedAttributes
{
    /// <summary>
    /// Builds content-type (id-data), message-digest and ESS signing-certificate-v2 — the set
    /// EN 319 142-1 §6.3 and EN 319 122-1 §5.2 require — and no signing-time: PAdES puts the claimed
    /// time in the signature dictionary's /M instead (EN 319 142-1 §6.3). Returns the DER
    /// encoding of the SET OF attributes, which is exactly what is signed (RFC 5652 §5.4).
    /// </summary>
    /// <param name="documentDigest">Digest of the PDF ByteRange, computed with <paramref name="digest"/>.</param>
    /// <param name="digest">Digest for message-digest and for the ESS certHash.</param>
    /// <param name="signerCertificate">DER certificate of the signer.</param>
    public static byte[] Build(ReadOnlySpan<byte> documentDigest, DigestAlgorithm digest, ReadOnlyMemory<byte> signerCertificate)
    {
        var expected = CryptoDefaults.DigestLength(digest);
        if (documentDigest.Length != expected)
        {
            throw new ArgumentException(
                $"A {digest} digest is {expected} bytes, got {documentDigest.Length}.", nameof(documentDigest));
        }

        var cert = CertificateInfo.Parse(signerCertificate);
        var attributes = new Asn1EncodableVector
        {
            // RFC 5652 §11.1: content-type is mandatory once signed attributes are present.
            new CmsAttribute(CmsAttributes.ContentType, new DerSet(CmsObjectIdentifiers.Data)),
            // RFC 5652 §11.2: the digest of the (detached) content.
            new CmsAttribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(documentDigest.ToArray()))),
            new CmsAttribute(PkcsObjectIdentifiers.IdAASigningCertificateV2, new DerSet(SigningCertificateV2(cert, digest))),
        };

        // DER sorts the SET OF by encoding (X.690 §11.6); that order is the one signed and embedded.
        return new DerSet(attributes).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>
    /// RFC 5035 §5.4.1: one ESSCertIDv2 naming the signing certificate by hash and by issuerSerial
    /// (EN 319 122-1 §5.2.2: the signing-certificate reference binds the signer's certificate to the
    /// signature). The hashAlgorithm field is omitted when it is the default, SHA-256 (RFC 5035
    /// §5.4.1.1, DER).
    /// </summary>
    internal static SigningCertificateV2 SigningCertificateV2(X509Certificate cert, DigestAlgorithm digest)
    {
        var certHash = CmsAlgorithms.Hash(digest, cert.GetEncoded());
        var issuerSerial = new IssuerSerial(
            new GeneralNames(new GeneralName(cert.CertificateStructure.Issuer)),
            new DerInteger(cert.SerialNumber));
        var id = new EssCertIDv2(CmsAlgorithms.DigestAlgorithmIdentifier(digest), certHash, issuerSerial);
        return new SigningCertificateV2(new[] { id });
    }
}
