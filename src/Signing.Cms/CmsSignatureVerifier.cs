using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;
using Signing.Abstractions;
using CmsAttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;

namespace Signing.Cms;

/// <summary>Verifies the detached CMS SignedData of a PDF signature.</summary>
public static class CmsSignatureVerifier
{
    /// <summary>
    /// Checks, in RFC 5652 §5.6 order: the message-digest attribute against
    /// <paramref name="computeDigest"/>(the SignerInfo's digestAlgorithm), the signature over the DER
    /// signed attributes with the signer certificate's key, the ESS signing-certificate-v2 reference
    /// (RFC 5035 §5.4, EN 319 122-1 §5.2.2), and the certification path to <paramref name="trust"/> at
    /// <paramref name="validationTime"/> (no revocation yet). Never throws for a bad or malformed
    /// signature; exceptions from <paramref name="computeDigest"/> propagate.
    /// </summary>
    public static CmsVerificationResult Verify(ReadOnlyMemory<byte> cms, Func<DigestAlgorithm, byte[]> computeDigest,
        TrustStore trust, DateTimeOffset validationTime)
    {
        ArgumentNullException.ThrowIfNull(computeDigest);
        ArgumentNullException.ThrowIfNull(trust);

        // Exceptions from the caller's digest callback (e.g. I/O on the PDF) are not signature faults: they propagate.
        var callbackFailed = false;
        byte[] Digest(DigestAlgorithm algorithm)
        {
            try
            {
                return computeDigest(algorithm);
            }
            catch
            {
                callbackFailed = true;
                throw;
            }
        }

        try
        {
            var signedData = new CmsSignedData(cms.ToArray());
            var signers = signedData.GetSignerInfos().GetSigners();
            // ISO 32000-1 §12.8.3.3.1: a PDF signature's SignedData carries exactly one signer.
            if (signers.Count != 1)
                return CmsVerificationResult.Unparsed($"expected one SignerInfo, found {signers.Count}");
            var bag = signedData.GetCertificates().EnumerateMatches(null).ToList();
            return VerifySigner(signedData, signers.First(), bag, Digest, trust, validationTime.UtcDateTime);
        }
        catch (Exception e) when (!callbackFailed && e is not OutOfMemoryException)
        {
            // BouncyCastle reports malformed input with many exception types; all of them mean "not a
            // SignedData we can read", which is a verification outcome, not a crash.
            return CmsVerificationResult.Unparsed($"not a readable CMS SignedData: {e.Message}");
        }
    }

    private static CmsVerificationResult VerifySigner(CmsSignedData signedData, SignerInformation signer,
        List<X509Certificate> bag, Func<DigestAlgorithm, byte[]> computeDigest, TrustStore trust, DateTime at)
    {
        var signed = signer.SignedAttributes;
        var unsigned = signer.UnsignedAttributes;
        var essPresent = signed?[PkcsObjectIdentifiers.IdAASigningCertificateV2] is not null;
        var signingTimePresent = signed?[CmsAttributes.SigningTime] is not null;
        var timestampPresent = unsigned?[PkcsObjectIdentifiers.IdAASignatureTimeStampToken] is not null;
        var digest = CmsAlgorithms.DigestFromOid(signer.DigestAlgorithmID.Algorithm);

        var signerCert = bag.FirstOrDefault(c => signer.SignerID.Match(c));
        var summary = signerCert is null ? null : CertificateInfo.Describe(signerCert);

        var errors = new List<string>();
        var messageDigestMatches = false;
        var signatureValid = false;
        var essMatches = false;
        string? algorithmName = null;

        if (signed is null)
            errors.Add("the SignerInfo has no signed attributes (CAdES requires them, EN 319 122-1 §5.2)");
        if (!signedData.SignedContentType.Equals(CmsObjectIdentifiers.Data) || !ContentTypeIsData(signed))
            errors.Add("the content type is not id-data (RFC 5652 §11.1)");
        if (signerCert is null)
            errors.Add("the signer certificate is not in the SignedData certificates");
        if (digest is null)
            errors.Add($"unsupported digest algorithm {signer.DigestAlgorithmID.Algorithm}");

        if (digest is { } d && signed is not null)
        {
            messageDigestMatches = MessageDigestMatches(signed, computeDigest(d), errors);

            var (verifier, scheme, algorithmError) = CmsAlgorithms.CreateVerifier(signer.SignatureAlgorithm, d);
            if (algorithmError is not null)
                errors.Add(algorithmError);
            if (verifier is not null && scheme is { } s)
            {
                algorithmName = CmsAlgorithms.Name(d, s);
                if (signerCert is not null)
                    signatureValid = SignatureVerifies(verifier, signerCert, signer, errors);
            }
        }

        if (signerCert is not null && signed is not null && essPresent)
        {
            essMatches = EssReferenceMatches(signed, signerCert);
            if (!essMatches)
                errors.Add("signing-certificate-v2 does not reference the signer certificate (RFC 5035 §5.4)");
        }

        var chainTrusted = false;
        IReadOnlyList<string> chain = [];
        string? chainError = "no signer certificate";
        if (signerCert is not null)
        {
            var path = CertificatePathBuilder.Build(signerCert, bag, trust, at);
            chainTrusted = path.Trusted;
            chain = path.Path.Select(c => CertificateInfo.FormatName(c.SubjectDN)).ToList();
            chainError = path.Error;
        }

        return new CmsVerificationResult(
            Parsed: true,
            Error: errors.Count == 0 ? null : string.Join("; ", errors),
            SignerSubject: summary?.Subject,
            Signer: summary,
            Digest: digest,
            SignatureAlgorithm: algorithmName,
            MessageDigestMatches: messageDigestMatches,
            SignatureValid: signatureValid,
            SigningCertificateV2Present: essPresent,
            SigningTimeAttributePresent: signingTimePresent,
            HasSignatureTimestamp: timestampPresent,
            ChainTrusted: chainTrusted,
            Chain: chain,
            ChainError: chainError)
        {
            SigningCertificateV2Matches = essMatches,
        };
    }

