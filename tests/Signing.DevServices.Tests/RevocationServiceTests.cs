using Org.BouncyCastle.Ocsp;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Cms.Revocation;
using TestSupport;

namespace Signing.DevServices.Tests;

public sealed class RevocationServiceTests
{
    [Fact]
    public async Task Kadis_is_good_over_HTTP_and_the_revoked_identity_turns_revoked_once_the_dev_CA_revokes_it()
    {
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient();
        RevocationFetcher Fetcher() => new(http, new RevocationFetcherOptions { Rewrite = dev.Server.Rewrite });

        var kadis = await Fetcher().EnsureNotRevokedAsync(Tools.ChainOf("kadis"), CancellationToken.None);
        var before = await Fetcher().EnsureNotRevokedAsync(Tools.ChainOf("revoked"), CancellationToken.None);
        var revocation = dev.Authority.Revoke("revoked", RevocationReason.KeyCompromise);
        var error = await Assert.ThrowsAsync<CertificateException>(
            () => Fetcher().EnsureNotRevokedAsync(Tools.ChainOf("revoked"), CancellationToken.None));

        Assert.Equal(RevocationStatus.Good, kadis.StatusOf(Tools.SerialHex("kadis"))!.Status);
        Assert.Equal(RevocationStatus.Good, before.StatusOf(Tools.SerialHex("revoked"))!.Status);
        Assert.Equal(ErrorCodes.CertificateRevoked, error.Code);
        Assert.Contains($"revoked on {revocation.RevokedAt:yyyy-MM-dd HH:mm:ss} UTC (key compromise)", error.Message);
    }

    [Fact]
    public async Task OpenSSL_asks_the_responder_over_HTTP_and_reads_revoked_with_the_reason_and_a_verified_nonce()
    {
        await using var dev = await DevServer.StartAsync();
        dev.Authority.Revoke("revoked", RevocationReason.KeyCompromise);
        string Ask(string name) => Tools.OpenSsl("ocsp", "-issuer", Tools.CertsDev("issuing-ca.pem"), "-cert", Tools.CertsDev(name + ".pem"),
            "-url", dev.Url("dev-pki/ocsp").ToString(), "-CAfile", Tools.CertsDev("root-ca.pem"), "-resp_text").Output;

        var revoked = Ask("revoked");
        var kadis = Ask("kadis");

        Assert.Contains("Response verify OK", revoked);
        Assert.Contains("revoked.pem: revoked", revoked);
        Assert.Contains("Reason: keyCompromise", revoked);
        Assert.Contains("OCSP Nonce", revoked);
        Assert.DoesNotContain("Nonce Verify error", revoked);
        Assert.Contains("kadis.pem: good", kadis);
    }

