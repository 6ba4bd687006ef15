using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.X509;

namespace Signing.Cms.Revocation;

/// <summary>
/// Offline revocation checking from EMBEDDED data only (a PDF's /DSS, or a <see cref="RevocationData"/>
/// kept from signing): nothing is fetched. This is what the verifier runs by default; the status is
/// the one at <c>at</c> — typically the signature-time-stamp's genTime, the proof that the signature
/// existed then (EN 319 102-1 §5.6.2.4: a revocation after that time does not invalidate it).
/// </summary>
public static class RevocationChecker
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The status of <paramref name="certificate"/> (issued by <paramref name="issuer"/>) at
    /// <paramref name="at"/>, from the embedded OCSP responses (preferred) or CRLs. Each response or CRL
    /// is checked as when fetched — matching CertID, authorised responder, signatures — except for
    /// freshness against the current time, which embedded data is not expected to have. Revoked at or
    /// before <paramref name="at"/>: Revoked; revoked after it: Good with <see cref="CertificateRevocationStatus.RevokedAt"/>
    /// set (<see cref="CertificateRevocationStatus.RevokedLater"/>); no usable data: Unknown with a note.
    /// Never throws for malformed embedded data; the certificates themselves must be valid DER.
    /// </summary>
    public static CertificateRevocationStatus Check(ReadOnlyMemory<byte> certificate, ReadOnlyMemory<byte> issuer,
        RevocationData embedded, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        return Check(CertificateInfo.Parse(certificate), CertificateInfo.Parse(issuer), embedded, at);
    }

    /// <summary>
    /// <see cref="Check(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, RevocationData, DateTimeOffset)"/> for every
    /// certificate of <paramref name="chain"/> (leaf first) but self-signed roots, finding each issuer in
    /// the chain or in <see cref="RevocationData.Certificates"/>. A certificate whose issuer is nowhere is Unknown.
    /// </summary>
    public static IReadOnlyList<CertificateRevocationStatus> CheckChain(IReadOnlyList<ReadOnlyMemory<byte>> chain,
        RevocationData embedded, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(embedded);
        var pool = chain.Select(c => CertificateInfo.Parse(c)).ToList();
        foreach (var der in embedded.Certificates)
        {
            if (TryParse(der) is { } extra && !pool.Contains(extra))
                pool.Add(extra);
        }

        var result = new List<CertificateRevocationStatus>();
        foreach (var cert in chain.Select(c => CertificateInfo.Parse(c)))
        {
            if (RevocationFetcher.IsSelfSigned(cert))
                continue;
            var issuer = pool.FirstOrDefault(c => RevocationFetcher.IsIssuerOf(c, cert));
            if (issuer is null)
            {
                var summary = CertificateInfo.Describe(cert);
                result.Add(new CertificateRevocationStatus(summary.Subject, summary.SerialHex, summary.Issuer,
                    RevocationStatus.Unknown, null, null, RevocationSource.None, null, null, null, "its issuer certificate is not available"));
                continue;
            }

            result.Add(Check(cert, issuer, embedded, at));
        }

        return result;
    }

    internal static CertificateRevocationStatus Check(X509Certificate cert, X509Certificate issuer, RevocationData embedded,
        DateTimeOffset at)
    {
        var summary = CertificateInfo.Describe(cert);
        var issuerName = CertificateInfo.FormatName(issuer.SubjectDN);
        var when = at.UtcDateTime;
        CertificateRevocationStatus Status(RevocationStatus status, DateTime? revokedAt, RevocationReason? reason,
            RevocationSource source, DateTime? thisUpdate, DateTime? nextUpdate, string? note) =>
            new(summary.Subject, summary.SerialHex, issuerName, status, Utc(revokedAt), reason, source, null,
                Utc(thisUpdate), Utc(nextUpdate), note);

        if (cert.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNocheck) is not null)
            return Status(RevocationStatus.Good, null, null, RevocationSource.OcspNoCheck, null, null, null);

        var extra = embedded.Certificates.Select(TryParse).OfType<X509Certificate>().ToList();
        var problems = new List<string>();

        var ocsp = new List<OcspAnswer>();
        foreach (var der in embedded.OcspResponses)
        {
            var (answer, error) = OcspEvaluation.Evaluate(der, cert, issuer, extra, freshAt: null, Skew);
            if (answer is not null && answer.Status != RevocationStatus.Unknown)
                ocsp.Add(answer);
            else if (error is not null && !error.Contains("no matching CertID", StringComparison.Ordinal))
                problems.Add("OCSP: " + error);
        }

        if (Decide(ocsp.Select(a => (a.Status, a.RevokedAt, a.Reason, a.ThisUpdate, a.NextUpdate)).ToList(), when) is { } fromOcsp)
        {
            return Status(fromOcsp.Status, fromOcsp.RevokedAt, fromOcsp.Reason, RevocationSource.Ocsp,
                fromOcsp.ThisUpdate, fromOcsp.NextUpdate, Note(fromOcsp, when));
        }

        var crls = new List<CrlAnswer>();
        foreach (var der in embedded.Crls)
        {
            X509Crl crl;
            try
            {
                crl = CrlEvaluation.Parse(der);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                problems.Add("CRL: not a readable CRL: " + e.Message);
                continue;
            }

            if (!crl.IssuerDN.Equivalent(issuer.SubjectDN))
                continue;
            var (answer, error) = CrlEvaluation.Evaluate(crl, cert, issuer, freshAt: null, Skew);
            if (answer is not null)
                crls.Add(answer);
            else
                problems.Add("CRL: " + error);
        }

        if (Decide(crls.Select(a => (a.Status, a.RevokedAt, a.Reason, a.ThisUpdate, a.NextUpdate)).ToList(), when) is { } fromCrl)
        {
            return Status(fromCrl.Status, fromCrl.RevokedAt, fromCrl.Reason, RevocationSource.Crl,
                fromCrl.ThisUpdate, fromCrl.NextUpdate, Note(fromCrl, when));
        }

        var note = problems.Count == 0
            ? "no embedded OCSP response or CRL covers this certificate"
            : string.Join("; ", problems);
        return Status(RevocationStatus.Unknown, null, null, RevocationSource.None, null, null, note);
    }

    private sealed record Decision(RevocationStatus Status, DateTime? RevokedAt, RevocationReason? Reason,
        DateTime ThisUpdate, DateTime? NextUpdate);

    /// <summary>
    /// A revocation at or before <paramref name="at"/> wins; otherwise the most recent statement, where a
    /// later revocation is reported as Good-at-that-time with its revocation time kept.
    /// </summary>
    private static Decision? Decide(
        List<(RevocationStatus Status, DateTime? RevokedAt, RevocationReason? Reason, DateTime ThisUpdate, DateTime? NextUpdate)> answers,
        DateTime at)
    {
        if (answers.Count == 0)
            return null;
        var revokedBefore = answers.FirstOrDefault(a => a.Status == RevocationStatus.Revoked && a.RevokedAt <= at);
        if (revokedBefore.Status == RevocationStatus.Revoked)
            return new Decision(RevocationStatus.Revoked, revokedBefore.RevokedAt, revokedBefore.Reason, revokedBefore.ThisUpdate, revokedBefore.NextUpdate);

        var revokedLater = answers.FirstOrDefault(a => a.Status == RevocationStatus.Revoked);
        var latest = answers.MaxBy(a => a.ThisUpdate);
        return revokedLater.Status == RevocationStatus.Revoked
            ? new Decision(RevocationStatus.Good, revokedLater.RevokedAt, revokedLater.Reason, revokedLater.ThisUpdate, revokedLater.NextUpdate)
            : new Decision(RevocationStatus.Good, null, null, latest.ThisUpdate, latest.NextUpdate);
    }

    private static string? Note(Decision decision, DateTime at) => decision switch
    {
        { Status: RevocationStatus.Good, RevokedAt: not null } => "revoked after the time checked",
        { Status: RevocationStatus.Good } when decision.ThisUpdate < at - Skew =>
            $"the newest statement (thisUpdate {decision.ThisUpdate:yyyy-MM-dd HH:mm:ss} UTC) predates the time checked",
        _ => null,
    };

    private static X509Certificate? TryParse(byte[] der)
    {
        try
        {
            return CertificateInfo.Parse(der);
        }
        catch (Signing.Abstractions.CertificateException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
