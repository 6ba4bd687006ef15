using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Signing.Abstractions;
using Signing.Cms.Tsp;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class TimestampClientTests(DevPkiFixture pki)
{
    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha384)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task A_granted_token_time_stamps_exactly_the_digest_sent_and_names_the_dev_TSA(DigestAlgorithm digest)
    {
        using var services = new DevServices(pki);
        var client = new TimestampClient(services.Http, new TimestampClientOptions { Url = DevServices.TsaUrl });
        var data = TestSignatures.Content(3000, seed: 7);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var token = await client.RequestAsync(TestSignatures.Digest(digest, data), digest, CancellationToken.None);

        Assert.Equal(digest, token.ImprintDigest);
        Assert.Equal(TestSignatures.Digest(digest, data), token.MessageImprint);
        Assert.Equal(DevAuthority.TsaPolicyOid, token.PolicyOid);
        Assert.Equal(Ltv.CertificateOf(pki, "tsa"), token.TsaCertificate);
        Assert.InRange(token.GenTime, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.NotNull(token.NonceHex);
        var validation = token.ValidateData(data, pki.Trust);
        Assert.True(validation.IsValid, validation.Error);
        Assert.Equal(["CN=SigningService DEV TSA", "CN=SigningService DEV Issuing CA - NOT FOR PRODUCTION", "CN=SigningService DEV Root CA - NOT FOR PRODUCTION"],
            validation.Chain.Select(s => s.Split(',')[0]));
    }

    [Fact]
    public async Task OpenSSL_accepts_the_token_for_the_data_it_time_stamps()
    {
        using var services = new DevServices(pki);
        var client = new TimestampClient(services.Http, new TimestampClientOptions { Url = DevServices.TsaUrl });
        var data = TestSignatures.Content(5000, seed: 11);
        var token = await client.RequestAsync(TestSignatures.Digest(DigestAlgorithm.Sha256, data), DigestAlgorithm.Sha256, CancellationToken.None);

        using var files = new OpenSsl.TempFiles();
        var (exit, output) = OpenSsl.Run("ts", "-verify", "-token_in", "-in", files.Write("token.der", token.Der),
            "-data", files.Write("data.bin", data), "-CAfile", pki.Pki.RootCertificateFile, "-untrusted", pki.Pki.IssuingCertificateFile);
        var otherData = OpenSsl.Run("ts", "-verify", "-token_in", "-in", files.PathOf("token.der"),
            "-data", files.Write("other.bin", TestSignatures.Content(5000, seed: 12)), "-CAfile", pki.Pki.RootCertificateFile,
            "-untrusted", pki.Pki.IssuingCertificateFile);

        Assert.True(exit == 0, output);
        Assert.Contains("Verification: OK", output);
        Assert.NotEqual(0, otherData.ExitCode);
    }

    [Fact]
    public async Task Every_token_gets_a_larger_serial_and_a_fresh_nonce()
    {
        using var services = new DevServices(pki);
        var client = new TimestampClient(services.Http, new TimestampClientOptions { Url = DevServices.TsaUrl });
        var digest = TestSignatures.Digest(DigestAlgorithm.Sha256, [1, 2, 3]);

        var first = await client.RequestAsync(digest, DigestAlgorithm.Sha256, CancellationToken.None);
        var second = await client.RequestAsync(digest, DigestAlgorithm.Sha256, CancellationToken.None);

        Assert.True(Serial(second) > Serial(first), $"{second.SerialHex} after {first.SerialHex}");
        Assert.NotEqual(first.NonceHex, second.NonceHex);
    }

    [Fact]
    public async Task Without_certReq_the_token_carries_no_certificate_and_validates_only_with_the_TSA_certificate_supplied()
    {
        using var services = new DevServices(pki);
        var digest = TestSignatures.Digest(DigestAlgorithm.Sha256, [5, 5]);
        var bare = new TimestampClient(services.Http, new TimestampClientOptions { Url = DevServices.TsaUrl, CertReq = false });
        var supplied = new TimestampClient(services.Http, new TimestampClientOptions
        {
            Url = DevServices.TsaUrl, CertReq = false, TsaCertificates = [Ltv.CertificateOf(pki, "tsa")],
        });

        var error = await Assert.ThrowsAsync<SigningException>(() => bare.RequestAsync(digest, DigestAlgorithm.Sha256, CancellationToken.None));
        var token = await supplied.RequestAsync(digest, DigestAlgorithm.Sha256, CancellationToken.None);

        Assert.Equal(LtvErrorCodes.TsaResponseInvalid, error.Code);
        Assert.Contains("TSA certificate is neither in the token", error.Message);
        Assert.Null(token.TsaCertificate);
        Assert.Empty(token.Certificates);
    }

    [Fact]
    public async Task Credentials_travel_as_HTTP_basic_authentication()
    {
        using var services = new DevServices(pki);
        var client = new TimestampClient(services.Http,
            new TimestampClientOptions { Url = DevServices.TsaUrl, Username = "pemda", Password = "rahasia:123" });

        await client.RequestAsync(new byte[32], DigestAlgorithm.Sha256, CancellationToken.None);

        Assert.Equal("Basic", services.Handler.LastAuthorization?.Scheme);
        Assert.Equal("pemda:rahasia:123",
            System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(services.Handler.LastAuthorization!.Parameter!)));
    }

    [Fact]
    public async Task A_digest_of_the_wrong_length_is_refused_before_anything_is_sent()
    {
        using var services = new DevServices(pki);
        var client = new TimestampClient(services.Http, new TimestampClientOptions { Url = DevServices.TsaUrl });

        await Assert.ThrowsAsync<ArgumentException>(() => client.RequestAsync(new byte[20], DigestAlgorithm.Sha256, CancellationToken.None));
        Assert.Equal(0, services.Handler.Requests);
    }

    [Fact]
    public async Task A_closed_port_is_tsa_unavailable_and_the_message_names_the_URL()
    {
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{Ltv.ClosedPort()}/tsa");
        var client = new TimestampClient(http, new TimestampClientOptions { Url = url });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SigningException>(() => client.RequestAsync(new byte[32], DigestAlgorithm.Sha256, CancellationToken.None));

        Assert.Equal(LtvErrorCodes.TsaUnavailable, error.Code);
        Assert.Contains(url.ToString(), error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_TSA_that_accepts_the_connection_but_never_answers_times_out_as_tsa_unavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/tsa");
        using var http = new HttpClient();
        var client = new TimestampClient(http, new TimestampClientOptions { Url = url, Timeout = TimeSpan.FromMilliseconds(600) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SigningException>(() => client.RequestAsync(new byte[32], DigestAlgorithm.Sha256, CancellationToken.None));

        Assert.Equal(LtvErrorCodes.TsaUnavailable, error.Code);
        Assert.Contains("did not answer within 0.6 s", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_an_unavailable_TSA()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/tsa");
        using var http = new HttpClient();
        var client = new TimestampClient(http, new TimestampClientOptions { Url = url });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.RequestAsync(new byte[32], DigestAlgorithm.Sha256, cts.Token));
    }

    private static System.Numerics.BigInteger Serial(TimestampToken token) =>
        System.Numerics.BigInteger.Parse("0" + token.SerialHex, System.Globalization.NumberStyles.HexNumber);
}
