using Signing.Abstractions;
using Signing.Cms;
using Signing.Cms.Revocation;
using Signing.Core.Ltv;
using Signing.Core.Signing;
using Signing.Core.Validation;
using TestSupport;

namespace Signing.Core.Tests;

/// <summary>Revoked certificates and unreachable or broken services: a clear error and nothing written.</summary>
public sealed class LtvFailureTests
{
    [Fact]
    public async Task A_revoked_certificate_is_refused_at_signing_time_and_nothing_is_written()
    {
        await using var dev = await DevServices.StartAsync();
        dev.Authority.Revoke("revoked");
        var output = new MemoryStream();

        var error = await Assert.ThrowsAnyAsync<SigningException>(() => new PdfSigner().SignAsync(
            File.OpenRead(RepoPaths.RealWorld("cups-default.pdf")), output, Signers.For(new DevIdentity("revoked", KeyAlgorithm.Rsa), KeyBackend.Pkcs12),
            SigningHarness.Invisible() with { Level = SignatureLevel.BLT }, dev.Ltv));

        Assert.Equal(ErrorCodes.CertificateRevoked, error.Code);
        Assert.Contains("revoked", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task A_signer_revoked_after_signing_is_reported_by_an_online_check_and_not_by_the_embedded_data()
    {
        await using var dev = await DevServices.StartAsync();
        using var temp = new TempDir();
        var output = temp.File("signed.pdf");
        await LtvSigningTests.SignToFile(RepoPaths.RealWorld("cups-default.pdf"), output,
            Signers.For(new DevIdentity("revoked", KeyAlgorithm.Rsa), KeyBackend.Pkcs12),
            SigningHarness.Invisible() with { Level = SignatureLevel.BLTA }, dev.Ltv);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // revocation strictly after the signature time-stamp
        dev.Authority.Revoke("revoked");
        var trust = TrustStore.FromPemFiles([RepoPaths.DevRoot]);

        await using var stream = File.OpenRead(output);
        var offline = (await new PdfSignatureValidator(trust).ValidateAsync(stream)).Signatures.Single(s => s.Type == "Sig");
        using var http = new HttpClient();
        var fresh = new RevocationFetcher(http, new RevocationFetcherOptions { Rewrite = dev.Server.Rewrite });
        var online = (await new PdfSignatureValidator(trust, online: fresh).ValidateAsync(stream)).Signatures.Single(s => s.Type == "Sig");

        Assert.All(offline.Revocation, line => Assert.Contains(": good [embedded]", line));
        Assert.Contains(online.Revocation, line => line.Contains("revoked on", StringComparison.Ordinal) && line.Contains("[online]", StringComparison.Ordinal));
        Assert.False(online.RevokedBeforeSigning); // the time-stamp proves the signature came first
    }

    [Fact]
    public async Task An_unreachable_tsa_is_a_clear_error_and_nothing_is_written()
    {
        await using var dev = await DevServices.StartAsync();
        var output = new MemoryStream();

        var error = await Assert.ThrowsAnyAsync<SigningException>(() => new PdfSigner().SignAsync(
            File.OpenRead(RepoPaths.RealWorld("cups-default.pdf")), output, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12),
            SigningHarness.Invisible() with { Level = SignatureLevel.BT }, dev.WithTsa(new Uri("http://127.0.0.1:9/tsa"))));

        Assert.Equal("tsa-unavailable", error.Code);
        Assert.Contains("127.0.0.1:9", error.Message);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task A_tsa_answering_garbage_is_a_clear_error_and_nothing_is_written()
    {
        await using var dev = await DevServices.StartAsync();
        var output = new MemoryStream();
        // The OCSP responder answers a time-stamp query with something that is not a time-stamp response.
        var notATsa = new Uri(dev.Server.DevPkiUrl, "ocsp");

        var error = await Assert.ThrowsAnyAsync<SigningException>(() => new PdfSigner().SignAsync(
            File.OpenRead(RepoPaths.RealWorld("cups-default.pdf")), output, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12),
            SigningHarness.Invisible() with { Level = SignatureLevel.BT }, dev.WithTsa(notATsa)));

        Assert.Contains(error.Code, new[] { "tsa-response-invalid", "tsa-unavailable" });
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task An_unreachable_ocsp_and_crl_server_is_a_clear_error_before_anything_is_signed()
    {
        await using var dev = await DevServices.StartAsync();
        using var http = new HttpClient();
        var deadRevocation = new RevocationFetcher(http, new RevocationFetcherOptions
        {
            Rewrite = u => new UriBuilder(u) { Host = "127.0.0.1", Port = 9 }.Uri,
            Timeout = TimeSpan.FromSeconds(3),
        });
        var output = new MemoryStream();

        var error = await Assert.ThrowsAnyAsync<SigningException>(() => new PdfSigner().SignAsync(
            File.OpenRead(RepoPaths.RealWorld("cups-default.pdf")), output, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12),
            SigningHarness.Invisible() with { Level = SignatureLevel.BLT }, new LtvServices(dev.Ltv.Timestamps, deadRevocation)));

        Assert.Equal("revocation-unavailable", error.Code);
        Assert.Equal(0, output.Length);
    }
}
