using Microsoft.Extensions.Options;
using Signing.Cms.Revocation;
using Signing.Cms.Tsp;
using Signing.Core.Ltv;
using SigningService.Options;

namespace SigningService.Signing;

/// <summary>
/// The TSA client and revocation fetcher for B-T and above, shared by every signature of the process so
/// revocation data is fetched once per certificate and reused until its nextUpdate.
/// </summary>
public sealed class LtvServiceFactory
{
    public LtvServiceFactory(IOptions<Options.LtvOptions> options, IHttpClientFactory http)
    {
        var o = options.Value;
        var client = http.CreateClient("ltv");
        var rewrite = UrlMap.Parse(o.UrlMap);
        var timestamps = string.IsNullOrEmpty(o.TsaUrl)
            ? null
            : new TimestampClient(client, new TimestampClientOptions
            {
                Url = rewrite(new Uri(o.TsaUrl)),
                Username = o.TsaUser,
                Password = o.TsaPasswordEnv is { } variable ? Environment.GetEnvironmentVariable(variable) : null,
            });
        Services = new LtvServices(timestamps, new RevocationFetcher(client, new RevocationFetcherOptions { Rewrite = rewrite }));
    }

    public LtvServices Services { get; }
}
