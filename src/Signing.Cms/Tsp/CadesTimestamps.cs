using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Pkcs;
using Signing.Abstractions;
using CmsAttribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;

namespace Signing.Cms.Tsp;

/// <summary>
/// The signature-time-stamp of a CAdES signature (EN 319 122-1 §5.3; PAdES B-T, EN 319 142-1 §6.3):
/// an unsigned attribute id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14, RFC 3161
/// Appendix A) whose value is a time-stamp token over the SignerInfo's signature value.
/// </summary>
public static class CadesTimestamps
{
    /// <summary>id-aa-signatureTimeStampToken.</summary>
    public const string SignatureTimestampOid = "1.2.840.113549.1.9.16.2.14";

    /// <summary>
    /// The bytes the signature-time-stamp imprint covers: the value of the SignerInfo's signature
    /// OCTET STRING, without tag and length (RFC 3161 Appendix A, EN 319 122-1 §5.3). Hash these with
    /// the digest you pass to <see cref="TimestampClient.RequestAsync"/>.
    /// </summary>
    public static byte[] SignatureValueOf(byte[] cmsDer) =>
        SignerInfo.GetInstance(Read(cmsDer).SignerInfo).Signature.GetOctets();

    /// <summary>
    /// Adds <paramref name="token"/> as an id-aa-signatureTimeStampToken unsigned attribute of the single
    /// SignerInfo, after any unsigned attributes already there (EN 319 122-1 §5.3 allows several), and
    /// returns the new ContentInfo. Every other element — certificates, signed attributes, signature,
    /// existing unsigned attributes, the token itself — is copied as parsed and re-encoded with
    /// definite lengths, so a DER input keeps those bytes identical; only the enclosing lengths change.
    /// (BouncyCastle's SignerInformation.ReplaceUnsignedAttributes + CmsSignedData.ReplaceSigners would
    /// rebuild digestAlgorithms and re-sort sets, which could alter a foreign signature.) Refuses a
    /// token whose imprint is not over this signature value.
    /// </summary>
    public static byte[] AddSignatureTimestamp(byte[] cmsDer, TimestampToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parsed = Read(cmsDer);
        var signatureValue = SignerInfo.GetInstance(parsed.SignerInfo).Signature.GetOctets();
        if (token.ImprintDigest is not { } digest)
            throw new ArgumentException($"The token's imprint algorithm {token.ImprintAlgorithmOid} is not supported.", nameof(token));
        if (!CmsAlgorithms.Hash(digest, signatureValue).AsSpan().SequenceEqual(token.MessageImprint))
            throw new ArgumentException("The token does not time-stamp this signature's value (RFC 3161 Appendix A).", nameof(token));

        var tokenObject = Asn1Object.FromByteArray(token.Der);
        var attribute = new CmsAttribute(new DerObjectIdentifier(SignatureTimestampOid), new DLSet(tokenObject));

        var signerElements = parsed.SignerInfo.Cast<Asn1Encodable>().ToList();
        var unsigned = new Asn1EncodableVector();
        if (signerElements[^1] is Asn1TaggedObject { TagNo: 1 } existing)
        {
            foreach (var element in Asn1Set.GetInstance(existing, false))
                unsigned.Add(element);
            signerElements.RemoveAt(signerElements.Count - 1);
        }

        unsigned.Add(attribute);
        // SignerInfo unsignedAttrs [1] IMPLICIT UnsignedAttributes (RFC 5652 §5.3).
        signerElements.Add(new DLTaggedObject(false, 1, new DLSet(unsigned)));

        var signedDataElements = parsed.SignedData.Cast<Asn1Encodable>().ToList();
        signedDataElements[^1] = new DLSet(new DLSequence(signerElements.ToArray()));
        var contentInfo = new DLSequence(parsed.ContentInfo[0],
            new DLTaggedObject(true, 0, new DLSequence(signedDataElements.ToArray())));
        return contentInfo.GetEncoded(Asn1Encodable.DL);
    }

    /// <summary>
    /// The first signature-time-stamp of the single SignerInfo, or null when there is none. A malformed
    /// token is a <see cref="SigningException"/> (<see cref="LtvErrorCodes.TsaResponseInvalid"/>); use
    /// <see cref="ReadSignatureTimestampDers"/> with <see cref="TimestampToken.Validate(byte[], Func{DigestAlgorithm, byte[]}, TrustStore?, IReadOnlyList{ReadOnlyMemory{byte}}?, DateTimeOffset?)"/>
    /// to report instead of throw.
    /// </summary>
    public static TimestampToken? ReadSignatureTimestamp(byte[] cmsDer)
    {
        var ders = ReadSignatureTimestampDers(cmsDer);
        return ders.Count == 0 ? null : TimestampToken.Parse(ders[0]);
    }

    /// <summary>Every signature-time-stamp token (DER, as embedded) of the single SignerInfo, in order.</summary>
    public static IReadOnlyList<byte[]> ReadSignatureTimestampDers(byte[] cmsDer)
    {
        var signerInfo = SignerInfo.GetInstance(Read(cmsDer).SignerInfo);
        var result = new List<byte[]>();
        if (signerInfo.UnsignedAttrs is not { } unsigned)
            return result;
        foreach (var element in unsigned)
        {
            var attribute = CmsAttribute.GetInstance(element);
            if (!attribute.AttrType.Equals(PkcsObjectIdentifiers.IdAASignatureTimeStampToken))
                continue;
            foreach (var value in attribute.AttrValues)
                result.Add(value.ToAsn1Object().GetEncoded(Asn1Encodable.DL));
        }

        return result;
    }

    private sealed record Parsed(Asn1Sequence ContentInfo, Asn1Sequence SignedData, Asn1Sequence SignerInfo);

    /// <summary>
    /// ContentInfo { id-signedData, [0] EXPLICIT SignedData } with exactly one SignerInfo (ISO 32000-1
    /// §12.8.3.3.1). Trailing zero bytes — the padding of a PDF /Contents — are ignored.
    /// </summary>
    private static Parsed Read(byte[] cmsDer)
    {
        ArgumentNullException.ThrowIfNull(cmsDer);
        Asn1Sequence contentInfo, signedData;
        Asn1Set signerInfos;
        long end;
        try
        {
            using var input = new Asn1InputStream(cmsDer);
            contentInfo = Asn1Sequence.GetInstance(input.ReadObject());
            end = input.Position;
            if (!CmsObjectIdentifiers.SignedData.Equals(contentInfo[0]))
                throw new ArgumentException("The ContentInfo is not id-signedData (RFC 5652 §5.1).", nameof(cmsDer));
            signedData = Asn1Sequence.GetInstance(Asn1TaggedObject.GetInstance(contentInfo[1], Asn1Tags.ContextSpecific, 0), true);
            signerInfos = Asn1Set.GetInstance(signedData[^1]);
        }
        catch (Exception e) when (e is IOException or InvalidCastException or InvalidOperationException
                                      or IndexOutOfRangeException or ArgumentException)
        {
            throw new ArgumentException("The data is not a CMS SignedData: " + e.Message, nameof(cmsDer), e);
        }

        for (var i = end; i < cmsDer.Length; i++)
        {
            if (cmsDer[i] != 0)
                throw new ArgumentException("Data other than zero padding follows the CMS ContentInfo.", nameof(cmsDer));
        }

        if (signerInfos.Count != 1)
            throw new ArgumentException($"Expected one SignerInfo, found {signerInfos.Count}.", nameof(cmsDer));
        return new Parsed(contentInfo, signedData, Asn1Sequence.GetInstance(signerInfos[0]));
    }
}
