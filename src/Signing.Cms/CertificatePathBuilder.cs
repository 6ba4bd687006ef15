using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Signing.Cms;

/// <summary>
/// Builds and validates a certification path from a signer certificate up to a trust anchor
/// (RFC 5280 §6.1, without revocation — a later stage adds OCSP/CRL). A depth-first walk over the
/// candidate issuers (CMS certificates bag plus the trust anchors) so cross-certified or renewed CAs
/// with the same name are tried in turn. Each link checks: issuer name (§6.1.3 a.4), signature
/// (§6.1.3 a.1), validity at the validation time (§6.1.3 a.2), the issuer being a CA with keyCertSign
/// (§6.1.4 k, n), pathLenConstraint (§6.1.4 l, m), and no unrecognised critical extension (§6.1.4 o).
/// </summary>
internal static class CertificatePathBuilder
{
    private const int MaxDepth = 8;

    private static readonly HashSet<string> KnownCriticalExtensions =
    [
        X509Extensions.KeyUsage.Id,
        X509Extensions.BasicConstraints.Id,
        X509Extensions.ExtendedKeyUsage.Id,
        X509Extensions.CertificatePolicies.Id,
        X509Extensions.SubjectAlternativeName.Id,
        X509Extensions.SubjectKeyIdentifier.Id,
        X509Extensions.AuthorityKeyIdentifier.Id,
        X509Extensions.CrlDistributionPoints.Id,
        X509Extensions.AuthorityInfoAccess.Id,
        X509Extensions.QCStatements.Id,
    ];

    internal sealed record PathResult(bool Trusted, IReadOnlyList<X509Certificate> Path, string? Error);

    public static PathResult Build(X509Certificate leaf, IReadOnlyCollection<X509Certificate> bag, TrustStore trust, DateTime at)
    {
        var pool = trust.Roots.Concat(bag).Distinct().ToList();
        PathResult? best = null;
        var found = Walk([leaf], pool, trust, at, ref best);
        return found ?? best ?? new PathResult(false, [leaf], "no path to a trust anchor");
    }

    private static PathResult? Walk(List<X509Certificate> path, List<X509Certificate> pool, TrustStore trust,
        DateTime at, ref PathResult? best)
    {
        var current = path[^1];
        var problem = CheckCertificate(current, at);
        if (problem is not null)
            return Fail(path, problem, ref best);

        if (trust.Contains(current))
            return new PathResult(true, [.. path], null);

        if (path.Count > MaxDepth)
            return Fail(path, "the certification path is too long", ref best);

        var candidates = pool.Where(c => c.SubjectDN.Equivalent(current.IssuerDN) && !path.Contains(c) && KeyIdsAgree(current, c)).ToList();
        if (candidates.Count == 0)
        {
            var reason = current.SubjectDN.Equivalent(current.IssuerDN)
                ? $"'{CertificateInfo.FormatName(current.SubjectDN)}' is a root that is not in the trust store"
                : $"the issuer '{CertificateInfo.FormatName(current.IssuerDN)}' was not found in the signature or the trust store";
            return Fail(path, reason, ref best);
        }

        foreach (var issuer in candidates)
        {
            var linkProblem = CheckLink(current, issuer, caCertificatesBelow: path.Count - 1);
            if (linkProblem is not null)
            {
                Fail([.. path, issuer], linkProblem, ref best);
                continue;
            }

            path.Add(issuer);
            var result = Walk(path, pool, trust, at, ref best);
            path.RemoveAt(path.Count - 1);
            if (result is { Trusted: true })
                return result;
        }

        return null;
    }

    private static PathResult? Fail(List<X509Certificate> path, string error, ref PathResult? best)
    {
        // Keep the longest attempt: its error is the most informative one to report.
        if (best is null || path.Count > best.Path.Count)
            best = new PathResult(false, [.. path], error);
        return null;
    }

    private static string? CheckCertificate(X509Certificate cert, DateTime at)
    {
        var name = CertificateInfo.FormatName(cert.SubjectDN);
        if (at > cert.NotAfter)
            return $"'{name}' expired on {cert.NotAfter:yyyy-MM-dd HH:mm:ss} UTC";
        if (at < cert.NotBefore)
            return $"'{name}' is not valid before {cert.NotBefore:yyyy-MM-dd HH:mm:ss} UTC";
        foreach (var oid in cert.GetCriticalExtensionOids() ?? new HashSet<string>())
        {
            if (!KnownCriticalExtensions.Contains(oid))
                return $"'{name}' has an unrecognised critical extension {oid}";
        }

        return null;
    }

    private static string? CheckLink(X509Certificate subject, X509Certificate issuer, int caCertificatesBelow)
    {
        var issuerName = CertificateInfo.FormatName(issuer.SubjectDN);
        try
        {
            subject.Verify(issuer.GetPublicKey());
        }
        catch (Exception e)
        {
            return $"the signature on '{CertificateInfo.FormatName(subject.SubjectDN)}' does not verify with the key of '{issuerName}': {e.Message}";
        }

        // A version 1 certificate carries no extensions; it may only act as a trust anchor.
        if (issuer.Version < 3)
            return null;

        var pathLen = issuer.GetBasicConstraints();
        if (pathLen < 0)
            return $"'{issuerName}' is not a CA certificate (basicConstraints cA is not set)";
        if (caCertificatesBelow > pathLen)
            return $"'{issuerName}' allows at most {pathLen} intermediate CA certificate(s) below it";
        var usage = issuer.GetKeyUsage();
        if (usage is not null && !usage[5])
            return $"'{issuerName}' may not sign certificates (keyUsage lacks keyCertSign)";
        return null;
    }

    /// <summary>When both are present, the authority key identifier must equal the issuer's subject key identifier (RFC 5280 §4.2.1.1).</summary>
    private static bool KeyIdsAgree(X509Certificate subject, X509Certificate issuer)
    {
        var akiValue = subject.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier);
        var skiValue = issuer.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
        if (akiValue is null || skiValue is null)
            return true;
        var aki = AuthorityKeyIdentifier.GetInstance(akiValue.GetOctets()).KeyIdentifier?.GetOctets();
        var ski = Asn1OctetString.GetInstance(skiValue.GetOctets()).GetOctets();
        return aki is null || aki.AsSpan().SequenceEqual(ski);
    }
}
