namespace Signing.Cms.Revocation;

public enum RevocationStatus
{
    /// <summary>Not revoked according to the source (OCSP "good", or absent from a current CRL).</summary>
    Good,

    /// <summary>Revoked (OCSP "revoked", or listed on the CRL).</summary>
    Revoked,

    /// <summary>No usable answer, or the OCSP responder does not know the certificate (RFC 6960 §2.2).</summary>
    Unknown,
}

public enum RevocationSource
{
    None,

    /// <summary>An OCSP response (RFC 6960).</summary>
    Ocsp,

    /// <summary>A CRL (RFC 5280 §5).</summary>
    Crl,

    /// <summary>An OCSP responder certificate with id-pkix-ocsp-nocheck: never checked (RFC 6960 §4.2.2.2.1).</summary>
    OcspNoCheck,
}

/// <summary>CRLReason (RFC 5280 §5.3.1); the numbers are the ASN.1 enumeration values.</summary>
public enum RevocationReason
{
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    CertificateHold = 6,
    RemoveFromCrl = 8,
    PrivilegeWithdrawn = 9,
    AaCompromise = 10,
}

/// <summary>The revocation status of one certificate and where it came from.</summary>
/// <param name="SerialHex">Upper-case hex, as <see cref="CertificateSummary.SerialHex"/>.</param>
/// <param name="RevokedAt">The revocation time, when the source reports one — also set when the certificate
/// was revoked only after the time checked (then <paramref name="Status"/> is Good for that time).</param>
/// <param name="SourceUrl">The URL fetched, when fetched online; null for embedded data.</param>
/// <param name="ThisUpdate">thisUpdate of the OCSP single response or the CRL.</param>
/// <param name="NextUpdate">nextUpdate, when given.</param>
/// <param name="Note">Why the status is Unknown, or a caveat (revoked later, response older than the time checked).</param>
public sealed record CertificateRevocationStatus(
    string Subject,
    string SerialHex,
    string Issuer,
    RevocationStatus Status,
    DateTimeOffset? RevokedAt,
    RevocationReason? Reason,
    RevocationSource Source,
    string? SourceUrl,
    DateTimeOffset? ThisUpdate,
    DateTimeOffset? NextUpdate,
    string? Note = null)
{
    /// <summary>Revoked, but after the time checked (e.g. after signing): the signature stays valid (EN 319 102-1 §5.6.2.4).</summary>
    public bool RevokedLater => Status == RevocationStatus.Good && RevokedAt is not null;

    /// <summary>"revoked on 2026-11-22 14:35:37 UTC (key compromise)" style text.</summary>
    public string Describe() => Status switch
    {
        RevocationStatus.Revoked => $"revoked on {RevokedAt:yyyy-MM-dd HH:mm:ss} UTC ({ReasonText(Reason)})",
        RevocationStatus.Good when RevokedAt is not null => $"good at the time checked; revoked later, on {RevokedAt:yyyy-MM-dd HH:mm:ss} UTC ({ReasonText(Reason)})",
        RevocationStatus.Good => "good",
        _ => "unknown" + (Note is null ? "" : $" ({Note})"),
    };

    internal static string ReasonText(RevocationReason? reason) => reason switch
    {
        null => "no reason given",
        RevocationReason.KeyCompromise => "key compromise",
        RevocationReason.CaCompromise => "CA compromise",
        RevocationReason.AffiliationChanged => "affiliation changed",
        RevocationReason.Superseded => "superseded",
        RevocationReason.CessationOfOperation => "cessation of operation",
        RevocationReason.CertificateHold => "certificate hold",
        RevocationReason.RemoveFromCrl => "remove from CRL",
        RevocationReason.PrivilegeWithdrawn => "privilege withdrawn",
        RevocationReason.AaCompromise => "AA compromise",
        _ => "unspecified",
    };
}

/// <summary>
/// Validation data for a PDF's document security store (ISO 32000-2 §12.8.4.3, EN 319 142-1 §5.4.2):
/// /Certs, /OCSPs (each a full DER OCSPResponse, RFC 6960 §4.2.1) and /CRLs (DER CertificateList), plus
/// what they say about each certificate. Combine the signer's and the TSA's with <see cref="Merge"/>.
/// </summary>
public sealed record RevocationData(
    IReadOnlyList<byte[]> Certificates,
    IReadOnlyList<byte[]> OcspResponses,
    IReadOnlyList<byte[]> Crls,
    IReadOnlyList<CertificateRevocationStatus> Statuses)
{
    public static RevocationData Empty { get; } = new([], [], [], []);

    /// <summary>Both sets of data, duplicates (same bytes; same certificate and source for statuses) dropped.</summary>
    public RevocationData Merge(RevocationData other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new RevocationData(
            Distinct(Certificates.Concat(other.Certificates)),
            Distinct(OcspResponses.Concat(other.OcspResponses)),
            Distinct(Crls.Concat(other.Crls)),
            Statuses.Concat(other.Statuses).DistinctBy(s => (s.Issuer, s.SerialHex, s.Source)).ToList());
    }

    /// <summary>This data with more certificates (e.g. the TSA chain), without duplicates.</summary>
    public RevocationData WithCertificates(IEnumerable<ReadOnlyMemory<byte>> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        return this with { Certificates = Distinct(Certificates.Concat(certificates.Select(c => c.ToArray()))) };
    }

    /// <summary>The status of the certificate with this serial, if this data has one.</summary>
    public CertificateRevocationStatus? StatusOf(string serialHex) =>
        Statuses.FirstOrDefault(s => string.Equals(s.SerialHex, serialHex, StringComparison.OrdinalIgnoreCase));

    internal static List<byte[]> Distinct(IEnumerable<byte[]> items)
    {
        var result = new List<byte[]>();
        foreach (var item in items)
        {
            if (!result.Exists(r => r.AsSpan().SequenceEqual(item)))
                result.Add(item);
        }

        return result;
    }
}
