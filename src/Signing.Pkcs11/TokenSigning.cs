using System.Formats.Asn1;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>
/// Chooses the PKCS#11 mechanism for a digest and scheme and returns the signature in CMS encoding.
/// Built once per signer from the slot's mechanism list, so a sign is a single C_Sign round trip.
/// </summary>
internal sealed class TokenSigning
{
    private readonly HashSet<CKM> _mechanisms;
    private readonly Pkcs11InteropFactories _factories;

    public TokenSigning(Pkcs11InteropFactories factories, IEnumerable<CKM> mechanisms)
    {
        _factories = factories;
        _mechanisms = [.. mechanisms];
    }

    /// <summary>Throws mechanism-not-supported before any token call if this pair cannot work.</summary>
    public void Check(KeyAlgorithm key, DigestAlgorithm digest, SignatureScheme scheme, string where)
    {
        var ok = (key, scheme) switch
        {
            (KeyAlgorithm.Rsa, SignatureScheme.RsaPkcs1) =>
                _mechanisms.Contains(RsaPkcs1Mechanism(digest)) || _mechanisms.Contains(CKM.CKM_RSA_PKCS),
            (KeyAlgorithm.Rsa, SignatureScheme.RsaPss) =>
                _mechanisms.Contains(RsaPssMechanism(digest)) || _mechanisms.Contains(CKM.CKM_RSA_PKCS_PSS),
            (KeyAlgorithm.EcP256 or KeyAlgorithm.EcP384, SignatureScheme.Ecdsa) => _mechanisms.Contains(CKM.CKM_ECDSA),
            _ => false,
        };
        if (!ok)
        {
            throw new KeyAccessException(ErrorCodes.MechanismNotSupported,
                $"A {key} key on this token cannot make {scheme} signatures with {digest} ({where}).");
        }
    }

    /// <summary>
    /// Signs <paramref name="data"/> (hashed with <paramref name="digest"/>) in <paramref name="session"/>.
    /// Call <see cref="Check"/> first; Pkcs11Exceptions propagate for the caller to map.
    /// </summary>
    public byte[] Sign(ISession session, IObjectHandle key, KeyAlgorithm keyAlgorithm, ReadOnlySpan<byte> data,
        DigestAlgorithm digest, SignatureScheme scheme)
    {
        switch (scheme)
        {
            case SignatureScheme.RsaPkcs1 when _mechanisms.Contains(RsaPkcs1Mechanism(digest)):
                return session.Sign(_factories.MechanismFactory.Create(RsaPkcs1Mechanism(digest)), key, data.ToArray());

            case SignatureScheme.RsaPkcs1:
                // Token without the combined mechanism (common on older smart cards): hash here and let
                // the token only pad and exponentiate; CKM_RSA_PKCS expects the DigestInfo, not the hash.
                return session.Sign(_factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS), key, DigestInfo(digest, Hash(digest, data)));

            case SignatureScheme.RsaPss:
                var pss = _mechanisms.Contains(RsaPssMechanism(digest)) ? RsaPssMechanism(digest) : CKM.CKM_RSA_PKCS_PSS;
                var input = pss == CKM.CKM_RSA_PKCS_PSS ? Hash(digest, data) : data.ToArray();
                var parameters = _factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(
                    (ulong)HashMechanism(digest), (ulong)Mgf1(digest), (ulong)CryptoDefaults.DigestLength(digest));
                return session.Sign(_factories.MechanismFactory.Create(pss, parameters), key, input);

            case SignatureScheme.Ecdsa:
                // Hashing here rather than CKM_ECDSA_SHAxxx: every EC token has CKM_ECDSA, few have all the
                // combined ones, and the data is a few hundred bytes of signed attributes anyway.
                var raw = session.Sign(_factories.MechanismFactory.Create(CKM.CKM_ECDSA), key, Hash(digest, data));
                return EcdsaRawToDer(raw, keyAlgorithm == KeyAlgorithm.EcP384 ? 48 : 32);

            default:
                throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown signature scheme.");
        }
    }

    /// <summary>PKCS#11 returns r||s, each padded to the field size; CMS wants SEQUENCE { r, s } (RFC 5753).</summary>
    internal static byte[] EcdsaRawToDer(byte[] raw, int fieldBytes)
    {
        if (raw.Length != 2 * fieldBytes)
        {
            throw new CryptographicException(
                $"The token returned a {raw.Length}-byte ECDSA signature; expected {2 * fieldBytes} (r||s).");
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // r and s are fixed-width; DER wants them minimal (AsnWriter refuses redundant zero bytes).
            writer.WriteIntegerUnsigned(Minimal(raw.AsSpan(0, fieldBytes)));
            writer.WriteIntegerUnsigned(Minimal(raw.AsSpan(fieldBytes)));
        }

        return writer.Encode();
    }

    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        var i = 0;
        while (i < value.Length - 1 && value[i] == 0)
        {
            i++;
        }

        return value[i..];
    }

    /// <summary>DigestInfo ::= SEQUENCE { AlgorithmIdentifier (with NULL parameters), OCTET STRING } (RFC 8017 §9.2).</summary>
    internal static byte[] DigestInfo(DigestAlgorithm digest, byte[] hash)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(DigestOid(digest));
                writer.WriteNull();
            }

            writer.WriteOctetString(hash);
        }

        return writer.Encode();
    }

    internal static byte[] Hash(DigestAlgorithm digest, ReadOnlySpan<byte> data) => digest switch
    {
        DigestAlgorithm.Sha256 => SHA256.HashData(data),
        DigestAlgorithm.Sha384 => SHA384.HashData(data),
        DigestAlgorithm.Sha512 => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(digest)),
    };

    internal static HashAlgorithmName HashName(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        DigestAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        DigestAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(digest)),
    };

    private static string DigestOid(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => "2.16.840.1.101.3.4.2.1",
        DigestAlgorithm.Sha384 => "2.16.840.1.101.3.4.2.2",
        DigestAlgorithm.Sha512 => "2.16.840.1.101.3.4.2.3",
        _ => throw new ArgumentOutOfRangeException(nameof(digest)),
    };

    private static CKM RsaPkcs1Mechanism(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => CKM.CKM_SHA256_RSA_PKCS,
        DigestAlgorithm.Sha384 => CKM.CKM_SHA384_RSA_PKCS,
        DigestAlgorithm.Sha512 => CKM.CKM_SHA512_RSA_PKCS,
        _ => throw new ArgumentOutOfRangeException(nameof(digest)),
    };

    private static CKM RsaPssMechanism(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => CKM.CKM_SHA256_RSA_PKCS_PSS,
        DigestAlgorithm.Sha384 => CKM.CKM_SHA384_RSA_PKCS_PSS,
        DigestAlgorithm.Sha512 => CKM.CKM_SHA512_RSA_PKCS_PSS,
        _ => throw new ArgumentOutOfRangeException(nameof(digest)),
    };

    private static CKM HashMechanism(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => CKM.CKM_SHA256,
        DigestAlgorithm.Sha384 => CKM.CKM_SHA384,
        DigestAlgorithm.Sha512 => CKM.CKM_SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(digest)),
    };

    private static CKG Mgf1(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => CKG.CKG_MGF1_SHA256,
        DigestAlgorithm.Sha384 => CKG.CKG_MGF1_SHA384,
        DigestAlgorithm.Sha512 => CKG.CKG_MGF1_SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(digest)),
    };
}
