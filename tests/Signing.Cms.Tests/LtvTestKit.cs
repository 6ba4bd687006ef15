using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using TestSupport;

namespace Signing.Cms.Tests;

/// <summary>
/// Routes HTTP requests for the dev certificates' URLs (…/dev-pki/tsa, /ocsp, /NAME.crl, /NAME.cer) to a
/// real <see cref="DevAuthority"/> in process, so client code runs unchanged without a socket. Counts
/// requests and keeps the last Authorization header.
/// </summary>
internal sealed class DevAuthorityHandler(DevAuthority authority) : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public AuthenticationHeaderValue? LastAuthorization { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        Interlocked.Increment(ref _requests);
        LastAuthorization = request.Headers.Authorization;
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(ct);
        var (bytes, type) = (request.Method.Method, path) switch
        {
            ("POST", "/dev-pki/tsa") => (authority.Timestamp(body), "application/timestamp-reply"),
            ("POST", "/dev-pki/ocsp") => (authority.Ocsp(body), "application/ocsp-response"),
            ("GET", "/dev-pki/issuing-ca.crl") => (authority.Crl("issuing-ca"), "application/pkix-crl"),
            ("GET", "/dev-pki/root-ca.crl") => (authority.Crl("root-ca"), "application/pkix-crl"),
            ("GET", "/dev-pki/issuing-ca.cer") => (authority.CaCertificate("issuing-ca"), "application/pkix-cert"),
            ("GET", "/dev-pki/root-ca.cer") => (authority.CaCertificate("root-ca"), "application/pkix-cert"),
            _ => ((byte[]?)null, ""),
        };
        if (bytes is null)
            return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}

/// <summary>One test's dev services: the fixture's PKI, a revocation state folder of its own, an HTTP client.</summary>
internal sealed class DevServices : IDisposable
{
    private readonly TempDir _state = new();

    public DevServices(DevPkiFixture pki, TimeProvider? clock = null)
    {
        Authority = DevAuthority.Load(pki.Directory, _state.Path, clock);
        Handler = new DevAuthorityHandler(Authority);
        Http = new HttpClient(Handler);
    }

    public static readonly Uri TsaUrl = new("http://localhost:5080/dev-pki/tsa");

    public DevAuthority Authority { get; }

    public DevAuthorityHandler Handler { get; }

    public HttpClient Http { get; }

    public string StateFolder => _state.Path;

    public void Dispose()
    {
        Http.Dispose();
        _state.Dispose();
    }
}

internal static class Ltv
{
    /// <summary>NAME's certificate, the issuing CA and the root, DER, leaf first.</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> ChainOf(DevPkiFixture pki, string name) =>
    [
        PemCertificates.Read(File.ReadAllText(pki.Pki[name].CertFile))[0],
        pki.IssuingDer,
        pki.RootDer,
    ];

    public static byte[] CertificateOf(DevPkiFixture pki, string name) =>
        PemCertificates.Read(File.ReadAllText(pki.Pki[name].CertFile))[0];

    public static int ClosedPort() => TestSupport.LoopbackPorts.Closed();
}

/// <summary>A clock the test moves forward by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
