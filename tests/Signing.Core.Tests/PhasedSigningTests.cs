using Signing.Abstractions;
using Signing.Core.Signing;
using TestSupport;

namespace Signing.Core.Tests;

/// <summary>Prepare, serialise, sign elsewhere, embed later: the approval and remote-token path.</summary>
public sealed class PhasedSigningTests
{
    [Fact]
    public async Task A_prepared_signature_survives_json_and_is_finished_later_into_a_valid_pdf()
    {
        using var temp = new TempDir();
        var input = RepoPaths.RealWorld("shared-mime-info-spec.pdf");
        var signer = Signers.For(DevIdentities.Kadis, KeyBackend.SoftHsm);

        string json;
        using (var source = File.OpenRead(input))
        {
            json = new PdfSigner().Prepare(source, SignerIdentity.Of(signer), SigningHarness.Visible()).ToJson();
        }
        var resumed = PreparedSignature.FromJson(json);
        var value = await PdfSigner.SignAsync(resumed, signer);
        var output = temp.File("out.pdf");
        using (var source = File.OpenRead(input))
        using (var target = File.Create(output))
        {
            PdfSigner.Embed(resumed, value, source, target);
        }

        RealWorldSigningTests.AssertAcceptedByIndependentTools(input, output, 1);
        Assert.DoesNotContain("123456", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Preparing_twice_with_the_same_time_gives_the_same_bytes_to_sign()
    {
        var signer = Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12);
        var request = SigningHarness.Visible() with { SigningTime = SigningHarness.FixedTime, FieldName = "ttd_kadis" };
        using var source = File.OpenRead(RepoPaths.RealWorld("cups-testpage.pdf"));

        var first = new PdfSigner().Prepare(source, SignerIdentity.Of(signer), request);
        var second = new PdfSigner().Prepare(source, SignerIdentity.Of(signer), request);

        Assert.Equal(first.SignedAttributes, second.SignedAttributes);
        Assert.Equal(first.UpdateBytes, second.UpdateBytes);
    }

    [Fact]
    public async Task A_signature_prepared_ahead_is_completed_with_the_key_in_one_call_into_a_valid_pdf()
    {
        // The service prepares an e-seal signature when it accepts the document and completes it in the worker.
        using var temp = new TempDir();
        var input = RepoPaths.RealWorld("cups-testpage.pdf");
        var signer = Signers.For(DevIdentities.Eseal, KeyBackend.SoftHsm);
        var output = temp.File("out.pdf");
        using (var source = File.OpenRead(input))
        {
            var prepared = new PdfSigner().Prepare(source, SignerIdentity.Of(signer), SigningHarness.Visible());
            using var target = File.Create(output);
            var signed = await PdfSigner.CompleteAsync(prepared, source, target, signer);
            Assert.Equal(prepared.SigningTime, signed.SigningTime);
        }

        RealWorldSigningTests.AssertAcceptedByIndependentTools(input, output, 1);
    }

    [Fact]
    public async Task Completing_a_signature_prepared_for_another_certificate_is_refused_before_the_key_signs()
    {
        var kadis = Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12);
        var sekretaris = Signers.For(DevIdentities.Sekretaris, KeyBackend.Pkcs12);
        using var source = File.OpenRead(RepoPaths.RealWorld("cups-default.pdf"));
        var prepared = new PdfSigner().Prepare(source, SignerIdentity.Of(kadis), SigningHarness.Invisible());
        var output = new MemoryStream();

        var error = await Assert.ThrowsAnyAsync<SigningException>(() => PdfSigner.CompleteAsync(prepared, source, output, sekretaris));
        Assert.Equal(ErrorCodes.PreparedStateMismatch, error.Code);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task Finishing_a_prepared_signature_with_another_pdf_is_refused()
    {
        var signer = Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12);
        PreparedSignature prepared;
        using (var source = File.OpenRead(RepoPaths.RealWorld("cups-default.pdf")))
        {
            prepared = new PdfSigner().Prepare(source, SignerIdentity.Of(signer), SigningHarness.Invisible());
        }
        var value = await PdfSigner.SignAsync(prepared, signer);

        using var other = File.OpenRead(RepoPaths.RealWorld("cups-secret-banner.pdf"));
        var error = Assert.ThrowsAny<SigningException>(() => PdfSigner.Embed(prepared, value, other, new MemoryStream()));
        Assert.Equal(ErrorCodes.PreparedStateMismatch, error.Code);
    }

    [Fact]
    public async Task A_signature_value_from_a_key_that_does_not_match_the_certificate_is_refused()
    {
        var kadis = Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12);
        var sekretaris = Signers.For(DevIdentities.Sekretaris, KeyBackend.Pkcs12);
        using var source = File.OpenRead(RepoPaths.RealWorld("cups-default.pdf"));
        var prepared = new PdfSigner().Prepare(source, SignerIdentity.Of(kadis), SigningHarness.Invisible());
        var wrongValue = await PdfSigner.SignAsync(prepared, sekretaris);

        var error = Assert.ThrowsAny<SigningException>(() => PdfSigner.Embed(prepared, wrongValue, source, new MemoryStream()));
        Assert.Equal(ErrorCodes.CertificateKeyMismatch, error.Code);
    }

    [Fact]
    public void An_expired_certificate_is_refused_before_anything_is_prepared()
    {
        var expired = Signers.For(DevIdentities.Expired, KeyBackend.Pkcs12);
        using var source = File.OpenRead(RepoPaths.RealWorld("cups-default.pdf"));

        var error = Assert.ThrowsAny<SigningException>(() =>
            new PdfSigner().Prepare(source, SignerIdentity.Of(expired), SigningHarness.Invisible()));
        Assert.Equal(ErrorCodes.CertificateExpired, error.Code);
    }
}
