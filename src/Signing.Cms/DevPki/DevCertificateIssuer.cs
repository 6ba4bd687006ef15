using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using Signing.Abstractions;

namespace Signing.Cms;

/// <summary>Key generation and certificate profiles of the dev PKI (RFC 5280 §4.2 extensions).</summary>
internal sealed class DevCertificateIssuer(SecureRandom random, string baseUrl)
{
    internal sealed record Issued(X509Certificate Certificate, AsymmetricCipherKeyPair Keys);

    private readonly string _baseUrl = baseUrl.TrimEnd('/');

    public AsymmetricCipherKeyPair GenerateKeys(KeyAlgorithm algorithm)
    {
        if (algorithm == KeyAlgorithm.Rsa)
        {
            var rsa = new RsaKeyPairGenerator();
            rsa.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, 2048, 100));
            return rsa.GenerateKeyPair();
        }

        var ec = new ECKeyPairGenerator("EC");
        var curve = algorithm == KeyAlgorithm.EcP256 ? SecObjectIdentifiers.SecP256r1 : SecObjectIdentifiers.SecP384r1;
        ec.Init(new ECKeyGenerationParameters(curve, random));
        return ec.GenerateKeyPair();
    }

    /// <summary>Self-signed root: basicConstraints cA (critical), keyUsage keyCertSign + cRLSign (critical), SKI.</summary>
    public Issued Root(X509Name subject, DateTime notBefore, DateTime notAfter)
    {
        var keys = GenerateKeys(KeyAlgorithm.Rsa);
        var generator = Start(subject, subject, keys.Public, notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false,
            X509ExtensionUtilities.CreateSubjectKeyIdentifier(keys.Public));
        return new Issued(generator.Generate(SignatureFactory(keys.Private)), keys);
    }

    /// <summary>Issuing CA under the root: pathLenConstraint 0, AIA caIssuers and CRL DP of the root.</summary>
    public Issued IssuingCa(X509Name subject, Issued root, DateTime notBefore, DateTime notAfter)
    {
        var keys = GenerateKeys(KeyAlgorithm.Rsa);
        var generator = Start(subject, root.Certificate.SubjectDN, keys.Public, notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(0));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        AddKeyIdentifiers(generator, keys.Public, root.Certificate);
        AddAuthorityInformation(generator, ocsp: false, caIssuersFile: "root-ca.cer", crlFile: "root-ca.crl");
        return new Issued(generator.Generate(SignatureFactory(root.Keys.Private)), keys);
    }

    /// <summary>
    /// End entity under the issuing CA. Signers (officials, e-seal): keyUsage digitalSignature +
    /// nonRepudiation (critical; EN 319 412-2 §4.3.2), EKU id-kp-emailProtection + id-kp-documentSigning
    /// (RFC 9336): NSS, and so poppler's pdfsig, validates PDF signers for the e-mail-signer usage and
    /// refuses a certificate whose EKU lacks emailProtection; national CAs' signing certificates carry it
    /// for the same reason. TSA: EKU
    /// id-kp-timeStamping only, critical (RFC 3161 §2.3). OCSP responder: EKU id-kp-OCSPSigning and
    /// id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2, §4.2.2.2.1). All: SKI, AKI, AIA, CRL DP.
    /// </summary>
    public Issued EndEntity(DevPkiProfiles.Spec spec, X509Name subject, Issued ca, DateTime notBefore, DateTime notAfter)
    {
        var keys = GenerateKeys(spec.Key);
        var generator = Start(subject, ca.Certificate.SubjectDN, keys.Public, notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        AddKeyIdentifiers(generator, keys.Public, ca.Certificate);
        switch (spec.Role)
        {
            case DevPkiRole.TimeStamping:
                generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
                generator.AddExtension(X509Extensions.ExtendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeID.id_kp_timeStamping));
                AddAuthorityInformation(generator, ocsp: true, caIssuersFile: "issuing-ca.cer", crlFile: "issuing-ca.crl");
                break;
            case DevPkiRole.OcspResponder:
                generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
                generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_OCSPSigning));
                generator.AddExtension(OcspObjectIdentifiers.PkixOcspNocheck, false, DerNull.Instance);
                AddAuthorityInformation(generator, ocsp: false, caIssuersFile: "issuing-ca.cer", crlFile: null);
                break;
            default:
                generator.AddExtension(X509Extensions.KeyUsage, true,
                    new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
                generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_emailProtection, KeyPurposeID.id_kp_documentSigning));
                AddAuthorityInformation(generator, ocsp: true, caIssuersFile: "issuing-ca.cer", crlFile: "issuing-ca.crl");
                break;
        }

        return new Issued(generator.Generate(SignatureFactory(ca.Keys.Private)), keys);
    }

    private X509V3CertificateGenerator Start(X509Name subject, X509Name issuer, AsymmetricKeyParameter publicKey,
        DateTime notBefore, DateTime notAfter)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(NewSerial());
        generator.SetSubjectDN(subject);
        generator.SetIssuerDN(issuer);
        generator.SetNotBefore(notBefore);
        generator.SetNotAfter(notAfter);
        generator.SetPublicKey(publicKey);
        return generator;
    }

    /// <summary>RFC 5280 §4.1.2.2: positive, unique, at most 20 octets — 127 random bits here.</summary>
    private BigInteger NewSerial() => new BigInteger(127, random).SetBit(126);

    private static void AddKeyIdentifiers(X509V3CertificateGenerator generator, AsymmetricKeyParameter publicKey, X509Certificate issuer)
    {
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false,
            X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
        var issuerSki = Asn1OctetString.GetInstance(issuer.GetExtensionValue(X509Extensions.SubjectKeyIdentifier).GetOctets());
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerSki.GetOctets()));
    }

    private void AddAuthorityInformation(X509V3CertificateGenerator generator, bool ocsp, string caIssuersFile, string? crlFile)
    {
        var access = new List<AccessDescription>();
        if (ocsp)
            access.Add(new AccessDescription(AccessDescription.IdADOcsp, Uri(_baseUrl + "/ocsp")));
        access.Add(new AccessDescription(AccessDescription.IdADCAIssuers, Uri($"{_baseUrl}/{caIssuersFile}")));
        generator.AddExtension(X509Extensions.AuthorityInfoAccess, false, new AuthorityInformationAccess(access.ToArray()));

        if (crlFile is not null)
        {
            var point = new DistributionPoint(
                new DistributionPointName(new GeneralNames(Uri($"{_baseUrl}/{crlFile}"))), null, null);
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint([point]));
        }
    }

    private static GeneralName Uri(string uri) => new(GeneralName.UniformResourceIdentifier, uri);

    private static Asn1SignatureFactory SignatureFactory(AsymmetricKeyParameter issuerKey) =>
        issuerKey is ECPrivateKeyParameters
            ? new Asn1SignatureFactory("SHA256WITHECDSA", issuerKey)
            : new Asn1SignatureFactory("SHA256WITHRSA", issuerKey);
}
