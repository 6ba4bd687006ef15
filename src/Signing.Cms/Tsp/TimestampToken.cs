using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;
using Signing.Abstractions;
using Signing.Cms.Revocation;

namespace Signing.Cms.Tsp;

/// <summary>
/// An RFC 3161 time-stamp token: a CMS SignedData (RFC 3161 §2.4.2) whose content is a TSTInfo.
/// Used as the signature-time-stamp of a CAdES signature (EN 319 122-1 §5.3) and, in a PDF, as the
/// /Contents of a document timestamp (SubFilter /ETSI.RFC3161, EN 319 142-1 §5.4).
/// </summary>
/// <param name="Der">The token: DER of the ContentInfo, byte for byte as the TSA signed it.</param>
/// <param name="GenTime">TSTInfo genTime (RFC 3161 §2.4.2), UTC.</param>
/// <param name="TsaCertificate">DER of the certificate that signed the token, when the token carries it
/// (it does when the request set certReq, RFC 3161 §2.4.1); null otherwise.</param>
/// <param name="PolicyOid">TSTInfo policy: the TSA policy under which the token was issued.</param>
/// <param name="SerialHex">TSTInfo serialNumber, upper-case hex.</param>
/// <param name="ImprintAlgorithmOid">Hash algorithm of the message imprint.</param>
/// <param name="ImprintDigest">Our name of that algorithm; null when it is not SHA-256/384/512.</param>
/// <param name="MessageImprint">The hashed message the TSA time-stamped.</param>
/// <param name="NonceHex">TSTInfo nonce, upper-case hex; null when the request had none.</param>
/// <param name="Certificates">Every certificate in the token (DER): the TSA certificate and whatever chain the TSA added.</param>
public sealed record TimestampToken(
    byte[] Der,
    DateTimeOffset GenTime,
    byte[]? TsaCertificate,
    string PolicyOid,
    string SerialHex,
    string ImprintAlgorithmOid,
    DigestAlgorithm? ImprintDigest,
    byte[] MessageImprint,
    string? NonceHex,
    IReadOnlyList<byte[]> Certificates)
{
    /// <summary>
    /// Parses a token (ContentInfo DER). Anything that is not a SignedData over a TSTInfo with exactly
    /// one signer (RFC 3161 §2.4.2) is a <see cref="SigningException"/> with code
    /// <see cref="LtvErrorCodes.TsaResponseInvalid"/>.
    /// </summary>
    public static TimestampToken Parse(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        if (TryParse(der, out var token, out var error))
            return token;
        throw new SigningException(LtvErrorCodes.TsaResponseInvalid, $"Not an RFC 3161 time-stamp token: {error}.");
    }

    /// <summary>Like <see cref="Parse"/>, reporting a problem instead of throwing.</summary>
    public static bool TryParse(byte[] der, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TimestampToken? token,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        token = null;
        error = null;
        if (der is null || der.Length == 0)
        {
            error = "the token is empty";
            return false;
        }

        try
        {
            var bc = new TimeStampToken(new CmsSignedData(der));
            token = FromBouncyCastle(bc, der);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // BouncyCastle reports malformed tokens with many exception types (IOException, CmsException,
            // TspException, ArgumentException, InvalidCastException...): all mean "not a token".
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Validates a token given as DER without throwing: parse errors become an unparsed result. See
    /// <see cref="Validate"/>.
    /// </summary>
    public static TimestampValidation Validate(byte[] der, Func<DigestAlgorithm, byte[]> computeDigest, TrustStore? trust = null,
        IReadOnlyList<ReadOnlyMemory<byte>>? extraCertificates = null, DateTimeOffset? validationTime = null)
    {
        ArgumentNullException.ThrowIfNull(computeDigest);
        return TryParse(der, out var token, out var error)
            ? token.Validate(computeDigest, trust, extraCertificates, validationTime)
            : TimestampValidation.Unparsed($"not an RFC 3161 time-stamp token: {error}");
    }

    /// <summary>
    /// Checks the token against what it should time-stamp, never throwing for a bad token:
    /// <list type="bullet">
    /// <item>message imprint = <paramref name="computeDigest"/>(the token's imprint algorithm) (RFC 3161 §2.4.2);</item>
    /// <item>the SignerInfo signature over the TSTInfo with the TSA certificate's key (RFC 5652 §5.6);</item>
    /// <item>the TSA certificate: bound by the ESS signing-certificate(-v2) attribute (RFC 3161 §2.4.1,
    /// RFC 5816), valid at genTime, and with EKU id-kp-timeStamping as its only purpose, critical (RFC 3161 §2.3);</item>
    /// <item>when <paramref name="trust"/> is given: a certification path (RFC 5280 §6.1) from the TSA
    /// certificate to it at <paramref name="validationTime"/> (default: genTime).</item>
    /// </list>
    /// The TSA certificate and its chain are taken from the token, then from <paramref name="extraCertificates"/>
    /// (e.g. the /DSS /Certs of a PDF).
    /// </summary>
    public TimestampValidation Validate(Func<DigestAlgorithm, byte[]> computeDigest, TrustStore? trust = null,
        IReadOnlyList<ReadOnlyMemory<byte>>? extraCertificates = null, DateTimeOffset? validationTime = null)
    {
        ArgumentNullException.ThrowIfNull(computeDigest);
        var errors = new List<string>();
        var imprintMatches = false;
        if (ImprintDigest is { } digest)
            imprintMatches = computeDigest(digest).AsSpan().SequenceEqual(MessageImprint);
        else
            errors.Add($"unsupported message imprint algorithm {ImprintAlgorithmOid}");
        if (ImprintDigest is not null && !imprintMatches)
            errors.Add("the message imprint does not match the time-stamped data (RFC 3161 §2.4.2)");

        try
        {
            return ValidateSignature(errors, imprintMatches, trust, extraCertificates, validationTime);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            errors.Add($"the token could not be checked: {e.Message}");
            return new TimestampValidation(true, string.Join("; ", errors), GenTime, null, imprintMatches, false, false,
                trust is not null, false, [], null);
        }
    }

    /// <summary>Validates against data: the imprint must be the data's hash under the token's imprint algorithm.</summary>
    public TimestampValidation ValidateData(ReadOnlyMemory<byte> data, TrustStore? trust = null,
        IReadOnlyList<ReadOnlyMemory<byte>>? extraCertificates = null, DateTimeOffset? validationTime = null) =>
        Validate(d => CmsAlgorithms.Hash(d, data.Span), trust, extraCertificates, validationTime);

    private TimestampValidation ValidateSignature(List<string> errors, bool imprintMatches, TrustStore? trust,
        IReadOnlyList<ReadOnlyMemory<byte>>? extraCertificates, DateTimeOffset? validationTime)
    {
        var bc = new TimeStampToken(new CmsSignedData(Der));
        var pool = Certificates.Select(c => CertificateInfo.Parse(c)).ToList();
        foreach (var extra in extraCertificates ?? [])
        {
            var cert = CertificateInfo.Parse(extra);
            if (!pool.Contains(cert))
                pool.Add(cert);
        }

        var tsa = pool.FirstOrDefault(c => bc.SignerID.Match(c));
        if (tsa is null)
        {
            errors.Add("the TSA certificate is neither in the token nor among the supplied certificates");
            return new TimestampValidation(true, string.Join("; ", errors), GenTime, null, imprintMatches, false, false,
                trust is not null, false, [], "no TSA certificate");
        }

        var signer = bc.ToCmsSignedData().GetSignerInfos().GetSigners()[0];
        var signatureValid = SignatureVerifies(signer, tsa);
        if (!signatureValid)
            errors.Add("the token signature does not verify with the TSA certificate's key (RFC 5652 §5.6)");

        var certificateProblem = TsaCertificateProblem(tsa);
        if (certificateProblem is null)
        {
            try
            {
                // ESS signing-certificate(-v2) binding, validity at genTime, and the EKU again (BouncyCastle TspUtil).
                bc.Validate(tsa);
            }
            catch (Exception e) when (e is TspException or TspValidationException or CertificateExpiredException
                                          or CertificateNotYetValidException)
            {
                certificateProblem = e.Message;
            }
        }

        if (certificateProblem is not null)
            errors.Add("TSA certificate: " + certificateProblem);

        var chainTrusted = false;
        IReadOnlyList<string> chain = [];
        string? chainError = null;
        if (trust is not null)
        {
            var at = (validationTime ?? GenTime).UtcDateTime;
            var path = CertificatePathBuilder.Build(tsa, pool, trust, at);
            chainTrusted = path.Trusted;
            chain = path.Path.Select(c => CertificateInfo.FormatName(c.SubjectDN)).ToList();
            chainError = path.Error;
            if (!chainTrusted)
                errors.Add("the TSA certificate is not trusted: " + chainError);
        }

        return new TimestampValidation(true, errors.Count == 0 ? null : string.Join("; ", errors), GenTime,
            CertificateInfo.Describe(tsa), imprintMatches, signatureValid, certificateProblem is null,
            trust is not null, chainTrusted, chain, chainError);
    }

    private static bool SignatureVerifies(SignerInformation signer, X509Certificate tsa)
    {
        try
        {
            // Checks the message-digest attribute against the TSTInfo and the signature over the signed attributes.
            return signer.Verify(CertificateCache.KeyOf(tsa));
        }
        catch (Exception e) when (e is CmsException or ArgumentException or InvalidOperationException or SecurityUtilityException)
        {
            return false;
        }
    }

    /// <summary>
    /// RFC 3161 §2.3: the TSA certificate has an extended key usage extension, marked critical, with
    /// id-kp-timeStamping as its only purpose. Null when it does.
    /// </summary>
    public static string? TsaCertificateProblem(ReadOnlyMemory<byte> certificate) => TsaCertificateProblem(CertificateInfo.Parse(certificate));

    internal static string? TsaCertificateProblem(X509Certificate certificate)
    {
        var name = CertificateInfo.FormatName(certificate.SubjectDN);
        var value = certificate.GetExtensionValue(X509Extensions.ExtendedKeyUsage);
        if (value is null)
            return $"'{name}' has no extended key usage; a TSA certificate needs id-kp-timeStamping (RFC 3161 §2.3)";
        if (certificate.GetCriticalExtensionOids()?.Contains(X509Extensions.ExtendedKeyUsage.Id) != true)
            return $"the extended key usage of '{name}' is not critical (RFC 3161 §2.3)";
        var usages = ExtendedKeyUsage.GetInstance(value.GetOctets()).GetAllUsages();
        if (usages.Count != 1 || !usages[0].Equals(KeyPurposeID.id_kp_timeStamping))
            return $"the extended key usage of '{name}' must be id-kp-timeStamping only (RFC 3161 §2.3)";
        return null;
    }

    internal static TimestampToken FromBouncyCastle(TimeStampToken bc, byte[] der)
    {
        var info = bc.TimeStampInfo;
        var certificates = bc.GetCertificates().EnumerateMatches(null).ToList();
        var tsa = certificates.FirstOrDefault(c => bc.SignerID.Match(c));
        var imprintOid = info.MessageImprintAlgOid;
        return new TimestampToken(
            der,
            new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc)),
            tsa?.GetEncoded(),
            info.Policy,
            Convert.ToHexString(info.SerialNumber.ToByteArrayUnsigned()),
            imprintOid,
            CmsAlgorithms.DigestFromOid(new DerObjectIdentifier(imprintOid)),
            info.GetMessageImprintDigest(),
            info.Nonce is null ? null : Convert.ToHexString(info.Nonce.ToByteArrayUnsigned()),
            certificates.Select(c => c.GetEncoded()).ToList());
    }
}