    private static bool ContentTypeIsData(CmsAttributeTable? signed)
    {
        var attribute = signed?[CmsAttributes.ContentType];
        return attribute is null || (attribute.AttrValues.Count == 1 && CmsObjectIdentifiers.Data.Equals(attribute.AttrValues[0]));
    }

    /// <summary>RFC 5652 §11.2: exactly one message-digest value, equal to the digest of the content.</summary>
    private static bool MessageDigestMatches(CmsAttributeTable signed, byte[] actual, List<string> errors)
    {
        var attribute = signed[CmsAttributes.MessageDigest];
        if (attribute is null || attribute.AttrValues.Count != 1 || attribute.AttrValues[0] is not Asn1OctetString value)
        {
            errors.Add("the message-digest attribute is missing or malformed (RFC 5652 §11.2)");
            return false;
        }

        return value.GetOctets().AsSpan().SequenceEqual(actual);
    }

    /// <summary>RFC 5652 §5.4: the signature covers the DER encoding of the SET OF signed attributes.</summary>
    private static bool SignatureVerifies(Org.BouncyCastle.Crypto.ISigner verifier, X509Certificate signerCert,
        SignerInformation signer, List<string> errors)
    {
        try
        {
            verifier.Init(false, signerCert.GetPublicKey());
            var attributes = signer.GetEncodedSignedAttributes();
            verifier.BlockUpdate(attributes, 0, attributes.Length);
            return verifier.VerifySignature(signer.GetSignature());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A key that does not fit the algorithm, or a malformed signature value.
            errors.Add($"the signature cannot be checked with the signer's key: {e.Message}");
            return false;
        }
    }

    /// <summary>
    /// RFC 5035 §5.4 / EN 319 122-1 §5.2.2: the first ESSCertIDv2 is the signer certificate — its
    /// certHash over the DER certificate and, when present, its issuerSerial.
    /// </summary>
    private static bool EssReferenceMatches(CmsAttributeTable signed, X509Certificate signerCert)
    {
        try
        {
            var attribute = signed[PkcsObjectIdentifiers.IdAASigningCertificateV2];
            var ess = SigningCertificateV2.GetInstance(attribute.AttrValues[0]);
            var first = ess.GetCerts()[0];
            var hash = CmsAlgorithms.DigestFromOid(first.HashAlgorithm.Algorithm);
            if (hash is null || !CmsAlgorithms.Hash(hash.Value, signerCert.GetEncoded()).AsSpan().SequenceEqual(first.GetCertHash()))
                return false;
            var issuerSerial = first.IssuerSerial;
            if (issuerSerial is null)
                return true;
            var issuerMatches = issuerSerial.Issuer.GetNames()
                .Any(n => n.TagNo == GeneralName.DirectoryName && X509Name.GetInstance(n.Name).Equivalent(signerCert.IssuerDN));
            return issuerMatches && issuerSerial.Serial.Value.Equals(signerCert.SerialNumber);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A malformed attribute references nothing.
            return false;
        }
    }
}
