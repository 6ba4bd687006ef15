using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Signing.Abstractions;

namespace Signing.Cms.Tsp;

/// <summary>Where and how to ask a TSA for tokens.</summary>
public sealed record TimestampClientOptions
{
    /// <summary>The TSA's HTTP(S) URL (RFC 3161 §3.4).</summary>
    public required Uri Url { get; init; }

    /// <summary>HTTP basic authentication (RFC 7617), when the TSA wants it.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Upper bound of one request, connection included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Ask the TSA to include its certificate in the token (RFC 3161 §2.4.1 certReq).</summary>
    public bool CertReq { get; init; } = true;

    /// <summary>Optional TSA policy to request (RFC 3161 §2.4.1 reqPolicy).</summary>
    public string? PolicyOid { get; init; }

    /// <summary>The TSA certificate (and chain), DER, for a TSA that omits it: needed when <see cref="CertReq"/> is false.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? TsaCertificates { get; init; }

    /// <summary>When set, the TSA certificate must chain to these anchors at genTime.</summary>
    public TrustStore? Trust { get; init; }

    /// <summary>Largest reply accepted; a token with a chain is a few KiB.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;
}

/// <summary>
/// RFC 3161 client over HTTP (§3.4): POSTs a TimeStampReq (application/timestamp-query) with a random
/// nonce and checks the TimeStampResp before handing back the token: status granted (§2.4.2), nonce
/// echoed, message imprint equal to ours, token signature valid, TSA certificate with EKU
/// timeStamping, critical (§2.3). Thread-safe; share one per TSA.
/// </summary>
public sealed class TimestampClient(HttpClient http, TimestampClientOptions options)
{
    private static readonly MediaTypeHeaderValue QueryType = new("application/timestamp-query");

    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));
    private readonly TimestampClientOptions _options = Checked(options);
    private readonly SecureRandom _random = new();

    /// <summary>
    /// Time-stamps <paramref name="dataDigest"/> (the hash of the data, computed with <paramref name="digest"/>).
    /// Network failures, timeouts and HTTP errors are <see cref="SigningException"/>
    /// <see cref="LtvErrorCodes.TsaUnavailable"/>; anything wrong with the answer is
    /// <see cref="LtvErrorCodes.TsaResponseInvalid"/>. Both name the URL. Cancellation through
    /// <paramref name="ct"/> is an <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<TimestampToken> RequestAsync(ReadOnlyMemory<byte> dataDigest, DigestAlgorithm digest, CancellationToken ct)
    {
        var expected = CryptoDefaults.DigestLength(digest);
        if (dataDigest.Length != expected)
            throw new ArgumentException($"A {digest} digest is {expected} bytes, got {dataDigest.Length}.", nameof(dataDigest));

        var generator = new TimeStampRequestGenerator();
        generator.SetCertReq(_options.CertReq);
        if (_options.PolicyOid is { } policy)
            generator.SetReqPolicy(new DerObjectIdentifier(policy));
        BigInteger nonce;
        lock (_random)
            nonce = new BigInteger(64, _random).SetBit(63);
        var request = generator.Generate(CmsAlgorithms.DigestOid(digest), dataDigest.ToArray(), nonce);

        var body = await PostAsync(request.GetEncoded(), ct).ConfigureAwait(false);
        return Check(request, body);
    }

    private async Task<byte[]> PostAsync(byte[] query, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        using var content = new ByteArrayContent(query);
        content.Headers.ContentType = QueryType;
        using var message = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = content };
        if (_options.Username is { } user)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_options.Password}"));
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }

        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
                throw Unavailable($"answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            return await HttpBodies.ReadAsync(response.Content, _options.MaxResponseBytes, timeout.Token).ConfigureAwait(false)
                ?? throw Invalid($"sent more than {_options.MaxResponseBytes} bytes");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw Unavailable($"did not answer within {_options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            throw Unavailable($"could not be reached ({e.Message})", e);
        }
    }

    private TimestampToken Check(TimeStampRequest request, byte[] body)
    {
        TimeStampResponse response;
        try
        {
            response = new TimeStampResponse(body);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Invalid("did not send a TimeStampResp (RFC 3161 §2.4.2)", e);
        }

        // PKIStatus (RFC 3161 §2.4.2): granted (0) and grantedWithMods (1) carry a token; waiting (3) is transient.
        var status = response.Status;
        if (status == (int)PkiStatus.Waiting)
            throw Unavailable("asked us to wait (PKIStatus waiting)");
        if (status is not ((int)PkiStatus.Granted or (int)PkiStatus.GrantedWithMods))
            throw Invalid($"refused the request (PKIStatus {status}{Describe(response)})");
        if (response.TimeStampToken is not { } bcToken)
            throw Invalid("granted the request but sent no token");

        TimestampToken token;
        try
        {
            // DL keeps the token byte for byte as received (DER would re-sort SETs of a non-DER token).
            token = TimestampToken.FromBouncyCastle(bcToken, bcToken.GetEncoded(Asn1Encodable.DL));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Invalid("sent a token that cannot be read", e);
        }

        if (token.ImprintAlgorithmOid != request.MessageImprintAlgOid
            || !token.MessageImprint.AsSpan().SequenceEqual(request.GetMessageImprintDigest()))
            throw Invalid("time-stamped a different message imprint than the one requested (RFC 3161 §2.4.2)");
        var nonce = bcToken.TimeStampInfo.Nonce;
        if (nonce is null || !nonce.Equals(request.Nonce))
            throw Invalid("did not echo the request nonce (RFC 3161 §2.4.2)");
        if (request.CertReq && token.TsaCertificate is null)
            throw Invalid("did not include its certificate although certReq was set (RFC 3161 §2.4.1)");
        if (!string.IsNullOrEmpty(request.ReqPolicy) && token.PolicyOid != request.ReqPolicy)
            throw Invalid($"used policy {token.PolicyOid} instead of the requested {request.ReqPolicy}");

        var validation = token.Validate(_ => token.MessageImprint, _options.Trust, _options.TsaCertificates);
        if (!validation.IsValid)
            throw Invalid("sent a token that does not validate: " + validation.Error);
        return token;
    }

    private static string Describe(TimeStampResponse response)
    {
        var text = response.GetStatusString();
        var fail = response.GetFailInfo();
        return (string.IsNullOrEmpty(text) ? "" : $", \"{text}\"") + (fail is null ? "" : $", failInfo {fail.IntValue}");
    }

    private SigningException Unavailable(string what, Exception? inner = null) =>
        new(LtvErrorCodes.TsaUnavailable, $"The time-stamping authority at {_options.Url} {what}.", inner);

    private SigningException Invalid(string what, Exception? inner = null) =>
        new(LtvErrorCodes.TsaResponseInvalid, $"The time-stamping authority at {_options.Url} {what}.", inner);

    private static TimestampClientOptions Checked(TimestampClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Url);
        if (!options.Url.IsAbsoluteUri || options.Url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The TSA URL {options.Url} is not an absolute http(s) URL.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxResponseBytes, 1024);
        return options;
    }
}
