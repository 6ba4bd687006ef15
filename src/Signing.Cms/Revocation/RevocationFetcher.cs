using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Signing.Abstractions;

namespace Signing.Cms.Revocation;

/// <summary>
/// Fetches revocation data online for PAdES B-LT and for the signing-time revocation check: for every
/// certificate of a chain except a self-signed root, an OCSP response from the responder named in its
/// authorityInfoAccess (RFC 5280 §4.2.2.1, RFC 6960), falling back to the CRL at its CRL distribution
/// point (RFC 5280 §4.2.1.13). Issuers missing from the chain are downloaded from AIA caIssuers.
/// Every answer is checked (<see cref="OcspEvaluation"/>, <see cref="CrlEvaluation"/>) before use, and
/// shared through a <see cref="RevocationCache"/>. Thread-safe.
/// </summary>
public sealed class RevocationFetcher
{
    private readonly RevocationHttp _http;
    private readonly RevocationFetcherOptions _options;

    public RevocationFetcher(HttpClient http, RevocationFetcherOptions? options = null, RevocationCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _options = options ?? new RevocationFetcherOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.Timeout, TimeSpan.Zero);
        Cache = cache ?? new RevocationCache(clock: _options.Clock);
        _http = new RevocationHttp(http, _options, Cache);
    }

    /// <summary>The cache in use (its counters show how many network requests a batch made).</summary>
    public RevocationCache Cache { get; }

    /// <summary>
    /// Revocation data for <paramref name="chain"/> (DER, leaf first; include every CA certificate you
    /// have — the root may be included and is skipped). The result's Certificates are the chain, any
    /// downloaded issuer and the OCSP responder certificates; add the TSA's data with
    /// <see cref="RevocationData.Merge"/>. A revoked certificate is reported in the statuses, not thrown.
    /// When no source answers usably for a certificate: <see cref="SigningException"/>
    /// <see cref="LtvErrorCodes.RevocationUnavailable"/> (nothing reachable) or
    /// <see cref="LtvErrorCodes.RevocationResponseInvalid"/> (answers, but unusable), naming the URLs.
    /// </summary>
    public async Task<RevocationData> FetchAsync(IReadOnlyList<ReadOnlyMemory<byte>> chain, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0)
            throw new ArgumentException("The chain is empty.", nameof(chain));

        var certificates = chain.Select(c => CertificateInfo.Parse(c)).ToList();
        var pairs = new List<(X509Certificate Cert, X509Certificate Issuer)>();
        for (var i = 0; i < certificates.Count; i++)
        {
            var cert = certificates[i];
            if (IsSelfSigned(cert))
                continue;
            var issuer = certificates.FirstOrDefault(c => IsIssuerOf(c, cert))
                         ?? await _http.DownloadIssuerAsync(cert, ct).ConfigureAwait(false);
            if (!certificates.Contains(issuer))
                certificates.Add(issuer);
            pairs.Add((cert, issuer));
        }

        var results = await Task.WhenAll(pairs.Select(p => CheckAsync(p.Cert, p.Issuer, ct))).ConfigureAwait(false);

        var ocsp = new List<byte[]>();
        var crls = new List<byte[]>();
        var extra = new List<byte[]>();
        foreach (var result in results)
        {
            if (result.Ocsp is not null)
                ocsp.Add(result.Ocsp);
            if (result.Crl is not null)
                crls.Add(result.Crl);
            extra.AddRange(result.Certificates);
        }

        return new RevocationData(
            RevocationData.Distinct(certificates.Select(c => c.GetEncoded()).Concat(extra)),
            RevocationData.Distinct(ocsp),
            RevocationData.Distinct(crls),
            results.Select(r => r.Status).ToList());
    }

    /// <summary>
    /// Refuses to sign with a revoked certificate: fetches (or reuses) the data for <paramref name="chain"/>
    /// and throws <see cref="CertificateException"/> <see cref="ErrorCodes.CertificateRevoked"/>
    /// ("… revoked on DATE (reason)") for a revoked certificate, and <see cref="LtvErrorCodes.RevocationUnavailable"/>
    /// when a responder does not know one. Returns the data, ready for B-LT.
    /// </summary>
    public async Task<RevocationData> EnsureNotRevokedAsync(IReadOnlyList<ReadOnlyMemory<byte>> chain, CancellationToken ct)
    {
        var data = await FetchAsync(chain, ct).ConfigureAwait(false);
        foreach (var status in data.Statuses)
        {
            var who = $"The certificate of '{CommonName(status.Subject)}' (serial {status.SerialHex}, issued by '{status.Issuer}')";
            var where = status.SourceUrl is null ? "" : $", according to {status.SourceUrl}";
            if (status.Status == RevocationStatus.Revoked)
                throw new CertificateException(ErrorCodes.CertificateRevoked, $"{who} was {status.Describe()}{where}.");
            if (status.Status == RevocationStatus.Unknown)
                throw new SigningException(LtvErrorCodes.RevocationUnavailable, $"{who} has status unknown{where}: {status.Note}.");
        }

        return data;
    }

    private sealed record CheckResult(CertificateRevocationStatus Status, byte[]? Ocsp, byte[]? Crl, IReadOnlyList<byte[]> Certificates);

    private async Task<CheckResult> CheckAsync(X509Certificate cert, X509Certificate issuer, CancellationToken ct)
    {
        var summary = CertificateInfo.Describe(cert);
        var issuerName = CertificateInfo.FormatName(issuer.SubjectDN);
        CertificateRevocationStatus Status(RevocationStatus status, DateTime? revokedAt, RevocationReason? reason,
            RevocationSource source, string? url, DateTime? thisUpdate, DateTime? nextUpdate, string? note = null) =>
            new(summary.Subject, summary.SerialHex, issuerName, status, Utc(revokedAt), reason, source, url,
                Utc(thisUpdate), Utc(nextUpdate), note);

        // RFC 6960 §4.2.2.2.1: a responder certificate with id-pkix-ocsp-nocheck is trusted for its lifetime.
        if (cert.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNocheck) is not null)
            return new CheckResult(Status(RevocationStatus.Good, null, null, RevocationSource.OcspNoCheck, null, null, null), null, null, []);

        var problems = new List<(string Url, string Problem, bool Reached)>();
        CheckResult? unknown = null;
        if (_options.UseOcsp)
        {
            foreach (var url in Urls.Ocsp(cert))
            {
                var (fetched, problem, reached) = await _http.OcspAsync(url, cert, issuer, ct).ConfigureAwait(false);
                if (fetched is null)
                {
                    problems.Add((url.ToString(), problem!, reached));
                    continue;
                }

                var a = fetched.Answer;
                var result = new CheckResult(
                    Status(a.Status, a.RevokedAt, a.Reason, RevocationSource.Ocsp, url.ToString(), a.ThisUpdate, a.NextUpdate,
                        a.Status == RevocationStatus.Unknown ? "the OCSP responder does not know the certificate" : null),
                    fetched.Der, null, a.Responder.Equals(issuer) ? [] : [a.Responder.GetEncoded()]);
                if (a.Status != RevocationStatus.Unknown)
                    return result;
                unknown = result;
                problems.Add((url.ToString(), "the responder answered unknown", true));
            }
        }

        if (_options.UseCrl)
        {
            foreach (var url in Urls.Crl(cert))
            {
                var (crl, problem, reached) = await _http.CrlAsync(url, ct).ConfigureAwait(false);
                if (crl is null)
                {
                    problems.Add((url.ToString(), problem!, reached));
                    continue;
                }

                var (answer, error) = CrlEvaluation.Evaluate(crl.Crl, cert, issuer, _options.Clock.GetUtcNow().UtcDateTime, _options.ClockSkew);
                if (answer is null)
                {
                    problems.Add((url.ToString(), error!, true));
                    continue;
                }

                return new CheckResult(Status(answer.Status, answer.RevokedAt, answer.Reason, RevocationSource.Crl,
                    url.ToString(), answer.ThisUpdate, answer.NextUpdate), null, crl.Der, []);
            }
        }

        if (unknown is not null)
            return unknown;

        var name = CommonName(summary.Subject);
        if (problems.Count == 0)
        {
            throw new SigningException(LtvErrorCodes.RevocationUnavailable,
                $"The certificate of '{name}' names no usable OCSP responder or CRL distribution point (http).");
        }

        var details = string.Join("; ", problems.Select(p => $"{p.Url}: {p.Problem}"));
        var code = problems.Exists(p => p.Reached) ? LtvErrorCodes.RevocationResponseInvalid : LtvErrorCodes.RevocationUnavailable;
        throw new SigningException(code, $"No revocation data for the certificate of '{name}' (serial {summary.SerialHex}): {details}.");
    }

    internal static bool IsSelfSigned(X509Certificate cert) => cert.SubjectDN.Equivalent(cert.IssuerDN) && IsIssuerOf(cert, cert);

    internal static bool IsIssuerOf(X509Certificate issuer, X509Certificate cert)
    {
        return issuer.SubjectDN.Equivalent(cert.IssuerDN) && CertificateCache.SignedBy(cert, issuer);
    }

    private static DateTimeOffset? Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    /// <summary>The CN of a subject formatted by <see cref="CertificateInfo.FormatName"/>, for messages.</summary>
    internal static string CommonName(string subject)
    {
        try
        {
            var values = new X509Name(subject).GetValueList(X509Name.CN);
            return values.Count > 0 ? values[^1] : subject;
        }
        catch (ArgumentException)
        {
            return subject;
        }
    }
}
