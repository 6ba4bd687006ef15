using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Signers;
using Signing.Abstractions;

namespace Signing.Cms;

/// <summary>
/// The one place that maps our enums to CMS algorithm identifiers and BouncyCastle engines, so the
/// builder, the signer and the verifier can never disagree.
/// </summary>
internal static class CmsAlgorithms
{
    public static DerObjectIdentifier DigestOid(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => NistObjectIdentifiers.IdSha256,
        DigestAlgorithm.Sha384 => NistObjectIdentifiers.IdSha384,
        DigestAlgorithm.Sha512 => NistObjectIdentifiers.IdSha512,
        _ => throw new ArgumentOutOfRangeException(nameof(digest), digest, "Unsupported digest algorithm."),
    };

    public static DigestAlgorithm? DigestFromOid(DerObjectIdentifier oid) =>
        oid.Equals(NistObjectIdentifiers.IdSha256) ? DigestAlgorithm.Sha256
        : oid.Equals(NistObjectIdentifiers.IdSha384) ? DigestAlgorithm.Sha384
        : oid.Equals(NistObjectIdentifiers.IdSha512) ? DigestAlgorithm.Sha512
        : null;

    /// <summary>RFC 5754 §2: the parameters of the SHA-2 identifiers are absent.</summary>
    public static AlgorithmIdentifier DigestAlgorithmIdentifier(DigestAlgorithm digest) => new(DigestOid(digest));

    public static IDigest CreateDigest(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => new Sha256Digest(),
        DigestAlgorithm.Sha384 => new Sha384Digest(),
        DigestAlgorithm.Sha512 => new Sha512Digest(),
        _ => throw new ArgumentOutOfRangeException(nameof(digest), digest, "Unsupported digest algorithm."),
    };

    public static byte[] Hash(DigestAlgorithm digest, ReadOnlySpan<byte> data)
    {
        var d = CreateDigest(digest);
        d.BlockUpdate(data);
        var result = new byte[d.GetDigestSize()];
        d.DoFinal(result, 0);
        return result;
    }

