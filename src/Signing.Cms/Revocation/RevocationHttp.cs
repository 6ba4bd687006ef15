using System.Net;
using System.Net.Http.Headers;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Signing.Abstractions;
using Signing.Cms.Tsp;

namespace Signing.Cms.Revocation;

internal sealed record OcspFetched(byte[] Der, OcspAnswer Answer);

internal sealed record CrlFetched(byte[] Der, X509Crl Crl);

/// <summary>The network side of <see cref="RevocationFetcher"/>: OCSP over HTTP POST (RFC 6960 Appendix A.1), CRL and CA certificate GETs, through the cache.</summary>
internal sealed class RevocationHttp(HttpClient http, RevocationFetcherOptions options, RevocationCache cache)
{
    private static readonly MediaTypeHeaderValue OcspRequestType = new("application/ocsp-request");
    private readonly SecureRandom _random = new();

    /// <summary>Why a fetch gave nothing; <paramref name="Reached"/>: the server answered (the answer was unusable).</summary>
    private sealed class FetchFailure(string problem, bool reached) : Exception(problem)
    {
        public bool Reached { get; } = reached;
    }

    public async Task<(OcspFetched? Fetched, string? Problem, bool Reached)> OcspAsync(Uri url, X509Certificate cert,
        X509Certificate issuer, CancellationToken ct)
    {
        var id = new CertificateID(CertificateID.DigestSha1, issuer, cert.SerialNumber);
        var key = $"ocsp|{Convert.ToHexString(id.GetIssuerNameHash())}|{Convert.ToHexString(id.GetIssuerKeyHash())}|{cert.SerialNumber.ToString(16)}";
        try
        {
            var fetched = await cache.GetOrFetchAsync(key, () => FetchOcspAsync(url, id, cert, issuer), ct).ConfigureAwait(false);
            return (fetched, null, true);
        }
        catch (FetchFailure f)
        {
            return (null, f.Message, f.Reached);
        }
    }

    public async Task<(CrlFetched? Fetched, string? Problem, bool Reached)> CrlAsync(Uri url, CancellationToken ct)
    {
        try
        {
            var fetched = await cache.GetOrFetchAsync("crl|" + url, async () =>
            {
                var der = await GetAsync(url, "application/pkix-crl").ConfigureAwait(false);
                X509Crl crl;
                try
                {
                    crl = CrlEvaluation.Parse(der);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new FetchFailure("the answer is not a DER CRL: " + e.Message, true);
                }

                return (new CrlFetched(der, crl), Utc(crl.NextUpdate));
            }, ct).ConfigureAwait(false);
            return (fetched, null, true);
        }
        catch (FetchFailure f)
        {
            return (null, f.Message, f.Reached);
        }
    }

    /// <summary>The issuer from AIA caIssuers (RFC 5280 §4.2.2.1: a DER certificate over HTTP).</summary>
    public async Task<X509Certificate> DownloadIssuerAsync(X509Certificate cert, CancellationToken ct)
    {
        var problems = new List<string>();
        foreach (var url in Urls.CaIssuers(cert))
        {
            try
            {
                var issuer = await cache.GetOrFetchAsync("cer|" + url, async () =>
                {
                    var der = await GetAsync(url, "application/pkix-cert").ConfigureAwait(false);
                    try
                    {
                        return (CertificateInfo.Parse(der), (DateTimeOffset?)null);
                    }
                    catch (CertificateException e)
                    {
                        throw new FetchFailure(e.Message, true);
                    }
                }, ct).ConfigureAwait(false);
                if (RevocationFetcher.IsIssuerOf(issuer, cert))
                    return issuer;
                problems.Add($"{url}: the certificate there did not issue it");
            }
            catch (FetchFailure f)
            {
                problems.Add($"{url}: {f.Message}");
            }
        }

        throw new SigningException(LtvErrorCodes.RevocationUnavailable,
            $"The issuer of '{CertificateInfo.FormatName(cert.SubjectDN)}' is not in the chain and could not be downloaded"
            + (problems.Count == 0 ? " (no caIssuers URL)." : ": " + string.Join("; ", problems) + "."));
    }

