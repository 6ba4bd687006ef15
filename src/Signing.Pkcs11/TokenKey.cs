using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>A private key object on a token, with what we need to know to sign with it.</summary>
internal sealed class TokenKey
{
    // DER OIDs as they appear in CKA_EC_PARAMS (namedCurve).
    private static readonly byte[] P256Params = Convert.FromHexString("06082A8648CE3D030107");
    private static readonly byte[] P384Params = Convert.FromHexString("06052B81040022");

    private TokenKey(IObjectHandle handle, string label, byte[] id, KeyAlgorithm algorithm, int keySizeBits, bool alwaysAuthenticate)
    {
        Handle = handle;
        Label = label;
        Id = id;
        Algorithm = algorithm;
        KeySizeBits = keySizeBits;
        AlwaysAuthenticate = alwaysAuthenticate;
    }

    public IObjectHandle Handle { get; }

    public string Label { get; }

    public byte[] Id { get; }

    public string IdHex => Convert.ToHexStringLower(Id);

    public KeyAlgorithm Algorithm { get; }

    public int KeySizeBits { get; }

    /// <summary>CKA_ALWAYS_AUTHENTICATE: the token wants the PIN again for every signature.</summary>
    public bool AlwaysAuthenticate { get; }

    /// <summary>
    /// Private keys matching the label and/or CKA_ID (null = any). Keys of types we cannot sign with
    /// (DSA, Ed25519, other curves) are left out rather than misreported.
    /// </summary>
    public static List<TokenKey> Find(ISession session, Pkcs11InteropFactories f, string? label, byte[]? id)
    {
        var template = new List<IObjectAttribute>
        {
            f.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
        };
        if (label is not null)
        {
            template.Add(f.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label));
        }

        if (id is not null)
        {
            template.Add(f.ObjectAttributeFactory.Create(CKA.CKA_ID, id));
        }

        var keys = new List<TokenKey>();
        foreach (var handle in session.FindAllObjects(template))
        {
            var a = session.GetAttributeValue(handle, [CKA.CKA_LABEL, CKA.CKA_ID, CKA.CKA_KEY_TYPE, CKA.CKA_ALWAYS_AUTHENTICATE]);
            var keyLabel = a[0].CannotBeRead ? "" : a[0].GetValueAsString() ?? "";
            var keyId = a[1].CannotBeRead ? [] : a[1].GetValueAsByteArray() ?? [];
            var alwaysAuth = !a[3].CannotBeRead && a[3].GetValueAsBool();
            var (algorithm, bits) = (a[2].CannotBeRead ? CKK.CKK_VENDOR_DEFINED : (CKK)a[2].GetValueAsUlong()) switch
            {
                CKK.CKK_RSA => (KeyAlgorithm.Rsa, RsaBits(session, handle)),
                CKK.CKK_EC => EcCurve(session, handle),
                _ => ((KeyAlgorithm?)null, 0),
            };
            if (algorithm is { } alg)
            {
                keys.Add(new TokenKey(handle, keyLabel, keyId, alg, bits, alwaysAuth));
            }
        }

