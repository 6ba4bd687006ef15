using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Signing.Abstractions;

namespace Signing.Cms;

/// <summary>
/// Generates the development PKI: a root and an issuing CA, officials, an e-seal, a TSA and an OCSP
/// responder, plus an expired and a to-be-revoked official for tests. DEV ONLY — every name says so
/// and every password is 123456.
/// </summary>
public static class DevPki
{
    public const string RootCaName = "SigningService DEV Root CA - NOT FOR PRODUCTION";
    public const string IssuingCaName = "SigningService DEV Issuing CA - NOT FOR PRODUCTION";
    public const string DevOrganization = "SigningService Dev";
    public const string KeyLabel = "sign";

    /// <summary>
    /// Writes root-ca.pem/.cer/.key.pem, issuing-ca.pem/.cer/.key.pem, chain.pem (issuing + root),
    /// NAME.pem, NAME.key.pem and NAME.p12 for every identity, and manifest.json. Refuses to replace an
    /// existing dev PKI unless <see cref="DevPkiOptions.Overwrite"/> is set (re-keying invalidates
    /// provisioned tokens).
    /// </summary>
    public static DevPkiResult Generate(string outputDirectory, DevPkiOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(options);
        var dir = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(dir);
        string P(string file) => Path.Combine(dir, file);
        if (!options.Overwrite && (File.Exists(P("root-ca.pem")) || File.Exists(P("manifest.json"))))
        {
            throw new InvalidOperationException(
                $"{dir} already holds a dev PKI; set Overwrite to replace it (this re-keys every identity).");
        }

        var now = options.Clock.GetUtcNow().UtcDateTime;
        now = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        // CAs start a year back so the expired identity's whole life lies inside theirs.
        var caStart = now.AddYears(-1);
        var random = new SecureRandom();
        var issuer = new DevCertificateIssuer(random, options.BaseUrl);

        var root = issuer.Root(DevName(RootCaName), caStart, now.AddYears(options.RootValidityYears));
        var issuing = issuer.IssuingCa(DevName(IssuingCaName), root, caStart, now.AddYears(options.IssuingCaValidityYears));

        foreach (var (name, ca) in new[] { ("root-ca", root), ("issuing-ca", issuing) })
        {
            DevPkiFiles.WriteCertificate(P(name + ".pem"), ca.Certificate);
            File.WriteAllBytes(P(name + ".cer"), ca.Certificate.GetEncoded());
            DevPkiFiles.WritePrivateKey(P(name + ".key.pem"), ca.Keys.Private);
        }

        DevPkiFiles.WriteCertificates(P("chain.pem"), [issuing.Certificate, root.Certificate]);

        var identities = new List<DevPkiIdentity>();
        var entries = new List<DevPkiFiles.IdentityEntry>();
        foreach (var spec in DevPkiProfiles.All(options))
        {
            var (notBefore, notAfter) = spec.Expired
                ? (now.AddYears(-1), now.AddDays(-1))
                : (now.AddMinutes(-5), now.AddYears(options.EndEntityValidityYears));
            var issued = issuer.EndEntity(spec, SubjectOf(spec, options), issuing, notBefore, notAfter);
            var cert = issued.Certificate;
            string certFile = spec.Name + ".pem", keyFile = spec.Name + ".key.pem", p12File = spec.Name + ".p12";

            DevPkiFiles.WriteCertificate(P(certFile), cert);
            DevPkiFiles.WritePrivateKey(P(keyFile), issued.Keys.Private);
            DevPkiFiles.WritePkcs12(P(p12File), spec.Name, issued.Keys.Private,
                [cert, issuing.Certificate, root.Certificate], options.Password, random);

            var summary = CertificateInfo.Describe(cert);
            var idHex = Convert.ToHexStringLower(SubjectKeyIdentifierOf(cert));
            var keyLabel = spec.TokenLabel is null ? null : KeyLabel;
            identities.Add(new DevPkiIdentity(spec.Name, spec.Role, spec.Description, spec.Key, summary.Subject,
                summary.SerialHex, summary.NotBefore, summary.NotAfter, P(certFile), P(keyFile), P(p12File),
                spec.TokenLabel, keyLabel, idHex));
            entries.Add(new DevPkiFiles.IdentityEntry(spec.Name, spec.Role, spec.Description, spec.Key.ToString(),
                KeySpec(spec.Key), summary.Subject, summary.CommonName, spec.Nip, spec.Title, summary.SerialHex,
                summary.NotBefore, summary.NotAfter, summary.Sha256Hex, certFile, keyFile, p12File,
                spec.TokenLabel, keyLabel, idHex));
        }

        DevPkiFiles.WriteManifest(P("manifest.json"), new DevPkiFiles.Manifest(
            "DEV ONLY — NEVER USE IN PRODUCTION. Private keys are unencrypted; every password and PIN is public.",
            new DateTimeOffset(now), options.PemdaName, options.OpdName, options.BaseUrl, options.Password, options.Password,
            CaEntryOf("root-ca", root.Certificate), CaEntryOf("issuing-ca", issuing.Certificate), "chain.pem", entries));

        return new DevPkiResult(dir, P("root-ca.pem"), P("issuing-ca.pem"), P("chain.pem"), P("manifest.json"), identities);
    }

    /// <summary>CN, serialNumber (NIP), title (jabatan), OU (OPD), O (Pemda), C=ID — encoded C first (RFC 5280 §4.1.2.6).</summary>
    private static X509Name SubjectOf(DevPkiProfiles.Spec spec, DevPkiOptions options)
    {
        var oids = new List<DerObjectIdentifier> { X509Name.C };
        var values = new List<string> { "ID" };
        void Add(DerObjectIdentifier oid, string? value)
        {
            if (value is null)
                return;
            oids.Add(oid);
            values.Add(value);
        }

        switch (spec.Role)
        {
            case DevPkiRole.Official:
                Add(X509Name.O, options.PemdaName);
                Add(X509Name.OU, options.OpdName);
                Add(X509Name.T, spec.Title);
                Add(X509Name.SerialNumber, spec.Nip);
                break;
            case DevPkiRole.ESeal:
                Add(X509Name.O, options.PemdaName);
                break;
            default:
                Add(X509Name.O, DevOrganization);
                break;
        }

        Add(X509Name.CN, spec.CommonName);
        return new X509Name(oids, values);
    }

    private static X509Name DevName(string commonName) =>
        new([X509Name.C, X509Name.O, X509Name.CN], ["ID", DevOrganization, commonName]);

    private static byte[] SubjectKeyIdentifierOf(X509Certificate cert) =>
        Asn1OctetString.GetInstance(cert.GetExtensionValue(X509Extensions.SubjectKeyIdentifier).GetOctets()).GetOctets();

    private static string KeySpec(KeyAlgorithm key) => key switch
    {
        KeyAlgorithm.Rsa => "RSA-2048",
        KeyAlgorithm.EcP256 => "EC-P256",
        _ => "EC-P384",
    };

    private static DevPkiFiles.CaEntry CaEntryOf(string name, X509Certificate cert)
    {
        var summary = CertificateInfo.Describe(cert);
        return new DevPkiFiles.CaEntry(name + ".pem", name + ".cer", name + ".key.pem", summary.Subject,
            summary.SerialHex, summary.NotBefore, summary.NotAfter, summary.Sha256Hex);
    }
}
