namespace Signing.Cms;

/// <summary>
/// Error codes of the long-term-validation layer (timestamps, revocation data). Like
/// <see cref="Signing.Abstractions.ErrorCodes"/> they are stable: integrators switch on them. A revoked
/// certificate is <see cref="Signing.Abstractions.ErrorCodes.CertificateRevoked"/>.
/// </summary>
public static class LtvErrorCodes
{
    /// <summary>The TSA could not be reached, timed out, answered with an HTTP error, or asked us to wait (PKIStatus waiting).</summary>
    public const string TsaUnavailable = "tsa-unavailable";

    /// <summary>The TSA answered, but not with a granted, well-formed token for our request.</summary>
    public const string TsaResponseInvalid = "tsa-response-invalid";

    /// <summary>No OCSP responder or CRL distribution point of a certificate could be reached.</summary>
    public const string RevocationUnavailable = "revocation-unavailable";

    /// <summary>An OCSP responder or CRL answered, but the answer is malformed, unsigned by an authorised key, or stale.</summary>
    public const string RevocationResponseInvalid = "revocation-response-invalid";
}