    /// <summary>
    /// The SignerInfo signatureAlgorithm. RSASSA-PKCS1-v1_5 is written as rsaEncryption with NULL
    /// parameters (RFC 3370 §3.2, the form every verifier accepts); RSASSA-PSS as id-RSASSA-PSS with
    /// explicit RSASSA-PSS-params (RFC 4056 §2, RFC 4055 §3.1: MGF1 over the same hash, salt = hash
    /// length, trailer 1); ECDSA as ecdsa-with-SHAxxx with absent parameters (RFC 5753 §7.1.3,
    /// RFC 5758 §3.2).
    /// </summary>
    public static AlgorithmIdentifier SignatureAlgorithmIdentifier(DigestAlgorithm digest, SignatureScheme scheme) =>
        scheme switch
        {
            SignatureScheme.RsaPkcs1 => new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance),
            SignatureScheme.RsaPss => new AlgorithmIdentifier(PkcsObjectIdentifiers.IdRsassaPss, PssParameters(digest)),
            SignatureScheme.Ecdsa => new AlgorithmIdentifier(EcdsaOid(digest)),
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unsupported signature scheme."),
        };

    public static RsassaPssParameters PssParameters(DigestAlgorithm digest)
    {
        // RFC 4055 §2.1: inside RSASSA-PSS-params the hash identifiers carry NULL parameters.
        var hash = new AlgorithmIdentifier(DigestOid(digest), DerNull.Instance);
        var mgf = new AlgorithmIdentifier(PkcsObjectIdentifiers.IdMgf1, hash);
        return new RsassaPssParameters(hash, mgf, DerInteger.ValueOf(CryptoDefaults.DigestLength(digest)), DerInteger.One);
    }

    public static string Name(DigestAlgorithm digest, SignatureScheme scheme)
    {
        var hash = digest switch
        {
            DigestAlgorithm.Sha256 => "SHA256",
            DigestAlgorithm.Sha384 => "SHA384",
            _ => "SHA512",
        };
        return scheme switch
        {
            SignatureScheme.RsaPkcs1 => hash + "withRSA",
            SignatureScheme.RsaPss => hash + "withRSA/PSS",
            _ => hash + "withECDSA",
        };
    }

    /// <summary>
    /// A fresh signer for one signature (BouncyCastle signers are not thread-safe; keys are).
    /// ECDSA uses deterministic nonces (RFC 6979) so re-signing the same attributes is reproducible.
    /// </summary>
    public static ISigner CreateSigner(DigestAlgorithm digest, SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.RsaPkcs1 => new RsaDigestSigner(CreateDigest(digest), DigestOid(digest)),
        SignatureScheme.RsaPss => new PssSigner(new RsaBlindedEngine(), CreateDigest(digest), CryptoDefaults.DigestLength(digest)),
        SignatureScheme.Ecdsa => new DsaDigestSigner(new ECDsaSigner(new HMacDsaKCalculator(CreateDigest(digest))), CreateDigest(digest)),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unsupported signature scheme."),
    };

    /// <summary>
    /// Interprets a SignerInfo's signatureAlgorithm for verification. The hash named inside the
    /// signature algorithm, if any, must equal the SignerInfo digestAlgorithm (RFC 5652 §5.4 hashes
    /// the signed attributes with the digestAlgorithm).
    /// </summary>
    public static (ISigner? Verifier, SignatureScheme? Scheme, string? Error) CreateVerifier(
        AlgorithmIdentifier signatureAlgorithm, DigestAlgorithm digest)
    {
        var oid = signatureAlgorithm.Algorithm;
        if (oid.Equals(PkcsObjectIdentifiers.RsaEncryption))
            return (new RsaDigestSigner(CreateDigest(digest), DigestOid(digest)), SignatureScheme.RsaPkcs1, null);

        var rsaWithHash = RsaWithHash(oid);
        if (rsaWithHash is not null)
        {
            return rsaWithHash == digest
                ? (new RsaDigestSigner(CreateDigest(digest), DigestOid(digest)), SignatureScheme.RsaPkcs1, null)
                : (null, null, $"signature algorithm {oid} does not match digest algorithm {digest}");
        }

        if (oid.Equals(PkcsObjectIdentifiers.IdRsassaPss))
            return CreatePssVerifier(signatureAlgorithm, digest);

        if (oid.Equals(X9ObjectIdentifiers.IdECPublicKey))
            return (new DsaDigestSigner(new ECDsaSigner(), CreateDigest(digest)), SignatureScheme.Ecdsa, null);

        foreach (var candidate in Enum.GetValues<DigestAlgorithm>())
        {
            if (!oid.Equals(EcdsaOid(candidate)))
                continue;
            return candidate == digest
                ? (new DsaDigestSigner(new ECDsaSigner(), CreateDigest(digest)), SignatureScheme.Ecdsa, null)
                : (null, null, $"signature algorithm {oid} does not match digest algorithm {digest}");
        }

        return (null, null, $"unsupported signature algorithm {oid}");
    }

    private static (ISigner?, SignatureScheme?, string?) CreatePssVerifier(AlgorithmIdentifier algorithm, DigestAlgorithm digest)
    {
        var p = algorithm.Parameters is null || algorithm.Parameters is DerNull
            ? new RsassaPssParameters()
            : RsassaPssParameters.GetInstance(algorithm.Parameters);
        var hash = DigestFromOid(p.HashAlgorithm.Algorithm);
        if (hash != digest)
            return (null, null, $"RSASSA-PSS hash {p.HashAlgorithm.Algorithm} does not match digest algorithm {digest}");
        if (!p.MaskGenAlgorithm.Algorithm.Equals(PkcsObjectIdentifiers.IdMgf1))
            return (null, null, $"unsupported RSASSA-PSS mask generation function {p.MaskGenAlgorithm.Algorithm}");
        var mgfHash = DigestFromOid(AlgorithmIdentifier.GetInstance(p.MaskGenAlgorithm.Parameters).Algorithm);
        if (mgfHash is null)
            return (null, null, "unsupported RSASSA-PSS MGF1 hash");
        if (p.TrailerField.IntValueExact != 1)
            return (null, null, "unsupported RSASSA-PSS trailer field");
        var signer = new PssSigner(new RsaBlindedEngine(), CreateDigest(digest), CreateDigest(mgfHash.Value),
            p.SaltLength.IntValueExact, PssSigner.TrailerImplicit);
        return (signer, SignatureScheme.RsaPss, null);
    }

    private static DerObjectIdentifier EcdsaOid(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => X9ObjectIdentifiers.ECDsaWithSha256,
        DigestAlgorithm.Sha384 => X9ObjectIdentifiers.ECDsaWithSha384,
        DigestAlgorithm.Sha512 => X9ObjectIdentifiers.ECDsaWithSha512,
        _ => throw new ArgumentOutOfRangeException(nameof(digest), digest, "Unsupported digest algorithm."),
    };

    private static DigestAlgorithm? RsaWithHash(DerObjectIdentifier oid) =>
        oid.Equals(PkcsObjectIdentifiers.Sha256WithRsaEncryption) ? DigestAlgorithm.Sha256
        : oid.Equals(PkcsObjectIdentifiers.Sha384WithRsaEncryption) ? DigestAlgorithm.Sha384
        : oid.Equals(PkcsObjectIdentifiers.Sha512WithRsaEncryption) ? DigestAlgorithm.Sha512
        : null;
}
