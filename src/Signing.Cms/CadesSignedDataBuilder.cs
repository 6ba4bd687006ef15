using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Signing.Abstractions;
using CmsAttribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using CmsContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;

namespace Signing.Cms;

/// <summary>Assembles the detached CMS SignedData that goes into a PDF signature's /Contents.</summary>
public static class CadesSignedDataBuilder
{
    /// <summary>Room kept for a signature-time-stamp token added later (B-T): a TSA token with its certificates.</summary>
    public const int TimestampReserveBytes = 12 * 1024;

    /// <summary>Room for everything but the certificates and the signature value (attributes, sid, algorithm ids, wrappers).</summary>
    public const int StructureOverheadBytes = 2 * 1024;

    /// <summary>
    /// Builds ContentInfo { id-signedData, SignedData } (RFC 5652 §3, §5.1) in DER:
    /// version 1 (issuerAndSerialNumber sid, id-data content, no v2 certificates — RFC 5652 §5.1),
    /// no eContent (detached: the PDF ByteRange is the content, SubFilter ETSI.CAdES.detached of
    /// EN 319 142-1), one digestAlgorithm,
    /// certificates = signer then chain without duplicates, one SignerInfo with
    /// <paramref name="signedAttributes"/> exactly as signed.
    /// </summary>
    /// <param name="signedAttributes">DER SET OF attributes from <see cref="CadesSignedAttributes.Build"/>.</param>
    /// <param name="signatureValue">What <see cref="IRawSigner.SignAsync"/> returned for those bytes.</param>
    /// <param name="unsignedAttributes">Optional unsigned attributes, each (OID, DER of one attribute value),
    /// e.g. the signature-time-stamp token (RFC 3161 Appendix A, id-aa-signatureTimeStampToken).</param>
    public static byte[] Build(
        byte[] signedAttributes,
        byte[] signatureValue,
        DigestAlgorithm digest,
        SignatureScheme scheme,
        ReadOnlyMemory<byte> signerCertificate,
        IReadOnlyList<ReadOnlyMemory<byte>> chain,
        IReadOnlyList<(string Oid, byte[] ValueDer)>? unsignedAttributes = null)
    {
        ArgumentNullException.ThrowIfNull(signedAttributes);
        ArgumentNullException.ThrowIfNull(signatureValue);
        ArgumentNullException.ThrowIfNull(chain);
        if (signatureValue.Length == 0)
            throw new ArgumentException("The signature value is empty.", nameof(signatureValue));

        var signer = CertificateInfo.Parse(signerCertificate);
        var keyIsRsa = CertificateInfo.KeyAlgorithmOf(signer) == KeyAlgorithm.Rsa;
        if (keyIsRsa != (scheme is SignatureScheme.RsaPkcs1 or SignatureScheme.RsaPss))
            throw new ArgumentException($"{scheme} does not fit the signer's key.", nameof(scheme));
        var signedAttrs = ParseSignedAttributes(signedAttributes);

        var digestAlgorithm = CmsAlgorithms.DigestAlgorithmIdentifier(digest);
        var signerInfo = new SignerInfo(
            new SignerIdentifier(new IssuerAndSerialNumber(signer.CertificateStructure.Issuer, new DerInteger(signer.SerialNumber))),
            digestAlgorithm,
            signedAttrs,
            CmsAlgorithms.SignatureAlgorithmIdentifier(digest, scheme),
            new DerOctetString(signatureValue),
            BuildUnsignedAttributes(unsignedAttributes));

        var signedData = new SignedData(
            new DerSet(digestAlgorithm),
            new CmsContentInfo(CmsObjectIdentifiers.Data, null),
            new DerSet(CertificateBag(signerCertificate, chain)),
            null,
            new DerSet(signerInfo));

        return new CmsContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>
    /// A generous upper bound of <see cref="Build"/>'s output: the certificates, the signature value,
    /// <see cref="StructureOverheadBytes"/>, and <see cref="TimestampReserveBytes"/> when a timestamp
    /// will be added later. The PDF /Contents placeholder holds twice this many hex digits.
    /// </summary>
    /// <param name="signatureValueBytes">Largest signature value: <see cref="CertificateInfo.MaxSignatureValueBytes"/>.</param>
    public static int EstimateSize(
        ReadOnlyMemory<byte> signerCertificate,
        IReadOnlyList<ReadOnlyMemory<byte>> chain,
        int signatureValueBytes,
        bool reserveForTimestamp)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentOutOfRangeException.ThrowIfNegative(signatureValueBytes);
        var certificates = signerCertificate.Length;
        foreach (var c in chain)
            certificates += c.Length;
        return certificates + signatureValueBytes + StructureOverheadBytes
            + (reserveForTimestamp ? TimestampReserveBytes : 0);
    }

    /// <summary>
    /// The signed attributes must be embedded byte for byte as they were signed. Re-encoding a
    /// non-DER SET would silently reorder it and break the signature, so anything that is not
    /// canonical DER is refused here (RFC 5652 §5.4: the DER encoding is what is signed).
    /// </summary>
    private static Asn1Set ParseSignedAttributes(byte[] signedAttributes)
    {
        Asn1Set set;
        try
        {
            set = Asn1Set.GetInstance(Asn1Object.FromByteArray(signedAttributes));
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException)
        {
            throw new ArgumentException("The signed attributes are not a DER SET OF Attribute.", nameof(signedAttributes), e);
        }

        if (!set.GetEncoded(Asn1Encodable.Der).AsSpan().SequenceEqual(signedAttributes))
            throw new ArgumentException("The signed attributes are not canonical DER.", nameof(signedAttributes));
        if (new Org.BouncyCastle.Asn1.Cms.AttributeTable(set)[CmsAttributes.MessageDigest] is null)
            throw new ArgumentException("The signed attributes have no message-digest (RFC 5652 §11.2).", nameof(signedAttributes));
        return set;
    }

    private static Asn1EncodableVector CertificateBag(ReadOnlyMemory<byte> signer, IReadOnlyList<ReadOnlyMemory<byte>> chain)
    {
        var seen = new List<byte[]>();
        var bag = new Asn1EncodableVector();
        foreach (var der in chain.Prepend(signer))
        {
            var bytes = der.ToArray();
            if (seen.Exists(s => s.AsSpan().SequenceEqual(bytes)))
                continue;
            seen.Add(bytes);
            bag.Add(CertificateInfo.Parse(der).CertificateStructure);
        }

        return bag;
    }

    private static Asn1Set? BuildUnsignedAttributes(IReadOnlyList<(string Oid, byte[] ValueDer)>? unsigned)
    {
        if (unsigned is null || unsigned.Count == 0)
            return null;

        var attributes = new Asn1EncodableVector();
        foreach (var (oid, valueDer) in unsigned)
        {
            Asn1Object value;
            try
            {
                value = Asn1Object.FromByteArray(valueDer);
            }
            catch (Exception e) when (e is IOException or ArgumentException)
            {
                throw new ArgumentException($"The value of unsigned attribute {oid} is not DER.", nameof(unsigned), e);
            }

            attributes.Add(new CmsAttribute(new DerObjectIdentifier(oid), new DerSet(value)));
        }

        return new DerSet(attributes);
    }
}
