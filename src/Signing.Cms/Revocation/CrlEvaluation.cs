using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Signing.Cms.Revocation;

/// <summary>What one CRL says about one certificate, once checked.</summary>
internal sealed record CrlAnswer(RevocationStatus Status, DateTime? RevokedAt, RevocationReason? Reason,
    DateTime ThisUpdate, DateTime? NextUpdate);

/// <summary>
/// Checks a complete, direct CRL (RFC 5280 §6.3.3) for one certificate: issued by the certificate's
/// issuer (same name, §6.3.3 b; signature by the issuer's key, which must allow cRLSign, §6.3.3 f–g),
/// thisUpdate/nextUpdate around <c>freshAt</c> when given (§6.3.3 a), no unknown critical CRL
/// extension (§5.2: delta CRLs and issuing distribution points are not supported), then the entry
/// for the serial (§5.3.1 reasonCode).
/// </summary>
internal static class CrlEvaluation
{
    private static readonly HashSet<string> KnownCriticalExtensions =
    [
        X509Extensions.AuthorityKeyIdentifier.Id,
        X509Extensions.CrlNumber.Id,
    ];

    public static X509Crl Parse(byte[] der) => new(CertificateList.GetInstance(Asn1Object.FromByteArray(der)));

    public static (CrlAnswer? Answer, string? Error) Evaluate(X509Crl crl, X509Certificate cert, X509Certificate issuer,
        DateTime? freshAt, TimeSpan skew)
    {
        try
        {
            return EvaluateCore(crl, cert, issuer, freshAt, skew);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, "the CRL cannot be checked: " + e.Message);
        }
    }

    /// <summary>The CRL is issued by this CA: same name and a signature by its key (RFC 5280 §6.3.3 b, f).</summary>
    public static bool IsIssuedBy(X509Crl crl, X509Certificate issuer) =>
        crl.IssuerDN.Equivalent(issuer.SubjectDN) && CertificateCache.CrlSignedBy(crl, issuer);

    private static (CrlAnswer?, string?) EvaluateCore(X509Crl crl, X509Certificate cert, X509Certificate issuer,
        DateTime? freshAt, TimeSpan skew)
    {
        var issuerName = CertificateInfo.FormatName(issuer.SubjectDN);
        if (!crl.IssuerDN.Equivalent(cert.IssuerDN) || !crl.IssuerDN.Equivalent(issuer.SubjectDN))
            return (null, $"the CRL is issued by '{CertificateInfo.FormatName(crl.IssuerDN)}', not by '{issuerName}' (RFC 5280 §6.3.3 b)");
        var usage = issuer.GetKeyUsage();
        if (usage is not null && !usage[6])
            return (null, $"'{issuerName}' may not sign CRLs (keyUsage lacks cRLSign, RFC 5280 §6.3.3 f)");
        if (!CertificateCache.CrlSignedBy(crl, issuer))
            return (null, $"the CRL signature does not verify with the key of '{issuerName}' (RFC 5280 §6.3.3 g)");
        foreach (var oid in crl.GetCriticalExtensionOids() ?? new HashSet<string>())
        {
            if (!KnownCriticalExtensions.Contains(oid))
                return (null, $"the CRL has an unsupported critical extension {oid} (RFC 5280 §5.2)");
        }

        if (freshAt is { } now)
        {
            if (crl.ThisUpdate > now + skew)
                return (null, $"the CRL thisUpdate {crl.ThisUpdate:yyyy-MM-dd HH:mm:ss} UTC lies in the future");
            if (crl.NextUpdate is { } next && next < now - skew)
                return (null, $"the CRL expired at its nextUpdate {next:yyyy-MM-dd HH:mm:ss} UTC (RFC 5280 §6.3.3 a)");
        }

        var entry = crl.GetRevokedCertificate(cert.SerialNumber);
        if (entry is null)
            return (new CrlAnswer(RevocationStatus.Good, null, null, crl.ThisUpdate, crl.NextUpdate), null);
        return (new CrlAnswer(RevocationStatus.Revoked, entry.RevocationDate, ReasonOf(entry), crl.ThisUpdate, crl.NextUpdate), null);
    }

    private static RevocationReason? ReasonOf(X509CrlEntry entry)
    {
        var value = entry.GetExtensionValue(X509Extensions.ReasonCode);
        if (value is null)
            return null;
        return (RevocationReason)DerEnumerated.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).IntValueExact;
    }
}
