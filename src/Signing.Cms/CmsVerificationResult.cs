using Signing.Abstractions;

namespace Signing.Cms;

/// <summary>
/// What <see cref="CmsSignatureVerifier.Verify"/> found. <paramref name="Error"/> names the first
/// problem that makes the signature unacceptable apart from the flags (unparseable CMS, missing
/// signer certificate, unsupported algorithm, wrong content-type, ESS reference mismatch); it is
/// null when nothing else is wrong. <paramref name="Chain"/> lists subjects from the signer up.
/// </summary>
/// <param name="SignatureAlgorithm">E.g. "SHA256withRSA", "SHA384withRSA/PSS", "SHA256withECDSA".</param>
public sealed record CmsVerificationResult(
    bool Parsed,
    string? Error,
    string? SignerSubject,
    CertificateSummary? Signer,
    DigestAlgorithm? Digest,
    string? SignatureAlgorithm,
    bool MessageDigestMatches,
    bool SignatureValid,
    bool SigningCertificateV2Present,
    bool SigningTimeAttributePresent,
    bool HasSignatureTimestamp,
    bool ChainTrusted,
    IReadOnlyList<string> Chain,
    string? ChainError)
{
    /// <summary>The signing-certificate-v2 attribute references the certificate that verified the signature (RFC 5035 §5.4).</summary>
    public bool SigningCertificateV2Matches { get; init; }

    /// <summary>The signed bytes are unchanged and the signature is cryptographically sound (trust aside).</summary>
    public bool IntegrityValid => Parsed && Error is null && MessageDigestMatches && SignatureValid;

    internal static CmsVerificationResult Unparsed(string error) =>
        new(false, error, null, null, null, null, false, false, false, false, false, false, [], null);
}