    [Fact]
    public async Task The_GET_form_of_RFC_6960_Appendix_A_answers_like_the_POST_form()
    {
        await using var dev = await DevServer.StartAsync();
        var parser = new Org.BouncyCastle.X509.X509CertificateParser();
        var issuing = parser.ReadCertificate(Tools.Certificate("issuing-ca"));
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuing, parser.ReadCertificate(Tools.Certificate("sekretaris")).SerialNumber));
        var encoded = Uri.EscapeDataString(Convert.ToBase64String(generator.Generate().GetEncoded()));
        using var http = new HttpClient();

        using var response = await http.GetAsync(dev.Url("dev-pki/ocsp/" + encoded));

        Assert.Equal("application/ocsp-response", response.Content.Headers.ContentType?.MediaType);
        var basic = (BasicOcspResp)new OcspResp(await response.Content.ReadAsByteArrayAsync()).GetResponseObject();
        Assert.Null(basic.Responses.Single().GetCertStatus()); // null is "good" (RFC 6960 §2.2)
    }

    [Fact]
    public async Task The_issuing_CA_CRL_lists_the_revoked_serial_and_OpenSSL_verifies_it()
    {
        await using var dev = await DevServer.StartAsync();
        dev.Authority.Revoke("revoked", RevocationReason.Superseded);
        using var http = new HttpClient();
        using var dir = new TempDir();

        using var response = await http.GetAsync(dev.Url("dev-pki/issuing-ca.crl"));
        File.WriteAllBytes(dir.File("issuing.crl"), await response.Content.ReadAsByteArrayAsync());

        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        var crl = Tools.OpenSsl("crl", "-inform", "DER", "-in", dir.File("issuing.crl"), "-CAfile", Tools.CertsDev("issuing-ca.pem"),
            "-verify", "-noout", "-text");
        Assert.True(crl.ExitCode == 0, crl.Output);
        Assert.Contains("verify OK", crl.Output);
        Assert.Contains($"Serial Number: {Tools.SerialHex("revoked")}", crl.Output);
        Assert.Contains("Superseded", crl.Output);
    }

    [Theory]
    [InlineData("issuing-ca")]
    [InlineData("root-ca")]
    public async Task The_CA_certificates_are_served_as_DER_at_their_caIssuers_URLs(string ca)
    {
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(dev.Url($"dev-pki/{ca}.cer"));

        Assert.Equal("application/pkix-cert", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Tools.Certificate(ca), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Two_hundred_fetches_for_one_official_make_one_network_call_per_certificate()
    {
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient();
        var fetcher = new RevocationFetcher(http, new RevocationFetcherOptions { Rewrite = dev.Server.Rewrite });
        var chain = Tools.ChainOf("kadis");

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => fetcher.FetchAsync(chain, CancellationToken.None)));

        // kadis: one OCSP POST; the issuing CA (no OCSP in its AIA): one GET of the root CRL.
        Assert.Equal(2, dev.Requests);
        Assert.Equal(2, fetcher.Cache.Fetches);
        Assert.Equal(2 * 200 - 2, fetcher.Cache.CacheHits);
        Assert.All(results, r => Assert.Equal(2, r.Statuses.Count));
    }

    [Fact]
    public async Task An_unreachable_OCSP_responder_falls_back_to_the_CRL()
    {
        await using var dev = await DevServer.StartAsync();
        var closed = Tools.ClosedPort();
        using var http = new HttpClient();
        var fetcher = new RevocationFetcher(http, new RevocationFetcherOptions
        {
            Timeout = TimeSpan.FromSeconds(2),
            Rewrite = url => url.AbsolutePath.EndsWith("/ocsp", StringComparison.Ordinal)
                ? new UriBuilder(url) { Host = "127.0.0.1", Port = closed }.Uri
                : dev.Server.Rewrite(url),
        });

        var data = await fetcher.FetchAsync(Tools.ChainOf("kabid"), CancellationToken.None);

        var kabid = data.StatusOf(Tools.SerialHex("kabid"))!;
        Assert.Equal(RevocationStatus.Good, kabid.Status);
        Assert.Equal(RevocationSource.Crl, kabid.Source);
        Assert.Equal("http://localhost:5080/dev-pki/issuing-ca.crl", kabid.SourceUrl);
        Assert.Empty(data.OcspResponses);
        Assert.Equal(2, data.Crls.Count);
    }

    [Fact]
    public async Task A_responder_and_CRL_answering_garbage_are_revocation_response_invalid()
    {
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient();
        var fetcher = new RevocationFetcher(http, new RevocationFetcherOptions
        {
            // Every OCSP and CRL URL of the certificates lands on the /junk endpoint.
            Rewrite = _ => dev.Url("junk"),
        });

        var error = await Assert.ThrowsAsync<SigningException>(() => fetcher.FetchAsync(Tools.ChainOf("kadis"), CancellationToken.None));

        Assert.Equal(LtvErrorCodes.RevocationResponseInvalid, error.Code);
        Assert.Contains("http://localhost:5080/dev-pki/ocsp", error.Message);
        Assert.Contains("not a readable OCSP response", error.Message);
        Assert.Contains("http://localhost:5080/dev-pki/issuing-ca.crl: the answer is not a DER CRL", error.Message);
    }
}
