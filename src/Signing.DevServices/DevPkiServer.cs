using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Signing.Cms;

namespace Signing.DevServices;

/// <summary>
/// A running Kestrel serving only the dev PKI endpoints — what `signing-cli dev-pki serve --port N`
/// and tests start. DEV ONLY.
/// </summary>
public sealed class DevPkiServer : IAsyncDisposable
{
    /// <summary>Scheme and authority of the URLs in the dev certificates (DevPkiOptions.BaseUrl).</summary>
    public static readonly Uri CertificateBase = new("http://localhost:5080/");

    private readonly WebApplication _app;

    private DevPkiServer(WebApplication app, Uri baseAddress, string prefix)
    {
        _app = app;
        BaseAddress = baseAddress;
        DevPkiUrl = new Uri(baseAddress, prefix.Trim('/') + "/");
    }

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The endpoints' base, e.g. http://127.0.0.1:41234/dev-pki/ (append "tsa", "ocsp", "issuing-ca.crl"…).</summary>
    public Uri DevPkiUrl { get; }

    /// <summary>The TSA endpoint.</summary>
    public Uri TsaUrl => new(DevPkiUrl, "tsa");

    /// <summary>
    /// Starts Kestrel on <paramref name="url"/> (port 0 picks a free port; the bound one is in
    /// <see cref="BaseAddress"/>). <paramref name="configure"/> may map more endpoints before start.
    /// </summary>
    public static async Task<DevPkiServer> StartAsync(DevAuthority authority, string url = "http://127.0.0.1:0",
        string prefix = DevPkiEndpoints.DefaultPrefix, Action<WebApplication>? configure = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add(url);
        app.MapDevPkiEndpoints(authority, prefix);
        configure?.Invoke(app);
        await app.StartAsync(ct).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                    ?? throw new InvalidOperationException("Kestrel reported no bound address.");
        return new DevPkiServer(app, new Uri(bound.TrimEnd('/') + "/"), prefix);
    }

    /// <summary>
    /// Maps a URL from a dev certificate (http://localhost:5080/…) to this server; other URLs are left
    /// alone. Pass as RevocationFetcherOptions.Rewrite.
    /// </summary>
    public Uri Rewrite(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!string.Equals(url.Authority, CertificateBase.Authority, StringComparison.OrdinalIgnoreCase))
            return url;
        return new UriBuilder(url) { Scheme = BaseAddress.Scheme, Host = BaseAddress.Host, Port = BaseAddress.Port }.Uri;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
