using Signing.Abstractions;
using Signing.Core.Ltv;
using Signing.Stamps;

namespace Signing.Core.Signing;

/// <summary>What to sign and how it looks. Everything optional has a production-sensible default.</summary>
public sealed record SignRequest
{
    /// <summary>Signature field name; default: a new unique name ("Signature1", "Signature2", …).</summary>
    public string? FieldName { get; init; }

    public DigestAlgorithm Digest { get; init; } = DigestAlgorithm.Sha256;

    /// <summary>Default: RSA PKCS#1 v1.5 for RSA keys, ECDSA for EC keys.</summary>
    public SignatureScheme? Scheme { get; init; }

    /// <summary>Claimed signing time, written to /M (EN 319 142-1 §5.3: not a signed attribute). Default: now.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    public string? Reason { get; init; }
    public string? Location { get; init; }
    public string? ContactInfo { get; init; }

    /// <summary>The visible stamp; <c>null</c> makes an invisible signature.</summary>
    public SignatureVisual? Visual { get; init; }

    /// <summary>PAdES baseline level to reach; above B-B the signer needs <see cref="LtvServices"/>.</summary>
    public SignatureLevel Level { get; init; } = SignatureLevel.BB;
}

/// <summary>
/// The visible QR stamp. Text fields left empty are taken from the signer's certificate
/// (CN → name, title → jabatan, OU → OPD).
/// </summary>
public sealed record SignatureVisual
{
    public StampPlacement Placement { get; init; } = new StampPlacement.Default();
    public required string QrUrl { get; init; }
    public string? SignerName { get; init; }
    public string? Position { get; init; }
    public string? OnBehalfOf { get; init; }
    public string? Organisation { get; init; }
    public IndonesianTimeZone Zone { get; init; } = IndonesianTimeZone.Wib;
    public string? ShortUrl { get; init; }
    public string? Footer { get; init; }
}
