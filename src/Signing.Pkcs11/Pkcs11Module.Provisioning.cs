using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>Putting keys and certificates on a token: generate → CSR → CA issues → import.</summary>
public sealed partial class Pkcs11Module
{
    /// <summary>
    /// Generates a signing key pair on the token: the private key is a sensitive, non-extractable token
    /// object that can only sign; the public key is a token object too (the CSR and certificate matching
    /// need it, and private EC keys carry no public point).
    /// </summary>
    public Pkcs11KeyInfo GenerateKey(
        string token, ReadOnlySpan<char> pin, string keyLabel, string keyIdHex, KeyAlgorithm algorithm, int rsaBits = 2048)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyLabel);
        var id = ParseId(keyIdHex, nameof(keyIdHex));
        if (algorithm == KeyAlgorithm.Rsa && rsaBits is not (2048 or 3072 or 4096))
        {
            throw new ArgumentOutOfRangeException(nameof(rsaBits), rsaBits, "RSA keys are 2048, 3072 or 4096 bits.");
        }

        return WithToken(token, pin, SessionType.ReadWrite, (slot, label, session) =>
        {
            var f = _library.Factories.ObjectAttributeFactory;
            // Two keys under one label or id would make every later lookup ambiguous.
            if (TokenKey.Find(session, _library.Factories, keyLabel, null).Count > 0
                || TokenKey.Find(session, _library.Factories, null, id).Count > 0)
            {
                throw new ArgumentException(
                    $"Token '{label}' already has a key labelled '{keyLabel}' or with id {Convert.ToHexStringLower(id)}.",
                    nameof(keyLabel));
            }

            List<IObjectAttribute> publicTemplate =
            [
                f.Create(CKA.CKA_TOKEN, true),
                f.Create(CKA.CKA_PRIVATE, false),
                f.Create(CKA.CKA_LABEL, keyLabel),
                f.Create(CKA.CKA_ID, id),
                f.Create(CKA.CKA_VERIFY, true),
            ];
            // Signing only, nothing else: SoftHSM (like many tokens) defaults decrypt, unwrap and derive to true, and
            // a key that also decrypts or unwraps can be abused as a signing oracle (key separation).
            List<IObjectAttribute> privateTemplate =
            [
                f.Create(CKA.CKA_TOKEN, true),
                f.Create(CKA.CKA_PRIVATE, true),
                f.Create(CKA.CKA_LABEL, keyLabel),
                f.Create(CKA.CKA_ID, id),
                f.Create(CKA.CKA_SIGN, true),
                f.Create(CKA.CKA_SENSITIVE, true),
                f.Create(CKA.CKA_EXTRACTABLE, false),
                f.Create(CKA.CKA_DECRYPT, false),
                f.Create(CKA.CKA_UNWRAP, false),
                f.Create(CKA.CKA_DERIVE, false),
            ];
            CKM mechanism;
            if (algorithm == KeyAlgorithm.Rsa)
            {
                mechanism = CKM.CKM_RSA_PKCS_KEY_PAIR_GEN;
                publicTemplate.Add(f.Create(CKA.CKA_MODULUS_BITS, (ulong)rsaBits));
                publicTemplate.Add(f.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 0x01, 0x00, 0x01 }));
                publicTemplate.Add(f.Create(CKA.CKA_ENCRYPT, false));
                publicTemplate.Add(f.Create(CKA.CKA_WRAP, false));
            }
            else
            {
                mechanism = CKM.CKM_EC_KEY_PAIR_GEN;
                publicTemplate.Add(f.Create(CKA.CKA_EC_PARAMS, TokenKey.EcParams(algorithm)));
            }

            session.GenerateKeyPair(_library.Factories.MechanismFactory.Create(mechanism), publicTemplate, privateTemplate,
                out _, out _);
            return Describe(session, TokenKey.Find(session, _library.Factories, keyLabel, id).Single());
        });
    }

    /// <summary>
    /// A DER PKCS#10 request for the key (by label, else by id in hex) signed on the token with the key's
    /// default scheme (PKCS#1 v1.5 for RSA, ECDSA for EC). <paramref name="subjectDn"/> is an RFC 4514
    /// style name such as "CN=Jane Doe, O=Example, C=ID".
    /// </summary>
    public byte[] CreateCertificationRequest(
        string token, ReadOnlySpan<char> pin, string keyLabelOrIdHex, string subjectDn,
        DigestAlgorithm digest = DigestAlgorithm.Sha256)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyLabelOrIdHex);
        X500DistinguishedName subject;
        try
        {
            subject = new X500DistinguishedName(subjectDn);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"'{subjectDn}' is not a distinguished name: {ex.Message}", nameof(subjectDn), ex);
        }

        return WithToken(token, pin, SessionType.ReadOnly, (slot, label, session) =>
        {
            var key = FindByLabelOrId(session, label, keyLabelOrIdHex);
            using var publicAlgorithm = key.ReadPublicKey(session, _library.Factories) ?? PublicKeyFromCertificate(session, key)
                ?? throw new KeyAccessException(ErrorCodes.KeyNotFound,
                    $"Key '{key.Label}' has no public key or certificate on the token to put in a request " +
                    $"({Pkcs11Errors.Where(ModulePath, label)}).");
            var publicKey = new PublicKey(publicAlgorithm);
            var scheme = CryptoDefaults.DefaultScheme(key.Algorithm);
            var signing = new TokenSigning(_library.Factories, slot.GetMechanismList());
            signing.Check(key.Algorithm, digest, scheme, Pkcs11Errors.Where(ModulePath, label));
            var generator = new TokenSignatureGenerator(key.Algorithm, publicKey,
                (data, d) => signing.Sign(session, key.Handle, key.Algorithm, data, d, scheme));
            return new CertificateRequest(subject, publicKey, TokenSigning.HashName(digest)).CreateSigningRequest(generator);
        });
    }

    /// <summary>
    /// Stores a certificate (DER) on the token under the CKA_ID of the private key whose public key it
    /// holds, so <see cref="OpenSigner"/> finds it. Importing the same certificate again changes nothing.
    /// </summary>
    public void ImportCertificate(string token, ReadOnlySpan<char> pin, ReadOnlyMemory<byte> certificateDer, string? label = null)
    {
        using var certificate = ParseCertificate(certificateDer, nameof(certificateDer));
        WithToken(token, pin, SessionType.ReadWrite, (slot, tokenLabel, session) =>
        {
            var signing = new TokenSigning(_library.Factories, slot.GetMechanismList());
            var key = TokenKey.Find(session, _library.Factories, null, null)
                .FirstOrDefault(k => Holds(session, signing, k, certificate))
                ?? throw new KeyAccessException(ErrorCodes.KeyNotFound,
                    $"No private key on the token matches the public key of certificate '{certificate.Subject}' " +
                    $"({Pkcs11Errors.Where(ModulePath, tokenLabel)}).");

            var existing = TokenKey.FindCertificates(session, _library.Factories, key.Id);
            var already = existing.Any(c => c.RawData.AsSpan().SequenceEqual(certificate.RawData));
            existing.ForEach(c => c.Dispose());
            if (already)
            {
                return;
            }

            var f = _library.Factories.ObjectAttributeFactory;
            session.CreateObject(
            [
                f.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
                f.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
                f.Create(CKA.CKA_TOKEN, true),
                f.Create(CKA.CKA_PRIVATE, false),
                f.Create(CKA.CKA_LABEL, label ?? key.Label),
                f.Create(CKA.CKA_ID, key.Id),
                f.Create(CKA.CKA_SUBJECT, certificate.SubjectName.RawData),
                f.Create(CKA.CKA_ISSUER, certificate.IssuerName.RawData),
                f.Create(CKA.CKA_SERIAL_NUMBER, SerialNumberDer(certificate)),
                f.Create(CKA.CKA_VALUE, certificate.RawData),
            ]);
        });
    }

    private TokenKey FindByLabelOrId(ISession session, string tokenLabel, string keyLabelOrIdHex)
    {
        if (TokenKey.Find(session, _library.Factories, keyLabelOrIdHex, null).Count > 0)
        {
            return FindOneKey(session, tokenLabel, keyLabelOrIdHex, null);
        }

        var isHex = keyLabelOrIdHex.Length % 2 == 0 && keyLabelOrIdHex.All(Uri.IsHexDigit);
        return FindOneKey(session, tokenLabel, isHex ? null : keyLabelOrIdHex, isHex ? Convert.FromHexString(keyLabelOrIdHex) : null);
    }

    private AsymmetricAlgorithm? PublicKeyFromCertificate(ISession session, TokenKey key)
    {
        var certificates = key.FindCertificates(session, _library.Factories);
        try
        {
            return certificates.Count == 0 ? null
                : (AsymmetricAlgorithm?)certificates[0].GetRSAPublicKey() ?? certificates[0].GetECDsaPublicKey();
        }
        finally
        {
            certificates.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// Whether <paramref name="key"/> is the certificate's key: by comparing public keys when the token
    /// has the public half, else by a probe signature checked against the certificate.
    /// </summary>
    private bool Holds(ISession session, TokenSigning signing, TokenKey key, X509Certificate2 certificate)
    {
        using var publicKey = key.ReadPublicKey(session, _library.Factories);
        if (publicKey is not null)
        {
            return TokenKey.SameKey(publicKey, certificate);
        }

        var probe = RandomNumberGenerator.GetBytes(32);
        var scheme = CryptoDefaults.DefaultScheme(key.Algorithm);
        try
        {
            signing.Check(key.Algorithm, DigestAlgorithm.Sha256, scheme, ModulePath);
        }
        catch (KeyAccessException)
        {
            return false;
        }

        var signature = signing.Sign(session, key.Handle, key.Algorithm, probe, DigestAlgorithm.Sha256, scheme);
        using var rsa = certificate.GetRSAPublicKey();
        using var ec = certificate.GetECDsaPublicKey();
        return key.Algorithm == KeyAlgorithm.Rsa
            ? rsa?.VerifyData(probe, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) == true
            : ec?.VerifyData(probe, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence) == true;
    }

    /// <summary>CKA_SERIAL_NUMBER is the DER INTEGER, tag and length included (PKCS#11 v2.40 §4.6.3).</summary>
    private static byte[] SerialNumberDer(X509Certificate2 certificate)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        writer.WriteInteger(certificate.SerialNumberBytes.Span);
        return writer.Encode();
    }
}
