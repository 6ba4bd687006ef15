using Signing.Abstractions;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class PemCertificatesTests(DevPkiFixture pki)
{
    [Fact]
    public void The_chain_bundle_reads_as_issuing_CA_then_root_in_file_order()
    {
        var certificates = PemCertificates.Read(File.ReadAllText(pki.Pki.ChainFile));

        Assert.Equal([pki.IssuingDer, pki.RootDer], certificates);
    }

    [Fact]
    public void Writing_then_reading_gives_back_the_same_DER()
    {
        ReadOnlyMemory<byte>[] ders = [pki.RootDer, pki.IssuingDer];

        var pem = PemCertificates.Write(ders);

        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", pem);
        Assert.DoesNotContain('\r', pem);
        Assert.Equal([pki.RootDer, pki.IssuingDer], PemCertificates.Read(pem));
    }

    [Fact]
    public void Keys_and_text_around_the_certificates_are_skipped()
    {
        var mixed = "subject=whatever\n" + File.ReadAllText(pki.Pki["kadis"].KeyFile) + File.ReadAllText(pki.Pki["kadis"].CertFile);

        var certificate = Assert.Single(PemCertificates.Read(mixed));

        Assert.Equal(pki.Signer("kadis").Certificate.ToArray(), certificate);
    }

    [Fact]
    public void A_CERTIFICATE_block_that_is_not_a_certificate_is_a_certificate_exception()
    {
        var bogus = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";

        var error = Assert.Throws<CertificateException>(() => PemCertificates.Read(bogus));

        Assert.Equal(ErrorCodes.CertificateUnusable, error.Code);
    }

    [Fact]
    public void Text_without_PEM_blocks_has_no_certificates()
    {
        Assert.Empty(PemCertificates.Read("no certificates here"));
    }
}
