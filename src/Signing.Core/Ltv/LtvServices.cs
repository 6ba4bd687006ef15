using Signing.Abstractions;
using Signing.Cms.Revocation;
using Signing.Cms.Tsp;

namespace Signing.Core.Ltv;

/// <summary>
/// The outside services long-term signatures need: a time-stamping authority (RFC 3161) and revocation
/// sources (OCSP / CRL, with a cache so a batch fetches once per certificate).
/// </summary>
public sealed class LtvServices(TimestampClient? timestamps, RevocationFetcher? revocation)
{
    public TimestampClient Timestamps => timestamps ?? throw new SigningException(
        ErrorCodes.MechanismNotSupported, "This level needs a time-stamping authority: give a TSA URL (--tsa).");

    public RevocationFetcher Revocation => revocation ?? throw new SigningException(
        ErrorCodes.MechanismNotSupported, "This level needs revocation data, but no revocation fetcher is configured.");

    public static LtvServices None { get; } = new(null, null);
}