        return keys;
    }

    /// <summary>The public key as .NET sees it, or null if the token holds no public half we can read.</summary>
    public AsymmetricAlgorithm? ReadPublicKey(ISession session, Pkcs11InteropFactories f)
    {
        var publicHandle = FindPeer(session, f, CKO.CKO_PUBLIC_KEY);
        if (Algorithm == KeyAlgorithm.Rsa)
        {
            // SoftHSM and most tokens expose the modulus on the private key too; some only on the public.
            foreach (var handle in new[] { publicHandle, Handle }.OfType<IObjectHandle>())
            {
                var a = session.GetAttributeValue(handle, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
                if (!a[0].CannotBeRead && !a[1].CannotBeRead && a[0].GetValueAsByteArray() is { Length: > 0 } modulus)
                {
                    var rsa = RSA.Create();
                    rsa.ImportParameters(new RSAParameters { Modulus = TrimZeros(modulus), Exponent = TrimZeros(a[1].GetValueAsByteArray()) });
                    return rsa;
                }
            }

            return null;
        }

        // A private EC key carries no point; only the public object (or a certificate) has it.
        if (publicHandle is null)
        {
            return null;
        }

        var point = session.GetAttributeValue(publicHandle, [CKA.CKA_EC_POINT])[0];
        if (point.CannotBeRead)
        {
            return null;
        }

        var fieldBytes = (KeySizeBits + 7) / 8;
        var q = UnwrapEcPoint(point.GetValueAsByteArray(), fieldBytes);
        return ECDsa.Create(new ECParameters
        {
            Curve = Algorithm == KeyAlgorithm.EcP384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = q[1..(1 + fieldBytes)], Y = q[(1 + fieldBytes)..] },
        });
    }

    /// <summary>Whether the certificate's public key is this key's (compared as numbers, not encodings).</summary>
    public static bool SameKey(AsymmetricAlgorithm tokenKey, X509Certificate2 certificate)
    {
        switch (tokenKey)
        {
            case RSA rsa when certificate.GetRSAPublicKey() is { } certRsa:
                using (certRsa)
                {
                    var a = rsa.ExportParameters(false);
                    var b = certRsa.ExportParameters(false);
                    return TrimZeros(a.Modulus!).AsSpan().SequenceEqual(TrimZeros(b.Modulus!))
                           && TrimZeros(a.Exponent!).AsSpan().SequenceEqual(TrimZeros(b.Exponent!));
                }

            case ECDsa ec when certificate.GetECDsaPublicKey() is { } certEc:
                using (certEc)
                {
                    var a = ec.ExportParameters(false);
                    var b = certEc.ExportParameters(false);
                    return a.Curve.Oid.Value == b.Curve.Oid.Value
                           && a.Q.X.AsSpan().SequenceEqual(b.Q.X) && a.Q.Y.AsSpan().SequenceEqual(b.Q.Y);
                }

            default:
                return false;
        }
    }

    /// <summary>
    /// X.509 certificates with this key's CKA_ID, newest first: after a renewal the old certificate is
    /// often left on the token, and the one that expires last is the one to sign with.
    /// </summary>
    public List<X509Certificate2> FindCertificates(ISession session, Pkcs11InteropFactories f) =>
        FindCertificates(session, f, Id);

    public static List<X509Certificate2> FindCertificates(ISession session, Pkcs11InteropFactories f, byte[]? id)
    {
        var template = new List<IObjectAttribute>
        {
            f.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
            f.ObjectAttributeFactory.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
        };
        if (id is not null)
        {
            template.Add(f.ObjectAttributeFactory.Create(CKA.CKA_ID, id));
        }

        var result = new List<X509Certificate2>();
        foreach (var handle in session.FindAllObjects(template))
        {
            var value = session.GetAttributeValue(handle, [CKA.CKA_VALUE])[0];
            if (value.CannotBeRead || value.GetValueAsByteArray() is not { Length: > 0 } der)
            {
                continue;
            }

            try
            {
                result.Add(X509CertificateLoader.LoadCertificate(der));
            }
            catch (CryptographicException)
            {
                // A corrupt certificate object must not hide the good ones next to it.
            }
        }

        return [.. result.OrderByDescending(c => c.NotAfter)];
    }

    /// <summary>CKA_EC_POINT is a DER OCTET STRING by the spec, but some tokens return the raw point.</summary>
    internal static byte[] UnwrapEcPoint(byte[] value, int fieldBytes)
    {
        var rawLength = 1 + (2 * fieldBytes);
        var point = value.Length == rawLength ? value : AsnDecoder.ReadOctetString(value, AsnEncodingRules.DER, out _);
        if (point.Length != rawLength || point[0] != 0x04)
        {
            throw new CryptographicException("The token's EC public key is not an uncompressed point.");
        }

        return point;
    }

    internal static byte[] TrimZeros(byte[] value)
    {
        var i = 0;
        while (i < value.Length - 1 && value[i] == 0)
        {
            i++;
        }

        return value[i..];
    }

    private IObjectHandle? FindPeer(ISession session, Pkcs11InteropFactories f, CKO objectClass)
    {
        var handles = session.FindAllObjects(
        [
            f.ObjectAttributeFactory.Create(CKA.CKA_CLASS, objectClass),
            f.ObjectAttributeFactory.Create(CKA.CKA_ID, Id),
        ]);
        return handles.Count > 0 ? handles[0] : null;
    }

    private static int RsaBits(ISession session, IObjectHandle handle)
    {
        var modulus = session.GetAttributeValue(handle, [CKA.CKA_MODULUS])[0];
        return modulus.CannotBeRead ? 0 : TrimZeros(modulus.GetValueAsByteArray()).Length * 8;
    }

    private static (KeyAlgorithm?, int) EcCurve(ISession session, IObjectHandle handle)
    {
        var ecParams = session.GetAttributeValue(handle, [CKA.CKA_EC_PARAMS])[0];
        if (ecParams.CannotBeRead)
        {
            return (null, 0);
        }

        var der = ecParams.GetValueAsByteArray();
        return der.AsSpan().SequenceEqual(P256Params) ? (KeyAlgorithm.EcP256, 256)
            : der.AsSpan().SequenceEqual(P384Params) ? (KeyAlgorithm.EcP384, 384)
            : (null, 0);
    }

    internal static byte[] EcParams(KeyAlgorithm algorithm) =>
        algorithm == KeyAlgorithm.EcP384 ? P384Params : P256Params;
}
