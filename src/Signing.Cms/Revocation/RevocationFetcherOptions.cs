namespace Signing.Cms.Revocation;

/// <summary>How <see cref="RevocationFetcher"/> reaches OCSP responders, CRL distribution points and CA issuers.</summary>
public sealed record RevocationFetcherOptions
{
    /// <summary>Upper bound of one HTTP request, connection included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Maps a URL taken from a certificate (AIA, CRL DP) before it is fetched — e.g. the dev
    /// certificates' http://localhost:5080 to a test server's port. Null: URLs are used as they are.
    /// </summary>
    public Func<Uri, Uri>? Rewrite { get; init; }

    /// <summary>Ask OCSP responders first (RFC 6960); CRLs are the fallback.</summary>
    public bool UseOcsp { get; init; } = true;

    public bool UseCrl { get; init; } = true;

    /// <summary>Send a nonce in OCSP requests (RFC 6960 §4.4.1); checked when the responder echoes one.</summary>
    public bool OcspNonce { get; init; } = true;

    /// <summary>Tolerated difference between our clock and the responder's for thisUpdate / nextUpdate.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest OCSP response, CRL or CA certificate accepted.</summary>
    public int MaxResponseBytes { get; init; } = 16 * 1024 * 1024;

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
