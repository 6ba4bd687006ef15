using Signing.Cms;
using Signing.Core.Ltv;
using Signing.Core.Validation;
using TestSupport;

namespace Signing.Core.Tests;

/// <summary>
/// The verification report's conclusion (ETSI TS 119 102-1 indications) and what it says about incremental
/// updates after a signature: LTV data, time-stamps and further signatures are allowed, changed page
/// content is flagged.
/// </summary>
public sealed class ChangesAfterSigningTests(DevServicesFixture dev) : IClassFixture<DevServicesFixture>
{
    private static readonly TrustStore DevTrust = TrustStore.FromPemFiles([RepoPaths.DevRoot]);

    [Fact]
    public async Task A_B_LTA_file_passes_and_its_DSS_and_document_time_stamp_count_as_allowed_changes()
    {
        using var temp = new TempDir();
        var output = temp.File("lta.pdf");
        await LtvSigningTests.SignToFile(RepoPaths.RealWorld("cups-testpage.pdf"), output,
            Signers.For(DevIdentities.Eseal, KeyBackend.Pkcs12), SigningHarness.Visible() with { Level = SignatureLevel.BLTA }, dev.Services.Ltv);

        var report = Validate(output);

        Assert.Equal(Indications.TotalPassed, report.Conclusion);
        var signature = report.Signatures.Single(s => s.Type == "Sig");
        Assert.NotEmpty(signature.ChangesAfter);
        Assert.All(signature.ChangesAfter, c => Assert.True(c.Allowed, c.Description));
        Assert.Contains(signature.ChangesAfter, c => c.Kind == "dss-changed");
        Assert.Contains(signature.ChangesAfter, c => c.Kind == "document-timestamp-added");
    }

    [Fact]
    public void A_second_signature_is_an_allowed_change_for_the_first()
    {
        using var temp = new TempDir();
        var once = temp.File("once.pdf");
        var twice = temp.File("twice.pdf");
        SigningHarness.Sign(RepoPaths.RealWorld("libtasn1-manual.pdf"), once, Signers.For(DevIdentities.Kabid, KeyBackend.Pkcs12), SigningHarness.Invisible());
        SigningHarness.Sign(once, twice, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12), SigningHarness.Visible());

        var report = Validate(twice);

        Assert.Equal(Indications.TotalPassed, report.Conclusion);
        var change = Assert.Single(report.Signatures[0].ChangesAfter);
        Assert.Equal("signature-added", change.Kind);
        Assert.True(change.Allowed);
        Assert.Empty(report.Signatures[1].ChangesAfter);
    }

    [Fact]
    public void Page_content_appended_after_signing_is_flagged_and_the_conclusion_is_indeterminate()
    {
        using var temp = new TempDir();
        var signed = temp.File("signed.pdf");
        var tampered = temp.File("tampered.pdf");
        SigningHarness.Sign(RepoPaths.RealWorld("cups-default.pdf"), signed, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12), SigningHarness.Invisible());
        MuPdfEdits.AppendPageContent(signed, tampered);
        RealWorldSigningTests.AssertOriginalIsPrefix(signed, tampered);

        var report = Validate(tampered);

        var signature = Assert.Single(report.Signatures);
        Assert.True(signature.DigestMatches && signature.SignatureValid, "the signed bytes themselves are untouched");
        var change = Assert.Single(signature.ChangesAfter);
        Assert.Equal("page-content-changed", change.Kind);
        Assert.False(change.Allowed);
        Assert.Equal(Indications.Indeterminate, report.Conclusion);
    }

    [Fact]
    public void A_flipped_byte_fails_totally_and_an_untrusted_root_is_indeterminate()
    {
        using var temp = new TempDir();
        var signed = temp.File("signed.pdf");
        SigningHarness.Sign(RepoPaths.RealWorld("cups-default.pdf"), signed, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12), SigningHarness.Invisible());
        var bytes = File.ReadAllBytes(signed);
        bytes[bytes.Length / 4] ^= 0x01;
        var flipped = temp.File("flipped.pdf");
        File.WriteAllBytes(flipped, bytes);

        Assert.Equal(Indications.TotalFailed, Validate(flipped).Conclusion);
        using var stream = File.OpenRead(signed);
        var untrusted = new PdfSignatureValidator(TrustStore.FromPemFiles([Path.Combine(RepoPaths.CertsDev, "tsa.pem")])).Validate(stream);
        Assert.Equal(Indications.Indeterminate, untrusted.Conclusion);
    }

    [Fact]
    public void A_pdf_signed_by_poppler_passes_with_the_dev_root_trusted_and_is_indeterminate_without_it()
    {
        using var temp = new TempDir();
        var signed = temp.File("poppler.pdf");
        PopplerSigner.Sign(RepoPaths.RealWorld("cups-default.pdf"), signed, "PopplerSignature");

        Assert.Equal(Indications.TotalPassed, Validate(signed).Conclusion);
        using var stream = File.OpenRead(signed);
        var untrusted = new PdfSignatureValidator(TrustStore.FromPemFiles([Path.Combine(RepoPaths.CertsDev, "tsa.pem")])).Validate(stream);
        Assert.Equal(Indications.Indeterminate, untrusted.Conclusion);
    }

    private static ValidationReport Validate(string path)
    {
        using var stream = File.OpenRead(path);
        return new PdfSignatureValidator(DevTrust).Validate(stream);
    }
}
