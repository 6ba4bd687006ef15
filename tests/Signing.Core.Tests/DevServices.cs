using Signing.Cms;
using Signing.Cms.Revocation;
using Signing.Cms.Tsp;
using Signing.Core.Ltv;
using Signing.DevServices;
using TestSupport;

namespace Signing.Core.Tests;

/// <summary>
/// The dev TSA, OCSP responder and CRLs on a free loopback port, with a private revocation state, and
/// the LTV services pointed at them (the dev certificates name http://localhost:5080; URLs are rewritten).
/// </summary>
public sealed class DevServices : IAsyncDisposable
{
    private readonly TempDir _state;
    private readonly HttpClient _http = new();

    private DevServices(TempDir state, DevAuthority authority, DevPkiServer server)
    {
        _state = state;
        Authority = authority;
        Server = server;
        Revocation = new RevocationFetcher(_http, new RevocationFetcherOptions { Rewrite = server.Rewrite });
        Ltv = new LtvServices(new TimestampClient(_http, new TimestampClientOptions { Url = server.TsaUrl }), Revocation);
    }

    public DevAuthority Authority { get; }
    public DevPkiServer Server { get; }
    public RevocationFetcher Revocation { get; }
    public LtvServices Ltv { get; }

    /// <summary>Services whose TSA is at <paramref name="tsaUrl"/> instead (a dead port, a garbage endpoint).</summary>
    public LtvServices WithTsa(Uri tsaUrl) =>
        new(new TimestampClient(_http, new TimestampClientOptions { Url = tsaUrl, Timeout = TimeSpan.FromSeconds(3) }), Revocation);

    public static async Task<DevServices> StartAsync()
    {
        var state = new TempDir();
        var authority = DevAuthority.Load(RepoPaths.CertsDev, state.Path);
        var server = await DevPkiServer.StartAsync(authority);
        return new DevServices(state, authority, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _http.Dispose();
        _state.Dispose();
    }
}

/// <summary>One set of dev services shared by a test class.</summary>
public sealed class DevServicesFixture : IAsyncLifetime
{
    public DevServices Services { get; private set; } = null!;

    public async Task InitializeAsync() => Services = await DevServices.StartAsync();

    public async Task DisposeAsync() => await Services.DisposeAsync();
}