    private async Task<(OcspFetched, DateTimeOffset?)> FetchOcspAsync(Uri url, CertificateID id, X509Certificate cert, X509Certificate issuer)
    {
        var generator = new OcspReqGenerator();
        generator.AddRequest(id);
        byte[]? nonce = null;
        if (options.OcspNonce)
        {
            // RFC 8954 §2.1: 1 to 32 octets; 16 random ones here.
            nonce = new byte[16];
            lock (_random)
                _random.NextBytes(nonce);
            var extension = new X509Extension(false, new DerOctetString(new DerOctetString(nonce)));
            generator.SetRequestExtensions(new X509Extensions(
                new Dictionary<DerObjectIdentifier, X509Extension> { [OcspObjectIdentifiers.PkixOcspNonce] = extension }));
        }

        var request = generator.Generate().GetEncoded();
        var der = await SendAsync(url, () =>
        {
            var content = new ByteArrayContent(request);
            content.Headers.ContentType = OcspRequestType;
            return new HttpRequestMessage(HttpMethod.Post, Rewrite(url)) { Content = content };
        }).ConfigureAwait(false);

        var (answer, error) = OcspEvaluation.Evaluate(der, cert, issuer, [], options.Clock.GetUtcNow().UtcDateTime,
            options.ClockSkew, nonce);
        if (answer is null)
            throw new FetchFailure(error!, true);
        return (new OcspFetched(der, answer), Utc(answer.NextUpdate));
    }

    private Task<byte[]> GetAsync(Uri url, string accept) => SendAsync(url, () =>
    {
        var message = new HttpRequestMessage(HttpMethod.Get, Rewrite(url));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return message;
    });

    /// <summary>One bounded request; every failure is a <see cref="FetchFailure"/> naming what went wrong.</summary>
    private async Task<byte[]> SendAsync(Uri url, Func<HttpRequestMessage> create)
    {
        using var timeout = new CancellationTokenSource(options.Timeout);
        using var message = create();
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new FetchFailure($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", false);
            return await HttpBodies.ReadAsync(response.Content, options.MaxResponseBytes, timeout.Token).ConfigureAwait(false)
                   ?? throw new FetchFailure($"the answer is larger than {options.MaxResponseBytes} bytes", true);
        }
        catch (OperationCanceledException)
        {
            throw new FetchFailure($"no answer within {options.Timeout.TotalSeconds:0.#} s", false);
        }
        catch (HttpRequestException e)
        {
            throw new FetchFailure("unreachable (" + e.Message + ")", false);
        }
    }

    private Uri Rewrite(Uri url) => options.Rewrite?.Invoke(url) ?? url;

    private static DateTimeOffset? Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}

/// <summary>URLs a certificate names for its status and issuer (http only: RFC 5280 §4.2.1.13, §4.2.2.1).</summary>
internal static class Urls
{
    public static IEnumerable<Uri> Ocsp(X509Certificate cert) => Access(cert, AccessDescription.IdADOcsp);

    public static IEnumerable<Uri> CaIssuers(X509Certificate cert) => Access(cert, AccessDescription.IdADCAIssuers);

    public static IEnumerable<Uri> Crl(X509Certificate cert)
    {
        var value = cert.GetExtensionValue(X509Extensions.CrlDistributionPoints);
        if (value is null)
            yield break;
        foreach (var point in CrlDistPoint.GetInstance(value.GetOctets()).GetDistributionPoints())
        {
            if (point.DistributionPointName?.Type != DistributionPointName.FullName || point.CrlIssuer is not null)
                continue;
            foreach (var name in GeneralNames.GetInstance(point.DistributionPointName.Name).GetNames())
            {
                if (Http(name) is { } uri)
                    yield return uri;
            }
        }
    }

    private static IEnumerable<Uri> Access(X509Certificate cert, DerObjectIdentifier method)
    {
        var value = cert.GetExtensionValue(X509Extensions.AuthorityInfoAccess);
        if (value is null)
            yield break;
        foreach (var description in AuthorityInformationAccess.GetInstance(value.GetOctets()).GetAccessDescriptions())
        {
            if (description.AccessMethod.Equals(method) && Http(description.AccessLocation) is { } uri)
                yield return uri;
        }
    }

    private static Uri? Http(GeneralName name) =>
        name.TagNo == GeneralName.UniformResourceIdentifier
        && Uri.TryCreate(name.Name.ToString(), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
            ? uri
            : null;
}
