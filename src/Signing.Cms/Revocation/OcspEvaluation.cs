using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Signing.Cms.Revocation;

/// <summary>What one OCSP response says about one certificate, once checked.</summary>
internal sealed record OcspAnswer(
    RevocationStatus Status,
    DateTime? RevokedAt,
    RevocationReason? Reason,
    DateTime ThisUpdate,
    DateTime? NextUpdate,
    DateTime ProducedAt,
    X509Certificate Responder);

/// <summary>
/// Checks an OCSPResponse (RFC 6960 §4.2.1) for one certificate: status successful, a BasicOCSPResponse,
/// a SingleResponse whose CertID matches the certificate and its issuer (§4.1.1), a responder
/// authorised by §4.2.2.2 (the issuing CA itself, or a certificate issued directly by it with
/// id-kp-OCSPSigning), a signature that verifies with the responder's key (§3.2 items 2–4), the nonce
/// when one was sent (§4.4.1), and thisUpdate/nextUpdate around <c>freshAt</c> when given (§3.2 items 5–6).
/// </summary>
internal static class OcspEvaluation
{
    /// <summary>The answer, or the reason the response is unusable (then <c>Answer</c> is null).</summary>
    public static (OcspAnswer? Answer, string? Error) Evaluate(byte[] der, X509Certificate cert, X509Certificate issuer,
        IEnumerable<X509Certificate> extraCertificates, DateTime? freshAt, TimeSpan skew, byte[]? nonce = null)
    {
        try
        {
            return EvaluateCore(der, cert, issuer, extraCertificates, freshAt, skew, nonce);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, "not a readable OCSP response: " + e.Message);
        }
    }

    private static (OcspAnswer?, string?) EvaluateCore(byte[] der, X509Certificate cert, X509Certificate issuer,
        IEnumerable<X509Certificate> extraCertificates, DateTime? freshAt, TimeSpan skew, byte[]? nonce)
    {
        var response = new OcspResp(der);
        if (response.Status != OcspRespStatus.Successful)
            return (null, $"the responder answered {StatusName(response.Status)} (RFC 6960 §2.3)");
        if (response.GetResponseObject() is not BasicOcspResp basic)
            return (null, "the response is not a BasicOCSPResponse (RFC 6960 §4.2.1)");

        var single = basic.Responses.FirstOrDefault(r => Matches(r.GetCertID(), cert, issuer));
        if (single is null)
            return (null, "the response does not cover this certificate (no matching CertID, RFC 6960 §4.1.1)");

        var candidates = basic.GetCerts().Concat(extraCertificates).Append(issuer).Distinct().ToList();
        var responder = candidates.FirstOrDefault(c => IsResponder(basic.ResponderId, c));
        if (responder is null)
            return (null, "the responder certificate is neither in the response nor known");
        var authorisation = AuthorisationProblem(responder, issuer, basic.ProducedAt);
        if (authorisation is not null)
            return (null, authorisation);
        if (!basic.Verify(CertificateCache.KeyOf(responder)))
            return (null, "the response signature does not verify with the responder's key (RFC 6960 §3.2)");

        if (nonce is not null)
        {
            var echoed = basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce);
            if (echoed is not null && !NonceValue(echoed).AsSpan().SequenceEqual(nonce))
                return (null, "the response nonce differs from the request nonce (RFC 6960 §4.4.1)");
        }

        if (freshAt is { } now)
        {
            if (single.ThisUpdate > now + skew)
                return (null, $"thisUpdate {single.ThisUpdate:yyyy-MM-dd HH:mm:ss} UTC lies in the future (RFC 6960 §3.2)");
            if (single.NextUpdate is { } next && next < now - skew)
                return (null, $"the response expired at its nextUpdate {next:yyyy-MM-dd HH:mm:ss} UTC (RFC 6960 §3.2)");
        }

        var answer = single.GetCertStatus() switch
        {
            null => Answer(RevocationStatus.Good, null, null),
            RevokedStatus revoked => Answer(RevocationStatus.Revoked, revoked.RevocationTime,
                revoked.HasRevocationReason ? (RevocationReason)revoked.RevocationReason : null),
            UnknownStatus => Answer(RevocationStatus.Unknown, null, null),
            _ => Answer(RevocationStatus.Good, null, null),
        };
        return (answer, null);

        OcspAnswer Answer(RevocationStatus status, DateTime? at, RevocationReason? reason) =>
            new(status, at, reason, single.ThisUpdate, single.NextUpdate, basic.ProducedAt, responder);
    }

    /// <summary>CertID match: serial, and issuer name and key hashes under the CertID's own hash algorithm (RFC 6960 §4.1.1).</summary>
    internal static bool Matches(CertificateID id, X509Certificate cert, X509Certificate issuer) =>
        id.SerialNumber.Equals(cert.SerialNumber) && id.MatchesIssuer(issuer);

    /// <summary>ResponderID byName or byKey (SHA-1 of the subjectPublicKey BIT STRING value, RFC 6960 §4.2.1).</summary>
    private static bool IsResponder(RespID id, X509Certificate candidate) =>
        id.Equals(new RespID(candidate.SubjectDN)) || id.Equals(new RespID(CertificateCache.KeyOf(candidate)));

    /// <summary>RFC 6960 §4.2.2.2: the CA that issued the certificate, or a responder it certified for OCSP signing.</summary>
    private static string? AuthorisationProblem(X509Certificate responder, X509Certificate issuer, DateTime producedAt)
    {
        if (responder.Equals(issuer))
            return null;
        var name = CertificateInfo.FormatName(responder.SubjectDN);
        if (!responder.IssuerDN.Equivalent(issuer.SubjectDN))
            return $"the responder '{name}' was not issued by the certificate's CA (RFC 6960 §4.2.2.2)";
        if (!CertificateCache.SignedBy(responder, issuer))
            return $"the responder certificate '{name}' is not signed by the certificate's CA (RFC 6960 §4.2.2.2)";

        var eku = responder.GetExtensionValue(X509Extensions.ExtendedKeyUsage);
        if (eku is null || !ExtendedKeyUsage.GetInstance(eku.GetOctets()).HasKeyPurposeId(KeyPurposeID.id_kp_OCSPSigning))
            return $"the responder certificate '{name}' lacks id-kp-OCSPSigning (RFC 6960 §4.2.2.2)";
        if (producedAt < responder.NotBefore || producedAt > responder.NotAfter)
            return $"the responder certificate '{name}' was not valid when the response was produced";
        return null;
    }

    /// <summary>The nonce extension value is an OCTET STRING holding the nonce (RFC 6960 §4.4.1, RFC 8954).</summary>
    internal static byte[] NonceValue(Asn1OctetString extensionValue)
    {
        var inner = extensionValue.GetOctets();
        try
        {
            return Asn1Object.FromByteArray(inner) is Asn1OctetString octets ? octets.GetOctets() : inner;
        }
        catch (IOException)
        {
            return inner;
        }
    }

    private static string StatusName(int status) => status switch
    {
        OcspRespStatus.MalformedRequest => "malformedRequest",
        OcspRespStatus.InternalError => "internalError",
        OcspRespStatus.TryLater => "tryLater",
        OcspRespStatus.SigRequired => "sigRequired",
        OcspRespStatus.Unauthorized => "unauthorized",
        _ => $"status {status}",
    };
}
