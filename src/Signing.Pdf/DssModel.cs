using System.Security.Cryptography;

namespace Signing.Pdf;

/// <summary>
/// Validation material of a Document Security Store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4.2):
/// DER certificates, DER OCSP responses (OCSPResponse) and DER CRLs, and per-signature VRI entries.
/// The PDF layer stores and returns the bytes as they are; it never parses them.
/// </summary>
public sealed record DssContent(
    IReadOnlyList<byte[]> Certificates,
    IReadOnlyList<byte[]> OcspResponses,
    IReadOnlyList<byte[]> Crls,
    IReadOnlyList<DssVriEntry> Vri)
{
    public static DssContent Empty { get; } = new([], [], [], []);
}

/// <summary>
/// One /VRI entry (ISO 32000-2 §12.8.4.4): the material used to validate one signature or document time-stamp.
/// <see cref="SignatureContents"/> is the DER (trimmed of the zero padding) of that signature's /Contents.
/// </summary>
public sealed record DssVriEntry(
    byte[] SignatureContents,
    IReadOnlyList<byte[]> Certificates,
    IReadOnlyList<byte[]> OcspResponses,
    IReadOnlyList<byte[]> Crls)
{
    private readonly string? key;

    /// <summary>/TU: when the validation material was gathered (optional).</summary>
    public DateTimeOffset? ValidationTime { get; init; }

    /// <summary>
    /// The /VRI key: the uppercase hex SHA-1 of <see cref="SignatureContents"/> (§12.8.4.4). Entries read from a
    /// file carry the key as found there; their <see cref="SignatureContents"/> is empty when no signature of
    /// the document hashes to that key (e.g. an entry for a signature time-stamp token).
    /// </summary>
    public string Key
    {
        get => key ?? KeyOf(SignatureContents);
        init => key = value;
    }

    internal bool HasKey => key is not null || SignatureContents is { Length: > 0 };

    // SHA-1 is what ISO 32000-2 §12.8.4.4 prescribes for the key; it is a name, not a security check.
    public static string KeyOf(ReadOnlySpan<byte> signatureContents) => Convert.ToHexString(SHA1.HashData(signatureContents));
}
