using Signing.Abstractions;

namespace Signing.Cms;

public enum DevPkiRole
{
    /// <summary>A named official (pejabat) who signs documents.</summary>
    Official,

    /// <summary>The OPD's organisation seal (segel elektronik) for automatic issuance.</summary>
    ESeal,

    /// <summary>The dev time-stamping authority (RFC 3161).</summary>
    TimeStamping,

    /// <summary>The dev OCSP responder (RFC 6960).</summary>
    OcspResponder,
}

/// <summary>What <see cref="DevPki.Generate"/> wrote. File properties are full paths.</summary>
public sealed record DevPkiResult(
    string OutputDirectory,
    string RootCertificateFile,
    string IssuingCertificateFile,
    string ChainFile,
    string ManifestFile,
    IReadOnlyList<DevPkiIdentity> Identities)
{
    /// <summary>The identity with this name (kadis, sekretaris, kabid, eseal, tsa, ocsp, expired, revoked).</summary>
    public DevPkiIdentity this[string name] =>
        Identities.FirstOrDefault(i => i.Name == name) ?? throw new KeyNotFoundException($"No dev identity '{name}'.");
}

/// <summary>One end-entity key and certificate of the dev PKI.</summary>
/// <param name="TokenLabel">Suggested SoftHSM token label (e.g. "dev-kadis"); null for service keys (TSA, OCSP).</param>
/// <param name="KeyLabel">CKA_LABEL of the key and certificate objects on the token.</param>
/// <param name="IdHex">CKA_ID, lower-case hex: the certificate's subject key identifier.</param>
public sealed record DevPkiIdentity(
    string Name,
    DevPkiRole Role,
    string Description,
    KeyAlgorithm KeyAlgorithm,
    string Subject,
    string SerialHex,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string CertFile,
    string KeyFile,
    string P12File,
    string? TokenLabel,
    string? KeyLabel,
    string IdHex);
