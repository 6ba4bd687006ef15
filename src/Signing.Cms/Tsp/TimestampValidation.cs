namespace Signing.Cms.Tsp;

/// <summary>
/// What <see cref="TimestampToken.Validate"/> found. <paramref name="Error"/> joins every problem, or is
/// null when there is none.
/// </summary>
/// <param name="Parsed">The bytes are an RFC 3161 token at all.</param>
/// <param name="Tsa">The certificate that signed the token, when it was found.</param>
/// <param name="ImprintMatches">The message imprint is the hash of the time-stamped data (RFC 3161 §2.4.2).</param>
/// <param name="SignatureValid">The token's CMS signature verifies with the TSA certificate's key.</param>
/// <param name="TsaCertificateValid">ESS binding, validity at genTime and EKU timeStamping (critical, only) hold (RFC 3161 §2.3, §2.4.1).</param>
/// <param name="ChainChecked">A trust store was given, so <paramref name="ChainTrusted"/> means something.</param>
/// <param name="Chain">Subjects from the TSA certificate up, when a path was built.</param>
public sealed record TimestampValidation(
    bool Parsed,
    string? Error,
    DateTimeOffset? GenTime,
    CertificateSummary? Tsa,
    bool ImprintMatches,
    bool SignatureValid,
    bool TsaCertificateValid,
    bool ChainChecked,
    bool ChainTrusted,
    IReadOnlyList<string> Chain,
    string? ChainError)
{
    /// <summary>The token time-stamps this data, is soundly signed by a proper TSA certificate, and (when checked) is trusted.</summary>
    public bool IsValid => Parsed && Error is null && ImprintMatches && SignatureValid && TsaCertificateValid
                           && (!ChainChecked || ChainTrusted);

    internal static TimestampValidation Unparsed(string error) =>
        new(false, error, null, null, false, false, false, false, false, [], null);
}
