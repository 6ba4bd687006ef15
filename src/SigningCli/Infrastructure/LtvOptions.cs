using System.CommandLine;
using Signing.Cms;
using Signing.Cms.Revocation;
using Signing.Cms.Tsp;
using Signing.Core.Ltv;

namespace SigningCli.Infrastructure;

/// <summary>Time-stamping and revocation settings for B-T, B-LT and B-LTA.</summary>
internal sealed class LtvOptions
{
    public Option<string> Level { get; } = new("--level") { Description = "PAdES level: B-B, B-T, B-LT or B-LTA", DefaultValueFactory = _ => "B-B" };
    public Option<string?> Tsa { get; } = new("--tsa") { Description = "RFC 3161 time-stamping authority URL" };
    public Option<string?> TsaUser { get; } = new("--tsa-user") { Description = "TSA basic-auth user" };
    public Option<string?> TsaPasswordEnv { get; } = new("--tsa-password-env") { Description = "Environment variable holding the TSA password" };
    public Option<FileInfo[]> TsaTrust { get; } = new("--tsa-trust") { Description = "Trusted root(s) for the TSA certificate (PEM)", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> UrlMap { get; } = new("--url-map") { Description = "FROM=TO: fetch OCSP/CRL/CA URLs starting with FROM from TO instead (a local mirror)", AllowMultipleArgumentsPerToken = true };
    public Option<int> TimeoutSeconds { get; } = new("--net-timeout") { Description = "Seconds to wait for the TSA, OCSP or CRL servers", DefaultValueFactory = _ => 10 };

    public void AddTo(Command command, bool withLevel = true)
    {
        if (withLevel)
        {
            command.Options.Add(Level);
        }
        foreach (var option in new Option[] { Tsa, TsaUser, TsaPasswordEnv, TsaTrust, UrlMap, TimeoutSeconds })
        {
            command.Options.Add(option);
        }
    }

    public SignatureLevel ParseLevel(ParseResult parse) => SignatureLevels.Parse(parse.GetValue(Level)!);

    public LtvServices Create(ParseResult parse, HttpClient http)
    {
        var timeout = TimeSpan.FromSeconds(parse.GetValue(TimeoutSeconds));
        var rewrite = Signing.Cms.Revocation.UrlMap.Parse(parse.GetValue(UrlMap) ?? []);
        TimestampClient? tsa = null;
        if (parse.GetValue(Tsa) is { } url)
        {
            var trust = parse.GetValue(TsaTrust) is { Length: > 0 } roots ? TrustStore.FromPemFiles(roots.Select(r => r.FullName)) : null;
            var password = parse.GetValue(TsaPasswordEnv) is { } env ? Environment.GetEnvironmentVariable(env) : null;
            tsa = new TimestampClient(http, new TimestampClientOptions
            {
                Url = rewrite(new Uri(url)),
                Username = parse.GetValue(TsaUser),
                Password = password,
                Timeout = timeout,
                Trust = trust,
            });
        }
        var revocation = new RevocationFetcher(http, new RevocationFetcherOptions { Timeout = timeout, Rewrite = rewrite });
        return new LtvServices(tsa, revocation);
    }
}
