using Signing.Abstractions;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class CertificateInfoTests(DevPkiFixture pki)
{
    private ReadOnlyMemory<byte> Cert(string name) => pki.Signer(name).Certificate;

    [Fact]
    public void Describe_reads_the_officials_name_NIP_jabatan_OPD_and_Pemda()
    {
        var summary = CertificateInfo.Describe(Cert("kadis"));

        Assert.Equal("Budi Santoso", summary.CommonName);
        Assert.Equal("197203151998031004", summary.SerialNumberAttribute);
        Assert.Equal("Kepala Dinas", summary.Title);
        Assert.Equal("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", summary.OrganizationalUnit);
        Assert.Equal("Pemerintah Kota Malang", summary.Organization);
        Assert.StartsWith("CN=Budi Santoso,", summary.Subject);
        Assert.EndsWith(",C=ID", summary.Subject);
        Assert.StartsWith("CN=SigningService DEV Issuing CA - NOT FOR PRODUCTION", summary.Issuer);
    }

    [Fact]
    public void Serial_validity_and_fingerprint_agree_with_openssl()
    {
        var summary = CertificateInfo.Describe(Cert("kabid"));
        var certFile = pki.Pki["kabid"].CertFile;

        var (_, serial) = OpenSsl.Run("x509", "-in", certFile, "-noout", "-serial");
        var (_, fingerprint) = OpenSsl.Run("x509", "-in", certFile, "-noout", "-fingerprint", "-sha256");
        var (_, end) = OpenSsl.Run("x509", "-in", certFile, "-noout", "-enddate");

        Assert.Equal("serial=" + summary.SerialHex, serial.Trim());
        Assert.Equal(summary.Sha256Hex, fingerprint.Trim().Split('=')[1].Replace(":", "").ToLowerInvariant());
        Assert.Equal(pki.Now.AddYears(5), summary.NotAfter);
        Assert.Contains(summary.NotAfter.ToString("MMM d HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture),
            System.Text.RegularExpressions.Regex.Replace(end, " +", " "));
    }

    [Fact]
    public void A_valid_official_certificate_is_usable_for_signing_now()
    {
        CertificateInfo.EnsureUsableForSigning(Cert("kadis"), pki.Now);
        CertificateInfo.EnsureUsableForSigning(Cert("kabid"), pki.Now.AddYears(4));
    }

    [Fact]
    public void The_expired_identity_is_certificate_expired()
    {
        var error = Assert.Throws<CertificateException>(() => CertificateInfo.EnsureUsableForSigning(Cert("expired"), pki.Now));

        Assert.Equal(ErrorCodes.CertificateExpired, error.Code);
    }

    [Fact]
    public void Before_its_not_before_date_a_certificate_is_certificate_not_yet_valid()
    {
        var error = Assert.Throws<CertificateException>(
            () => CertificateInfo.EnsureUsableForSigning(Cert("sekretaris"), pki.Now.AddDays(-1)));

        Assert.Equal(ErrorCodes.CertificateNotYetValid, error.Code);
    }

    [Fact]
    public void A_CA_certificate_whose_key_usage_is_only_certificate_signing_is_certificate_unusable()
    {
        var error = Assert.Throws<CertificateException>(() => CertificateInfo.EnsureUsableForSigning(pki.RootDer, pki.Now));

        Assert.Equal(ErrorCodes.CertificateUnusable, error.Code);
    }

    [Theory]
    [InlineData("kadis", KeyAlgorithm.Rsa, 256)]
    [InlineData("kabid", KeyAlgorithm.EcP256, 72)]
    public void Key_algorithm_and_largest_signature_value_follow_the_public_key(string name, KeyAlgorithm algorithm, int maxSignature)
    {
        Assert.Equal(algorithm, CertificateInfo.KeyAlgorithmOf(Cert(name)));
        Assert.Equal(maxSignature, CertificateInfo.MaxSignatureValueBytes(Cert(name)));
    }
}
