using Signing.Cms;
using Signing.Core.Validation;
using TestSupport;

namespace Signing.Core.Tests;

public sealed class TamperingTests
{
    [Fact]
    public void Flipping_one_byte_inside_the_signed_range_is_caught_by_pdfsig_and_by_our_validator()
    {
        using var temp = new TempDir();
        var signed = temp.File("signed.pdf");
        SigningHarness.Sign(RepoPaths.RealWorld("cups-form-english.pdf"), signed, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12), SigningHarness.Visible());
        var bytes = File.ReadAllBytes(signed);
        bytes[bytes.Length / 3] ^= 0x01; // inside the first signed range: the original content
        var tampered = temp.File("tampered.pdf");
        File.WriteAllBytes(tampered, bytes);

        var pdfsig = IndependentValidators.Pdfsig(tampered);
        Assert.Single(pdfsig);
        Assert.False(pdfsig[0].SignatureValid, pdfsig[0].Block);

        using var stream = File.OpenRead(tampered);
        var report = new PdfSignatureValidator(TrustStore.FromPemFiles([RepoPaths.DevRoot])).Validate(stream);
        Assert.False(report.AllValid);
        Assert.False(report.Signatures[0].DigestMatches);
    }

    [Fact]
    public void Our_validator_reports_an_untouched_signature_as_valid_trusted_whole_file_and_B_B()
    {
        using var temp = new TempDir();
        var signed = temp.File("signed.pdf");
        SigningHarness.Sign(RepoPaths.RealWorld("r-faq.pdf"), signed, Signers.For(DevIdentities.Kabid, KeyBackend.Pkcs12), SigningHarness.Visible());

        using var stream = File.OpenRead(signed);
        var report = new PdfSignatureValidator(TrustStore.FromPemFiles([RepoPaths.DevRoot])).Validate(stream);

        var signature = Assert.Single(report.Signatures);
        Assert.True(signature.IsValid, string.Join("; ", signature.Problems));
        Assert.True(signature.CoversWholeFile);
        Assert.Equal("B-B", signature.Level);
    }

    [Fact]
    public void A_signature_from_an_untrusted_root_is_intact_but_not_trusted()
    {
        using var temp = new TempDir();
        var signed = temp.File("signed.pdf");
        SigningHarness.Sign(RepoPaths.RealWorld("cups-default.pdf"), signed, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12), SigningHarness.Invisible());

        using var stream = File.OpenRead(signed);
        var someOtherRoot = TrustStore.FromPemFiles([Path.Combine(RepoPaths.CertsDev, "tsa.pem")]);
        var signature = Assert.Single(new PdfSignatureValidator(someOtherRoot).Validate(stream).Signatures);

        Assert.True(signature.DigestMatches && signature.SignatureValid);
        Assert.False(signature.ChainTrusted);
        Assert.False(signature.IsValid);
    }
}
