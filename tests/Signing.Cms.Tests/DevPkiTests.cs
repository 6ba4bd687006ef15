using System.Text.Json;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class DevPkiTests(DevPkiFixture pki)
{
    private static readonly string[] AllIdentities = ["kadis", "sekretaris", "kabid", "eseal", "tsa", "ocsp", "expired", "revoked"];

    private X509Certificate Cert(string name) => CertificateInfo.Parse(PemCertificates.Read(File.ReadAllText(pki.Pki[name].CertFile))[0]);

    public static TheoryData<string> ValidIdentities() => new(AllIdentities.Where(n => n != "expired"));

    [Theory]
    [MemberData(nameof(ValidIdentities))]
    public void OpenSsl_verifies_every_valid_identity_up_to_the_dev_root(string name)
    {
        var (exitCode, output) = OpenSsl.Run("verify", "-CAfile", pki.Pki.RootCertificateFile,
            "-untrusted", pki.Pki.IssuingCertificateFile, pki.Pki[name].CertFile);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void OpenSsl_rejects_the_expired_identity_as_expired()
    {
        var (exitCode, output) = OpenSsl.Run("verify", "-CAfile", pki.Pki.RootCertificateFile,
            "-untrusted", pki.Pki.IssuingCertificateFile, pki.Pki["expired"].CertFile);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("certificate has expired", output);
    }

    [Theory]
    [MemberData(nameof(ValidIdentities))]
    public void OpenSsl_reads_every_PKCS12_with_the_dev_password_its_friendly_name_and_AES_encryption(string name)
    {
        var (exitCode, output) = OpenSsl.Run("pkcs12", "-in", pki.Pki[name].P12File, "-passin", "pass:123456", "-nokeys", "-info");

        Assert.True(exitCode == 0, output);
        Assert.Contains("friendlyName: " + name, output);
        Assert.Contains("PBES2, PBKDF2, AES-256-CBC", output);
        Assert.Equal(3, output.Split("-----BEGIN CERTIFICATE-----").Length - 1);
    }

    [Theory]
    [InlineData("kadis")]
    [InlineData("kabid")]
    [InlineData("root-ca")]
    public void Each_key_file_is_unencrypted_PKCS8_holding_the_key_of_its_certificate(string name)
    {
        var keyFile = Path.Combine(pki.Directory, name + ".key.pem");
        var certFile = Path.Combine(pki.Directory, name + ".pem");

        var (_, fromKey) = OpenSsl.Run("pkey", "-in", keyFile, "-pubout");
        var (_, fromCert) = OpenSsl.Run("x509", "-in", certFile, "-noout", "-pubkey");

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(keyFile));
        Assert.Contains("-----BEGIN PUBLIC KEY-----", fromKey);
        Assert.Equal(fromCert, fromKey);
    }

    [Fact]
    public void The_CAs_are_named_as_dev_only_and_valid_twenty_and_ten_years()
    {
        var root = CertificateInfo.Parse(pki.RootDer);
        var issuing = CertificateInfo.Parse(pki.IssuingDer);

        Assert.Equal("CN=SigningService DEV Root CA - NOT FOR PRODUCTION,O=SigningService Dev,C=ID", CertificateInfo.FormatName(root.SubjectDN));
        Assert.Equal(pki.Now.UtcDateTime.AddYears(20), root.NotAfter);
        Assert.Equal(pki.Now.UtcDateTime.AddYears(10), issuing.NotAfter);
        Assert.Equal(0, issuing.GetBasicConstraints());
        Assert.Equal(int.MaxValue, root.GetBasicConstraints());
    }

    [Theory]
    [InlineData("kadis")]
    [InlineData("kabid")]
    [InlineData("eseal")]
    [InlineData("revoked")]
    public void Signing_identities_have_the_signer_profile_and_five_years_validity(string name)
    {
        var cert = Cert(name);

        Assert.Contains(X509Extensions.KeyUsage.Id, cert.GetCriticalExtensionOids());
        Assert.Equal([true, true, false, false, false, false, false, false, false], cert.GetKeyUsage());
        Assert.Equal([KeyPurposeID.id_kp_emailProtection.Id, KeyPurposeID.id_kp_documentSigning.Id], cert.GetExtendedKeyUsage().Select(p => p.Id));
        var aia = AuthorityInformationAccess.GetInstance(cert.GetExtensionValue(X509Extensions.AuthorityInfoAccess).GetOctets());
        Assert.Equal(["http://localhost:5080/dev-pki/ocsp", "http://localhost:5080/dev-pki/issuing-ca.cer"],
            aia.GetAccessDescriptions().Select(a => a.AccessLocation.Name.ToString()));
        var crl = CrlDistPoint.GetInstance(cert.GetExtensionValue(X509Extensions.CrlDistributionPoints).GetOctets());
        Assert.Contains("http://localhost:5080/dev-pki/issuing-ca.crl", crl.ToString());
        Assert.Equal(pki.Now.UtcDateTime.AddYears(5), cert.NotAfter);
    }

    [Fact]
    public void The_eseal_is_the_OPD_of_the_Pemda()
    {
        var summary = CertificateInfo.Describe(Cert("eseal").GetEncoded());

        Assert.Equal("CN=Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu,O=Pemerintah Kota Malang,C=ID", summary.Subject);
        Assert.Null(summary.SerialNumberAttribute);
    }

    [Fact]
    public void The_TSA_certificate_has_only_time_stamping_as_a_critical_extended_key_usage()
    {
        var cert = Cert("tsa");

        Assert.Contains(X509Extensions.ExtendedKeyUsage.Id, cert.GetCriticalExtensionOids());
        Assert.Equal([KeyPurposeID.id_kp_timeStamping.Id], cert.GetExtendedKeyUsage().Select(p => p.Id));
    }

    [Fact]
    public void The_OCSP_responder_certificate_has_OCSP_signing_and_no_check()
    {
        var cert = Cert("ocsp");

        Assert.Equal([KeyPurposeID.id_kp_OCSPSigning.Id], cert.GetExtendedKeyUsage().Select(p => p.Id));
        Assert.Equal(DerNull.Instance, Asn1Object.FromByteArray(cert.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNocheck).GetOctets()));
    }

    [Fact]
    public void The_expired_identity_expired_yesterday()
    {
        Assert.Equal(pki.Now.UtcDateTime.AddDays(-1), Cert("expired").NotAfter);
    }

    [Fact]
    public void The_manifest_lists_every_identity_with_files_token_labels_and_the_SKI_as_CKA_ID()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(pki.Pki.ManifestFile));
        var identities = manifest.RootElement.GetProperty("identities").EnumerateArray().ToList();

        Assert.Contains("NEVER USE IN PRODUCTION", manifest.RootElement.GetProperty("warning").GetString());
        Assert.Equal(AllIdentities, identities.Select(i => i.GetProperty("name").GetString()));
        foreach (var identity in identities)
        {
            var name = identity.GetProperty("name").GetString()!;
            foreach (var file in new[] { "certFile", "keyFile", "p12File" })
                Assert.True(File.Exists(Path.Combine(pki.Directory, identity.GetProperty(file).GetString()!)), $"{name} {file}");
            var ski = Asn1OctetString.GetInstance(Cert(name).GetExtensionValue(X509Extensions.SubjectKeyIdentifier).GetOctets()).GetOctets();
            Assert.Equal(Convert.ToHexStringLower(ski), identity.GetProperty("idHex").GetString());
            Assert.Equal(pki.Pki[name].IdHex, identity.GetProperty("idHex").GetString());
            var service = name is "tsa" or "ocsp";
            Assert.Equal(service ? null : "dev-" + name, identity.TryGetProperty("tokenLabel", out var label) ? label.GetString() : null);
            Assert.Equal(service ? null : "sign", identity.TryGetProperty("keyLabel", out var key) ? key.GetString() : null);
        }

        Assert.Equal(["official", "official", "official", "e-seal", "time-stamping", "ocsp-responder", "official", "official"],
            identities.Select(i => i.GetProperty("role").GetString()));
        Assert.Equal("EC-P256", identities[2].GetProperty("keySpec").GetString());
    }

    [Fact]
    public void Generating_again_into_the_same_directory_is_refused_unless_overwrite_is_asked()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DevPki.Generate(pki.Directory, new DevPkiOptions()));

        Assert.Contains("Overwrite", error.Message);
    }
}
