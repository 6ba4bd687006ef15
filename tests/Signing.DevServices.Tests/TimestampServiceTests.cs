using System.Diagnostics;
using System.Net.Http.Headers;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Cms.Tsp;
using TestSupport;

namespace Signing.DevServices.Tests;

public sealed class TimestampServiceTests
{
    [Fact]
    public async Task An_OpenSSL_query_posted_to_the_TSA_gets_a_reply_OpenSSL_verifies_against_the_query()
    {
        await using var dev = await DevServer.StartAsync();
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("data.bin"), "surat izin usaha"u8.ToArray());
        var query = Tools.OpenSsl("ts", "-query", "-data", dir.File("data.bin"), "-sha256", "-cert", "-out", dir.File("q.tsq"));
        Assert.True(query.ExitCode == 0, query.Output);
        using var http = new HttpClient();
        using var body = new ByteArrayContent(File.ReadAllBytes(dir.File("q.tsq")));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");

        using var response = await http.PostAsync(dev.Server.TsaUrl, body);

        Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
        File.WriteAllBytes(dir.File("resp.tsr"), await response.Content.ReadAsByteArrayAsync());
        var verify = Tools.OpenSsl("ts", "-verify", "-in", dir.File("resp.tsr"), "-queryfile", dir.File("q.tsq"),
            "-CAfile", Tools.CertsDev("root-ca.pem"), "-untrusted", Tools.CertsDev("issuing-ca.pem"));
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("Verification: OK", verify.Output);
    }

    [Fact]
    public async Task Our_client_round_trips_through_Kestrel_and_OpenSSL_accepts_the_token_for_the_data()
    {
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient();
        var client = new TimestampClient(http, new TimestampClientOptions
        {
            Url = dev.Server.TsaUrl,
            Trust = TrustStore.FromPemFiles([Tools.CertsDev("root-ca.pem")]),
        });
        var data = "nomor induk berusaha 1234567890"u8.ToArray();

        var token = await client.RequestAsync(System.Security.Cryptography.SHA256.HashData(data), DigestAlgorithm.Sha256, CancellationToken.None);

        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("token.der"), token.Der);
        File.WriteAllBytes(dir.File("data.bin"), data);
        var verify = Tools.OpenSsl("ts", "-verify", "-token_in", "-in", dir.File("token.der"), "-data", dir.File("data.bin"),
            "-CAfile", Tools.CertsDev("root-ca.pem"), "-untrusted", Tools.CertsDev("issuing-ca.pem"));
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Equal(DevAuthority.TsaPolicyOid, token.PolicyOid);
    }

    [Fact]
    public async Task A_TSA_on_a_closed_port_is_tsa_unavailable_quickly()
    {
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{Tools.ClosedPort()}/dev-pki/tsa");
        var client = new TimestampClient(http, new TimestampClientOptions { Url = url, Timeout = TimeSpan.FromSeconds(3) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SigningException>(() => client.RequestAsync(new byte[32], DigestAlgorithm.Sha256, CancellationToken.None));

        Assert.Equal(LtvErrorCodes.TsaUnavailable, error.Code);
        Assert.Contains(url.ToString(), error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_TSA_answering_garbage_is_tsa_response_invalid_naming_the_URL()
    {
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient();
        var url = dev.Url("junk");
        var client = new TimestampClient(http, new TimestampClientOptions { Url = url });

        var error = await Assert.ThrowsAsync<SigningException>(() => client.RequestAsync(new byte[32], DigestAlgorithm.Sha256, CancellationToken.None));

        Assert.Equal(LtvErrorCodes.TsaResponseInvalid, error.Code);
        Assert.Contains(url.ToString(), error.Message);
        Assert.Contains("TimeStampResp", error.Message);
    }

    [Fact]
    public async Task A_TSA_answering_HTTP_500_is_tsa_unavailable_with_the_status()
    {
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient();
        var client = new TimestampClient(http, new TimestampClientOptions { Url = dev.Url("broken") });

        var error = await Assert.ThrowsAsync<SigningException>(() => client.RequestAsync(new byte[32], DigestAlgorithm.Sha256, CancellationToken.None));

        Assert.Equal(LtvErrorCodes.TsaUnavailable, error.Code);
        Assert.Contains("HTTP 500", error.Message);
    }

    [Fact]
    public async Task A_token_over_a_different_digest_than_requested_is_tsa_response_invalid()
    {
        // The TSA at /dev-pki/tsa is honest; a reverse proxy that swaps the body is not.
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient(new SwappingHandler());
        var client = new TimestampClient(http, new TimestampClientOptions { Url = dev.Server.TsaUrl });

        var error = await Assert.ThrowsAsync<SigningException>(() => client.RequestAsync(new byte[32], DigestAlgorithm.Sha256, CancellationToken.None));

        Assert.Equal(LtvErrorCodes.TsaResponseInvalid, error.Code);
        Assert.Contains("message imprint", error.Message);
    }

    /// <summary>Forwards to Kestrel a TimeStampReq for a different digest (same nonce), as a tampering proxy would.</summary>
    private sealed class SwappingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var original = new Org.BouncyCastle.Tsp.TimeStampRequest(await request.Content!.ReadAsByteArrayAsync(ct));
            var generator = new Org.BouncyCastle.Tsp.TimeStampRequestGenerator();
            generator.SetCertReq(true);
            var other = generator.Generate(Org.BouncyCastle.Tsp.TspAlgorithms.Sha256, Enumerable.Repeat((byte)1, 32).ToArray(), original.Nonce);
            request.Content = new ByteArrayContent(other.GetEncoded());
            return await base.SendAsync(request, ct);
        }
    }
}
